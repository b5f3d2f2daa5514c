/**
 * The versions of pdfmake, pdfkit and fontkit the engine was written against and checked with (README.md). The
 * patches copy or replace functions of these exact versions; another version may have changed them, and the
 * printed form could change without a word. So a PDF environment is not created with any other version: the
 * installed ones (read from their package.json, where pdfmake and pdfkit load them from) must be these. Every
 * command that renders PDFs checks them once at start-up, on the main thread, and stops with a message for its
 * user (startup.ts); `installEngine` checks them again in each process or worker, and throws with what to
 * re-verify. package.json pins all three exactly.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { LIBRARY_MAIN_FILES } from "./library-files.js";

export type EngineLibrary = keyof typeof LIBRARY_MAIN_FILES;

/** The versions the register (README.md) was verified with. Change only with the steps README.md gives. */
export const EXPECTED_VERSIONS: Readonly<Record<EngineLibrary, string>> = {
  pdfmake: "0.3.11",
  pdfkit: "0.19.1",
  fontkit: "2.0.4",
};

/** The package.json of the package `name` whose main file is `mainFile`: the nearest one above it so named. */
function packageVersion(name: string, mainFile: string): string {
  let dir = path.dirname(mainFile);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === name && typeof pkg.version === "string") return pkg.version;
    } catch {
      // No package.json here (or not readable): look further up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}

/**
 * For tests only: a folder holding `<library>/package.json` files whose versions stand in for the installed
 * ones, so that a test can make the check fail without touching node_modules. A version read there counts only
 * where it differs from the expected one, so this can make the check fail, never pass.
 */
export const TEST_VERSIONS_ENV = "HYOKA_TEST_PDF_LIBRARY_VERSIONS";

/** The version in `<dir>/<lib>/package.json` of the test folder, if it is there and names `lib`. */
function testVersion(dir: string, lib: EngineLibrary): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, lib, "package.json"), "utf8")) as {
      name?: string;
      version?: string;
    };
    return pkg.name === lib && typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The installed versions, as loaded by hyoka (pdfmake), by pdfmake (pdfkit) and by pdfkit (fontkit); with
 * {@link TEST_VERSIONS_ENV} set, a version of its folder that differs from the expected one in their place.
 */
export function installedVersions(env: NodeJS.ProcessEnv = process.env): Record<EngineLibrary, string> {
  const installed: Record<EngineLibrary, string> = {
    pdfmake: packageVersion("pdfmake", LIBRARY_MAIN_FILES.pdfmake),
    pdfkit: packageVersion("pdfkit", LIBRARY_MAIN_FILES.pdfkit),
    fontkit: packageVersion("fontkit", LIBRARY_MAIN_FILES.fontkit),
  };
  const testDir = env[TEST_VERSIONS_ENV];
  if (testDir) {
    for (const lib of Object.keys(installed) as EngineLibrary[]) {
      const version = testVersion(testDir, lib);
      if (version !== undefined && version !== EXPECTED_VERSIONS[lib]) installed[lib] = version;
    }
  }
  return installed;
}

/** A library whose installed version is not the one the engine was verified with. */
export interface VersionMismatch {
  library: EngineLibrary;
  installed: string;
  expected: string;
}

/** Each library at another version than {@link EXPECTED_VERSIONS}, in the order of that table. */
export function versionMismatches(
  installed: Record<EngineLibrary, string> = installedVersions(),
): VersionMismatch[] {
  return (Object.keys(EXPECTED_VERSIONS) as EngineLibrary[])
    .filter((lib) => installed[lib] !== EXPECTED_VERSIONS[lib])
    .map((lib) => ({ library: lib, installed: installed[lib], expected: EXPECTED_VERSIONS[lib] }));
}

/**
 * Throws unless every library is at its expected version. The message names each library that differs, what
 * depends on it (`dependents`: the patches and caches of the register, by library) and what to re-verify.
 */
export function checkVersions(
  dependents: Readonly<Record<EngineLibrary, readonly string[]>>,
  installed: Record<EngineLibrary, string> = installedVersions(),
): void {
  const wrong = versionMismatches(installed).map((m) => m.library);
  if (wrong.length === 0) return;
  const lines = wrong.map(
    (lib) =>
      `  ${lib} ${installed[lib]} is installed, hyoka's PDF engine was verified with ${lib} ${EXPECTED_VERSIONS[lib]}; ` +
      `re-verify: ${dependents[lib].join(", ") || "(nothing registered)"}`,
  );
  throw new Error(
    [
      "hyoka: unexpected PDF library version — the printed form could change without notice.",
      ...lines,
      "Compare each listed patch with the new upstream code (src/render-pdf/engine/README.md names the upstream",
      "functions), run HYOKA_PDF_ENGINE=plain npx vitest run test/render-pdf and npx vitest run test/render-pdf",
      "(the engine contract test holds the fast engine to plain pdfmake), then update EXPECTED_VERSIONS in",
      "src/render-pdf/engine/versions.ts and the exact pins in package.json.",
    ].join("\n"),
  );
}
