#!/usr/bin/env node
/**
 * The command-line entry: runs main() and turns its result into the exit code. A failure no command handled is
 * said without a stack trace (src/report/faults.ts): a fault of the machine names its path and cause (exit 1);
 * anything else is a bug in hyoka (exit 70; the stack with `HYOKA_DEBUG=1`).
 */
import { commandLang, finishJsonAfterFailure, main } from "./main.js";
import { describeFailure } from "./report/faults.js";
import { exitCodeAfterOutputFaults, guardStandardStreams, writeStderr } from "./report/streams.js";

guardStandardStreams();
// A failed write to stdout is known a tick after the write (as the stream's 'error'), so after main() may have
// returned: the exit code is settled as the process ends.
process.on("exit", () => {
  process.exitCode = exitCodeAfterOutputFaults(Number(process.exitCode ?? 0));
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const report = describeFailure(error, commandLang(), process.env.HYOKA_DEBUG === "1");
    writeStderr(report.text);
    finishJsonAfterFailure(report.exitCode, report.text.trim());
    process.exitCode = report.exitCode;
  },
);
