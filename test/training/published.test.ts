/**
 * Published training figures (data/ground-truth/published.json, training_memory and
 * training_compute rows) against the engine, in one table.
 *
 * The cases are data, shared with the Validation page: data/ground-truth/training-cases.json
 * holds each expressible row as a scenario (catalog model or inline config.json, inline GPU),
 * the metric it compares (a Result field or a derived quantity such as the allocator peak
 * without the CUDA context) and, where the source states its efficiency in another convention,
 * how the MFU follows from it (lib/validation.ts `mfuOf`). Tolerances are the classes of
 * lib/validation.ts: 15 % for memory, 20 % for throughput, time, FLOPs and GPU-hours. A row the
 * engine is known to miss stays in the table: data/ground-truth/explanations.json says why and
 * states the wider bound it must still meet. Rows that cannot be expressed are listed in
 * not-expressible.json with the reason. The test prints id / predicted / published / error.
 */
import {describe, expect, it} from "vitest";
import {explanationFor, rowStatus, runCase, TOLERANCES, unitOfMetric, withinExplainedBound} from "../../lib/validation.ts";
import {loadAllCaseFiles, loadCases, loadExplanations, loadNotExpressible, loadPublished, sourceIdOf, TRAINING_CATEGORIES} from "../validation/cases.ts";

const cases = loadCases(TRAINING_CATEGORIES);
const explanations = loadExplanations();

describe("published training figures", () => {
  const results = cases.map((c) => {
    const row = runCase(c);
    return {...row, explanation: explanationFor(explanations, row.id)};
  });

  it("accounts for every training row of published.json: expressed or listed with the reason", () => {
    const training = loadPublished().filter((p) => (TRAINING_CATEGORIES as readonly string[]).includes(p.category)).map((p) => p.id);
    const notExpressed = loadNotExpressible().filter((n) => training.includes(n.id)).map((n) => n.id);
    // A published row may have several cases (the shared set's "-b" restatements of TC-013…TC-020).
    const covered = [...new Set([...cases.map(sourceIdOf), ...notExpressed])].sort();
    expect(covered).toEqual([...training].sort());
    for (const n of loadNotExpressible().filter((x) => training.includes(x.id))) expect(n.why.length, n.id).toBeGreaterThan(60);
  });

  it("keeps every training case in training-cases.json, and judges every one (none is informational)", () => {
    const elsewhere = loadAllCaseFiles().filter((c) => c.category.startsWith("training")).length;
    expect(elsewhere).toBe(cases.length);
    expect(results.filter((r) => r.informational).map((r) => r.id)).toEqual([]);
    expect(results.filter((r) => r.predicted === null).map((r) => `${r.id}: ${r.problem}`)).toEqual([]);
  });

  it("prints the table and holds each row's tolerance, or its explanation's stated bound", () => {
    const fmt = (x: number | null) => (x === null ? "—" : Math.abs(x) >= 1e6 || (Math.abs(x) < 0.01 && x !== 0) ? x.toExponential(3) : x.toFixed(2));
    const bound = (r: (typeof results)[number]) => r.explanation
      ? `, explained: ${r.explanation.maxAbsError !== undefined ? `±${(r.explanation.maxAbsError * 100).toFixed(0)} %` : `${r.explanation.maxRatio}x`}` : "";
    const lines = results.map((r) => `${r.id.padEnd(7)} ${fmt(r.predicted).padStart(12)} ${fmt(r.published).padStart(12)} ${unitOfMetric(r.metric).padEnd(13)} ${r.error === null ? "     —" : (r.error * 100).toFixed(1).padStart(7)} %  (±${(r.tolerance * 100).toFixed(0)} %${bound(r)})`);
    console.log(["id      predicted    published    unit          error", ...lines].join("\n"));
    for (const r of results) {
      const status = rowStatus(r, r.explanation);
      expect.soft(status === "ok" || status === "explained", `${r.id}: predicted ${r.predicted}, published ${r.published}${r.explanation ? ` — ${r.explanation.why}` : ""}`).toBe(true);
    }
  });

  it("explains only rows outside their tolerance, each once, with a bound of |error|", () => {
    const ids = new Set(results.map((r) => r.id));
    const listed = explanations.flatMap((e) => e.ids).filter((id) => ids.has(id));
    expect(new Set(listed).size).toBe(listed.length);
    for (const r of results.filter((x) => x.explanation)) {
      expect(r.ok, `${r.id} is inside its tolerance: drop its explanation`).toBe(false);
      expect(withinExplainedBound(r, r.explanation!), r.id).toBe(true);
      expect(r.explanation!.maxAbsError, r.id).toBeGreaterThan(r.tolerance);
    }
  });

  it("keeps the default tolerances (memory 15 %, compute 20 %) for every row", () => {
    expect(TOLERANCES.memory).toBe(0.15);
    expect(TOLERANCES.training).toBe(0.2);
    for (const c of cases) expect(c.tolerance, c.id).toBe(c.category === "training_memory" ? "memory" : "training");
  });

  it("keeps the compute rows' median error within 10 %", () => {
    const errors = results.filter((r) => r.category === "training_compute").map((r) => Math.abs(r.error as number)).sort((a, b) => a - b);
    const median = errors[Math.floor(errors.length / 2)];
    console.log(`compute rows: ${errors.length}, median |error| ${(median * 100).toFixed(1)} %`);
    expect(median).toBeLessThan(0.1);
  });

  it("keeps the memory rows' median error within 15 %", () => {
    const errors = results.filter((r) => r.category === "training_memory" && r.published > 0).map((r) => Math.abs(r.error as number)).sort((a, b) => a - b);
    const median = (errors[(errors.length - 1) >> 1] + errors[errors.length >> 1]) / 2;
    console.log(`memory rows: ${errors.length}, median |error| ${(median * 100).toFixed(1)} %`);
    expect(median).toBeLessThanOrEqual(0.15);
  });
});
