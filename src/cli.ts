#!/usr/bin/env node
/** The command-line entry: runs main() and turns its result into the exit code. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A failure of the system (a full disk, a read-only or vanished folder) that no command turned into its own
    // message: said plainly, without a stack trace.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code) && (error as NodeJS.ErrnoException).syscall) {
      process.stderr.write(
        `hyoka: ファイルを読み書きできませんでした / a file could not be read or written: ${(error as Error).message}\n`,
      );
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`hyoka: 内部エラー / internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
