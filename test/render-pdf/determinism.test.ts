/** (c) The same input gives a byte-identical PDF: in one process, and in another process in another time zone. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { DATE, render, SEED_FIXTURE, seed } from "./support.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Renders the seed with the compiled code (dist/, built by the test setup) in a child process. */
function renderInChild(env: NodeJS.ProcessEnv): string {
  const url = (p: string) => pathToFileURL(path.join(ROOT, p)).href;
  const script = `
    import { readFileSync } from "node:fs";
    import { createHash } from "node:crypto";
    const form = (await import(${JSON.stringify(url("dist/templates/sheet-1/index.js"))})).default;
    const pdf = await import(${JSON.stringify(url("dist/src/render-pdf/index.js"))});
    const data = form.schema.parse(JSON.parse(readFileSync(${JSON.stringify(SEED_FIXTURE)}, "utf8")));
    const env = await pdf.createPdfEnvironment();
    const r = await pdf.renderSheetPdf(env, form, form.derive(data), { date: new Date(${DATE.getTime()}), version: "0.1.0" });
    process.stdout.write(createHash("sha256").update(r.bytes).digest("hex"));
  `;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return result.stdout.trim();
}

describe("deterministic PDF", () => {
  it("two renders in one process are byte-identical", async () => {
    const a = await render(seed());
    const b = await render(seed());
    expect(a.bytes.length).toBeGreaterThan(10_000);
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
  });

  it("another process in other time zones and locales gives the same bytes", async () => {
    const here = sha256((await render(seed())).bytes);
    expect(renderInChild({ TZ: "Pacific/Kiritimati", LANG: "C" })).toBe(here);
    expect(renderInChild({ TZ: "America/Los_Angeles", LC_ALL: "en_US.UTF-8" })).toBe(here);
  });

  it("writes no clock time: the document date is the one given", async () => {
    const text = (await render(seed())).bytes.toString("latin1");
    // The information's two dates, and the attachment's (none in this render) are all the document date.
    const dates = text.match(/\(D:\d{14}Z\)/g) ?? [];
    expect(dates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(dates)).toEqual(new Set(["(D:20140331000000Z)"]));
    // The XMP packet's dates too (it is not compressed).
    const xmpDates = text.match(/<xmp:\w+Date>[^<]*</g) ?? [];
    expect(xmpDates.length).toBeGreaterThanOrEqual(3);
    for (const d of xmpDates) expect(d).toContain(">2014-03-31T00:00:00Z<");
  });
});
