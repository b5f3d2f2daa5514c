/**
 * The engine's check at the start of every command that renders PDFs (`build`, `book`, `watch`: the rows of
 * src/command-line/commands.ts with `rendersPdf`), once, on the main thread, before any worker starts or any
 * output is touched: the value of `HYOKA_PDF_ENGINE`, and the installed versions of pdfmake, pdfkit and fontkit.
 * Either fault is said in one message, without a stack trace. Loads none of the libraries' code.
 */
import type { Localized } from "../../i18n.js";
import { clipText, escapeForTerminal } from "../../report/terminal-text.js";
import { ENGINE_MODES, isEngineModeValue } from "./mode.js";
import { installedVersions, type VersionMismatch, versionMismatches } from "./versions.js";

/** Why a command that renders PDFs cannot start, and its exit code. */
export interface EngineStartupFault {
  /** The message, one or more lines, without `hyoka: ` or a final line end. */
  text: Localized;
  /** 2 (a usage error) for `HYOKA_PDF_ENGINE`; 1 (a fault of the machine) for the libraries' versions. */
  exitCode: 1 | 2;
}

function modeFault(raw: string): EngineStartupFault {
  const modes = ENGINE_MODES.join(", ");
  // The environment is the user's: its value is quoted as data is, never sent to the terminal raw.
  const shown = (lang: "ja" | "en") => escapeForTerminal(clipText(raw, lang));
  return {
    exitCode: 2,
    text: {
      ja: `環境変数 HYOKA_PDF_ENGINE=${shown("ja")} は使えません: ${modes} のどれかにするか、設定を外してください(既定は fast)`,
      en: `the environment variable HYOKA_PDF_ENGINE=${shown("en")} is not allowed: set it to one of ${modes}, or unset it (fast by default)`,
    },
  };
}

function versionFault(mismatches: readonly VersionMismatch[]): EngineStartupFault {
  const ja = mismatches.map(
    (m) =>
      `  ${m.library}: インストールされているのは ${m.installed}、hyoka が検証したのは ${m.expected} です`,
  );
  const en = mismatches.map(
    (m) => `  ${m.library}: ${m.installed} is installed; hyoka was verified with ${m.expected}`,
  );
  return {
    exitCode: 1,
    text: {
      ja: [
        "PDF を作るライブラリの版が hyoka の検証した版と違うため、PDF を作成しません(印刷される様式が知らないうちに変わるおそれがあります)。",
        ...ja,
        "  npm ci で package-lock.json のとおりに入れ直してください(HYOKA_PDF_ENGINE=plain でもこの確認は同じです)。",
        "  ライブラリを更新する hyoka の開発者は src/render-pdf/engine/README.md の「Changing a library version」に従ってください。",
      ].join("\n"),
      en: [
        "the PDF libraries are not the versions hyoka was verified with, so no PDF is made (the printed form could change without notice).",
        ...en,
        "  run npm ci to install the versions of package-lock.json (HYOKA_PDF_ENGINE=plain checks the same).",
        '  hyoka developers updating a library: follow src/render-pdf/engine/README.md, "Changing a library version".',
      ].join("\n"),
    },
  };
}

/** The fault that keeps a command from rendering PDFs, or undefined when the engine can start. */
export function checkEngineAtStartup(env: NodeJS.ProcessEnv = process.env): EngineStartupFault | undefined {
  const mode = env.HYOKA_PDF_ENGINE;
  if (!isEngineModeValue(mode)) return modeFault(mode as string);
  const mismatches = versionMismatches(installedVersions(env));
  return mismatches.length > 0 ? versionFault(mismatches) : undefined;
}
