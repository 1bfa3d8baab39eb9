export const badgeLinkStrings = {
  fr: {
    badgeLink: {
      title: "Lier un nouveau badge",
      step1: "Dans l’application, ouvrez « Mes badges » et demandez un code de liaison, puis saisissez-le ici.",
      code: "Code de liaison (8 chiffres)",
      next: "Continuer",
      step2: "Présentez maintenant votre badge au lecteur.",
      uid: "Ou saisissez l’identifiant du badge",
      link: "Lier ce badge",
      linking: "Liaison en cours…",
      done: "Badge {{badge}} lié à votre compte. Vous pouvez l’utiliser pour vos réservations par badge.",
      restart: "Recommencer",
    },
  },
  en: {
    badgeLink: {
      title: "Link a new badge",
      step1: "In the app, open “My badges” and ask for a link code, then type it here.",
      code: "Link code (8 digits)",
      next: "Continue",
      step2: "Now show your badge to the reader.",
      uid: "Or type the badge's identifier",
      link: "Link this badge",
      linking: "Linking…",
      done: "Badge {{badge}} linked to your account. You can use it for your badge bookings.",
      restart: "Start again",
    },
  },
};
