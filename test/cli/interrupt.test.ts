/** Killing a build at any moment leaves only complete files under out/; the next build cleans up and finishes. */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/pipeline/fingerprint.js";
import { TEMP_SUFFIX } from "../../src/write/atomic.js";
import { ROOT, runCli, SEED_JSON, seedText, tempDir } from "../helpers.js";

function project(count: number): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, "data/2013"), { recursive: true });
  copyFileSync(SEED_JSON, path.join(dir, "data/2013/72302000.json"));
  for (let i = 1; i < count; i++) {
    const code = String(50000000 + i);
    writeFileSync(
      path.join(dir, `data/2013/${code}.json`),
      seedText().replace('"code": "72302000"', `"code": "${code}"`),
    );
  }
  return dir;
}

function outputs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}

function checkComplete(file: string): void {
  const bytes = readFileSync(file);
  if (file.endsWith(".pdf")) {
    expect(bytes.subarray(0, 5).toString(), file).toBe("%PDF-");
    expect(bytes.subarray(-8).toString(), file).toContain("%%EOF");
  } else if (file.endsWith(".xlsx")) {
    expect(() => unzipSync(bytes), file).not.toThrow();
  } else if (file.endsWith(".json")) {
    expect(() => JSON.parse(bytes.toString("utf8")), file).not.toThrow();
  }
}

async function startAndSignal(dir: string, signal: NodeJS.Signals, afterFiles: number) {
  const child = spawn(process.execPath, [path.join(ROOT, "dist/src/cli.js"), "build", "--jobs", "2"], {
    cwd: dir,
    env: { ...process.env, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  // The signal goes when the build says (a progress line per sheet, CI=true) that `afterFiles` sheets are done:
  // an event, not a clock, decides the moment.
  let reached: () => void = () => {};
  const progressed = new Promise<void>((resolve) => {
    reached = resolve;
  });
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
    if (stderr.includes(`[${afterFiles}/`)) reached();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, sig) => resolve(code ?? (sig ? -1 : null))),
  );
  await Promise.race([progressed, exited]);
  child.kill(signal);
  const code = await exited;
  return { code, stdout, stderr };
}

describe("interrupted builds", () => {
  it("SIGKILL in the middle leaves only complete files, and the next build finishes", async () => {
    const dir = project(24);
    await startAndSignal(dir, "SIGKILL", 3);
    const left = outputs(path.join(dir, "out"));
    for (const f of left) if (!f.endsWith(TEMP_SUFFIX)) checkComplete(f);
    const r = runCli(["build"], { cwd: dir, env: { CI: "true" } });
    expect(r.status).toBe(0);
    const after = outputs(path.join(dir, "out"));
    expect(after.filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
    expect(after.filter((f) => f.endsWith(".pdf"))).toHaveLength(24);
    for (const f of after) checkComplete(f);
  });

  it("SIGINT stops cleanly and says what was done", async () => {
    const dir = project(24);
    const { code, stdout, stderr } = await startAndSignal(dir, "SIGINT", 2);
    expect(code).toBe(130);
    expect(stderr).toContain("中断");
    expect(stdout).toMatch(/作成 \d+ 件/);
    const report = JSON.parse(readFileSync(path.join(dir, "out/report.json"), "utf8"));
    expect(report.interrupted).toBe(true);
    // The writes in progress were finished, not abandoned: no temporary file, every file complete, and every
    // output the report lists is on disk with its bytes.
    const left = outputs(path.join(dir, "out"));
    expect(left.filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
    for (const f of left) checkComplete(f);
    const built = (report.sheets as { status: string; outputs: { path: string; sha256: string }[] }[]).filter(
      (s) => s.status === "built",
    );
    expect(stdout).toContain(`作成 ${built.length} 件`);
    expect(built.length).toBeGreaterThanOrEqual(2);
    for (const s of built) {
      expect(s.outputs).toHaveLength(2);
      for (const o of s.outputs)
        expect(sha256(readFileSync(path.join(dir, "out", o.path))), o.path).toBe(o.sha256);
    }
    const pdfs = left.filter((f) => f.endsWith(".pdf"));
    expect(pdfs).toHaveLength(built.length);
  });
});
