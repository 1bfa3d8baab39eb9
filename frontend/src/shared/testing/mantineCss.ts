// Which of @mantine/core's per-component stylesheets an app needs (used by the apps' styles tests).
//
// An app that imports Mantine's styles per component (to keep its first screen light) must import the
// stylesheet of every component it renders *and* of the components those are built on (PasswordInput
// renders Input and ActionIcon...). This follows Mantine's own ES modules from each name the app imports:
// every `X.module.mjs` reached is a component with its own `styles/X.css`.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const MANTINE = resolve(__dirname, "../../../node_modules/@mantine");
const PACKAGES = ["core", "dates", "notifications"] as const;
/** What every component needs (Mantine's "global styles"). */
export const GLOBAL_STYLESHEETS = ["baseline", "default-css-variables", "global"].map((f) => `@mantine/core/styles/${f}.css`);

// `import X from "..."`, `import { A, B as C } from "..."`, `export { A } from "..."`.
const IMPORT = /(?:import|export)\s*([\w$]*)\s*,?\s*(?:\{([^}]*)\})?\s*from\s*"([^"]+)"/g;

function namedImports(source: string): Array<{ names: string[]; from: string }> {
  return [...source.matchAll(IMPORT)].map((m) => ({
    names: (m[2] ?? "").split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0] ?? "").filter(Boolean),
    from: m[3] ?? "",
  }));
}

/** name -> the module file that defines it, from a package's `esm/index.mjs`. */
function exportsOf(pkg: string): Map<string, string> {
  const index = join(MANTINE, pkg, "esm", "index.mjs");
  const out = new Map<string, string>();
  for (const { names, from } of namedImports(readFileSync(index, "utf8"))) {
    if (!from.startsWith(".")) continue;
    for (const name of names) out.set(name, resolve(dirname(index), from));
  }
  return out;
}

/** The source files (not tests) under these paths. */
export function sourcesUnder(paths: string[]): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) return readdirSync(path).forEach((f) => visit(join(path, f)));
    if (/\.tsx?$/.test(path) && !/\.(test|d)\.tsx?$/.test(path)) out.push(path);
  };
  paths.forEach(visit);
  return out;
}

/** The Mantine names these files import, per package (`core`, `dates`, ...). */
export function mantineImportsOf(files: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of files) {
    for (const { names, from } of namedImports(readFileSync(file, "utf8"))) {
      const pkg = /^@mantine\/([a-z]+)$/.exec(from)?.[1];
      if (!pkg) continue;
      const seen = out.get(pkg) ?? new Set<string>();
      names.forEach((n) => seen.add(n));
      out.set(pkg, seen);
    }
  }
  return out;
}

/** The `@mantine/core/styles/X.css` files those names need, transitively. */
export function coreStylesheetsFor(imports: Map<string, Set<string>>): Set<string> {
  const exported = new Map(PACKAGES.map((p) => [p, exportsOf(p)]));
  const queue: string[] = [];
  const enqueue = (pkg: string, name: string) => {
    const file = exported.get(pkg as (typeof PACKAGES)[number])?.get(name);
    if (file) queue.push(file);
  };
  imports.forEach((names, pkg) => names.forEach((n) => enqueue(pkg, n)));
  const seen = new Set<string>();
  const sheets = new Set(GLOBAL_STYLESHEETS);
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const module = /([A-Za-z]+)\.module\.mjs$/.exec(file)?.[1];
    if (module && file.includes("/core/") && existsSync(join(MANTINE, "core", "styles", `${module}.css`))) {
      sheets.add(`@mantine/core/styles/${module}.css`);
    }
    for (const { names, from } of namedImports(readFileSync(file, "utf8"))) {
      if (from.startsWith(".")) queue.push(resolve(dirname(file), from));
      else if (from === "@mantine/core") names.forEach((n) => enqueue("core", n));
    }
  }
  return sheets;
}

/** The core stylesheets a file imports (`import "@mantine/core/styles/X.css";` lines). */
export function importedStylesheets(file: string): Set<string> {
  return new Set([...readFileSync(file, "utf8").matchAll(/import\s+"(@mantine\/core\/styles\/[A-Za-z-]+\.css)"/g)].map((m) => m[1] ?? ""));
}
