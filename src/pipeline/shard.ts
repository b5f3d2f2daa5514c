/** `--shard i/n`: a stable share of a build's files, the same on every machine. */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { formFile } from "../forms/identity-hint.js";
import { TEMPLATES_DIR } from "../paths.js";

export interface Shard {
  index: number;
  count: number;
}

/**
 * `i/n`: whole numbers written plainly (digits only: no sign, leading zero, spaces or exponent), 1 ≤ i ≤ n ≤ 1000;
 * anything else is undefined (main.ts says why).
 */
export function parseShard(text: string): Shard | undefined {
  const m = /^([1-9][0-9]{0,3})\/([1-9][0-9]{0,3})$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count > 1000 || index > count) return undefined;
  return { index, count };
}

let suffixes: string[] | undefined;

/**
 * The output suffixes the forms under templates/ declare (`-2`), longest first: read from their form.json files,
 * without loading any form's code.
 */
function declaredSuffixes(): string[] {
  if (suffixes) return suffixes;
  const found: string[] = [];
  for (const entry of readdirSync(TEMPLATES_DIR, { withFileTypes: true })) {
    // formFile gives nothing for a folder without a readable form.json.
    const suffix = entry.isDirectory() ? formFile(entry.name)?.outputSuffix : undefined;
    if (suffix) found.push(suffix);
  }
  suffixes = found.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return suffixes;
}

/**
 * What a file is shared out by: its path, less a form's output suffix at the end of its name. A measure's sheets
 * named as hyoka names them (`2013/72302000.json`, `2013/72302000-2.json`: `hyoka new`, `import`, `extract`)
 * fall in the same share, so the check across a measure's forms sees both in a sharded build.
 */
export function shardKey(file: string, formSuffixes: readonly string[] = declaredSuffixes()): string {
  const normal = file.replaceAll("\\", "/");
  for (const suffix of formSuffixes) {
    const tail = `${suffix}.json`;
    const slash = normal.lastIndexOf("/");
    // Only a name with something before the suffix: `-2.json` alone is a name of its own.
    if (normal.endsWith(tail) && normal.length - tail.length > slash + 1)
      return `${normal.slice(0, -tail.length)}.json`;
  }
  return normal;
}

/** A stable share of the files: the same split on every machine, whatever the order of discovery. */
export function inShard(file: string, shard: Shard): boolean {
  const digest = createHash("sha256").update(shardKey(file)).digest();
  return (digest.readUInt32BE(0) % shard.count) + 1 === shard.index;
}
