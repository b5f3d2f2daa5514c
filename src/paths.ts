/**
 * Where things are. The code runs compiled from dist/ (the CLI) or as TypeScript (tests); resources such as
 * templates' non-code files and fonts are always read from the project folder.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The folder holding the running code's `src/` and `templates/` (dist/ when compiled). */
export const CODE_ROOT = path.resolve(here, "..");
/** `.ts` under the test runner, `.js` when compiled. */
export const CODE_EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";

function findProjectRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "templates"))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`hyoka: cannot find the project folder above ${start}`);
}

export const PROJECT_ROOT = findProjectRoot(CODE_ROOT);
export const TEMPLATES_DIR = path.join(PROJECT_ROOT, "templates");
export const FONTS_DIR = path.join(PROJECT_ROOT, "fonts");

/**
 * The folders Node looks in for hyoka's dependencies: the project's own node_modules, then each parent folder's.
 * In this repository the first one holds them; in a data repository that installed hyoka, npm puts them beside
 * hyoka (`<data repository>/node_modules/`), two levels up from the project folder (`node_modules/hyoka`).
 */
export function nodeModulesFolders(start: string = PROJECT_ROOT): string[] {
  const folders: string[] = [];
  let dir = start;
  for (;;) {
    if (path.basename(dir) !== "node_modules") folders.push(path.join(dir, "node_modules"));
    const up = path.dirname(dir);
    if (up === dir) return folders;
    dir = up;
  }
}

/**
 * A path under `node_modules/` as Node would find it from the project folder (the first folder that has it);
 * any other path, relative to the project folder.
 */
export function resolveProjectPath(configured: string): string {
  const prefix = "node_modules/";
  if (!configured.startsWith(prefix)) return path.resolve(PROJECT_ROOT, configured);
  const rest = configured.slice(prefix.length);
  const candidates = nodeModulesFolders().map((folder) => path.join(folder, rest));
  return candidates.find((c) => existsSync(c)) ?? (candidates[0] as string);
}
