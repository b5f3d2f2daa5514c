/**
 * Where pdfmake, pdfkit and fontkit are installed: their main files, resolved as pdfmake loads pdfkit and pdfkit
 * loads fontkit. Resolving loads none of their code, so the start-up check of their versions (versions.ts,
 * startup.ts) costs the main thread of `hyoka build` nothing; internals.ts loads them from these paths.
 */
import { createRequire } from "node:module";

const requireHere = createRequire(import.meta.url);
const pdfmakePath = requireHere.resolve("pdfmake");
const pdfkitPath = createRequire(pdfmakePath).resolve("pdfkit");

/** The main file of each library hyoka's engine depends on. */
export const LIBRARY_MAIN_FILES = {
  pdfmake: pdfmakePath,
  pdfkit: pdfkitPath,
  fontkit: createRequire(pdfkitPath).resolve("fontkit"),
} as const;
