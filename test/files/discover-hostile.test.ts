/** discover on trees and patterns meant to trip it: special files, linked folders, odd names, huge searches. */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discover } from "../../src/load/discover.js";
import { ROOT, tempDir } from "../helpers.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) {
    chmodTree(root);
    rmSync(root, { recursive: true, force: true });
  }
});

/** Gives back permissions a test took away, so the folder can be removed. */
function chmodTree(root: string): void {
  try {
    execFileSync("chmod", ["-R", "u+rwx", root], { stdio: "ignore" });
  } catch {
    // nothing to give back
  }
}

function project(files: Record<string, string> = {}): string {
  const root = tempDir("hyoka-hostile-");
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function reasons(list: readonly { file: string; reason: { en: string } }[]): Map<string, string> {
  return new Map(list.map((s) => [s.file, s.reason.en]));
}

function hasMkfifo(): boolean {
  try {
    execFileSync("mkfifo", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("files that are not regular", () => {
  it.skipIf(!hasMkfifo())(
    "skips a FIFO a pattern matches, and refuses one named, each with the reason",
    async () => {
      const root = project({ "data/a.json": "{}" });
      execFileSync("mkfifo", [path.join(root, "data/pipe.json")]);
      const found = await discover(["data/*.json"], root);
      expect(found.files).toEqual(["data/a.json"]);
      expect(reasons(found.skipped).get("data/pipe.json")).toContain("named pipe");
      const named = await discover(["data/pipe.json"], root);
      expect(named.files).toEqual([]);
      expect(named.errors).toMatchObject([{ file: "data/pipe.json", code: "read-fifo" }]);
    },
  );

  it("skips a socket a pattern matches, and refuses one named", async () => {
    const root = project({ "data/a.json": "{}" });
    const server = net.createServer();
    const socket = path.join(root, "data/sock.json");
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const found = await discover(["data/*.json"], root);
      expect(found.files).toEqual(["data/a.json"]);
      expect(reasons(found.skipped).get("data/sock.json")).toContain("socket");
      const named = await discover(["data/sock.json"], root);
      expect(named.errors).toMatchObject([{ file: "data/sock.json", code: "read-socket" }]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("refuses a named device without opening it, and leaves a named folder to the reader", async () => {
    const root = project({ "data/a.json": "{}" });
    const found = await discover(["/dev/null", "data"], root);
    expect(found.errors).toMatchObject([{ file: "/dev/null", code: "read-device" }]);
    expect(found.errors[0]?.reason.en).toContain("device");
    // The reader says "this is a directory" as a diagnostic of that file (test/cli/validate.test.ts).
    expect(found.files).toEqual(["data"]);
  });
});

describe("linked folders", () => {
  it("does not search a folder reached through a link, and says so", async () => {
    const root = project({
      "data/2013/a.json": "{}",
      "elsewhere/secret.json": "{}",
      "data/inner/b.json": "{}",
    });
    symlinkSync("../../elsewhere", path.join(root, "data/2013/linked"));
    symlinkSync("inner", path.join(root, "data/linked-in"));
    const found = await discover(["data/**/*.json"], root);
    expect(found.files).toEqual(["data/2013/a.json", "data/inner/b.json"]);
    const skipped = reasons(found.skipped);
    expect(skipped.get("data/2013/linked")).toContain("symbolic link");
    expect(skipped.get("data/linked-in")).toContain("symbolic link");
    expect(found.files.some((f) => f.includes("secret") || f.includes("linked"))).toBe(false);
  });

  it("says nothing of a linked folder the pattern would not have entered anyway", async () => {
    const root = project({ "data/2013/a.json": "{}", "elsewhere/secret.json": "{}" });
    symlinkSync("../../elsewhere", path.join(root, "data/2013/linked"));
    const found = await discover(["data/2013/*.json"], root);
    expect(found.files).toEqual(["data/2013/a.json"]);
    expect(found.skipped).toEqual([]);
  });

  it("refuses a pattern whose folder is a link, or lies under one", async () => {
    const root = project({ "elsewhere/2013/secret.json": "{}" });
    symlinkSync("elsewhere", path.join(root, "data"));
    for (const pattern of ["data/**/*.json", "data/2013/*.json"]) {
      const found = await discover([pattern], root);
      expect(found.files).toEqual([]);
      expect(found.errors[0]?.reason.en).toContain("symbolic link");
      expect(found.errors[0]?.code).toBe("discover-link");
    }
  });
});

describe("names", () => {
  it("skips a file whose name is not valid UTF-8, with the reason, and reads the rest", async () => {
    const root = project({ "data/a.json": "{}" });
    writeFileSync(Buffer.from(path.join(root, "data/b\xff.json"), "latin1"), "{}");
    mkdirSync(Buffer.from(path.join(root, "data/d\xfe"), "latin1"));
    writeFileSync(Buffer.from(path.join(root, "data/d\xfe/c.json"), "latin1"), "{}");
    const found = await discover(["data/**/*.json"], root);
    expect(found.files).toEqual(["data/a.json"]);
    const skipped = reasons(found.skipped);
    expect(skipped.get("data/b\uFFFD.json")).toContain("not valid UTF-8");
    expect(skipped.get("data/d\uFFFD")).toContain("not valid UTF-8");
    expect(found.errors).toEqual([]);
  });

  it("reads a file whose name really holds U+FFFD", async () => {
    const root = project({ "data/a\uFFFD.json": "{}" });
    const found = await discover(["data/*.json"], root);
    expect(found.files).toEqual(["data/a\uFFFD.json"]);
  });

  it("takes files named like JavaScript built-ins as any other", async () => {
    const names = ["constructor", "__proto__", "hasOwnProperty", "toString", "valueOf", "prototype"];
    const root = project(Object.fromEntries(names.map((n) => [`data/${n}.json`, "{}"])));
    for (const n of names) symlinkSync(`${n}.json`, path.join(root, `data/${n}-link.json`));
    const found = await discover(["data/*.json", ...names.map((n) => `data/${n}.json`)], root);
    expect(found.files).toEqual(names.map((n) => `data/${n}.json`).sort());
    expect(found.skipped.map((s) => s.file).sort()).toEqual(
      [...names.map((n) => `data/${n}-link.json`), ...names.map((n) => `data/${n}.json`)].sort(),
    );
    expect(found.errors).toEqual([]);
  });
});

describe("the same file named twice", () => {
  it("reads it once, and says so", async () => {
    const root = project({ "data/a.json": "{}", "data/b.json": "{}" });
    const found = await discover(
      [
        "data/a.json",
        "./data/a.json",
        "data/../data/a.json",
        path.join(root, "data/a.json"),
        "data/*.json",
        "data/*",
      ],
      root,
    );
    expect(found.files).toEqual(["data/a.json", "data/b.json"]);
    const skipped = reasons(found.skipped);
    expect(skipped.get(path.join(root, "data/a.json"))).toContain("the same file as data/a.json");
    expect(found.skipped.every((s) => s.code === "discover-duplicate")).toBe(true);
    expect(found.errors).toEqual([]);
  });

  it("reads a file with two names (a hard link) once", async () => {
    const root = project({ "data/a.json": "{}" });
    execFileSync("ln", [path.join(root, "data/a.json"), path.join(root, "data/b.json")]);
    const found = await discover(["data/*.json"], root);
    expect(found.files).toEqual(["data/a.json"]);
    expect(reasons(found.skipped).get("data/b.json")).toContain("the same file as data/a.json");
  });
});

describe("searches too wide or too big", () => {
  it("refuses a pattern from the root, the home folder, or above the working folder", async () => {
    const root = project({ "work/data/a.json": "{}", "work/other.json": "{}" });
    const cwd = path.join(root, "work");
    const home = root;
    for (const pattern of [
      "/**/*.json",
      "/*.json",
      `${home}/**/*.json`,
      "../**/*.json",
      "../../*/**/*.json",
    ]) {
      const found = await discover([pattern], cwd, { home });
      expect(found.files, pattern).toEqual([]);
      expect(found.errors[0]?.code, pattern).toBe("discover-too-wide");
      expect(found.errors[0]?.reason.ja, pattern).toContain("使えません");
    }
    // What stays allowed: the working folder itself, a folder below it, a sibling named, one level up.
    const ok = await discover(
      ["**/*.json", "data/**/*.json", "../work/data/*.json", "../*/other.json"],
      cwd,
      {
        home,
      },
    );
    expect(ok.errors).toEqual([]);
    expect(ok.files).toEqual(["data/a.json", "other.json"]);
    expect(ok.skipped.map((s) => [s.file, s.code])).toEqual([
      ["../work/data/a.json", "discover-duplicate"],
      ["../work/other.json", "discover-duplicate"],
      ["data/a.json", "discover-duplicate"], // matched by the first two patterns
    ]);
  });

  it("does not search deeper than the depth limit, and says where it stopped", async () => {
    const root = project({
      "data/1/a.json": "{}",
      "data/1/2/b.json": "{}",
      "data/1/2/4/d.json": "{}",
      "data/1/2/3/c.json": "{}",
    });
    const found = await discover(["data/**/*.json"], root, { maxDepth: 2 });
    expect(found.files).toEqual(["data/1/2/b.json", "data/1/a.json"]);
    expect(found.skipped).toMatchObject([{ file: "data/1/2/3", code: "discover-too-deep" }]);
    expect(found.skipped[0]?.reason.en).toBe("folders more than 2 levels deep are not searched (and 1 more)");
  });

  it("stops a search past the entry limit and refuses the pattern", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`data/${i % 3}/${i}.json`] = "{}";
    const root = project(files);
    const found = await discover(["data/**/*.json", "data/0/0.json"], root, { maxEntries: 20 });
    expect(found.files).toEqual(["data/0/0.json"]);
    expect(found.errors).toMatchObject([{ file: "data/**/*.json", code: "discover-too-many" }]);
    expect(found.errors[0]?.reason.en).toContain("over 20");
  });
});

describe("a folder that cannot be read", () => {
  const asRoot = process.getuid?.() === 0;

  it.skipIf(asRoot)("is named in a discovery error, and the rest is still found", async () => {
    const root = project({ "data/ok/a.json": "{}", "data/locked/b.json": "{}" });
    chmodSync(path.join(root, "data/locked"), 0o000);
    const found = await discover(["data/**/*.json"], root);
    expect(found.files).toEqual(["data/ok/a.json"]);
    expect(found.errors).toMatchObject([{ file: "data/locked", code: "discover-folder-unreadable" }]);
    expect(found.errors[0]?.reason.en).toContain("permission denied");
  });

  // As root, chmod denies nothing; the CLI is run as the unprivileged user `nobody` instead.
  it.skipIf(!asRoot)("is named in a discovery error, and the rest is still found (as nobody)", () => {
    const root = project({ "data/ok/a.json": "{}", "data/locked/b.json": "{}" });
    execFileSync("chmod", ["-R", "a+rX", root]);
    chmodSync(path.join(root, "data/locked"), 0o000);
    const script = `import { discover } from ${JSON.stringify(path.join(ROOT, "dist/src/load/discover.js"))};
      process.stdout.write(JSON.stringify(await discover(["data/**/*.json"])));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      uid: 65534,
      gid: 65534,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const found = JSON.parse(run.stdout);
    expect(found.files).toEqual(["data/ok/a.json"]);
    expect(found.errors).toMatchObject([{ file: "data/locked", code: "discover-folder-unreadable" }]);
  });
});
