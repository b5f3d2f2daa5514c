/**
 * The only code that writes under out/. Each file is written to a temporary file beside it, flushed, checked
 * complete, and renamed into place, so a kill at any moment leaves either the old file or the new one, never a
 * truncated one. (Killing a process inside pdfmake's write() or exceljs's writeFile() was seen to leave a
 * truncated PDF or a 0-byte workbook; a full disk was seen to store part of a file without an error.)
 */
import { randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { type FileHandle, lstat, mkdir, open, readdir, realpath, rename, rm } from "node:fs/promises";
import path from "node:path";

export const TEMP_SUFFIX = ".hyoka-tmp";

export class OutputPathError extends Error {}

/** Refuses a relative output path that is absolute or has `..` or empty segments. */
function checkRelPath(outRoot: string, relPath: string): void {
  if (path.isAbsolute(relPath) || relPath.split(/[\\/]/).some((seg) => seg === ".." || seg === "")) {
    throw new OutputPathError(`output path ${JSON.stringify(relPath)} must stay inside ${outRoot}`);
  }
}

/** The real path of the folder `relDir` under `outRoot`, created if missing, refusing one that leads outside. */
async function resolveOutputDir(outRoot: string, relDir: string): Promise<string> {
  const root = path.resolve(outRoot);
  const dir = path.resolve(root, relDir);
  await mkdir(dir, { recursive: true });
  // A link inside out/ could still point elsewhere: compare real paths.
  const [realRoot, realDir] = await Promise.all([realpath(root), realpath(dir)]);
  const rel = path.relative(realRoot, realDir);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new OutputPathError(`output folder ${dir} resolves outside ${outRoot}`);
  }
  return realDir;
}

/** The absolute final path of `relPath` under `outRoot`, refusing anything that would leave it. */
export async function resolveOutputPath(outRoot: string, relPath: string): Promise<string> {
  checkRelPath(outRoot, relPath);
  const realDir = await resolveOutputDir(outRoot, path.dirname(relPath));
  return path.join(realDir, path.basename(relPath));
}

/** Writes every byte or throws: a write may store fewer bytes than asked without an error. */
export async function writeFully(
  handle: Pick<FileHandle, "write">,
  bytes: Uint8Array,
  name: string,
): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error(`short write to ${name} (${offset} of ${bytes.length} bytes)`);
    offset += bytesWritten;
  }
}

/** Writes `bytes` to `outRoot/relPath` atomically and returns the final absolute path. */
export async function writeAtomic(outRoot: string, relPath: string, bytes: Uint8Array): Promise<string> {
  const final = await resolveOutputPath(outRoot, relPath);
  await writeFinal(final, bytes);
  return final;
}

export interface OutputFile {
  relPath: string;
  bytes: Uint8Array;
}

/**
 * The output folders under one `outRoot`, each created and checked (by its real path) the first time a file
 * goes into it, then known for as long as this object lives: a build keeps one, so its hundreds of sheets do
 * not each create and check the same folder again (a recursive mkdir and two real paths per sheet were some
 * 70 ms of the main thread's CPU in a 200-sheet build). A folder that could not be made or checked is tried
 * again next time.
 */
export class OutputFolders {
  private readonly known = new Map<string, Promise<string>>();

  constructor(readonly outRoot: string) {}

  /** The real path of `relDir` under the root, as {@link resolveOutputDir} gives it. */
  resolve(relDir: string): Promise<string> {
    let folder = this.known.get(relDir);
    if (!folder) {
      folder = resolveOutputDir(this.outRoot, relDir);
      this.known.set(relDir, folder);
      folder.catch(() => this.known.delete(relDir));
    }
    return folder;
  }
}

/**
 * Several files under `folders.outRoot`, each written atomically as by {@link writeAtomic}, side by side
 * (their flushes to disk overlap), each folder checked once per `folders`. Settles every file: one that fails
 * does not stop the others. Gives the final absolute paths, or the errors, in the order of `files`.
 */
export async function writeAtomicAll(
  folders: OutputFolders,
  files: readonly OutputFile[],
): Promise<PromiseSettledResult<string>[]> {
  return Promise.allSettled(
    files.map(async ({ relPath, bytes }) => {
      checkRelPath(folders.outRoot, relPath);
      const final = path.join(await folders.resolve(path.dirname(relPath)), path.basename(relPath));
      await writeFinal(final, bytes);
      return final;
    }),
  );
}

/** The temporary files of this thread's writes in progress (see {@link removeTempsInFlight}). */
const inFlight = new Set<string>();

/**
 * Removes, synchronously, the temporary files of the writes still in progress in this thread: for a process
 * about to exit in the middle of them (a second Ctrl-C). The final files are untouched: each is the old one or
 * the new one. A temporary file created after this call (an open already under way) is left for the next
 * build's {@link removeStrayTemps}. Returns how many were removed.
 */
export function removeTempsInFlight(): number {
  let removed = 0;
  for (const temp of inFlight) {
    try {
      unlinkSync(temp);
      removed++;
    } catch {
      // not created yet, or already renamed into place
    }
  }
  inFlight.clear();
  return removed;
}

/** Temp file beside `final`, every byte written, flushed to disk, checked complete, renamed into place. */
async function writeFinal(final: string, bytes: Uint8Array): Promise<void> {
  const temp = path.join(
    path.dirname(final),
    `.${path.basename(final)}.${process.pid}.${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`,
  );
  inFlight.add(temp);
  try {
    await writeTemp(temp, bytes);
    try {
      await rename(temp, final);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  } finally {
    inFlight.delete(temp);
  }
}

/** Every byte of `bytes` in a new file `temp`, flushed and checked; `temp` removed again if anything fails. */
async function writeTemp(temp: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(temp, "wx", 0o644);
  try {
    await writeFully(handle, bytes, temp);
    await handle.sync();
    // The size of what is on disk, from the open file (no second lookup by name).
    const { size } = await handle.stat();
    if (size !== bytes.length)
      throw new Error(`incomplete write to ${temp}: ${size} of ${bytes.length} bytes`);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
}

/** The name of a temporary file hyoka writes: `.<name>.<pid>.<8 hex digits>.hyoka-tmp` (see writeFinal). */
export const TEMP_NAME = /^\..+\.\d+\.[0-9a-f]{8}\.hyoka-tmp$/;

/**
 * Removes temporary files a killed build left behind, under `outRoot` (the output folder's real path, checked
 * and locked by the caller) and nowhere else: links are never followed (a directory entry's type is that of the
 * entry itself, as lstat gives it), and only regular files named exactly as hyoka names its temporary files are
 * removed. Returns how many.
 */
export async function removeStrayTemps(outRoot: string): Promise<number> {
  let removed = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && TEMP_NAME.test(entry.name)) {
        try {
          await rm(full, { force: true });
          removed++;
        } catch {
          // left for a later build (a read-only folder); the writes say what is wrong
        }
      }
    }
  };
  // The root itself must be a folder, not a link to one.
  const info = await lstat(outRoot).catch(() => undefined);
  if (info?.isDirectory()) await walk(outRoot);
  return removed;
}
