/**
 * The progress bar never tangles with log lines (src/report/progress.ts): on a fake terminal, a warning erases
 * the bar's line, is written whole, and the bar is drawn again below it; no bar without a terminal, in CI or with
 * `--quiet`. No timers: the bar is drawn on each tick.
 */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  createProgress,
  displayWidth,
  ERASE_LINE,
  fitColumns,
  isInteractive,
  liveLine,
} from "../../src/report/progress.js";

/** A stream that says it is a terminal of `columns` columns and keeps every write. */
function fakeTty(columns = 80, isTTY = true) {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      writes.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number };
  stream.isTTY = isTTY;
  stream.columns = columns;
  return { stream, writes, text: () => writes.join("") };
}

/** What a terminal shows after `text`: \r goes to the line's start, ESC[2K erases it, \n ends it. */
function screen(text: string): string[] {
  const ERASE = "\u001b[2K";
  const lines: string[] = [""];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (text.startsWith(ERASE, i)) {
      lines[lines.length - 1] = "";
      i += ERASE.length - 1;
    } else if (ch === "\n") lines.push("");
    else if (ch !== "\r") lines[lines.length - 1] += ch;
  }
  return lines;
}

const TTY_ENV = { TERM: "xterm" };

describe("progress on a terminal", () => {
  it("a log line erases the bar, stands on its own line, and the bar is drawn again below it", () => {
    const tty = fakeTty();
    const progress = createProgress(4, "ja", { stream: tty.stream, env: TTY_ENV });
    progress.tick("data/a.json", false);
    liveLine(tty.stream).log("data/b.json:3:5: 警告 注意してください\n    ヒント: 複数行でも");
    progress.tick("data/b.json", false);
    const shown = screen(tty.text());
    expect(shown.slice(0, 2)).toEqual(["data/b.json:3:5: 警告 注意してください", "    ヒント: 複数行でも"]);
    expect(shown).toHaveLength(3);
    expect(shown[2]).toMatch(/^\[#+-+\] 2\/4 .*残り/);
    // The log line is one write: nothing can land between the erase and the line.
    expect(tty.writes).toContain(
      `${ERASE_LINE}data/b.json:3:5: 警告 注意してください\n    ヒント: 複数行でも\n${tty.writes[0]?.slice(ERASE_LINE.length)}`,
    );
  });

  it("done() erases the bar: the next line starts on a clean line", () => {
    const tty = fakeTty();
    const progress = createProgress(1, "en", { stream: tty.stream, env: TTY_ENV });
    progress.tick("a.json", false);
    progress.done();
    liveLine(tty.stream).log("built 1");
    expect(screen(tty.text())).toEqual(["built 1", ""]);
  });

  it("a write to another stream on the same terminal is made with the bar erased, then the bar is back", () => {
    const tty = fakeTty();
    const progress = createProgress(2, "en", { stream: tty.stream, env: TTY_ENV });
    progress.tick("a.json", false);
    const bar = screen(tty.text()).at(-1);
    liveLine(tty.stream).around(() => tty.stream.write("a result line\n"));
    expect(screen(tty.text())).toEqual(["a result line", bar]);
  });

  it("the bar never wraps: it is cut to the terminal's width, wide characters counted twice", () => {
    const tty = fakeTty(20);
    const progress = createProgress(10, "ja", { stream: tty.stream, env: TTY_ENV });
    progress.tick("a.json", false);
    for (const line of screen(tty.text())) expect(displayWidth(line)).toBeLessThanOrEqual(19);
    expect(displayWidth("残り")).toBe(4);
    expect(fitColumns("ab残り", 3)).toBe("ab");
  });
});

describe("no bar", () => {
  it("without a terminal, in CI, or with TERM=dumb", () => {
    expect(isInteractive(fakeTty(80, false).stream, TTY_ENV)).toBe(false);
    expect(isInteractive(fakeTty().stream, { CI: "true" })).toBe(false);
    expect(isInteractive(fakeTty().stream, { CI: "1" })).toBe(false);
    expect(isInteractive(fakeTty().stream, { TERM: "dumb" })).toBe(false);
    expect(isInteractive(fakeTty().stream, TTY_ENV)).toBe(true);
  });

  it("in CI: plain lines, no control sequences, and log lines are plain lines between them", () => {
    const tty = fakeTty();
    const progress = createProgress(2, "en", { stream: tty.stream, env: { CI: "true" } });
    progress.tick("a.json", false);
    liveLine(tty.stream).log("a warning");
    progress.tick("b.json", true);
    progress.done();
    expect(tty.text()).not.toContain("\u001b");
    expect(tty.text()).not.toContain("\r");
    const lines = tty.text().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\[1\/2\] .* a\.json$/);
    expect(lines[1]).toBe("a warning");
    expect(lines[2]).toMatch(/^\[2\/2\] .* b\.json FAILED$/);
  });

  it("with --quiet (enabled: false): nothing at all, even on a terminal", () => {
    const tty = fakeTty();
    const progress = createProgress(2, "en", { stream: tty.stream, env: TTY_ENV, enabled: false });
    progress.tick("a.json", true);
    progress.done();
    expect(tty.writes).toEqual([]);
  });
});
