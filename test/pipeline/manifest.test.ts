/**
 * The manifest: checkpoints a running build writes (driven by hand here: no test waits on a timer), and the
 * manifest read as untrusted input (a CI cache or artifact can bring back anything).
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/pipeline/fingerprint.js";
import {
  emptyManifest,
  inputKey,
  isSafeRelPath,
  keepsOutputs,
  MANIFEST_PATH,
  ManifestCheckpoints,
  outputIntact,
  parseManifest,
  readManifest,
  recordedFile,
  recordResult,
  removeRecorded,
  writeManifest,
} from "../../src/pipeline/manifest.js";
import type { SheetResult } from "../../src/pipeline/process-sheet.js";
import { tempDir } from "../helpers.js";

/** No checkpoint fires by itself within a test: they are called by hand. */
const NEVER = 2_000_000_000;

function built(code: string): SheetResult {
  return {
    file: `${code}.json`,
    status: "built",
    inputHash: "a".repeat(64),
    identity: { formId: "sheet-1", year: 2013, code, title: code, author: "", groups: [] },
    outputs: [{ path: `2013/${code}.pdf`, sha256: "0".repeat(64), bytes: 1 }],
    diagnostics: [{ severity: "warning", code: "page-budget", file: `${code}.json`, message: "長い" }],
    timings: {},
    durationMs: 1,
  };
}

function onDisk(outDir: string): { entries: { input: string }[] } | undefined {
  const file = path.join(outDir, MANIFEST_PATH);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

const keys = (outDir: string) => onDisk(outDir)?.entries.map((e) => e.input);

describe("ManifestCheckpoints", () => {
  it("writes what was recorded, and nothing when nothing changed", async () => {
    const outDir = tempDir();
    const checkpoints = new ManifestCheckpoints(outDir, emptyManifest(), "ja", NEVER);
    try {
      await checkpoints.checkpoint();
      expect(onDisk(outDir)).toBeUndefined();
      checkpoints.record("../data/kept.json", built("kept"));
      checkpoints.record("../data/a.json", built("a"));
      await checkpoints.checkpoint();
      expect(keys(outDir)).toEqual(["../data/a.json", "../data/kept.json"]);
      checkpoints.record("../data/a.json", { ...built("a"), status: "failed" });
      await checkpoints.checkpoint();
      expect(keys(outDir)).toEqual(["../data/kept.json"]);
    } finally {
      await checkpoints.stop();
    }
  });

  it("writes nothing more once stopped, so the build's final write is the last", async () => {
    const outDir = tempDir();
    const checkpoints = new ManifestCheckpoints(outDir, emptyManifest(), "ja", NEVER);
    checkpoints.record("a.json", built("a"));
    await checkpoints.checkpoint();
    await checkpoints.stop();
    checkpoints.record("b.json", built("b"));
    await checkpoints.checkpoint();
    expect(keys(outDir)).toEqual(["a.json"]);
  });

  it("keeps a sheet's warnings, without the file name, to say them again when it is skipped", async () => {
    const outDir = tempDir();
    const manifest = emptyManifest();
    const checkpoints = new ManifestCheckpoints(outDir, manifest, "ja", NEVER);
    checkpoints.record("a.json", built("a"));
    await checkpoints.stop();
    expect(manifest.entries.get("a.json")?.warnings).toEqual([{ code: "page-budget", message: "長い" }]);
  });
});

describe("manifest keys", () => {
  it("are the input's real path relative to the output folder's, whatever the working folder", () => {
    expect(inputKey("/p/out", "/p/data/2013/a.json")).toBe("../data/2013/a.json");
    expect(inputKey("/p/out", "/p/out-data/a.json")).toBe("../out-data/a.json");
  });

  it("are kept as written, even when they are named like JavaScript built-ins", async () => {
    const outDir = tempDir();
    const manifest = emptyManifest();
    const checkpoints = new ManifestCheckpoints(outDir, manifest, "ja", NEVER);
    checkpoints.record("__proto__", built("a"));
    checkpoints.record("constructor", built("b"));
    await checkpoints.stop();
    await writeManifest(outDir, manifest);
    const read = await readManifest(outDir);
    expect(read.problems).toEqual([]);
    expect([...read.manifest.entries.keys()].sort()).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe("the manifest read as untrusted input", () => {
  const entry = (over: Record<string, unknown> = {}) => ({
    input: "../data/a.json",
    inputHash: "a".repeat(64),
    lang: "ja",
    year: 2013,
    code: "a",
    outputs: [{ path: "2013/a.pdf", sha256: "0".repeat(64), bytes: 1 }],
    warnings: [],
    ...over,
  });
  const write = (outDir: string, body: unknown) => {
    mkdirSync(path.join(outDir, ".hyoka"), { recursive: true });
    writeFileSync(path.join(outDir, MANIFEST_PATH), typeof body === "string" ? body : JSON.stringify(body));
  };

  it.each([
    ["an absolute path", "/etc/passwd"],
    ["a climb out of the folder", "../../etc/passwd"],
    ["a climb hidden in the middle", "2013/../../x.pdf"],
    ["another sheet's name", "2013/b.pdf"],
    ["the manifest itself", ".hyoka/manifest.json"],
    ["a backslash", "2013\\a.pdf"],
  ])("drops an entry whose output is %s, with a warning", async (_what, bad) => {
    const outDir = tempDir();
    write(outDir, {
      version: 2,
      entries: [entry({ outputs: [{ path: bad, sha256: "0".repeat(64), bytes: 1 }] })],
      yearOutputs: [],
    });
    const read = await readManifest(outDir);
    expect(read.manifest.entries.size).toBe(0);
    expect(read.problems[0]?.ja).toContain("無視します");
  });

  it("keeps good entries beside a bad one", async () => {
    const outDir = tempDir();
    write(outDir, { version: 2, entries: [entry(), entry({ input: "x", year: "2013" })], yearOutputs: [] });
    const read = await readManifest(outDir);
    expect([...read.manifest.entries.keys()]).toEqual(["../data/a.json"]);
    expect(read.problems).toHaveLength(1);
  });

  it("drops a year output that is not a year's summary", async () => {
    const outDir = tempDir();
    write(outDir, {
      version: 2,
      entries: [],
      yearOutputs: [
        { path: "2013/summary.xlsx", sha256: "0".repeat(64), bytes: 1 },
        { path: "../summary.xlsx", sha256: "0".repeat(64), bytes: 1 },
        { path: "report.json", sha256: "0".repeat(64), bytes: 1 },
      ],
    });
    const read = await readManifest(outDir);
    expect([...read.manifest.yearOutputs.keys()]).toEqual(["2013/summary.xlsx"]);
    expect(read.problems).toHaveLength(2);
  });

  it.each([
    ["not JSON", "{ nope"],
    ["an unknown format", JSON.stringify({ version: 3, entries: [] })],
    ["an array", "[]"],
    ["null", "null"],
    ["entries as an object", JSON.stringify({ version: 2, entries: {}, yearOutputs: [] })],
  ])("sets aside a manifest that is %s, and starts afresh", async (_what, body) => {
    const outDir = tempDir();
    write(outDir, body);
    const read = await readManifest(outDir);
    expect(read.manifest.entries.size).toBe(0);
    expect(read.problems[0]?.ja).toContain("退避");
    expect(existsSync(path.join(outDir, `${MANIFEST_PATH}.invalid`))).toBe(true);
    expect(existsSync(path.join(outDir, MANIFEST_PATH))).toBe(false);
  });

  it("does not follow a manifest that is a link", async () => {
    const outDir = tempDir();
    const elsewhere = path.join(tempDir(), "m.json");
    writeFileSync(elsewhere, JSON.stringify({ version: 2, entries: [entry()], yearOutputs: [] }));
    mkdirSync(path.join(outDir, ".hyoka"));
    symlinkSync(elsewhere, path.join(outDir, MANIFEST_PATH));
    const read = await readManifest(outDir);
    expect(read.manifest.entries.size).toBe(0);
    expect(read.problems[0]?.en).toContain("not a regular file");
  });
});

describe("recorded outputs on disk", () => {
  it("are reached only as regular files under the folder, never through a link", () => {
    const outDir = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(outside, "secret.pdf"), "secret");
    mkdirSync(path.join(outDir, "2013"));
    symlinkSync(path.join(outside, "secret.pdf"), path.join(outDir, "2013/a.pdf"));
    symlinkSync(outside, path.join(outDir, "2014"));
    writeFileSync(path.join(outDir, "2013/b.pdf"), "b");
    expect(recordedFile(outDir, "2013/a.pdf")).toBeUndefined();
    expect(recordedFile(outDir, "2014/secret.pdf")).toBeUndefined();
    expect(recordedFile(outDir, "2013/b.pdf")).toBe(path.join(outDir, "2013/b.pdf"));
    const record = { path: "2014/secret.pdf", sha256: sha256("secret"), bytes: 6 };
    expect(outputIntact(outDir, record)).toBe(false);
    expect(removeRecorded(outDir, record)).toBe("missing");
    expect(readFileSync(path.join(outside, "secret.pdf"), "utf8")).toBe("secret");
  });

  it("are removed only with the bytes hyoka recorded", () => {
    const outDir = tempDir();
    mkdirSync(path.join(outDir, "2013"));
    writeFileSync(path.join(outDir, "2013/a.pdf"), "edited by hand");
    expect(removeRecorded(outDir, { path: "2013/a.pdf", sha256: sha256("hyoka's"), bytes: 7 })).toBe(
      "changed",
    );
    expect(existsSync(path.join(outDir, "2013/a.pdf"))).toBe(true);
    writeFileSync(path.join(outDir, "2013/a.pdf"), "hyoka's");
    expect(removeRecorded(outDir, { path: "2013/a.pdf", sha256: sha256("hyoka's"), bytes: 7 })).toBe(
      "removed",
    );
    expect(existsSync(path.join(outDir, "2013/a.pdf"))).toBe(false);
  });

  it("have plain relative names", () => {
    for (const good of ["2013/a.pdf", "2013/summary.xlsx"]) expect(isSafeRelPath(good)).toBe(true);
    for (const bad of ["", "/a", "../a", "a/../b", "a//b", ".hyoka/manifest.json", "a\\b", "a\0b", "2013/"])
      expect(isSafeRelPath(bad)).toBe(false);
  });
});

describe("what a failed sheet keeps", () => {
  const failed = (code: string, outputs: SheetResult["outputs"] = []): SheetResult => ({
    ...built("a"),
    status: "failed",
    outputs,
    diagnostics: [{ severity: "error", code, file: "a.json", message: "x" }],
  });

  it("forgets a sheet that failed on its data, keeps one stopped by a limit, a crash or a failed write", () => {
    for (const code of ["schema", "glyph-missing", "duplicate-sheet"]) {
      const manifest = emptyManifest();
      recordResult(manifest, "a.json", built("a"), "ja");
      recordResult(manifest, "a.json", failed(code), "ja");
      expect(manifest.entries.has("a.json"), code).toBe(false);
      expect(keepsOutputs(failed(code)), code).toBe(false);
    }
    for (const code of [
      "timeout",
      "out-of-memory",
      "worker-crashed",
      "internal",
      "render-failed",
      "write-failed",
    ]) {
      const manifest = emptyManifest();
      recordResult(manifest, "a.json", built("a"), "ja");
      recordResult(manifest, "a.json", failed(code), "ja");
      expect(manifest.entries.get("a.json")?.outputs, code).toEqual(built("a").outputs);
      expect(keepsOutputs(failed(code)), code).toBe(true);
    }
  });

  it("records what a half-failed write did write, and is built again next time", () => {
    const manifest = emptyManifest();
    recordResult(manifest, "a.json", built("a"), "ja");
    const xlsx = { path: "2013/a.xlsx", sha256: "1".repeat(64), bytes: 2 };
    recordResult(manifest, "a.json", failed("write-failed", [xlsx]), "ja");
    const entry = manifest.entries.get("a.json");
    expect(entry?.outputs.map((o) => o.path).sort()).toEqual(["2013/a.pdf", "2013/a.xlsx"]);
    expect(entry?.inputHash).not.toBe(built("a").inputHash);
  });
});

describe("a manifest with many bad records", () => {
  it("says the first 20 and counts the rest", () => {
    const read = parseManifest(Array(100_000).fill(0), Array(10).fill(0));
    expect(read.problems).toHaveLength(21);
    expect(read.problems[20]?.ja).toContain("ほかに無視した記録 99990 件");
  });
});
