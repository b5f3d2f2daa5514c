/** What hyoka knows it wrote: the manifest and the ledger, read as untrusted; a file it did not write stands. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/pipeline/fingerprint.js";
import { emptyManifest } from "../../src/pipeline/manifest.js";
import { LEDGER_PATH, Ownership } from "../../src/pipeline/ownership.js";
import { tempDir } from "../helpers.js";

function out(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, ".hyoka"));
  mkdirSync(path.join(dir, "2013"));
  return dir;
}

const line = (rel: string, text: string) => `${sha256(text)} ${Buffer.byteLength(text)} ${rel}\n`;

describe("Ownership", () => {
  it("knows nothing, a file it recorded, and a file it did not write apart", () => {
    const dir = out();
    writeFileSync(path.join(dir, "2013/a.pdf"), "hyoka's");
    writeFileSync(path.join(dir, "2013/b.pdf"), "someone's");
    writeFileSync(path.join(dir, LEDGER_PATH), line("2013/a.pdf", "hyoka's"));
    const o = Ownership.open(dir, emptyManifest());
    expect(o.standing("2013/a.pdf")).toBe("ours");
    expect(o.standing("2013/b.pdf")).toBe("foreign");
    expect(o.standing("2013/c.pdf")).toBe("nothing");
    expect(o.refuse("2013/b.pdf")?.ja).toContain("上書きしません");
  });

  it("ignores ledger lines naming paths hyoka never writes, and garbage", () => {
    const dir = out();
    writeFileSync(path.join(dir, "notes.txt"), "x");
    writeFileSync(path.join(dir, ".hyoka/manifest.json"), "x");
    writeFileSync(
      path.join(dir, LEDGER_PATH),
      `${line("notes.txt", "x")}${line(".hyoka/manifest.json", "x")}${line("../x.pdf", "x")}garbage\n\0\n`,
    );
    const o = Ownership.open(dir, emptyManifest());
    expect(o.standing("notes.txt")).toBe("foreign");
  });

  it("does not read a ledger that is a link", () => {
    const dir = out();
    const elsewhere = path.join(tempDir(), "ledger");
    writeFileSync(elsewhere, line("2013/a.pdf", "x"));
    symlinkSync(elsewhere, path.join(dir, LEDGER_PATH));
    writeFileSync(path.join(dir, "2013/a.pdf"), "x");
    const o = Ownership.open(dir, emptyManifest());
    expect(o.standing("2013/a.pdf")).toBe("foreign");
    o.note([{ path: "2013/a.pdf", sha256: sha256("y"), bytes: 1 }]);
    expect(readFileSync(elsewhere, "utf8")).toBe(line("2013/a.pdf", "x"));
  });

  it("notes a file before it is written, and settles to what the manifest records", async () => {
    const dir = out();
    const o = Ownership.open(dir, emptyManifest());
    o.note([{ path: "2013/a.pdf", sha256: sha256("new"), bytes: 3 }]);
    expect(readFileSync(path.join(dir, LEDGER_PATH), "utf8")).toBe(line("2013/a.pdf", "new"));
    // A killed command's note is found by the next one.
    writeFileSync(path.join(dir, "2013/a.pdf"), "new");
    expect(Ownership.open(dir, emptyManifest()).standing("2013/a.pdf")).toBe("ours");
    const manifest = emptyManifest();
    manifest.yearOutputs.set("2013/summary.xlsx", {
      path: "2013/summary.xlsx",
      sha256: sha256("s"),
      bytes: 1,
    });
    await o.settle(manifest);
    expect(readFileSync(path.join(dir, LEDGER_PATH), "utf8")).toBe(line("2013/summary.xlsx", "s"));
  });
});
