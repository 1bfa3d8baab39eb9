import { createTheme, defaultVariantColorsResolver, type CSSVariablesResolver, type VariantColorsResolver } from "@mantine/core";

// Text on the tinted backgrounds of "light" alerts, badges and buttons in the darkest shade: readable.
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const color = input.color ?? input.theme.primaryColor;
  if (input.variant === "light" && color in input.theme.colors) {
    return { ...colors, color: `var(--mantine-color-${color}-9)`, background: `var(--mantine-color-${color}-0)` };
  }
  return colors;
};

// Colours chosen for a WCAG AA contrast on white (text, links, buttons): teal's darkest shade, and a
// darker "dimmed" grey than Mantine's default.
export const theme = createTheme({
  primaryColor: "teal",
  primaryShade: 9,
  autoContrast: true,
  variantColorResolver,
  defaultRadius: "md",
  headings: { sizes: { h1: { fontSize: "1.75rem", lineHeight: "1.25" }, h2: { fontSize: "1.35rem" } } },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  components: {
    Button: { defaultProps: { size: "md" } },
    NavLink: { defaultProps: { variant: "filled" } },
    Alert: { styles: { title: { color: "var(--mantine-color-text)" } } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": t.colors.gray[7] ?? "#495057",
    ...Object.fromEntries(["teal", "red", "yellow", "orange", "blue", "gray"].map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`])),
  },
  dark: {},
});
