/**
 * A file that grows between the moment its size is taken and the read is read no further than the limit. The
 * growth is simulated: node:fs reports a small size for the one large file this test makes.
 */
import { rmSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { readSource } from "../../src/load/read-source.js";
import { tempDir } from "../helpers.js";

const HUGE = 300 * 1024 * 1024;

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const shrink = <T extends { size: number | bigint }>(stats: T): T =>
    stats.size === HUGE ? Object.create(stats, { size: { value: 10 } }) : stats;
  const mocked = {
    ...fs,
    statSync: ((...args: Parameters<typeof fs.statSync>) => {
      const stats = fs.statSync(...args);
      return stats ? shrink(stats) : stats;
    }) as typeof fs.statSync,
    fstatSync: (...args: Parameters<typeof fs.fstatSync>) => shrink(fs.fstatSync(...args)),
  };
  return { ...mocked, default: mocked };
});

describe("a file that grew after its size was taken", () => {
  const dir = tempDir("hyoka-grown-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is refused after reading at most the limit and one byte", async () => {
    const file = path.join(dir, "grown.json");
    writeFileSync(file, "");
    truncateSync(file, HUGE);
    const before = process.memoryUsage().rss;
    const r = await readSource(file);
    const grown = process.memoryUsage().rss - before;
    expect(!r.ok && r.code).toBe("read-too-large");
    expect(!r.ok && r.message.en).toContain("at least");
    expect(grown).toBeLessThan(100 * 1024 * 1024);
  });
});
