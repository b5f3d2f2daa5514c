/**
 * `hyoka watch` rebuilds only the sheet whose content changed, and nothing for a save that changes nothing.
 * Each wait is for the line watch prints when a rebuild is done (an event), never a fixed time.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWatch } from "../../src/commands/watch.js";
import { seedProject, seedVariant } from "../helpers.js";

describe("hyoka watch", () => {
  const dir = seedProject();
  seedVariant(dir, "72302001");
  const stop = new AbortController();
  const lines: string[] = [];
  const waiting: { match: RegExp; resolve: (line: string) => void }[] = [];
  const said = (line: string) => {
    lines.push(line);
    for (const w of [...waiting])
      if (w.match.test(line)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
  };
  const next = (match: RegExp) => new Promise<string>((resolve) => waiting.push({ match, resolve }));
  let watching: Promise<number>;

  beforeAll(async () => {
    await new Promise<void>((resolve, reject) => {
      watching = runWatch({
        patterns: [path.join(dir, "data/**/*.json")],
        outDir: path.join(dir, "out"),
        lang: "en",
        port: 0,
        jobs: 1,
        timeoutMs: 60_000,
        memoryMb: 512,
        output: { out: said, err: said },
        signal: stop.signal,
        onReady: () => resolve(),
      });
      watching.then((code) => reject(new Error(`ended with ${code}: ${lines.join("\n")}`)));
    });
  });

  afterAll(async () => {
    stop.abort();
    expect(await watching).toBe(0);
  });

  it("rebuilds the saved sheet alone; a save without a change rebuilds nothing", async () => {
    const a = path.join(dir, "data/2013/72302000.json");
    const pdfA = path.join(dir, "out/2013/72302000.pdf");
    const pdfB = path.join(dir, "out/2013/72302001.pdf");
    const before = { a: statSync(pdfA).ino, b: statSync(pdfB).ino };

    const done = next(/^updated: /);
    writeFileSync(a, readFileSync(a, "utf8").replace('"division": "', '"division": "新'));
    expect(await done).toContain("72302000.json");
    // Each write is a new file renamed into place: a new inode for the rebuilt sheet only.
    expect(statSync(pdfA).ino).not.toBe(before.a);
    expect(statSync(pdfB).ino).toBe(before.b);

    // The same bytes again, then a real change: only the change is built (the first save gave no line).
    const after = statSync(pdfA).ino;
    const second = next(/^updated: /);
    writeFileSync(a, readFileSync(a, "utf8"));
    const b = path.join(dir, "data/2013/72302001.json");
    writeFileSync(b, readFileSync(b, "utf8").replace('"division": "', '"division": "別'));
    expect(await second).toContain("72302001.json");
    expect(statSync(pdfA).ino).toBe(after);
    expect(lines.filter((l) => l.startsWith("updated: "))).toHaveLength(2);
  });
});
