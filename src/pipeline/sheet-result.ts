/** What a build says of each sheet, and the files it wrote: the manifest, the report and the stages share it. */
import type { Diagnostic } from "../diagnostics.js";
import type { SheetIdentity } from "../forms/types.js";

export interface OutputRecord {
  /** Relative to the output folder, with `/`. */
  path: string;
  sha256: string;
  bytes: number;
  /**
   * A year's consolidated workbook only: what it was made from (its sheets' inputs and hashes, hashed;
   * commands/build.ts `summarySource`), so that an unchanged build keeps it without remaking it.
   */
  from?: string;
}

export type SheetStatus = "built" | "skipped" | "failed";

export interface SheetResult {
  file: string;
  status: SheetStatus;
  inputHash?: string;
  identity?: SheetIdentity;
  model?: unknown;
  /** With the model: the rows it gives the year's summary workbook (render-xlsx/summary-size.ts). */
  summaryRows?: number;
  outputs: OutputRecord[];
  pages?: number;
  diagnostics: Diagnostic[];
  /**
   * Milliseconds per stage: load, validate, model, setup (loading the renderers: only on a worker's first
   * rendered sheet), glyphs, pdf, xlsx in the worker; write (the atomic writes and their hashes) on the main
   * thread, while the worker renders the next sheet. `pdf.layout`, `pdf.render`, `pdf.fonts` and `pdf.output`
   * break `pdf` down (they are part of it, not added to it).
   */
  timings: Record<string, number>;
  /** The sheet's own time: its work in a worker plus the writing of its files (not the time it waited). */
  durationMs: number;
}
