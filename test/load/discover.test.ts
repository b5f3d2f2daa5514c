import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discover } from "../../src/load/discover.js";
import { tempDir } from "../helpers.js";

function tree(): string {
  const root = tempDir();
  mkdirSync(path.join(root, "data/2013"), { recursive: true });
  mkdirSync(path.join(root, "data/.hidden"), { recursive: true });
  mkdirSync(path.join(root, "outside"));
  for (const f of [
    "data/2013/b.json",
    "data/2013/a.json",
    "data/2012.json",
    "data/.hidden/h.json",
    "data/2013/.x.json",
  ])
    writeFileSync(path.join(root, f), "{}");
  writeFileSync(path.join(root, "data/2013/C.JSON"), "{}");
  writeFileSync(path.join(root, "outside/secret.json"), "{}");
  symlinkSync("../../outside/secret.json", path.join(root, "data/2013/link-out.json"));
  symlinkSync("a.json", path.join(root, "data/2013/link-in.json"));
  return root;
}

describe("discover", () => {
  it("returns matching files sorted and says what it skipped and why", async () => {
    const root = tree();
    const found = await discover(["data/**/*.json"], root);
    expect(found.files).toEqual(["data/2012.json", "data/2013/a.json", "data/2013/b.json"]);
    const skipped = Object.fromEntries(found.skipped.map((s) => [s.file, s.reason.en]));
    expect(skipped["data/2013/link-out.json"]).toContain("outside");
    expect(skipped["data/2013/link-in.json"]).toContain("symbolic link");
    expect(skipped["data/.hidden/h.json"]).toContain("dot");
    expect(skipped["data/2013/.x.json"]).toContain("dot");
    expect(skipped["data/2013/C.JSON"]).toContain("lower-case");
    expect(found.errors).toEqual([]);
  });

  it("reports a pattern that matches nothing as an error", async () => {
    const root = tree();
    const found = await discover(["data/2099/*.json"], root);
    expect(found.files).toEqual([]);
    expect(found.errors[0]?.reason.ja).toContain("一致するファイルがありません");
  });

  it("refuses an explicitly named symbolic link", async () => {
    const root = tree();
    const found = await discover(["data/2013/link-out.json"], root);
    expect(found.files).toEqual([]);
    expect(found.errors[0]?.reason.en).toContain("symbolic link");
  });

  it("passes explicit paths through, each once", async () => {
    const root = tree();
    const found = await discover(["data/2013/b.json", "data/2013/*.json"], root);
    expect(found.files).toEqual(["data/2013/a.json", "data/2013/b.json"]);
  });
});
