/**
 * `hyoka watch` in a real browser (Debian's Chromium, driven by playwright-core): the preview page loads, shows
 * the sheet's PDF, and follows the file as it is saved: a new PDF after a change, the errors and the last good
 * PDF after a mistake. Every wait is for something the page or the server does (an attribute the page sets
 * once it has drawn the new state), never a fixed time. Skipped, with a notice, only where no browser exists.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWatch } from "../../src/commands/watch.js";
import { seedProject } from "../helpers.js";

const CHROMIUM = process.env.HYOKA_CHROMIUM ?? "/usr/bin/chromium";
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser)
  console.warn(
    `notice: no browser at ${CHROMIUM} (apt-get install chromium, or set HYOKA_CHROMIUM): the preview test of hyoka watch is skipped`,
  );

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

// A build on a loaded machine can take many seconds: the page waits as long as the test may (no clock decides).
describe.skipIf(!hasBrowser)("hyoka watch's preview page, in Chromium", { timeout: 180_000 }, () => {
  const dir = seedProject();
  const seed = path.join(dir, "data/2013/72302000.json");
  const stop = new AbortController();
  const lines: string[] = [];
  let url = "";
  let watching: Promise<number>;
  let browser: import("playwright-core").Browser;
  let page: import("playwright-core").Page;

  beforeAll(async () => {
    const ready = new Promise<string>((resolve) => {
      watching = runWatch({
        patterns: [path.join(dir, "data/**/*.json")],
        outDir: path.join(dir, "out"),
        lang: "ja",
        port: 0,
        jobs: 1,
        timeoutMs: 60_000,
        memoryMb: 512,
        output: { out: (l) => lines.push(l), err: (l) => lines.push(l) },
        signal: stop.signal,
        onReady: resolve,
      });
      // A watch that ends before it is ready fails the test with what it said.
      watching.then((code) => resolve(`ended with ${code}: ${lines.join("\n")}`));
    });
    url = await ready;
    const { chromium } = await import("playwright-core");
    // As root (CI), Chromium's sandbox cannot start; the page is our own, served from 127.0.0.1.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage();
    page.setDefaultTimeout(170_000);
  });

  afterAll(async () => {
    await browser?.close();
    stop.abort();
    expect(await watching).toBe(0);
  });

  const pdfSrc = () => page.locator("#pdf").getAttribute("src");

  it("listens on 127.0.0.1 only", () => {
    expect(new URL(url).hostname).toBe("127.0.0.1");
  });

  it("loads and shows the sheet's PDF, which the server gives as application/pdf", async () => {
    await page.goto(url);
    await page.waitForSelector('body[data-status="built"] #pdf[src^="/pdf/"]');
    const src = (await pdfSrc()) as string;
    const head = await page.request.head(new URL(src, url).href);
    expect(head.headers()["content-type"]).toBe("application/pdf");
    const body = await (await page.request.get(new URL(src, url).href)).body();
    expect(body.subarray(0, 5).toString()).toBe("%PDF-");
    expect(sha(body)).toBe(sha(readFileSync(path.join(dir, "out/2013/72302000.pdf"))));
    expect(await page.locator("#status").textContent()).toContain("72302000.json");
  });

  it("shows the new PDF after the file is saved", async () => {
    const before = (await pdfSrc()) as string;
    writeFileSync(seed, readFileSync(seed, "utf8").replace('"division": "', '"division": "新'));
    await page.waitForFunction((old) => document.querySelector("#pdf")?.getAttribute("src") !== old, before);
    await page.waitForSelector('body[data-status="built"]');
    const src = (await pdfSrc()) as string;
    const body = await (await page.request.get(new URL(src, url).href)).body();
    expect(sha(body)).toBe(sha(readFileSync(path.join(dir, "out/2013/72302000.pdf"))));
  });

  it("shows the errors of a mistake, and keeps the last good PDF", async () => {
    const good = (await pdfSrc()) as string;
    writeFileSync(
      seed,
      readFileSync(seed, "utf8").replace('"evaluationYear": 2013', '"evaluationYear": "2013"'),
    );
    await page.waitForSelector('body[data-status="failed"]');
    const problems = await page.locator("#problems").textContent();
    expect(problems).toContain("評価年度");
    expect(problems).toContain("数値が必要です");
    expect(await page.locator("#kept").isVisible()).toBe(true);
    expect(await pdfSrc()).toBe(good);
    const head = await page.request.head(new URL(good, url).href);
    expect(head.headers()["content-type"]).toBe("application/pdf");
  });

  it("refuses a request that names another host (DNS rebinding)", async () => {
    // node:http, not fetch: fetch does not let a caller set Host, which is what such a page's request carries.
    const { request } = await import("node:http");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(new URL("/state.json", url), { headers: { Host: "attacker.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
