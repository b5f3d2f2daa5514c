/**
 * The last word on a failure that no command handled (src/cli.ts): a fault of the machine (a read-only or full
 * disk, a missing permission, too many open files…) is said plainly, naming the path and the cause, with no
 * stack trace (exit 1); anything else is a bug in hyoka, said in one line that asks for a report (exit 70), with
 * its stack trace only when `HYOKA_DEBUG=1`.
 */
import type { Lang, Localized } from "../i18n.js";

/** Exit code of a fault of the environment (the command could not do its work). */
export const EXIT_ENVIRONMENT = 1;
/** Exit code of a bug in hyoka (EX_SOFTWARE). */
export const EXIT_BUG = 70;

const CAUSES: Record<string, Localized> = {
  EACCES: { ja: "アクセス権がありません", en: "permission denied" },
  EPERM: { ja: "この操作は許可されていません", en: "operation not permitted" },
  EROFS: { ja: "読み取り専用のファイルシステムです", en: "read-only file system" },
  ENOSPC: { ja: "ディスクに空きがありません", en: "no space left on the device" },
  EDQUOT: { ja: "ディスクの割り当て容量を超えました", en: "disk quota exceeded" },
  EMFILE: { ja: "開いているファイルが多すぎます(ulimit -n)", en: "too many open files (ulimit -n)" },
  ENFILE: { ja: "システム全体で開いているファイルが多すぎます", en: "too many open files in the system" },
  ENOTDIR: { ja: "パスの途中にフォルダでないものがあります", en: "a part of the path is not a folder" },
  EISDIR: { ja: "フォルダです(ファイルが必要です)", en: "is a folder (a file is needed)" },
  ELOOP: { ja: "シンボリックリンクが循環しています", en: "too many levels of symbolic links" },
  ENAMETOOLONG: { ja: "名前が長すぎます", en: "the name is too long" },
  ENOENT: { ja: "見つかりません", en: "not found" },
  EEXIST: { ja: "すでに存在します", en: "already exists" },
  EBUSY: { ja: "使用中です", en: "busy" },
  EIO: {
    ja: "入出力エラーです(ディスクや接続を確認してください)",
    en: "input/output error (check the disk)",
  },
  EXDEV: { ja: "別のファイルシステムへは移動できません", en: "cannot move across file systems" },
  EPIPE: { ja: "出力先が閉じられました", en: "the reader closed the pipe" },
  ENOMEM: { ja: "メモリが足りません", en: "out of memory" },
  EAGAIN: { ja: "資源が一時的に足りません", en: "resource temporarily unavailable" },
};

export interface FailureReport {
  /** The text for stderr, lines ended. */
  text: string;
  exitCode: number;
}

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/** The known environment fault an error stands for, if it is one. */
export function environmentCause(error: unknown): Localized | undefined {
  if (!isErrno(error)) return undefined;
  return CAUSES[error.code as string];
}

export function describeFailure(error: unknown, lang: Lang, debug: boolean): FailureReport {
  const ja = lang === "ja";
  const cause = environmentCause(error);
  if (cause && isErrno(error)) {
    const where = [error.path, (error as { dest?: unknown }).dest]
      .filter((p): p is string => typeof p === "string" && p !== "")
      .join(" → ");
    const what = error.syscall ? ` ${error.syscall}` : "";
    const head = where ? `${where}: ` : "";
    const text = `hyoka: ${head}${cause[lang]} (${error.code}${what})\n`;
    return { text: debug && error.stack ? `${text}${error.stack}\n` : text, exitCode: EXIT_ENVIRONMENT };
  }
  const message = error instanceof Error ? error.message : String(error);
  const line = ja
    ? `hyoka: 内部エラー(hyoka の不具合です): ${message}\n  お手数ですが、実行したコマンドとこのメッセージを報告してください(HYOKA_DEBUG=1 で詳細を表示します)\n`
    : `hyoka: internal error (a bug in hyoka): ${message}\n  please report it with the command you ran and this message (HYOKA_DEBUG=1 shows the details)\n`;
  const stack = debug && error instanceof Error && error.stack ? `${error.stack}\n` : "";
  return { text: `${line}${stack}`, exitCode: EXIT_BUG };
}
