/** readSource reads regular files only, and learns a file's kind and size from the open descriptor first. */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_SOURCE_BYTES, readSource } from "../../src/load/read-source.js";
import { tempDir } from "../helpers.js";

function hasMkfifo(): boolean {
  try {
    execFileSync("mkfifo", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("readSource on files that are not regular", () => {
  const dir = tempDir("hyoka-special-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Without O_NONBLOCK, opening a FIFO nobody writes to waits for a writer forever: the test would hang (and
  // time out) rather than fail quickly, which is what it proves.
  it.skipIf(!hasMkfifo())("refuses a FIFO without waiting for a writer", async () => {
    const fifo = path.join(dir, "pipe.json");
    execFileSync("mkfifo", [fifo]);
    const r = await readSource(fifo);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("read-fifo");
      expect(r.message.ja).toContain("FIFO");
      expect(r.message.en).toContain("named pipe");
    }
  });

  it("refuses a character device", async () => {
    const r = await readSource("/dev/null");
    expect(!r.ok && r.code).toBe("read-device");
    expect(!r.ok && r.message.en).toContain("device");
  });

  it("refuses a socket", async () => {
    const socket = path.join(dir, "sock.json");
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const r = await readSource(socket);
      expect(!r.ok && r.code).toBe("read-socket");
      expect(!r.ok && r.message.ja).toContain("ソケット");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("refuses a directory", async () => {
    const sub = path.join(dir, "folder.json");
    mkdirSync(sub);
    const r = await readSource(sub);
    expect(!r.ok && r.code).toBe("read-directory");
  });
});

describe("readSource's size limit", () => {
  const dir = tempDir("hyoka-size-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a 500 MB file by its size, without reading it", async () => {
    const file = path.join(dir, "huge.json");
    writeFileSync(file, "");
    truncateSync(file, 500 * 1024 * 1024); // sparse: costs no disk
    const before = process.memoryUsage().rss;
    const r = await readSource(file);
    const grown = process.memoryUsage().rss - before;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("read-too-large");
      expect(r.message.en).toContain(String(500 * 1024 * 1024));
      expect(r.message.ja).toContain("524,288,000");
    }
    // Reading it whole would take 500 MB for the bytes and more for the text.
    expect(grown).toBeLessThan(100 * 1024 * 1024);
  });

  it("reads a file of exactly the limit, and refuses one byte more", async () => {
    const at = path.join(dir, "at.json");
    const over = path.join(dir, "over.json");
    const text = `"${"a".repeat(MAX_SOURCE_BYTES - 2)}"`;
    writeFileSync(at, text);
    writeFileSync(over, `${text} `);
    const r = await readSource(at);
    expect(r.ok && r.bytes.length).toBe(MAX_SOURCE_BYTES);
    expect(r.ok && r.text).toBe(text);
    const o = await readSource(over);
    expect(!o.ok && o.code).toBe("read-too-large");
  });

  it("reads small and empty files whole", async () => {
    const small = path.join(dir, "small.json");
    writeFileSync(small, '{"a":"あ"}');
    const r = await readSource(small);
    expect(r.ok && r.text).toBe('{"a":"あ"}');
    const empty = path.join(dir, "empty.json");
    writeFileSync(empty, "");
    const e = await readSource(empty);
    expect(e.ok && e.text).toBe("");
  });
});
