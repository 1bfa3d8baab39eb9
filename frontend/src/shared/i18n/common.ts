// Strings every app uses (buttons, states, errors). An app's own strings live in its folder.
export const common = {
  fr: {
    common: {
      loading: "Chargement…",
      retry: "Réessayer",
      cancel: "Annuler",
      confirm: "Confirmer",
      save: "Enregistrer",
      close: "Fermer",
      back: "Retour",
      empty: "Rien à afficher pour l’instant.",
      language: "Langue",
      languages: { fr: "Français", en: "English" },
      minutes: "{{count}} min",
    },
    login: {
      title: "Se connecter",
      pseudoOrEmail: "Pseudo ou adresse e-mail",
      password: "Mot de passe",
      submit: "Se connecter",
      required: "Ce champ est obligatoire.",
    },
    errors: {
      generic: "Une erreur est survenue. Réessayez dans un instant.",
      network: "Le serveur ne répond pas. Vérifiez votre connexion et réessayez.",
      notFound: "Cette page n’existe pas.",
      retryIn: "Réessayez dans {{seconds}} s.",
    },
  },
  en: {
    common: {
      loading: "Loading…",
      retry: "Try again",
      cancel: "Cancel",
      confirm: "Confirm",
      save: "Save",
      close: "Close",
      back: "Back",
      empty: "Nothing to show yet.",
      language: "Language",
      languages: { fr: "Français", en: "English" },
      minutes: "{{count}} min",
    },
    login: {
      title: "Sign in",
      pseudoOrEmail: "Username or e-mail address",
      password: "Password",
      submit: "Sign in",
      required: "This field is required.",
    },
    errors: {
      generic: "Something went wrong. Please try again in a moment.",
      network: "The server does not answer. Check your connection and try again.",
      notFound: "This page does not exist.",
      retryIn: "Try again in {{seconds}} s.",
    },
  },
};
