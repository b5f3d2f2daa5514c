/** Modules a build's sheets do not use are loaded only when used, and behave the same when they are. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deferredModule } from "../../src/pipeline/deferred-modules.js";
import { ROOT, SEED_JSON, tempDir } from "../helpers.js";

describe("deferredModule", () => {
  it("loads a module on first use, once, and forwards calls, `new` and properties to it", () => {
    let loads = 0;
    class Real {
      constructor(readonly n: number) {}
    }
    const fn = Object.assign((a: number, b: number) => a + b, { Real, answer: 42 });
    const standIn = deferredModule(() => {
      loads++;
      return fn;
    }, "function") as typeof fn;
    expect(loads).toBe(0);
    expect(standIn(2, 3)).toBe(5);
    expect(standIn.answer).toBe(42);
    expect(new standIn.Real(7).n).toBe(7);
    expect("answer" in standIn).toBe(true);
    expect(loads).toBe(1);

    const ctor = deferredModule(() => Real, "function") as typeof Real;
    expect(new ctor(3)).toBeInstanceOf(Real);
    const real = {
      count: 0,
      bump(this: { count: number }) {
        this.count++;
        return this.count;
      },
    };
    const object = deferredModule(() => real, "object") as typeof real;
    expect(object.bump()).toBe(1);
    expect(object.bump()).toBe(2);
    expect(real.count).toBe(2);
  });
});

describe("a build worker", () => {
  it("renders a sheet without loading the deferred modules, and can still load them", () => {
    // A fresh process, as a worker is: imports the compiled worker, renders the seed, lists what was loaded.
    const script = `
      import { createRequire } from "node:module";
      const { default: run } = await import(${JSON.stringify(path.join(ROOT, "dist/src/pipeline/worker.js"))});
      const { valueSymbol } = await import("piscina");
      const job = { file: ${JSON.stringify(SEED_JSON)}, outDir: ${JSON.stringify(tempDir())}, lang: "ja",
        force: true, environment: "", version: "0", wantModel: false };
      const outcome = await run(job);
      const result = outcome?.[valueSymbol] ?? outcome;
      const require = createRequire(import.meta.url);
      const loaded = Object.keys(require.cache).map((f) => f.replaceAll("\\\\", "/"));
      const used = (name) => loaded.some((f) => f.includes("/node_modules/" + name + "/"));
      const names = ["brotli", "@noble/ciphers", "@noble/hashes", "png-js", "xmldoc", "@fast-csv/format", "jszip", "pako"];
      const pdfkitFile = createRequire(require.resolve("pdfmake")).resolve("pdfkit");
      const png = createRequire(pdfkitFile)("png-js");
      console.log(JSON.stringify({ status: result.status, loadedBefore: names.filter(used), png: typeof png }));
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const report = JSON.parse(out.trim().split("\n").pop() ?? "{}");
    expect(report.status).toBe("rendered");
    expect(report.loadedBefore).toEqual([]);
    expect(report.png).toBe("function");
  });
});
