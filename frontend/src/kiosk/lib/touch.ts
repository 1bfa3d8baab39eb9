/** A large touch target whose label wraps instead of being cut on a narrow screen (spread on a Mantine Button). */
export const TALL = {
  h: "auto",
  mih: 72,
  py: "md",
  styles: {
    root: { display: "flex", alignItems: "center", justifyContent: "center" },
    label: { whiteSpace: "normal", textAlign: "center" },
  },
} as const;
