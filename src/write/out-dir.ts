/**
 * The output folder (`--out`), checked before anything is written or removed in it. hyoka writes and cleans up
 * only inside a folder of its own, so it refuses one that is
 *   - empty, or the root of the file system (after following links);
 *   - something other than a folder (a file, a FIFO…), or a link to nothing, or a loop of links;
 *   - holding an input file, or the base folder of an input pattern (real paths);
 *   - inside (or equal to) the base folder of an input pattern: hyoka must never read its own outputs as sheets.
 * The folder is created (with its parents) only once it passes, and from then on is known by its real path.
 */
import { lstat, mkdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Lang, Localized } from "../i18n.js";
import type { Output } from "../report/console.js";
import { showPath } from "../report/escape.js";
import { acquireOutLock, DEFAULT_WAIT_MS } from "./lock.js";

/** The folder the default pattern searches (`data/`). */
const DEFAULT_DATA_FOLDER = "data";

/** hyoka's own folder inside `--out`: the lock and the manifest. */
export const HYOKA_DIR = ".hyoka";

export type OutDirProblem =
  | "empty"
  | "root"
  | "not-a-folder"
  | "dangling-link"
  | "link-loop"
  | "holds-inputs"
  | "inside-inputs"
  | "cannot-create";

export type OutDirCheck = { ok: true; root: string } | { ok: false; code: OutDirProblem; message: Localized };

export interface OutDirInputs {
  /** The input files, relative to `cwd` or absolute. */
  files: readonly string[];
  /** The base folders of the input patterns (absolute, real where they exist). */
  bases?: readonly string[] | undefined;
}

/** Whether `inner` is `outer` or lies inside it (both absolute, resolved the same way). */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

type Resolved =
  | { real: string; exists: boolean; ancestor: string; rest: string[] }
  | {
      problem: "not-a-folder" | "dangling-link" | "link-loop" | "cannot-create";
      at: string;
      detail?: string;
    };

/** The deepest of `at` and its parents that exists (the file standing where a folder should be). */
async function fileOnTheWay(at: string): Promise<string> {
  let p = at;
  while (
    !(await stat(p).then(
      () => true,
      () => false,
    ))
  ) {
    const parent = path.dirname(p);
    if (parent === p) return at;
    p = parent;
  }
  return p;
}

/**
 * The real path `abs` has or will have once created: the real path of its deepest existing ancestor, then the
 * rest. Says where a link to nothing, a loop of links or a file stands in the way.
 */
async function realOf(abs: string): Promise<Resolved> {
  const rest: string[] = [];
  let at = abs;
  for (;;) {
    try {
      const real = await realpath(at);
      return { real: path.join(real, ...rest), exists: rest.length === 0, ancestor: real, rest };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP") return { problem: "link-loop", at };
      if (code === "ENOTDIR") return { problem: "not-a-folder", at: await fileOnTheWay(at) };
      if (code !== "ENOENT") return { problem: "cannot-create", at, detail: (error as Error).message };
      const info = await lstat(at).catch(() => undefined);
      if (info?.isSymbolicLink()) return { problem: "dangling-link", at };
      const parent = path.dirname(at);
      if (parent === at) return { real: at, exists: false, ancestor: at, rest };
      rest.unshift(path.basename(at));
      at = parent;
    }
  }
}

/**
 * Checks the output folder `outDir` (as the user gave it, relative to `cwd`) against the rules above, and
 * creates it when it passes. Gives its real absolute path, or the problem with a message in both languages.
 */
export async function checkOutDir(
  outDir: string,
  inputs: OutDirInputs,
  cwd: string = process.cwd(),
): Promise<OutDirCheck> {
  const shownPath = (p: string) => {
    const rel = path.relative(cwd, p);
    return rel && within(p, cwd) ? rel : p;
  };
  const fail = (code: OutDirProblem, ja: string, en: string): OutDirCheck => ({
    ok: false,
    code,
    message: { ja: `--out ${outDir} は使えません: ${ja}`, en: `--out ${outDir} cannot be used: ${en}` },
  });
  if (outDir.trim() === "")
    return {
      ok: false,
      code: "empty",
      message: {
        ja: "--out が空です。出力先のフォルダを指定してください",
        en: "--out is empty: name the output folder",
      },
    };
  const abs = path.resolve(cwd, outDir);
  const resolved = await realOf(abs);
  if ("problem" in resolved) {
    const at = shownPath(resolved.at);
    switch (resolved.problem) {
      case "not-a-folder":
        return fail("not-a-folder", `${at} はフォルダではありません`, `${at} is not a folder`);
      case "dangling-link":
        return fail(
          "dangling-link",
          `${at} はリンク先が存在しないシンボリックリンクです`,
          `${at} is a symbolic link to nothing`,
        );
      case "link-loop":
        return fail(
          "link-loop",
          `${at} のシンボリックリンクが循環しています`,
          `${at} is a loop of symbolic links`,
        );
      default:
        return fail(
          "cannot-create",
          `${at} を調べられません(${resolved.detail})`,
          `cannot look at ${at} (${resolved.detail})`,
        );
    }
  }
  const { real, exists, ancestor, rest } = resolved;
  if (path.parse(real).root === real)
    return fail(
      "root",
      `ファイルシステムのルート ${real} です。出力専用のフォルダを指定してください`,
      `it is the root of the file system, ${real}; name a folder for the outputs alone`,
    );
  if (
    exists &&
    !(await stat(real).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return fail(
      "not-a-folder",
      `${shownPath(abs)} はフォルダではありません`,
      `${shownPath(abs)} is not a folder`,
    );

  const realFiles = await Promise.all(
    inputs.files.map(async (file) => {
      const fileAbs = path.resolve(cwd, file);
      return { file, real: await realpath(fileAbs).catch(() => fileAbs) };
    }),
  );
  const held = realFiles.find((f) => within(f.real, real));
  const apart = "入力とは別のフォルダを指定してください(hyoka は出力をシートとして読みません)";
  const apartEn = "name a folder apart from the inputs (hyoka never reads its outputs as sheets)";
  if (held)
    return fail(
      "holds-inputs",
      `入力 ${held.file} がその中にあります。${apart}`,
      `it holds the input ${held.file}; ${apartEn}`,
    );
  for (const base of inputs.bases ?? []) {
    if (within(real, base))
      return fail(
        "inside-inputs",
        `入力パターンの基準フォルダ ${shownPath(base)} の中にあります(出力がシートとして読まれてしまいます)。その外のフォルダを指定してください`,
        `it lies inside ${shownPath(base)}, the base folder of an input pattern (its outputs would be read as sheets); name a folder outside it`,
      );
    if (within(base, real))
      return fail(
        "holds-inputs",
        `入力パターンの基準フォルダ ${shownPath(base)} がその中にあります。${apart}`,
        `it holds ${shownPath(base)}, the base folder of an input pattern; ${apartEn}`,
      );
  }
  if (!exists) {
    try {
      // One folder at a time (a recursive mkdir of Node 20 never returns where a parent refuses new entries
      // with ENOENT, as /proc does).
      let made = ancestor;
      for (const name of rest) {
        made = path.join(made, name);
        await mkdir(made).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "EEXIST") throw error;
        });
      }
    } catch (error) {
      return {
        ok: false,
        code: "cannot-create",
        message: {
          ja: `出力先 ${outDir} を作成できません: ${(error as Error).message}`,
          en: `cannot create the output folder ${outDir}: ${(error as Error).message}`,
        },
      };
    }
  }
  return { ok: true, root: await realpath(real).catch(() => real) };
}

export interface OpenedOutDir {
  /** The output folder's real absolute path: write there. */
  root: string;
  /** Gives the folder back to other commands (also done when the process exits). */
  release: () => void;
}

/** How long to wait for another command's lock: `HYOKA_LOCK_WAIT` seconds, else {@link DEFAULT_WAIT_MS}. */
export function lockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.HYOKA_LOCK_WAIT;
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text.trim())) return DEFAULT_WAIT_MS;
  return Number(text) * 1000;
}

/**
 * The output folder of a command that writes (build, summary, book), checked and locked, or the exit code after
 * saying why not: 2 for a folder that may not be used, 1 for one that cannot be created or written, or that
 * another command is using.
 */
export async function openOutDir(
  outDir: string,
  inputs: OutDirInputs,
  lang: Lang,
  output: Output,
  options: { cwd?: string; waitMs?: number; releaseOnSignal?: boolean } = {},
): Promise<OpenedOutDir | number> {
  const cwd = options.cwd ?? process.cwd();
  // Besides the patterns' base folders, the default data folder: an output folder inside it would have hyoka's
  // own outputs read as sheets by the next plain `hyoka validate`.
  const bases = new Set(inputs.bases ?? []);
  const defaultData = path.resolve(cwd, DEFAULT_DATA_FOLDER);
  if (
    await stat(defaultData).then(
      (i) => i.isDirectory(),
      () => false,
    )
  )
    bases.add(defaultData);
  const checked = await checkOutDir(outDir, { files: inputs.files, bases: [...bases] }, cwd);
  if (!checked.ok) {
    output.err(showPath(checked.message[lang]));
    return checked.code === "cannot-create" ? 1 : 2;
  }
  // hyoka's own folder in it (lock, manifest) must be a real folder: a link there would have the lock and the
  // manifest written, renamed and removed wherever it points.
  const own = path.join(checked.root, HYOKA_DIR);
  const ownInfo = await lstat(own).catch(() => undefined);
  if (ownInfo && !ownInfo.isDirectory()) {
    output.err(
      showPath(
        lang === "ja"
          ? `--out ${outDir} は使えません: ${HYOKA_DIR} がフォルダではありません(${ownInfo.isSymbolicLink() ? "リンクはたどりません" : "ファイルです"})。hyoka の記録用のフォルダなので、移動するか削除してください`
          : `--out ${outDir} cannot be used: ${HYOKA_DIR} is not a folder (${ownInfo.isSymbolicLink() ? "links are not followed" : "it is a file"}); it is hyoka's own folder of records: move or remove it`,
      ),
    );
    return 2;
  }
  if (!ownInfo) {
    try {
      await mkdir(own);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        output.err(
          showPath(
            lang === "ja"
              ? `出力先 ${outDir} に書き込めません(${HYOKA_DIR} を作成できません): ${(error as Error).message}`
              : `cannot write into the output folder ${outDir} (cannot create ${HYOKA_DIR}): ${(error as Error).message}`,
          ),
        );
        return 1;
      }
    }
  }
  const lock = await acquireOutLock(checked.root, {
    waitMs: options.waitMs ?? lockWaitMs(),
    shown: outDir,
    onWait: (owner, waitMs) =>
      output.err(
        lang === "ja"
          ? `出力先 ${outDir} は別の hyoka${owner ? `(プロセス ${owner.pid})` : ""}が使用中です。終わるのを最大 ${waitMs / 1000} 秒待ちます…`
          : `the output folder ${outDir} is in use by another hyoka${owner ? ` (process ${owner.pid})` : ""}; waiting up to ${waitMs / 1000} s…`,
      ),
  });
  if (!lock.ok) {
    output.err(showPath(lock.message[lang]));
    return 1;
  }
  if (options.releaseOnSignal) {
    // A command that has no Ctrl-C handling of its own (summary, book) stops at once on a signal, its lock
    // released ('exit' handlers do not run when a signal ends the process).
    const stop = (signal: NodeJS.Signals) => {
      lock.release();
      output.err(lang === "ja" ? "\n中断しました" : "\ninterrupted");
      process.exit(signal === "SIGINT" ? 130 : 143);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  }
  return { root: checked.root, release: lock.release };
}
