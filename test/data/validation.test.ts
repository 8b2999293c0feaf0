/**
 * The Validation page's data: the loader's JSON (src/data/validation.json.ts, run as Framework
 * runs it) holds every figure of the case files the tests check (inference and training), with
 * the explanations of explanations.json, and its error statistics agree with a recomputation
 * here that runs each scenario through `estimate` (deriving MFUs and derived quantities itself)
 * and sorts the errors itself.
 */
import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {describe, expect, it} from "vitest";
import {estimate} from "../../lib/estimate.ts";
import {findModel} from "../../lib/catalog/index.ts";
import {unitOfMetric, type ValidationReport, type MfuReference} from "../../src/data/validationReport.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = <T>(name: string): T => JSON.parse(readFileSync(`${ROOT}data/ground-truth/${name}`, "utf8")) as T;
interface CaseFile {id: string; category: string; scenario: unknown; metric: string; expected: number; source_id?: string; informational?: boolean;
  mfuFrom?: {from: string; achievedTflopsPerGpu?: number; peakTflops?: number; mfu?: number; tokensPerSecondPerGpu?: number; scenario?: unknown}}
const publicCases = read<CaseFile[]>("public-cases.json");
const extraCases = read<CaseFile[]>("extra-cases.json");
const trainingCases = read<CaseFile[]>("training-cases.json");
const finetuneCases = read<CaseFile[]>("finetune-cases.json");
const localCases = read<CaseFile[]>("local-cases.json");
const allCases = [...publicCases, ...extraCases, ...trainingCases, ...finetuneCases, ...localCases];
const explanations = read<{ids: string[]; why: string; maxRatio?: number; maxAbsError?: number}[]>("explanations.json");
const published = read<{id: string; category: string; contains_unverified_parts: boolean}[]>("published.json");
const notExpressible = read<{id: string; why: string}[]>("not-expressible.json");

const output = execFileSync(`${ROOT}node_modules/.bin/tsx`, ["src/data/validation.json.ts"], {cwd: ROOT, encoding: "utf8", maxBuffer: 64e6});
const report = JSON.parse(output) as ValidationReport & {mfuReferences: MfuReference[]};
const sourceOf = (c: CaseFile) => c.source_id ?? c.id.split("-").slice(0, 2).join("-");

type Training = {flopsPerToken: number; flopsPerTokenNonCausal: number; peakFlopsPerSecond: number; hardwareFlopsPerToken: number};
function result(scenario: unknown) {
  const out = estimate(scenario);
  if (!out.ok) throw new Error(out.errors.join("; "));
  return out.result;
}
const withWorkload = (scenario: unknown, w: Record<string, unknown>) =>
  ({...(scenario as object), workload: {...(scenario as {workload: object}).workload, ...w}});

/**
 * Independent recomputation of a case's prediction: its MFU as the source's convention implies
 * (Megatron's X counts 8 FLOPs per parameter-token, MosaicML counts non-causal attention, or a
 * reference run's tokens/s), then the metric read from `estimate`'s result or derived from it.
 * A published 0 (nothing fits) is checked by running the shortest sequence: it must not fit.
 */
function recomputedPrediction(c: CaseFile): number {
  let scenario = c.scenario;
  const m = c.mfuFrom;
  if (m?.from === "megatron-achieved-flops") scenario = withWorkload(scenario, {mfu: (m.achievedTflopsPerGpu! * 0.75) / m.peakTflops!});
  if (m?.from === "non-causal-mfu") {
    const t = result(withWorkload(scenario, {mfu: 1})).training as unknown as Training;
    scenario = withWorkload(scenario, {mfu: m.mfu! / (t.flopsPerTokenNonCausal / t.flopsPerToken)});
  }
  if (m?.from === "reference-throughput") {
    const t = result(withWorkload(m.scenario, {mfu: 1})).training as unknown as Training;
    scenario = withWorkload(scenario, {mfu: (m.tokensPerSecondPerGpu! * t.flopsPerToken) / t.peakFlopsPerSecond});
  }
  if (c.metric === "derived.maxSequenceLength") return result(withWorkload(scenario, {sequenceLength: 1})).memory.fits ? 1 : 0;
  const r = result(scenario);
  const overhead = r.memory.overheadBreakdown as {contextBytes: number; fragmentationBytes: number};
  if (c.metric === "derived.allocatorPeakBytes") return r.memory.totalBytes - overhead.contextBytes - overhead.fragmentationBytes;
  if (c.metric === "derived.reservedPeakBytes") return r.memory.totalBytes - overhead.contextBytes;
  if (c.metric === "derived.recomputeFlopsRatio") {
    const t = r.training as unknown as Training;
    return t.hardwareFlopsPerToken / t.flopsPerToken;
  }
  let v: unknown = r;
  for (const key of c.metric.split(".")) v = (v as Record<string, unknown>)[key];
  return v as number;
}
/** error = predicted / published − 1; a published 0 is a pass/fail check (0 when the prediction is 0 too). */
function recomputedError(c: CaseFile): number {
  const predicted = recomputedPrediction(c);
  return c.expected === 0 ? (predicted === 0 ? 0 : Infinity) : predicted / c.expected - 1;
}
function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

describe("the validation loader", () => {
  it("holds one row per case of public-cases.json, extra-cases.json, training-cases.json, finetune-cases.json and local-cases.json, in file order", () => {
    expect(report.rows.map((r) => r.id)).toEqual(allCases.map((c) => c.id));
    expect(report.counts.publicCases).toBe(publicCases.length);
    expect(report.counts.extraCases).toBe(extraCases.length);
    expect(report.counts.trainingCases).toBe(trainingCases.length);
    expect(report.counts.finetuneCases).toBe(finetuneCases.length);
    expect(report.counts.localCases).toBe(localCases.length);
    expect(report.counts.cases).toBe(allCases.length);
    expect(new Set(allCases.map((c) => c.id)).size, "case ids are unique").toBe(allCases.length);
  });

  it("counts the rows of each category as the case files do", () => {
    const all = allCases;
    for (const category of new Set(all.map((c) => c.category))) {
      expect(report.rows.filter((r) => r.category === category).length, category).toBe(all.filter((c) => c.category === category).length);
    }
    expect(report.counts.training).toBe(all.filter((c) => c.category.startsWith("training")).length);
    expect(report.counts.training).toBe(trainingCases.length);
    expect(report.counts.inference).toBe(publicCases.length + extraCases.length);
    expect(report.counts.finetune).toBe(finetuneCases.length);
    expect(report.counts.local).toBe(localCases.length);
  });

  it("reports the local rows' median |error|, decode and prompt processing apart, as a recomputation over their rows gives", () => {
    const local = report.rows.filter((r) => r.category === "local_inference" && r.status !== "informational" && r.error !== null);
    const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
    expect(report.local.all.count).toBe(local.length);
    expect(report.local.all.medianAbsError!).toBeCloseTo(med(local.map((r) => Math.abs(r.error!))), 12);
    const decode = local.filter((r) => r.metric === "inference.decodeTokensPerSecond");
    expect(report.local.decode.count).toBe(decode.length);
    expect(report.local.decode.medianAbsError!).toBeCloseTo(med(decode.map((r) => Math.abs(r.error!))), 12);
  });

  it("reports the fine-tuning rows' median |error|, memory and speed apart, as a recomputation over their rows gives", () => {
    const byId = new Map(allCases.map((c) => [c.id, c]));
    const ft = report.rows.filter((r) => report.fineTuning.ids.includes(r.id) && r.status !== "informational" && r.published !== 0);
    for (const c of finetuneCases) expect(report.fineTuning.ids, c.id).toContain(c.id);
    const memory = ft.filter((r) => r.kind === "memory").map((r) => Math.abs(recomputedError(byId.get(r.id)!)));
    const speed = ft.filter((r) => r.kind !== "memory").map((r) => Math.abs(recomputedError(byId.get(r.id)!)));
    expect(report.fineTuning.memory.count).toBe(memory.length);
    expect(report.fineTuning.memory.medianAbsError!).toBeCloseTo(medianOf(memory), 12);
    expect(report.fineTuning.speed.count).toBe(speed.length);
    expect(report.fineTuning.speed.medianAbsError!).toBeCloseTo(medianOf(speed), 12);
    expect(report.fineTuning.speedFit.count! + report.fineTuning.speedHeldOut.count!).toBe(speed.length);
  });

  it("accounts for every published figure: a case, or a reason it cannot be expressed", () => {
    const shown = new Set([...report.rows.map((r) => r.sourceId), ...report.notExpressible.map((n) => n.id)]);
    expect(published.filter((p) => !shown.has(p.id)).map((p) => p.id)).toEqual([]);
    expect(report.notExpressible.map((n) => n.id)).toEqual(notExpressible.map((n) => n.id));
    expect(report.counts.notExpressible).toBe(notExpressible.length);
  });

  it("marks as informational exactly the cases whose source has unverified parts or that the case file flags", () => {
    const unverified = new Set(published.filter((p) => p.contains_unverified_parts).map((p) => p.id));
    const expected = allCases.filter((c) => c.informational === true || unverified.has(sourceOf(c))).map((c) => c.id);
    expect(report.rows.filter((r) => r.status === "informational").map((r) => r.id)).toEqual(expected);
    expect(report.counts.informational).toBe(expected.length);
  });

  it("gives each row the error a fresh estimate gives, and the status its tolerance gives", () => {
    const byId = new Map(allCases.map((c) => [c.id, c]));
    for (const row of report.rows) {
      const error = recomputedError(byId.get(row.id)!);
      if (Number.isFinite(error)) expect(row.error, row.id).toBeCloseTo(error, 9);
      else expect(row.error, row.id).toBeNull();
      if (row.status === "ok") expect(Math.abs(error), row.id).toBeLessThanOrEqual(row.tolerance);
      if (row.status === "explained") expect(Math.abs(error), row.id).toBeGreaterThan(row.tolerance);
    }
  });

  it("matches a recomputation of the median, mean and largest |error| and the in-tolerance count per category", () => {
    const byId = new Map(allCases.map((c) => [c.id, c]));
    // Pass/fail rows (published 0: nothing fits) have no relative error and stay out of the statistics.
    const hard = report.rows.filter((r) => r.status !== "informational" && r.published !== 0);
    for (const s of report.byCategory) {
      const errors = hard.filter((r) => r.category === s.category).map((r) => Math.abs(recomputedError(byId.get(r.id)!)));
      expect(s.count, s.category).toBe(errors.length);
      expect(s.medianAbsError!, s.category).toBeCloseTo(medianOf(errors), 9);
      expect(s.meanAbsError!, s.category).toBeCloseTo(errors.reduce((a, b) => a + b, 0) / errors.length, 9);
      expect(s.maxAbsError!, s.category).toBeCloseTo(Math.max(...errors), 9);
      expect(s.withinTolerance, s.category).toBe(hard.filter((r) => r.category === s.category && Math.abs(r.error!) <= r.tolerance).length);
    }
    const all = hard.map((r) => Math.abs(r.error!));
    expect(report.overall.count).toBe(all.length);
    expect(report.overall.medianAbsError!).toBeCloseTo(medianOf(all), 12);
  });

  it("leaves no row outside its tolerance unexplained, and keeps no explanation for a row inside it", () => {
    expect(report.rows.filter((r) => r.status === "outside").map((r) => r.id)).toEqual([]);
    const explained = report.rows.filter((r) => r.status === "explained").map((r) => r.id).sort();
    expect(explanations.flatMap((e) => e.ids).sort()).toEqual(explained);
    expect(report.counts.explained).toBe(explained.length);
    for (const r of report.rows.filter((x) => x.status === "explained")) {
      const e = explanations.find((x) => x.ids.includes(r.id))!;
      expect(r.explanation, r.id).toBe(e.why);
      expect(r.explanation!.length, r.id).toBeGreaterThan(40);
      if (e.maxRatio !== undefined) expect(r.ratio!, r.id).toBeLessThanOrEqual(e.maxRatio);
      if (e.maxAbsError !== undefined) expect(Math.abs(r.error!), r.id).toBeLessThanOrEqual(e.maxAbsError);
    }
  });

  it("names a unit, a source and a model for every row", () => {
    for (const r of report.rows) {
      expect(unitOfMetric(r.metric), r.metric).not.toBe("");
      expect(r.source.length, r.id).toBeGreaterThan(5);
      expect(r.model.length, r.id).toBeGreaterThan(0);
    }
  });
});

describe("the reference MFUs for the Cost chapter", () => {
  const ref = (id: string) => report.mfuReferences.find((m) => m.id === id)!;

  it("reads Llama 3 405B's 430 TFLOP/s per H100 as the 43 % BF16 MFU its paper prints (Table 4), within a point", () => {
    expect(Math.abs(ref("TC-049").mfu - 0.43)).toBeLessThan(0.01);
    expect(Math.abs(ref("TC-050").mfu - 0.41)).toBeLessThan(0.01);
  });

  it("takes PaLM's 46.2 % as printed", () => {
    expect(ref("TC-056").mfu).toBeCloseTo(0.462, 6);
  });

  it("implies Llama 2 70B's MFU from Meta's 1.72M A100-hours within 5 % of 6ND / (312 TFLOPS · hours)", () => {
    // 6·N·D with N the published parameter count of the catalog entry and D = 2T tokens; the engine adds causal attention (a few %).
    const n = findModel("llama-2-70b")!.paramsPublished!.total;
    const sixND = (6 * n * 2e12) / (312e12 * 3600 * 1_720_320);
    expect(ref("TC-043").basis).toBe("implied");
    expect(Math.abs(ref("TC-043").mfu / sixND - 1)).toBeLessThan(0.05);
  });

  it("keeps every reference MFU between 0 and 1", () => {
    expect(report.mfuReferences.length).toBeGreaterThanOrEqual(7);
    for (const m of report.mfuReferences) expect(m.mfu > 0 && m.mfu < 1, m.id).toBe(true);
  });
});
