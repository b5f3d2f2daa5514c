/**
 * Finds sheet files for the patterns a user gives. Safe and explicit: links are never followed, files whose
 * real path leaves the pattern's base folder are refused, and everything passed over is said, not dropped.
 */
import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
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
  /** The base folder of each glob pattern, absolute and real (as given when it does not exist): no output there. */
  bases?: string[];
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

/** Whether the real path of `file` lies inside `realBase` (a real path); false if either cannot be resolved. */
async function isInside(file: string, realBase: string | undefined): Promise<boolean> {
  if (realBase === undefined) return false;
  try {
    const rel = path.relative(realBase, await realpath(file));
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
  // Loaded here, not with this module: the CLI imports this module for its default patterns, and a build starts
  // its workers before it looks for files (fast-glob takes some 20 ms to load).
  const { default: fg } = await import("fast-glob");
  const files = new Set<string>();
  const skipped = new Map<string, Skipped>();
  const errors: Skipped[] = [];
  const bases = new Set<string>();

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
    // Each entry classified first; the real paths of those that need one are then asked for all at once (one
    // after the other, they took 30 ms for 200 files).
    const realBase = await realpath(base).catch(() => undefined);
    bases.add(realBase ?? base);
    const found = entries
      .filter((entry) => !entry.dirent.isDirectory())
      .map((entry) => {
        const abs = path.resolve(cwd, entry.path);
        const kind = entry.dirent.isSymbolicLink()
          ? "link"
          : hasDotSegment(abs, base)
            ? "hidden"
            : entry.path.endsWith(".json")
              ? "sheet"
              : "case";
        return { file: entry.path, abs, kind };
      });
    const inside = await Promise.all(
      found.map((f) => (f.kind === "link" || f.kind === "sheet" ? isInside(f.abs, realBase) : false)),
    );
    const outsideBase = outside(path.relative(cwd, base) || ".");
    found.forEach(({ file, kind }, i) => {
      if (kind === "link") skipped.set(file, { file, reason: inside[i] ? SKIP_LINK : outsideBase });
      else if (kind === "hidden") skipped.set(file, { file, reason: SKIP_DOT });
      else if (kind === "case") skipped.set(file, { file, reason: SKIP_CASE });
      else if (!inside[i]) skipped.set(file, { file, reason: outsideBase });
      else files.add(file);
    });
    const matched = found.length;
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
    bases: [...bases].sort(byPath),
  };
}
