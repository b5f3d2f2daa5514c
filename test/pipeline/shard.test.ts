/**
 * `--shard i/n`: the split is by file, stable on every machine, and keeps a measure's forms together when they
 * are named as hyoka names them (`<code>.json`, `<code>-2.json`), so the check across a measure's forms works in
 * a sharded build.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inShard, shardKey } from "../../src/pipeline/shard.js";

/** The split before form suffixes were known to it: the path's hash alone. */
function byPathAlone(file: string, count: number): number {
  return (createHash("sha256").update(file).digest().readUInt32BE(0) % count) + 1;
}

const shareOf = (file: string, count: number) => {
  const shares = [];
  for (let index = 1; index <= count; index++) if (inShard(file, { index, count })) shares.push(index);
  return shares;
};

describe("shards", () => {
  it("keys a file by its path, less a form's declared output suffix (read from templates/*/form.json)", () => {
    expect(shardKey("data/2013/72302000-2.json")).toBe("data/2013/72302000.json");
    expect(shardKey("data/2013/72302000.json")).toBe("data/2013/72302000.json");
    expect(shardKey("data\\2013\\72302000-2.json")).toBe("data/2013/72302000.json");
    // A name that is only the suffix is a name of its own; a suffix elsewhere in the name is no suffix.
    expect(shardKey("data/2013/-2.json")).toBe("data/2013/-2.json");
    expect(shardKey("data/2013/72302000-2x.json")).toBe("data/2013/72302000-2x.json");
    expect(shardKey("data/2013/a-3.json", ["-3", "-2"])).toBe("data/2013/a.json");
  });

  it("puts a measure's two forms in the same share, for every split", () => {
    for (let code = 0; code < 300; code++) {
      const base = `data/2013/${String(72300000 + code * 37)}`;
      for (const count of [2, 3, 4, 7, 16]) {
        const first = shareOf(`${base}.json`, count);
        expect(first).toHaveLength(1);
        expect(shareOf(`${base}-2.json`, count)).toEqual(first);
      }
    }
  });

  it("leaves the split of other files as it was: by the path's hash", () => {
    for (let i = 0; i < 200; i++) {
      const file = `data/${2000 + (i % 20)}/${String(10000000 + i * 7919)}.json`;
      for (const count of [2, 5, 9]) expect(shareOf(file, count)).toEqual([byPathAlone(file, count)]);
    }
  });
});
