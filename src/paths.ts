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
