import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { coreStylesheetsFor, importedStylesheets, mantineImportsOf, sourcesUnder } from "../shared/testing/mantineCss";

// The driver app imports Mantine's styles per component to keep its first screen light: `styles.ts` holds
// the global styles and those of the frame and the sign-in screen; a screen that renders other components
// imports their stylesheets itself, so that they come with its lazy chunk. A component rendered without
// its stylesheet would look broken and fail nothing else: these tests are what keeps the lists right.
const here = resolve(__dirname);
const first = importedStylesheets(resolve(here, "styles.ts"));
const files = sourcesUnder([here, resolve(here, "../shared")]).filter((f) => !f.endsWith("styles.ts") && !f.includes("/shared/testing/"));
const needs = (file: string) => coreStylesheetsFor(mantineImportsOf([file]));
const short = (file: string) => file.slice(here.length - "driver".length);

describe("the driver app's stylesheets", () => {
  it("gives every file the stylesheets of the components it renders and of what they are built on", () => {
    const missing = files.flatMap((file) => {
      const own = importedStylesheets(file);
      return [...needs(file)].filter((sheet) => !first.has(sheet) && !own.has(sheet)).map((sheet) => `${short(file)}: ${sheet}`);
    });
    expect(missing).toEqual([]);
  });

  it("imports no stylesheet twice or for a component nobody renders", () => {
    const frame = sourcesUnder([resolve(here, "lib"), resolve(here, "App.tsx"), resolve(here, "main.tsx"),
      resolve(here, "features/auth/LoginPage.tsx"), resolve(here, "../shared/ui")]);
    const firstNeeds = coreStylesheetsFor(mantineImportsOf(frame));
    const extra = files.flatMap((file) => {
      const wanted = needs(file);
      return [...importedStylesheets(file)].filter((sheet) => first.has(sheet) || !wanted.has(sheet)).map((sheet) => `${short(file)}: ${sheet}`);
    });
    expect(extra).toEqual([]);
    expect([...first].filter((sheet) => !firstNeeds.has(sheet))).toEqual([]);
    expect([...firstNeeds].filter((sheet) => !first.has(sheet))).toEqual([]);
  });

  it("follows a composite component down to the ones it is built on", () => {
    const sheets = [...coreStylesheetsFor(new Map([["core", new Set(["PasswordInput"])]]))];
    expect(sheets).toEqual(expect.arrayContaining(["@mantine/core/styles/Input.css", "@mantine/core/styles/ActionIcon.css"]));
  });
});
