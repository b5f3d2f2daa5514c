/**
 * `hyoka watch [files or globs…]`: the editor's loop. Keeps the build's workers warm (their forms, templates,
 * fonts and renderers loaded, their JIT warmed by the sheets before), rebuilds a sheet when its file's content
 * changes, the sheets of a form when its template folder (templates/<form>/) changes, every sheet when a font or
 * another file under templates/ changes, and shows the newest PDF of the sheet being edited and
 * its problems on a preview page at http://127.0.0.1:PORT/ (loopback only).
 *
 * Each rebuild is a `hyoka build` of the changed files (commands/build.ts, with the warm pool): the same checks,
 * the same atomic writes, the same manifest and lock, so what watch writes is what build would. It makes no
 * consolidated workbook (`hyoka build` does).
 *
 * Changes are found with Node's fs.watch on the folders that hold the sheets (and on templates/ and fonts/), not
 * with chokidar: no dependency for a handful of folders, and an event is only ever a reason to look. Whether a
 * sheet changed is decided by its content (sha256), so an editor's way of saving (a temporary file renamed over
 * the sheet, a write in two steps, a save with no change) never matters, an event lost to a rename is made up by
 * the folder's own event, and a second event for one save finds nothing new. Events are gathered for
 * {@link DEBOUNCE_MS} after the last one first: an editor's save is several writes in a few milliseconds.
 */
import { createHash } from "node:crypto";
import { existsSync, type FSWatcher, readFileSync, realpathSync, watch } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { formatDiagnostic } from "../diagnostics.js";
import type { Lang } from "../i18n.js";
import { discover } from "../load/discover.js";
import { FONTS_DIR, TEMPLATES_DIR } from "../paths.js";
import { recordedFile } from "../pipeline/manifest.js";
import { SheetPool } from "../pipeline/pool.js";
import type { SheetResult } from "../pipeline/process-sheet.js";
import { type Output, printDiscoveryErrors, printSkipped, showPath } from "../report/console.js";
import { PreviewServer, type PreviewSheet, type PreviewState } from "../watch/preview-server.js";
import { readWorkerFonts, runBuild } from "./build.js";

export interface WatchOptions {
  patterns: string[];
  outDir: string;
  lang: Lang;
  /** The preview's port on 127.0.0.1; 0 takes any free one. */
  port: number;
  jobs?: number;
  timeoutMs: number;
  memoryMb: number;
  output: Output;
  /** Ends the watch (tests, the bench); otherwise Ctrl-C does. */
  signal?: AbortSignal;
  /** Once the preview listens and the first build is done: the page's address. */
  onReady?: (url: string) => void;
}

/**
 * How long the events of one save are gathered before the sheet is looked at. Editors write a file in a few
 * steps within a few milliseconds (VS Code: truncate, write; others: a temporary file, then a rename); 40 ms
 * covers them with room, and is a small part of the 300 ms from a save to its PDF.
 */
export const DEBOUNCE_MS = 40;

interface Tracked extends PreviewSheet {
  /** The sha256 of the content last built (or being built). */
  hash?: string;
  /** The sheet's form, once a build has read it. */
  form?: string;
}

/**
 * The form whose template folder a change under templates/ touched (`name`: the changed path, relative to
 * templates/): `<id>/…` in a form's folder (one with index.ts, as src/forms/registry.ts finds forms) is that
 * form's alone; anything else — a file or folder at the top, a folder that is no form's (a form removed or
 * being made), an event without a name — may concern every form.
 */
export function formOfTemplateChange(name: string | undefined, templatesDir = TEMPLATES_DIR): string | "all" {
  if (!name) return "all";
  const [first, ...rest] = name.split(/[\\/]/);
  if (!first || rest.length === 0 || first === "." || first === "..") return "all";
  return existsSync(path.join(templatesDir, first, "index.ts")) ? first : "all";
}

function contentHash(file: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

/** Files as patterns that name exactly them: a name with a glob's special characters is escaped. */
async function asPatterns(files: readonly string[]): Promise<string[]> {
  const { default: fg } = await import("fast-glob");
  return files.map((abs) => {
    const file = path.relative(process.cwd(), abs) || abs;
    return fg.isDynamicPattern(file) ? fg.escapePath(file) : file;
  });
}

export async function runWatch(options: WatchOptions): Promise<number> {
  const { lang, output } = options;
  const ja = lang === "ja";
  const fontFiles = readWorkerFonts(output, lang);
  if (!fontFiles) return 1;
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const newPool = () =>
    new SheetPool({
      jobs,
      timeoutMs: options.timeoutMs,
      memoryMb: options.memoryMb,
      preload: true,
      fontFiles,
    });
  // Started first: the workers load everything while the preview starts and the files are found.
  let pool = newPool();

  const state: PreviewState = { version: 0, sheets: [] };
  const tracked = new Map<string, Tracked>();
  let nextId = 1;
  let pdfVersion = 0;
  const track = (file: string): Tracked => {
    const abs = path.resolve(file);
    let sheet = tracked.get(abs);
    if (!sheet) {
      sheet = {
        id: nextId++,
        file: showPath(path.relative(process.cwd(), abs) || abs),
        status: "pending",
        problems: [],
      };
      tracked.set(abs, sheet);
      state.sheets.push(sheet);
      state.sheets.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    }
    return sheet;
  };
  const untrack = (abs: string) => {
    const sheet = tracked.get(abs);
    if (!sheet) return;
    tracked.delete(abs);
    state.sheets = state.sheets.filter((s) => s !== sheet);
    if (state.current === sheet.id) state.current = undefined;
  };

  const server = new PreviewServer(() => state, lang);
  let url: string;
  try {
    url = await server.listen(options.port);
  } catch (error) {
    await pool.close();
    const code = (error as NodeJS.ErrnoException).code;
    output.err(
      code === "EADDRINUSE"
        ? ja
          ? `ポート ${options.port} は使用中です。--port で別の番号を指定してください`
          : `port ${options.port} is in use; choose another with --port`
        : ja
          ? `プレビューを開始できません(${code ?? String(error)})`
          : `cannot start the preview (${code ?? String(error)})`,
    );
    return 1;
  }

  const realOut = () => {
    try {
      return realpathSync(options.outDir);
    } catch {
      return undefined;
    }
  };
  const onResult = (result: SheetResult) => {
    const sheet = track(result.file);
    sheet.status = result.status;
    sheet.problems = result.diagnostics.map((d) => ({
      severity: d.severity,
      text: formatDiagnostic(d, lang),
    }));
    if (result.identity) sheet.form = result.identity.formId;
    if (result.status === "failed") return; // the last good PDF stays
    const pdf = result.outputs.find((o) => o.path.endsWith(".pdf"));
    const root = realOut();
    const file = pdf && root ? recordedFile(root, pdf.path) : undefined;
    if (!file) return;
    try {
      sheet.pdf = { bytes: readFileSync(file), version: ++pdfVersion };
    } catch {
      // gone meanwhile: the next build says so
    }
  };
  // What each rebuild says on the terminal: the sheets' problems (stderr), not build's summary and report lines.
  const buildOutput: Output = { out: () => {}, err: (line) => output.err(line) };
  const build = async (patterns: string[]): Promise<number> =>
    runBuild({
      patterns,
      outDir: options.outDir,
      lang,
      jobs,
      force: false,
      timeoutMs: options.timeoutMs,
      memoryMb: options.memoryMb,
      output: buildOutput,
      pool,
      summaries: false,
      handleSignals: false,
      progress: false,
      onResult,
    });

  // The first build: every sheet the patterns name, checked as `hyoka build` checks them (an --out that may not
  // be used ends the watch, as it ends a build).
  const found = await discover(options.patterns);
  printSkipped(output, found.skipped, lang);
  printDiscoveryErrors(output, found.errors, lang);
  for (const file of found.files) {
    const sheet = track(file);
    sheet.hash = contentHash(file);
  }
  if (found.files.length > 0) {
    const first = await build(options.patterns);
    if (first === 2) {
      await Promise.all([server.close(), pool.close()]);
      return 2;
    }
  } else
    output.err(
      ja
        ? "まだシートがありません。ファイルができたら作成します"
        : "no sheets yet; they are built when they appear",
    );
  state.version++;
  server.changed();

  // Watching: the folders of the sheets and the patterns' base folders (a new sheet appears there), and the
  // templates and fonts, whose change starts new workers (they hold the old ones loaded) and rebuilds the sheets
  // of the forms whose template folder changed, or every sheet (a font, anything else under templates/).
  const watchers = new Map<string, FSWatcher>();
  const pending = new Set<string>();
  let rediscover = false;
  /** The forms whose templates changed since the last rebuild, or all of them. */
  let environmentChanged: Set<string> | "all" | undefined;
  const environmentChange = (form: string | "all") => {
    if (form === "all" || environmentChanged === "all") environmentChanged = "all";
    else environmentChanged = new Set([...(environmentChanged ?? []), form]);
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), DEBOUNCE_MS);
  };
  const watchFolder = (dir: string, recursive = false, environment?: "templates" | "fonts") => {
    const key = path.resolve(dir);
    if (watchers.has(key)) return;
    try {
      const watcher = watch(key, { recursive, persistent: true }, (_event, name) => {
        if (environment === "templates") environmentChange(formOfTemplateChange(name?.toString()));
        else if (environment === "fonts") environmentChange("all");
        else {
          const abs = name ? path.join(key, name.toString()) : undefined;
          if (abs && tracked.has(abs)) pending.add(abs);
          else rediscover = true;
        }
        schedule();
      });
      // A folder removed while watched: its sheets are found again (or not) by the next look.
      watcher.on("error", () => {
        watcher.close();
        watchers.delete(key);
        rediscover = true;
        schedule();
      });
      watchers.set(key, watcher);
    } catch {
      // A folder that does not exist (yet): the base folder's events find it when it appears.
    }
  };
  const watchSheets = (files: readonly string[], bases: readonly string[]) => {
    for (const base of bases) watchFolder(base);
    for (const file of files) watchFolder(path.dirname(path.resolve(file)));
  };
  watchSheets(found.files, found.bases ?? []);
  watchFolder(TEMPLATES_DIR, true, "templates");
  watchFolder(FONTS_DIR, true, "fonts");

  let building: Promise<void> | undefined;
  let stopped = false;
  const flush = async (): Promise<void> => {
    if (building || stopped) return;
    building = (async () => {
      while (!stopped && (pending.size > 0 || rediscover || environmentChanged)) {
        const started = performance.now();
        if (environmentChanged) {
          const forms = environmentChanged;
          environmentChanged = undefined;
          const old = pool;
          pool = newPool();
          await old.close();
          for (const [abs, sheet] of tracked) {
            // A sheet of another form keeps its outputs; one whose form is not known yet is built again.
            if (forms !== "all" && sheet.form !== undefined && !forms.has(sheet.form)) continue;
            sheet.hash = undefined;
            pending.add(abs);
          }
        }
        if (rediscover) {
          rediscover = false;
          const again = await discover(options.patterns);
          const now = new Set(again.files.map((f) => path.resolve(f)));
          for (const abs of [...tracked.keys()]) if (!now.has(abs)) untrack(abs);
          for (const file of again.files)
            if (!tracked.has(path.resolve(file))) pending.add(path.resolve(file));
          watchSheets(again.files, again.bases ?? []);
        }
        const changed: string[] = [];
        for (const abs of pending) {
          const hash = contentHash(abs);
          if (hash === undefined) {
            // Gone, or between an editor's writes: the folder's next event, or the next look, settles it.
            rediscover = true;
            continue;
          }
          const sheet = track(abs);
          if (sheet.hash === hash) continue;
          sheet.hash = hash;
          sheet.status = "pending";
          changed.push(abs);
        }
        pending.clear();
        if (changed.length === 0) {
          state.version++;
          server.changed();
          continue;
        }
        state.current = track(changed[changed.length - 1] as string).id;
        state.version++;
        server.changed();
        try {
          await build(await asPatterns(changed));
        } catch (error) {
          // A fault of the machine (a full disk, a folder made read-only): said, and the watch goes on; the next
          // save tries again.
          const detail = error instanceof Error ? error.message : String(error);
          for (const abs of changed) {
            const sheet = track(abs);
            sheet.status = "failed";
            sheet.hash = undefined;
            sheet.problems = [{ severity: "error", text: detail }];
          }
          output.err(ja ? `作成できませんでした: ${detail}` : `could not build: ${detail}`);
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        for (const abs of changed) {
          const sheet = track(abs);
          const errors = sheet.problems.filter((p) => p.severity === "error").length;
          output.out(
            sheet.status === "failed"
              ? ja
                ? `エラー ${errors} 件: ${sheet.file}(${seconds} 秒、プレビューは前回の PDF のまま)`
                : `${errors} errors: ${sheet.file} (${seconds} s; the preview keeps the last PDF)`
              : ja
                ? `更新: ${sheet.file}(${seconds} 秒)`
                : `updated: ${sheet.file} (${seconds} s)`,
          );
        }
        state.version++;
        server.changed();
      }
    })();
    try {
      await building;
    } finally {
      building = undefined;
    }
    // Events that came while the last build was being written.
    if (!stopped && (pending.size > 0 || rediscover || environmentChanged)) schedule();
  };

  output.out(ja ? `プレビュー: ${url}(Ctrl-C で終了)` : `preview: ${url} (Ctrl-C to stop)`);
  output.out(
    ja
      ? `監視中: シート ${tracked.size} 件、出力先 ${showPath(options.outDir)}`
      : `watching ${tracked.size} sheets; output folder ${showPath(options.outDir)}`,
  );
  options.onReady?.(url);

  await new Promise<void>((resolve) => {
    const stop = () => {
      options.signal?.removeEventListener("abort", stop);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    if (options.signal?.aborted) return stop();
    options.signal?.addEventListener("abort", stop, { once: true });
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  stopped = true;
  clearTimeout(timer);
  for (const watcher of watchers.values()) watcher.close();
  await building;
  await Promise.all([server.close(), pool.close()]);
  output.err(ja ? "監視を終了しました" : "stopped watching");
  return 0;
}
