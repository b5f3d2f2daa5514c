/**
 * Writing to the standard streams without ever crashing on them.
 *
 * A reader that goes away (`hyoka validate | head -1`: EPIPE) or a full disk behind a redirection
 * (`> /dev/full`: ENOSPC) makes Node emit 'error' on process.stdout; without a listener that is an uncaught
 * exception with a stack trace, in the middle of a build that could have finished. Here each stream gets one
 * listener, and after its first error the stream is left alone: nothing more is written to it.
 *
 * - EPIPE on stdout: the reader chose to stop reading; the rest of stdout is dropped silently and the command
 *   finishes its work (a build still writes its files) and exits as it would have.
 * - Any other error on stdout (ENOSPC, EIO…): one line on stderr says so, the command still finishes, and its
 *   exit code is at least 1 (what it printed is incomplete) — see `exitCodeAfterOutputFaults`.
 * - Any error on stderr: nothing can be said about it; stderr is dropped silently.
 */
import type { Lang } from "../i18n.js";

type StreamName = "stdout" | "stderr";

interface StreamState {
  guarded: boolean;
  /** The code of the first error (e.g. "EPIPE", "ENOSPC"); undefined while the stream works. */
  fault: string | undefined;
}

const states: Record<StreamName, StreamState> = {
  stdout: { guarded: false, fault: undefined },
  stderr: { guarded: false, fault: undefined },
};

let messageLang: Lang = "ja";

/** The language of the one line said about a faulty stdout (main sets it once the options are read). */
export function setStreamLang(lang: Lang): void {
  messageLang = lang;
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && code !== "" ? code : "EIO";
}

function streamOf(name: StreamName): NodeJS.WriteStream {
  return name === "stdout" ? process.stdout : process.stderr;
}

function onFault(name: StreamName, error: unknown): void {
  const state = states[name];
  if (state.fault !== undefined) return;
  state.fault = errorCode(error);
  if (name === "stdout" && state.fault !== "EPIPE" && state.fault !== "ERR_STREAM_DESTROYED") {
    const code = state.fault;
    writeTo(
      "stderr",
      messageLang === "ja"
        ? `hyoka: 標準出力に書き込めません(${code})。以降の標準出力は捨てて処理を続けます\n`
        : `hyoka: cannot write to standard output (${code}); the rest of it is dropped and the work goes on\n`,
    );
  }
}

/** Attaches the one 'error' listener to each standard stream (once per process). */
export function guardStandardStreams(): void {
  for (const name of ["stdout", "stderr"] as const) {
    const state = states[name];
    if (state.guarded) continue;
    state.guarded = true;
    streamOf(name).on("error", (error) => onFault(name, error));
  }
}

function writeTo(name: StreamName, text: string): void {
  guardStandardStreams();
  const state = states[name];
  if (state.fault !== undefined) return;
  const stream = streamOf(name);
  if (stream.destroyed || stream.writableEnded) {
    state.fault = "ERR_STREAM_DESTROYED";
    return;
  }
  try {
    // The error of a failed write comes as the stream's 'error' event (listened to above) and to this callback.
    stream.write(text, (error) => {
      if (error) onFault(name, error);
    });
  } catch (error) {
    onFault(name, error);
  }
}

/** Writes to stdout unless it has failed before. */
export function writeStdout(text: string): void {
  writeTo("stdout", text);
}

/** Writes to stderr unless it has failed before. */
export function writeStderr(text: string): void {
  writeTo("stderr", text);
}

/**
 * Writes to `stream`: process.stdout and process.stderr through the guard above; any other stream (a test's)
 * as it is, except after an error on it.
 */
export function safeWrite(stream: NodeJS.WritableStream, text: string): void {
  if (stream === process.stdout) {
    writeStdout(text);
    return;
  }
  if (stream === process.stderr) {
    writeStderr(text);
    return;
  }
  const s = stream as NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean };
  if (s.destroyed || s.writableEnded) return;
  try {
    stream.write(text);
  } catch {
    // a stream that cannot be written to is left alone
  }
}

/** The first error on a standard stream, if any. */
export function streamFault(name: StreamName): string | undefined {
  return states[name].fault;
}

/**
 * The exit code once the command is done: a stdout that failed other than by its reader going away (EPIPE)
 * lost output the user asked for, so a success becomes 1; other codes stay.
 */
export function exitCodeAfterOutputFaults(code: number): number {
  const fault = states.stdout.fault;
  if (code === 0 && fault !== undefined && fault !== "EPIPE" && fault !== "ERR_STREAM_DESTROYED") return 1;
  return code;
}
