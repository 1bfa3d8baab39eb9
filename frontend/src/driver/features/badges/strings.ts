export const badgesStrings = {
  fr: {
    badges: {
      title: "Mes badges",
      linkHelp: "Pour lier un badge RFID : demandez un code, puis à la borne choisissez « Lier un badge », tapez le code et présentez le badge.",
      link: "Lier un nouveau badge",
      newCode: "Demander un nouveau code",
      codeTitle: "Votre code de liaison",
      codeExpires: "Valable jusqu’à {{time}}, une seule fois.",
      none: "Aucun badge lié pour l’instant.",
      linkedAt: "Lié le {{date}}",
      revoke: "Révoquer",
      revokeLabel: "Révoquer le badge {{badge}}",
      revokeTitle: "Révoquer ce badge ?",
      revokeText: "Il n’ouvrira plus aucune borne. Vos réservations par badge attendront un nouveau badge.",
    },
  },
  en: {
    badges: {
      title: "My badges",
      linkHelp: "To link an RFID badge: ask for a code, then at the cabinet choose “Link a badge”, type the code and present the badge.",
      link: "Link a new badge",
      newCode: "Ask for a new code",
      codeTitle: "Your link code",
      codeExpires: "Valid until {{time}}, once.",
      none: "No badge linked yet.",
      linkedAt: "Linked on {{date}}",
      revoke: "Revoke",
      revokeLabel: "Revoke badge {{badge}}",
      revokeTitle: "Revoke this badge?",
      revokeText: "It will no longer open any cabinet. Your badge bookings will wait for a new badge.",
    },
  },
};
