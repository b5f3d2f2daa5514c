/**
 * Finds sheet files for the patterns a user gives. Safe and explicit: links are never followed, files whose
 * real path leaves the pattern's base folder are refused, and everything passed over is said, not dropped.
 */
import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import fg from "fast-glob";
import type { Localized } from "../i18n.js";

export const DEFAULT_PATTERNS = ["data/**/*.json"];

export interface Skipped {
  file: string;
  reason: Localized;
}

export interface Discovery {
  /** Files to read, relative to cwd (or absolute when given so), sorted, each once. */
  files: string[];
  skipped: Skipped[];
  /** Patterns that matched nothing, and paths that cannot be used at all. */
  errors: Skipped[];
}

const SKIP_LINK: Localized = {
  ja: "シンボリックリンクは読みません(リンク先の実ファイルを指定してください)",
  en: "symbolic links are not followed (name the real file)",
};
const SKIP_DOT: Localized = {
  ja: "ドットで始まる名前(隠しファイル・隠しフォルダ)は読みません",
  en: "names starting with a dot are hidden and not read",
};
const SKIP_CASE: Localized = {
  ja: "拡張子は小文字の .json にしてください",
  en: "the extension must be lower-case .json",
};

function outside(base: string): Localized {
  return {
    ja: `実体がフォルダ ${base} の外にあるため読みません`,
    en: `its real path is outside ${base}`,
  };
}

async function isInside(file: string, base: string): Promise<boolean> {
  try {
    const [realFile, realBase] = await Promise.all([realpath(file), realpath(base)]);
    const rel = path.relative(realBase, realFile);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
  } catch {
    return false;
  }
}

function hasDotSegment(file: string, base: string): boolean {
  return path
    .relative(base, file)
    .split(/[\\/]/)
    .some((seg) => seg.startsWith(".") && seg !== "." && seg !== "..");
}

export async function discover(patterns: readonly string[], cwd = process.cwd()): Promise<Discovery> {
  const files = new Set<string>();
  const skipped = new Map<string, Skipped>();
  const errors: Skipped[] = [];

  for (const pattern of patterns) {
    if (!fg.isDynamicPattern(pattern)) {
      // An explicit path: the user named it, so say exactly why it cannot be used.
      const abs = path.resolve(cwd, pattern);
      try {
        const info = await lstat(abs);
        if (info.isSymbolicLink()) errors.push({ file: pattern, reason: SKIP_LINK });
        else files.add(pattern);
      } catch {
        files.add(pattern); // the reader reports it as missing, with the file named
      }
      continue;
    }
    const task = fg.generateTasks([pattern], { cwd })[0];
    const base = path.resolve(cwd, task?.base ?? ".");
    const entries = await fg(pattern, {
      cwd,
      dot: true,
      followSymbolicLinks: false,
      onlyFiles: false,
      caseSensitiveMatch: false,
      objectMode: true,
    });
    let matched = 0;
    for (const entry of entries) {
      const abs = path.resolve(cwd, entry.path);
      if (entry.dirent.isDirectory()) continue;
      matched++;
      if (entry.dirent.isSymbolicLink()) {
        const reason = (await isInside(abs, base)) ? SKIP_LINK : outside(path.relative(cwd, base) || ".");
        skipped.set(entry.path, { file: entry.path, reason });
      } else if (hasDotSegment(abs, base)) {
        skipped.set(entry.path, { file: entry.path, reason: SKIP_DOT });
      } else if (!entry.path.endsWith(".json")) {
        skipped.set(entry.path, { file: entry.path, reason: SKIP_CASE });
      } else if (!(await isInside(abs, base))) {
        skipped.set(entry.path, { file: entry.path, reason: outside(path.relative(cwd, base) || ".") });
      } else {
        files.add(entry.path);
      }
    }
    if (matched === 0) {
      errors.push({
        file: pattern,
        reason: { ja: "一致するファイルがありません", en: "the pattern matches no file" },
      });
    }
  }
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    files: [...files].sort(byPath),
    skipped: [...skipped.values()].sort((a, b) => byPath(a.file, b.file)),
    errors,
  };
}
