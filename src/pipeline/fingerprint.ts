/**
 * What a sheet's outputs depend on besides its own file: templates, font configuration and files, the locked
 * dependency versions (pdfmake, exceljs, the npm fonts), hyoka's version, and the settings from the environment
 * that change every output's bytes (see `outputSettings`). Hashed once at start-up; a sheet is rebuilt when its
 * own hash or this one changes. Content hashes, never timestamps.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { FONTS_DIR, nodeModulesFolders, PROJECT_ROOT, TEMPLATES_DIR } from "../paths.js";
import { HYOKA_VERSION } from "../version.js";

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  try {
    if (statSync(dir).isDirectory()) walk(dir);
  } catch {
    // a missing folder contributes nothing
  }
  return out;
}

/**
 * The settings outside the files that change the bytes of every output: `SOURCE_DATE_EPOCH` (the date in the
 * PDF and workbook metadata, model/document-date.ts, read as it reads it), the PDF engine's mode
 * (`HYOKA_PDF_ENGINE`: plain mode draws the same page with other operators) and the zlib that compresses them.
 * Without them, a build with another date skipped every unchanged sheet and kept the old date in its files.
 */
export function outputSettings(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  return [
    `SOURCE_DATE_EPOCH=${epoch !== undefined && /^\d+$/.test(epoch) ? String(Number(epoch)) : ""}`,
    `HYOKA_PDF_ENGINE=${env.HYOKA_PDF_ENGINE ?? ""}`,
    `zlib=${process.versions.zlib ?? ""}`,
  ].join("\n");
}

function dependencyNames(): string[] {
  try {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    return Object.keys(pkg.dependencies ?? {}).sort();
  } catch {
    return [];
  }
}

/** The version of a dependency where Node finds it from the project folder; "missing" if nowhere. */
function installedVersion(name: string): string {
  for (const folder of nodeModulesFolders()) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(folder, name, "package.json"), "utf8")) as {
        version?: string;
      };
      return String(pkg.version);
    } catch {
      // not in this folder: the next one up
    }
  }
  return "missing";
}

/**
 * @param options.draft `--draft`: PDFs without PDF/A, tags and attachment. Another kind of PDF from the same
 *   sheet, so a build that switches it rebuilds every sheet.
 */
export function environmentFingerprint(
  env: NodeJS.ProcessEnv = process.env,
  options: { draft?: boolean } = {},
): string {
  const hash = createHash("sha256");
  hash.update(`hyoka ${HYOKA_VERSION}\n`);
  hash.update(`${outputSettings(env)}\n`);
  hash.update(`draft=${options.draft === true ? 1 : 0}\n`);
  const files = [
    ...filesUnder(TEMPLATES_DIR),
    ...filesUnder(FONTS_DIR),
    path.join(PROJECT_ROOT, "package-lock.json"),
  ];
  // The versions of the dependencies as installed: an installed hyoka has no package-lock.json of its own, and
  // its dependencies are those its data repository's lock chose.
  for (const name of dependencyNames()) hash.update(`${name}@${installedVersion(name)}\n`);
  for (const file of files) {
    hash.update(path.relative(PROJECT_ROOT, file));
    hash.update("\0");
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update("missing");
    }
    hash.update("\0");
  }
  return hash.digest("hex");
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The hash that decides whether a sheet must be rebuilt. */
export function sheetHash(sourceBytes: Uint8Array, environment: string): string {
  return createHash("sha256").update(environment).update("\0").update(sourceBytes).digest("hex");
}
