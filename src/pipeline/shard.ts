/** `--shard i/n`: a stable share of a build's files, the same on every machine. */
import { createHash } from "node:crypto";

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

/** A stable share of the files: the same split on every machine, whatever the order of discovery. */
export function inShard(file: string, shard: Shard): boolean {
  const digest = createHash("sha256").update(file.replaceAll("\\", "/")).digest();
  return (digest.readUInt32BE(0) % shard.count) + 1 === shard.index;
}
