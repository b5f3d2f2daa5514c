/**
 * Finds sheet files for the patterns a user gives. Safe and explicit: links are never followed (neither to
 * files nor to folders), only regular files are taken, files whose real path leaves the pattern's base folder
 * are refused, a pattern that would search the whole disk is refused, every search is bounded, and everything
 * passed over is said, not dropped.
 */
import { type Dirent, lstat, readdir, stat } from "node:fs";
import { lstat as lstatAsync, realpath as realpathAsync, stat as statAsync } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { Entry } from "fast-glob";
import type { Localized } from "../i18n.js";
import { showPath } from "../report/escape.js";
import { notRegular } from "./read-source.js";

export const DEFAULT_PATTERNS = ["data/**/*.json"];

/** Folders more than this many levels below a pattern's base folder are not searched. */
export const MAX_DEPTH = 12;
/** A pattern's search stops, and the pattern is refused, after this many files and folders. */
export const MAX_ENTRIES = 100_000;

export interface Skipped {
  file: string;
  reason: Localized;
  /**
   * What kind of notice or error this is, for programs (`discover-link`, `discover-too-wide`, …). A command may
   * treat `discover-too-wide` as a usage error.
   */
  code?: string;
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

export interface DiscoverLimits {
  maxDepth: number;
  maxEntries: number;
  /** The user's home folder, which a recursive pattern may not search whole. */
  home: string;
}

const SKIP_LINK: Localized = {
  ja: "シンボリックリンクは読みません(リンク先の実ファイルを指定してください)",
  en: "symbolic links are not followed (name the real file)",
};
const SKIP_LINK_FOLDER: Localized = {
  ja: "シンボリックリンクのフォルダはたどりません(実際のフォルダを指定してください)",
  en: "folders reached through symbolic links are not searched (name the real folder)",
};
const SKIP_DOT: Localized = {
  ja: "ドットで始まる名前(隠しファイル・隠しフォルダ)は読みません",
  en: "names starting with a dot are hidden and not read",
};
const SKIP_CASE: Localized = {
  ja: "拡張子は小文字の .json にしてください",
  en: "the extension must be lower-case .json",
};
const SKIP_ENCODING: Localized = {
  ja: "ファイル名が UTF-8 ではないため読めません(ファイル名を付け直してください)",
  en: "the file name is not valid UTF-8 (rename the file)",
};
const SKIP_FOLDER_ENCODING: Localized = {
  ja: "フォルダ名が UTF-8 ではないため、中を探せません(フォルダ名を付け直してください)",
  en: "the folder name is not valid UTF-8, so it is not searched (rename the folder)",
};
const NO_MATCH: Localized = { ja: "一致するファイルがありません", en: "the pattern matches no file" };

function outside(base: string): Localized {
  const shown = showPath(base);
  return {
    ja: `実体がフォルダ ${shown} の外にあるため読みません`,
    en: `its real path is outside ${shown}`,
  };
}

function duplicateOf(first: string): Localized {
  const shown = showPath(first);
  return {
    ja: `${shown} と同じファイルです。1 回だけ読みます`,
    en: `the same file as ${shown}; it is read once`,
  };
}

const NAMED_TWICE: Localized = {
  ja: "2 回以上指定されています。1 回だけ読みます",
  en: "named more than once; it is read once",
};

function folderError(code: string | undefined): Localized {
  if (code === "EACCES" || code === "EPERM")
    return {
      ja: "フォルダを読む権限がないため、中のファイルを探せません",
      en: "permission denied: the folder cannot be searched",
    };
  return {
    ja: `フォルダを読めないため、中のファイルを探せません(${code ?? "不明"})`,
    en: `the folder cannot be read, so it is not searched (${code ?? "unknown"})`,
  };
}

/** Why a pattern would search too much, or undefined. `base` and `cwd` are absolute. */
export function tooWide(pattern: string, base: string, cwd: string, home: string): Localized | undefined {
  const shown = showPath(pattern);
  const advice = {
    ja: "データのあるフォルダから書いてください(例: data/**/*.json)",
    en: "start it at the folder that holds the data (for example data/**/*.json)",
  };
  if (path.parse(base).root === base)
    return {
      ja: `パターン ${shown} はディスク全体(ルートフォルダ ${showPath(base)})を探すため使えません。${advice.ja}`,
      en: `the pattern ${shown} would search the whole disk (from the root folder ${showPath(base)}); ${advice.en}`,
    };
  if (!pattern.includes("**")) return undefined;
  if (within(base, home))
    return {
      ja: `パターン ${shown} はホームフォルダ全体(${showPath(base)} 以下)を探すため使えません。${advice.ja}`,
      en: `the pattern ${shown} would search the whole home folder (all of ${showPath(base)}); ${advice.en}`,
    };
  if (within(base, cwd) && base !== cwd)
    return {
      ja: `パターン ${shown} は作業フォルダの上のフォルダ ${showPath(base)} 以下をすべて探すため使えません。${advice.ja}`,
      en: `the pattern ${shown} would search all of ${showPath(base)}, above the working folder; ${advice.en}`,
    };
  return undefined;
}

/** Whether `inner` is `outer` or lies inside it (both absolute). */
function within(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function hasDotSegment(file: string, base: string): boolean {
  return path
    .relative(base, file)
    .split(/[\\/]/)
    .some((seg) => seg.startsWith(".") && seg !== "." && seg !== "..");
}

/**
 * Node decodes a name that is not valid UTF-8 with U+FFFD in place of the bad bytes; such a name opens
 * nothing. A name that really holds U+FFFD is found by lstat and is fine.
 */
async function badlyEncoded(abs: string): Promise<boolean> {
  if (!abs.includes("\uFFFD")) return false;
  try {
    await lstatAsync(abs);
    return false;
  } catch {
    return true;
  }
}

/** What one pattern's search met besides its matches. */
interface Walk {
  /** Linked folders the search would have entered, had they been real folders. */
  linkedFolders: string[];
  /** Folders whose names are not valid UTF-8. */
  badFolders: string[];
  /** Folders that could not be read, with the error code. */
  unreadable: { folder: string; code: string | undefined }[];
  /** Folders too deep to search. */
  tooDeep: string[];
  /** Whether the search stopped at the entry limit. */
  stopped: boolean;
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void;

/**
 * The file-system functions fast-glob walks with. Reading a folder is where the search is bounded and where what
 * it meets is recorded: a folder too deep or past the entry limit is not read; a folder that cannot be read is
 * recorded (and the search goes on, fast-glob being told to ignore the error); and a link to a folder is given to
 * fast-glob as a folder so that fast-glob's own matching decides whether the search would enter it, and if it
 * would, it is recorded and read as empty, never followed.
 */
function walker(root: string, limits: DiscoverLimits) {
  const walk: Walk = {
    linkedFolders: [],
    badFolders: [],
    unreadable: [],
    tooDeep: [],
    stopped: false,
  };
  const links = new Set<string>();
  let entries = 0;
  const readdirBounded = (folder: string, _options: unknown, callback: ReaddirCallback): void => {
    const abs = path.resolve(folder);
    if (links.has(abs)) {
      walk.linkedFolders.push(abs);
      callback(null, []);
      return;
    }
    const depth = abs === root ? 0 : path.relative(root, abs).split(path.sep).length;
    if (depth > limits.maxDepth) {
      walk.tooDeep.push(abs);
      callback(null, []);
      return;
    }
    if (walk.stopped) {
      callback(null, []);
      return;
    }
    readdir(folder, { withFileTypes: true }, (error, dirents) => {
      if (error) {
        if (error.code === "ENOENT" && abs.includes("\uFFFD") && abs !== root) walk.badFolders.push(abs);
        else if (error.code !== "ENOENT") walk.unreadable.push({ folder: abs, code: error.code });
        callback(error, []);
        return;
      }
      entries += dirents.length;
      if (entries > limits.maxEntries) {
        walk.stopped = true;
        callback(null, []);
        return;
      }
      const linked = dirents.filter((d) => d.isSymbolicLink());
      if (linked.length === 0) {
        callback(null, dirents);
        return;
      }
      let pending = linked.length;
      for (const d of linked) {
        const full = path.join(abs, d.name);
        stat(full, (statError, info) => {
          if (!statError && info.isDirectory()) {
            links.add(full);
            const index = dirents.indexOf(d);
            dirents[index] = Object.create(d, {
              isDirectory: { value: () => true },
              isSymbolicLink: { value: () => false },
            }) as Dirent;
          }
          if (--pending === 0) callback(null, dirents);
        });
      }
    });
  };
  return { walk, fs: { readdir: readdirBounded, lstat, stat } };
}

/** The first symbolic link among the folders from `cwd` down to `base` (only `base` itself when outside cwd). */
async function linkOnTheWay(base: string, cwd: string): Promise<string | undefined> {
  const steps: string[] = [];
  if (within(cwd, base) && base !== cwd) {
    let folder = cwd;
    for (const seg of path.relative(cwd, base).split(path.sep)) {
      folder = path.join(folder, seg);
      steps.push(folder);
    }
  } else steps.push(base);
  for (const folder of steps) {
    try {
      if ((await lstatAsync(folder)).isSymbolicLink()) return folder;
    } catch {
      return undefined; // missing: the pattern matches nothing, said as such
    }
  }
  return undefined;
}

interface Candidate {
  file: string;
  /** What makes two names the same file: device and inode, or the normalized path if it cannot be stat'ed. */
  identity: string;
}

async function identityOf(abs: string): Promise<string> {
  try {
    const info = await statAsync(abs);
    return `${info.dev}:${info.ino}`;
  } catch {
    return `path:${abs}`;
  }
}

export async function discover(
  patterns: readonly string[],
  cwd = process.cwd(),
  limits: Partial<DiscoverLimits> = {},
): Promise<Discovery> {
  // Loaded here, not with this module: the CLI imports this module for its default patterns, and a build starts
  // its workers before it looks for files (fast-glob takes some 20 ms to load).
  const { default: fg } = await import("fast-glob");
  const bounds: DiscoverLimits = { maxDepth: MAX_DEPTH, maxEntries: MAX_ENTRIES, home: homedir(), ...limits };
  const absCwd = path.resolve(cwd);
  const candidates: Candidate[] = [];
  const skipped = new Map<string, Skipped>();
  const errors: Skipped[] = [];
  const bases = new Set<string>();
  const skip = (file: string, reason: Localized, code: string) => skipped.set(file, { file, reason, code });

  for (const pattern of patterns) {
    if (!fg.isDynamicPattern(pattern)) {
      // An explicit path: the user named it, so say exactly why it cannot be used.
      const file = path.normalize(pattern);
      const abs = path.resolve(absCwd, file);
      try {
        const info = await lstatAsync(abs);
        // A FIFO, socket or device named is refused here, never opened (opening some devices does something).
        // A folder named goes on to the reader, which says it is a folder, as a diagnostic of that name.
        const kind = info.isSymbolicLink() || info.isDirectory() ? undefined : notRegular(info);
        if (info.isSymbolicLink()) errors.push({ file: pattern, reason: SKIP_LINK, code: "discover-link" });
        else if (kind) errors.push({ file: pattern, reason: kind.message, code: kind.code });
        else candidates.push({ file, identity: await identityOf(abs) });
      } catch {
        if (await badlyEncoded(abs))
          errors.push({ file: pattern, reason: SKIP_ENCODING, code: "discover-encoding" });
        else candidates.push({ file, identity: `path:${abs}` }); // the reader reports it, with the file named
      }
      continue;
    }
    const task = fg.generateTasks([pattern], { cwd: absCwd })[0];
    const base = path.resolve(absCwd, task?.base ?? ".");
    const wide = tooWide(pattern, base, absCwd, bounds.home);
    if (wide) {
      errors.push({ file: pattern, reason: wide, code: "discover-too-wide" });
      continue;
    }
    const linkedBase = await linkOnTheWay(base, absCwd);
    if (linkedBase) {
      errors.push({
        file: pattern,
        reason: {
          ja: `フォルダ ${showPath(path.relative(absCwd, linkedBase) || linkedBase)} はシンボリックリンクのためたどりません(実際のフォルダを指定してください)`,
          en: `the folder ${showPath(path.relative(absCwd, linkedBase) || linkedBase)} is a symbolic link and is not followed (name the real folder)`,
        },
        code: "discover-link",
      });
      continue;
    }
    const { walk, fs } = walker(base, bounds);
    let entries: Entry[];
    try {
      entries = await fg(pattern, {
        cwd: absCwd,
        dot: true,
        followSymbolicLinks: false,
        onlyFiles: false,
        caseSensitiveMatch: false,
        objectMode: true,
        // The walker records every folder it cannot read; the search goes on past them.
        suppressErrors: true,
        // A backstop: the walker stops sooner, and says so (fast-glob does not enter a folder at level `deep`,
        // and the walker must be asked to read the first folder too deep, to say so).
        deep: bounds.maxDepth + 2,
        fs: fs as never,
      });
    } catch (error) {
      errors.push({
        file: pattern,
        reason: {
          ja: `パターンを使えません(${(error as Error).message})`,
          en: `the pattern cannot be used (${(error as Error).message})`,
        },
        code: "discover-pattern",
      });
      continue;
    }
    const shownFolder = (abs: string) => path.relative(absCwd, abs) || ".";
    if (walk.stopped) {
      errors.push({
        file: pattern,
        reason: {
          ja: `探す範囲が広すぎます(${bounds.maxEntries.toLocaleString("en-US")} 個を超えるファイルとフォルダ)。データのあるフォルダに絞ってください`,
          en: `the pattern searches too much (over ${bounds.maxEntries} files and folders); narrow it to the folder that holds the data`,
        },
        code: "discover-too-many",
      });
      continue;
    }
    // In order of name: the search reads folders side by side, in no fixed order.
    const byName = <T>(list: T[], name: (item: T) => string) =>
      list.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
    for (const { folder, code } of byName(walk.unreadable, (u) => u.folder))
      errors.push({
        file: shownFolder(folder),
        reason: folderError(code),
        code: "discover-folder-unreadable",
      });
    for (const folder of walk.badFolders)
      skip(shownFolder(folder), SKIP_FOLDER_ENCODING, "discover-encoding");
    for (const folder of walk.linkedFolders)
      skip(shownFolder(folder), SKIP_LINK_FOLDER, "discover-link-folder");
    const [deepest, ...moreDeep] = byName(walk.tooDeep, (f) => f);
    if (deepest !== undefined)
      skip(
        shownFolder(deepest),
        {
          ja: `${bounds.maxDepth} 階層より深いフォルダは探しません${moreDeep.length > 0 ? `(ほかに ${moreDeep.length} 個)` : ""}`,
          en: `folders more than ${bounds.maxDepth} levels deep are not searched${moreDeep.length > 0 ? ` (and ${moreDeep.length} more)` : ""}`,
        },
        "discover-too-deep",
      );

    // Each entry classified first; the real paths of those that need one are then asked for all at once (one
    // after the other, they took 30 ms for 200 files).
    const realBase = await realpathAsync(base).catch(() => undefined);
    bases.add(realBase ?? base);
    const found = entries
      .filter((entry) => !entry.dirent.isDirectory())
      .map((entry) => {
        const abs = path.resolve(absCwd, entry.path);
        const kind = entry.dirent.isSymbolicLink()
          ? "link"
          : hasDotSegment(abs, base)
            ? "hidden"
            : !entry.path.endsWith(".json")
              ? "case"
              : notRegular(entry.dirent)
                ? "special"
                : "sheet";
        return { file: entry.path, abs, kind, dirent: entry.dirent };
      });
    const checks = await Promise.all(
      found.map(async (f) => {
        if (f.kind !== "link" && f.kind !== "sheet")
          return { real: undefined, encoding: false, identity: "" };
        if (f.kind === "sheet" && (await badlyEncoded(f.abs)))
          return { real: undefined, encoding: true, identity: "" };
        const [real, identity] = await Promise.all([
          realpathAsync(f.abs).catch(() => undefined),
          f.kind === "sheet" ? identityOf(f.abs) : "",
        ]);
        return { real, encoding: false, identity };
      }),
    );
    const isInside = (real: string | undefined) =>
      real !== undefined && realBase !== undefined && real !== realBase && within(realBase, real);
    const outsideBase = outside(path.relative(absCwd, base) || ".");
    found.forEach(({ file, kind, dirent }, i) => {
      const check = checks[i] ?? { real: undefined, encoding: false, identity: "" };
      if (kind === "link") skip(file, isInside(check.real) ? SKIP_LINK : outsideBase, "discover-link");
      else if (kind === "hidden") skip(file, SKIP_DOT, "discover-hidden");
      else if (kind === "case") skip(file, SKIP_CASE, "discover-extension");
      else if (kind === "special") {
        const refusal = notRegular(dirent);
        if (refusal) skip(file, refusal.message, refusal.code);
      } else if (check.encoding) skip(file, SKIP_ENCODING, "discover-encoding");
      else if (!isInside(check.real)) skip(file, outsideBase, "discover-outside");
      else candidates.push({ file, identity: check.identity });
    });
    if (found.length === 0) errors.push({ file: pattern, reason: NO_MATCH, code: "discover-no-match" });
  }

  // Each file once: the first name it was found under is read, later names are said.
  const byIdentity = new Map<string, string>();
  for (const { file, identity } of candidates) {
    const first = byIdentity.get(identity);
    if (first === undefined) byIdentity.set(identity, file);
    else if (!skipped.has(file))
      skip(file, first === file ? NAMED_TWICE : duplicateOf(first), "discover-duplicate");
  }
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    files: [...byIdentity.values()].sort(byPath),
    skipped: [...skipped.values()].sort((a, b) => byPath(a.file, b.file)),
    errors,
    bases: [...bases].sort(byPath),
  };
}
