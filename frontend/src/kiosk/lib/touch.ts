/** A large touch target whose label wraps instead of being cut on a narrow screen (spread on a Mantine Button). */
export const TALL = { h: "auto", mih: 72, py: "md", styles: { label: { whiteSpace: "normal", textAlign: "center" } } } as const;
