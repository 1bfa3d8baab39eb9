import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// The front end's import rule, twin of the backend's import contract: an app never imports another app,
// src/shared/ imports no app, and the features of an app do not import each other (the app's routes
// compose them).
const apps = ["driver", "kiosk", "console"];
const otherApps = (app) => apps.filter((a) => a !== app).map((a) => `**/${a}/**`);

export default tseslint.config(
  { ignores: ["dist", "node_modules", "playwright-report", "test-results", "e2e/.system", "src/shared/api/schema.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    // Node scripts (bench/b7_frontend.py runs first-screen.mjs); part of them runs in the page.
    files: ["scripts/**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", window: "readonly", document: "readonly", performance: "readonly", MutationObserver: "readonly" },
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": ["error", { patterns: [{ group: apps.map((a) => `**/${a}/**`), message: "src/shared imports no app." }] }],
    },
  },
  ...apps.map((app) => ({
    files: [`src/${app}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: otherApps(app), message: "An app never imports another app: move shared code to src/shared/." }] }],
    },
  })),
  ...apps.map((app) => ({
    files: [`src/${app}/features/*/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: otherApps(app), message: "An app never imports another app: move shared code to src/shared/." },
            { group: ["../*/**", "!../../**", "../../features/**"], message: "A feature does not import another feature: compose them in the app's routes, or move the piece to the app's lib/ or src/shared/." },
          ],
        },
      ],
    },
  })),
);
