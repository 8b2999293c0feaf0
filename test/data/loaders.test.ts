import {execFile} from "node:child_process";
import {fileURLToPath} from "node:url";
import {promisify} from "node:util";
import {describe, expect, it} from "vitest";
import {GPU_CATALOG, MODEL_CATALOG, PRICE_SNAPSHOT_DATE} from "../../lib/catalog/index.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

/** Runs a data loader the way Framework does (tsx, cwd = repository root) and parses its stdout. */
async function load(file: string): Promise<unknown> {
  const {stdout} = await run(TSX, [file], {cwd: ROOT, maxBuffer: 64 * 1024 * 1024});
  return JSON.parse(stdout);
}

describe("data loaders as processes", () => {
  it("src/data/gpus.json.ts prints the GPU table as JSON, one row per catalog GPU, with the snapshot date", async () => {
    const data = (await load("src/data/gpus.json.ts")) as {priceSnapshotDate: string; rows: {id: string}[]};
    expect(data.priceSnapshotDate).toBe(PRICE_SNAPSHOT_DATE);
    expect(data.rows.map((r) => r.id)).toEqual(GPU_CATALOG.map((g) => g.id));
  }, 60_000);

  it("src/data/models.json.ts prints every catalog model with nothing skipped", async () => {
    const data = (await load("src/data/models.json.ts")) as {rows: {id: string}[]; skipped: unknown[]};
    expect(data.skipped).toEqual([]);
    expect(data.rows.map((r) => r.id).sort()).toEqual(MODEL_CATALOG.map((m) => m.id).sort());
  }, 60_000);
});
