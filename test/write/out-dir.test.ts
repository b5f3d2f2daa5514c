/** checkOutDir: each rule an output folder must pass, directly and through symbolic links. */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discover } from "../../src/load/discover.js";
import { checkOutDir, lockWaitMs, type OutDirCheck } from "../../src/write/out-dir.js";
import { tempDir } from "../helpers.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A working folder with `data/2013/a.json`; its real path (the temp folder may be behind a link). */
function project(): string {
  const dir = realpathSync(tempDir("hyoka-outdir-"));
  made.push(dir);
  mkdirSync(path.join(dir, "data/2013"), { recursive: true });
  writeFileSync(path.join(dir, "data/2013/a.json"), "{}");
  return dir;
}

async function check(dir: string, out: string, patterns = ["data/**/*.json"]): Promise<OutDirCheck> {
  const found = await discover(patterns, dir);
  return checkOutDir(out, found, dir);
}

function problem(result: OutDirCheck): string {
  return result.ok ? "ok" : result.code;
}

describe("checkOutDir", () => {
  it("accepts a new folder beside the data, creates it, and gives its real path", async () => {
    const dir = project();
    const result = await check(dir, "out/nested");
    expect(result).toEqual({ ok: true, root: path.join(dir, "out/nested") });
    expect(existsSync(path.join(dir, "out/nested"))).toBe(true);
  });

  it("gives the real path of a folder reached through a link", async () => {
    const dir = project();
    const elsewhere = realpathSync(tempDir());
    made.push(elsewhere);
    symlinkSync(elsewhere, path.join(dir, "linked"));
    expect(await check(dir, "linked")).toEqual({ ok: true, root: elsewhere });
    expect(await check(dir, "linked/sub")).toEqual({ ok: true, root: path.join(elsewhere, "sub") });
  });

  it("refuses an empty --out", async () => {
    const result = await check(project(), "");
    expect(problem(result)).toBe("empty");
    expect(result.ok || result.message.ja).toContain("--out が空です");
    expect(result.ok || result.message.en).toContain("--out is empty");
  });

  it("refuses the root of the file system, named or through a link, and creates nothing", async () => {
    const dir = project();
    expect(problem(await check(dir, "/"))).toBe("root");
    expect(problem(await check(dir, "/.."))).toBe("root");
    symlinkSync("/", path.join(dir, "to-root"));
    const result = await check(dir, "to-root");
    expect(problem(result)).toBe("root");
    expect(result.ok || result.message.ja).toContain("ファイルシステムのルート");
    expect(result.ok || result.message.en).toContain("root of the file system");
  });

  it("refuses a file, a FIFO, a link to a file, and a folder under a file", async () => {
    const dir = project();
    writeFileSync(path.join(dir, "a-file"), "x");
    expect(problem(await check(dir, "a-file"))).toBe("not-a-folder");
    symlinkSync(path.join(dir, "a-file"), path.join(dir, "to-file"));
    expect(problem(await check(dir, "to-file"))).toBe("not-a-folder");
    const under = await check(dir, "a-file/out");
    expect(problem(under)).toBe("not-a-folder");
    expect(under.ok || under.message.ja).toBe(
      "--out a-file/out は使えません: a-file はフォルダではありません",
    );
    expect(readFileSync(path.join(dir, "a-file"), "utf8")).toBe("x");
    if (process.platform !== "win32") {
      execFileSync("mkfifo", [path.join(dir, "fifo")]);
      expect(problem(await check(dir, "fifo"))).toBe("not-a-folder");
    }
  });

  it("refuses a link to nothing (and a folder under it) without creating its target", async () => {
    const dir = project();
    symlinkSync(path.join(dir, "missing"), path.join(dir, "dangling"));
    const result = await check(dir, "dangling");
    expect(problem(result)).toBe("dangling-link");
    expect(result.ok || result.message.en).toContain("dangling is a symbolic link to nothing");
    expect(problem(await check(dir, "dangling/sub"))).toBe("dangling-link");
    expect(existsSync(path.join(dir, "missing"))).toBe(false);
  });

  it("refuses a loop of links", async () => {
    const dir = project();
    symlinkSync(path.join(dir, "b"), path.join(dir, "a"));
    symlinkSync(path.join(dir, "a"), path.join(dir, "b"));
    expect(problem(await check(dir, "a"))).toBe("link-loop");
    expect(problem(await check(dir, "a/sub"))).toBe("link-loop");
  });

  it("refuses a folder that holds the inputs: the working folder, a parent, directly or through a link", async () => {
    const dir = project();
    expect(problem(await check(dir, "."))).toBe("holds-inputs");
    expect(problem(await check(dir, "data"))).toBe("holds-inputs");
    expect(problem(await check(dir, path.dirname(dir)))).toBe("holds-inputs");
    symlinkSync(path.join(dir, "data"), path.join(dir, "to-data"));
    const result = await check(dir, "to-data");
    expect(problem(result)).toBe("holds-inputs");
    expect(result.ok || result.message.ja).toContain("入力 data/2013/a.json がその中にあります");
    expect(result.ok || result.message.en).toContain("it holds the input data/2013/a.json");
  });

  it("refuses a folder that holds an input named explicitly, by its real path", async () => {
    const dir = project();
    const elsewhere = realpathSync(tempDir());
    made.push(elsewhere);
    writeFileSync(path.join(elsewhere, "b.json"), "{}");
    symlinkSync(elsewhere, path.join(dir, "side"));
    // The input named through one link, the output through the real path.
    expect(problem(await check(dir, elsewhere, ["side/b.json"]))).toBe("holds-inputs");
    // An explicit file's folder is not a pattern base: a folder beside it is fine.
    expect(problem(await check(dir, path.join(dir, "out"), [path.join(elsewhere, "b.json")]))).toBe("ok");
  });

  it("refuses a folder inside (or equal to) a pattern's base, even one that matches nothing yet", async () => {
    const dir = project();
    const inside = await check(dir, "data/out");
    expect(problem(inside)).toBe("inside-inputs");
    expect(inside.ok || inside.message.ja).toContain("入力パターンの基準フォルダ data の中にあります");
    expect(inside.ok || inside.message.en).toContain(
      "it lies inside data, the base folder of an input pattern",
    );
    // A base with no data file in it yet (the pattern matches nothing) still counts.
    mkdirSync(path.join(dir, "empty"));
    expect(problem(await check(dir, "empty", ["empty/**/*.json"]))).toBe("inside-inputs");
    // Through a link to a folder inside the base.
    symlinkSync(path.join(dir, "data/2013"), path.join(dir, "to-2013"));
    expect(problem(await check(dir, "to-2013/out"))).toBe("inside-inputs");
    // A pattern whose base is the working folder: any --out inside it would be read back.
    expect(problem(await check(dir, "out", ["**/*.json"]))).toBe("inside-inputs");
    expect(existsSync(path.join(dir, "data/out"))).toBe(false);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("says when the folder cannot be created", async () => {
    const dir = project();
    const result = await checkOutDir("/proc/hyoka-cannot-be-here", { files: [] }, dir);
    if (process.platform !== "linux") return;
    expect(problem(result)).toBe("cannot-create");
    expect(result.ok || result.message.ja).toContain("出力先 /proc/hyoka-cannot-be-here を作成できません");
  });
});

describe("discover's pattern bases", () => {
  it("are the real, absolute base folders of the glob patterns, not of explicit files", async () => {
    const dir = project();
    symlinkSync(path.join(dir, "data"), path.join(dir, "via"));
    const found = await discover(["data/**/*.json", "via/2013/*.json", "data/2013/a.json"], dir);
    // A pattern whose folder is a link is refused (discover.ts), so it gives no base.
    expect(found.bases).toEqual([path.join(dir, "data")]);
    expect(found.errors.map((e) => e.file)).toEqual(["via/2013/*.json"]);
  });
});

describe("lockWaitMs", () => {
  it("reads HYOKA_LOCK_WAIT in seconds, else 10 s", () => {
    expect(lockWaitMs({ HYOKA_LOCK_WAIT: "0" })).toBe(0);
    expect(lockWaitMs({ HYOKA_LOCK_WAIT: "2.5" })).toBe(2500);
    expect(lockWaitMs({ HYOKA_LOCK_WAIT: "soon" })).toBe(10_000);
    expect(lockWaitMs({})).toBe(10_000);
  });
});
