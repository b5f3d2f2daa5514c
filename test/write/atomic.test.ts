import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  OutputFolders,
  OutputPathError,
  removeStrayTemps,
  TEMP_SUFFIX,
  writeAtomic,
  writeAtomicAll,
  writeFully,
} from "../../src/write/atomic.js";
import { tempDir } from "../helpers.js";

describe("writeAtomic", () => {
  it("writes the bytes and leaves no temporary file", async () => {
    const out = tempDir();
    const bytes = Buffer.alloc(300_000, 7);
    const final = await writeAtomic(out, "2013/a.pdf", bytes);
    expect(readFileSync(final).equals(bytes)).toBe(true);
    expect(readdirSync(path.join(out, "2013"))).toEqual(["a.pdf"]);
  });

  it("replaces an existing file whole", async () => {
    const out = tempDir();
    await writeAtomic(out, "x.bin", Buffer.from("old contents"));
    await writeAtomic(out, "x.bin", Buffer.from("new"));
    expect(readFileSync(path.join(out, "x.bin"), "utf8")).toBe("new");
  });

  it("refuses paths that leave out/", async () => {
    const out = tempDir();
    await expect(writeAtomic(out, "../evil.pdf", Buffer.from("x"))).rejects.toBeInstanceOf(OutputPathError);
    await expect(writeAtomic(out, "/etc/evil.pdf", Buffer.from("x"))).rejects.toBeInstanceOf(OutputPathError);
    const elsewhere = tempDir();
    symlinkSync(elsewhere, path.join(out, "2013"));
    await expect(writeAtomic(out, "2013/a.pdf", Buffer.from("x"))).rejects.toBeInstanceOf(OutputPathError);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("treats a short write as an error", async () => {
    let stored = 0;
    const fake = {
      write: async (_b: Uint8Array, _o: number, length: number) => {
        const n = Math.min(length, 102_400 - stored);
        stored += n;
        return { bytesWritten: n, buffer: _b };
      },
    };
    await expect(writeFully(fake as never, Buffer.alloc(300_000), "x")).rejects.toThrow(/short write/);
    expect(stored).toBe(102_400);
  });

  const canMount = process.platform === "linux" && process.getuid?.() === 0 && !process.env.HYOKA_NO_MOUNT;
  it.skipIf(!canMount)(
    "fails on a really full disk and leaves neither a short file nor a temp file",
    async () => {
      const mnt = tempDir("hyoka-full-");
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], { stdio: "ignore" });
      } catch {
        return; // not permitted in this sandbox; the unit test above covers the logic
      }
      try {
        await expect(writeAtomic(mnt, "2013/a.pdf", Buffer.alloc(300_000, 1))).rejects.toThrow();
        expect(readdirSync(path.join(mnt, "2013"))).toEqual([]);
      } finally {
        execFileSync("umount", [mnt], { stdio: "ignore" });
      }
    },
  );

  it("cleans up temporary files a killed build left", async () => {
    const out = tempDir();
    mkdirSync(path.join(out, "2013"));
    writeFileSync(path.join(out, "2013", `.a.pdf.123.abcd0123${TEMP_SUFFIX}`), "partial");
    writeFileSync(path.join(out, "2013", "a.pdf"), "complete");
    expect(await removeStrayTemps(out)).toBe(1);
    expect(readdirSync(path.join(out, "2013"))).toEqual(["a.pdf"]);
  });

  it("removes only hyoka's temporary files, inside out/ alone, never through a link", async () => {
    const out = tempDir();
    const elsewhere = tempDir();
    const linkDir = tempDir();
    onTestFinished(() => {
      for (const dir of [out, elsewhere, linkDir]) rmSync(dir, { recursive: true, force: true });
    });
    const stray = `.b.pdf.77.0123abcd${TEMP_SUFFIX}`;
    writeFileSync(path.join(elsewhere, stray), "not ours to remove");
    symlinkSync(elsewhere, path.join(out, "linked"));
    symlinkSync(path.join(elsewhere, stray), path.join(out, `.c.pdf.77.0123abcd${TEMP_SUFFIX}`));
    mkdirSync(path.join(out, ".hyoka"));
    writeFileSync(path.join(out, ".hyoka/lock"), "{}");
    // Not hyoka's temporary names: a user's files that happen to end alike.
    writeFileSync(path.join(out, `notes${TEMP_SUFFIX}`), "kept");
    writeFileSync(path.join(out, `.d.pdf.77.xyz${TEMP_SUFFIX}`), "kept");
    mkdirSync(path.join(out, `.e.pdf.77.0123abcd${TEMP_SUFFIX}`));
    writeFileSync(path.join(out, `.f.pdf.77.0123abcd${TEMP_SUFFIX}`), "ours");
    expect(await removeStrayTemps(out)).toBe(1);
    expect(readdirSync(elsewhere)).toEqual([stray]);
    expect(readdirSync(out).sort()).toEqual(
      [
        `.c.pdf.77.0123abcd${TEMP_SUFFIX}`,
        `.d.pdf.77.xyz${TEMP_SUFFIX}`,
        `.e.pdf.77.0123abcd${TEMP_SUFFIX}`,
        ".hyoka",
        "linked",
        `notes${TEMP_SUFFIX}`,
      ].sort(),
    );
    expect(readdirSync(path.join(out, ".hyoka"))).toEqual(["lock"]);
    // Given a link as the root, it looks at nothing.
    const viaLink = path.join(linkDir, "out");
    symlinkSync(elsewhere, viaLink);
    expect(await removeStrayTemps(viaLink)).toBe(0);
    expect(readdirSync(elsewhere)).toEqual([stray]);
  });
});

describe("OutputFolders", () => {
  it("creates and checks a folder once, and refuses one that leads outside", async () => {
    const out = tempDir();
    const folders = new OutputFolders(out);
    const first = folders.resolve("2013");
    expect(folders.resolve("2013")).toBe(first);
    expect(await first).toBe(path.join(out, "2013"));
    const elsewhere = tempDir();
    symlinkSync(elsewhere, path.join(out, "2012"));
    const written = await writeAtomicAll(folders, [
      { relPath: "2013/a.pdf", bytes: Buffer.from("a") },
      { relPath: "2012/b.pdf", bytes: Buffer.from("b") },
      { relPath: "../c.pdf", bytes: Buffer.from("c") },
    ]);
    expect(written.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("tries a folder again once it could not be made", async () => {
    const out = tempDir();
    writeFileSync(path.join(out, "2013"), "a file where the folder goes");
    const folders = new OutputFolders(out);
    await expect(folders.resolve("2013")).rejects.toThrow();
    rmSync(path.join(out, "2013"));
    expect(await folders.resolve("2013")).toBe(path.join(out, "2013"));
  });
});
