export const phoneStrings = {
  fr: {
    phone: {
      title: "Ouvrir avec mon téléphone",
      scan: "Scannez ce QR code avec votre téléphone, connectez-vous et choisissez la réservation à ouvrir.",
      qrAlt: "QR code d’appairage de cette borne",
      expiresIn: "Ce QR code expire dans {{time}}.",
      waiting: "En attente de votre téléphone…",
      authorized: "Réservation choisie : ouverture de l’emplacement…",
      expired: "Ce QR code a expiré.",
      again: "Afficher un nouveau QR code",
    },
  },
  en: {
    phone: {
      title: "Open with my phone",
      scan: "Scan this QR code with your phone, sign in and choose the booking to open.",
      qrAlt: "Pairing QR code of this cabinet",
      expiresIn: "This QR code expires in {{time}}.",
      waiting: "Waiting for your phone…",
      authorized: "Booking chosen: opening the bay…",
      expired: "This QR code has expired.",
      again: "Show a new QR code",
    },
  },
};
