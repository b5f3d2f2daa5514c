/**
 * What `templates/<id>/form.json` declares, read without loading the form's code. `identity`: where a form keeps,
 * in its raw data, the values its `identify()` names a sheet by (year and code), as JSON pointers. `output.suffix`:
 * what follows the code in the names of the form's outputs (`<year>/<code><suffix>.pdf`), so that the forms of
 * one measure and year never write the same files; at most one form goes without. A build's main thread reads them before any sheet is rendered (to
 * refuse two files that would write the same outputs, and to order the years) without loading the forms' code,
 * which only the workers load. A test holds each form's pointers to its `identify()`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { TEMPLATES_DIR } from "../paths.js";

export interface IdentityPointers {
  year: string;
  code: string;
}

export interface FormFile {
  identity: IdentityPointers;
  outputSuffix: string;
}

export const FORM_ID = /^[a-z0-9][a-z0-9-]{0,40}$/;
/**
 * Empty, or a letter, `-` or `_` first: a code's characters never run into it, so two forms' names differ
 * wherever their suffixes do (and the build still refuses two sheets that would write one file).
 */
export const OUTPUT_SUFFIX = /^(?:[A-Za-z_-][0-9A-Za-z_-]{0,15})?$/;
const cache = new Map<string, FormFile | undefined>();

/** What a form's form.json declares, or undefined for an unknown form (or one that does not declare it right). */
export function formFile(formId: string, templatesDir = TEMPLATES_DIR): FormFile | undefined {
  if (!FORM_ID.test(formId)) return undefined;
  const key = `${templatesDir}\0${formId}`;
  if (cache.has(key)) return cache.get(key);
  let found: FormFile | undefined;
  try {
    const raw = JSON.parse(readFileSync(path.join(templatesDir, formId, "form.json"), "utf8")) as {
      identity?: { year?: unknown; code?: unknown };
      output?: { suffix?: unknown };
    };
    const { year, code } = raw.identity ?? {};
    const suffix = raw.output?.suffix ?? "";
    if (
      typeof year === "string" &&
      typeof code === "string" &&
      typeof suffix === "string" &&
      OUTPUT_SUFFIX.test(suffix)
    )
      found = { identity: { year, code }, outputSuffix: suffix };
  } catch {
    found = undefined;
  }
  cache.set(key, found);
  return found;
}

/** The pointers a form declares, or undefined for an unknown form (or one that declares none). */
export function identityPointers(formId: string, templatesDir = TEMPLATES_DIR): IdentityPointers | undefined {
  return formFile(formId, templatesDir)?.identity;
}

/** What follows the code in the names of a form's outputs; undefined for an unknown form. */
export function outputSuffix(formId: string): string | undefined {
  return formFile(formId)?.outputSuffix;
}

/** The value at a JSON pointer (RFC 6901), own properties only. */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  if (!pointer.startsWith("/")) return undefined;
  let current = value;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The year and code a sheet's raw data names, by its form's declared pointers; undefined when the data does not
 * say (the sheet's own checks then report what is wrong).
 */
export interface PeekedIdentity {
  formId: string;
  year: number;
  code: string;
}

export function peekIdentity(value: unknown): PeekedIdentity | undefined {
  const formId = atPointer(value, "/form");
  if (typeof formId !== "string") return undefined;
  const pointers = identityPointers(formId);
  if (!pointers) return undefined;
  const year = atPointer(value, pointers.year);
  const code = atPointer(value, pointers.code);
  if (typeof year !== "number" || !Number.isInteger(year) || typeof code !== "string") return undefined;
  return { formId, year, code };
}
