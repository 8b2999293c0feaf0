/**
 * Prints the serving validation (data/ground-truth/serving-cases.json through lib/serving/validation.ts):
 * median |error| and signed median per metric on the fit rows (InferenceX, SV-001…SV-026) and the check
 * rows (every other source), then TTFT and TPOT by engine; with --rows, every case.
 *
 *     npx tsx scripts/servingValidation.ts [--rows]
 */
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {servingValidation} from "../lib/serving/validation.ts";
import {median, type ValidationCase} from "../lib/validation.ts";

const cases = JSON.parse(readFileSync(fileURLToPath(new URL("../data/ground-truth/serving-cases.json", import.meta.url)), "utf8")) as ValidationCase[];
const v = servingValidation(cases);
const pct = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)} %`);

console.log("split  metric                    rows  median |error|  signed median");
for (const s of v.summary) {
  if (!s.count) continue;
  console.log(`${s.split.padEnd(6)} ${s.label.padEnd(25)} ${String(s.count).padStart(4)}  ${pct(s.medianAbsError).padStart(14)}  ${pct(s.medianError).padStart(13)}`);
}
// The check rows SV-061…SV-126 are InferenceX concurrencies and sweeps the fit did not use (same
// campaign as the fit, held out from it): their medians apart, next to the other sources'.
const heldOutInferenceX = (id: string) => Number(id.slice(3, 6)) >= 61 && Number(id.slice(3, 6)) <= 126;
for (const [label, keep] of [["check, InferenceX held-out (SV-061…126)", heldOutInferenceX], ["check, other sources", (id: string) => !heldOutInferenceX(id)]] as const) {
  for (const [name, suffix] of [["TTFT", ".timeToFirstTokenSeconds"], ["TPOT", ".timePerOutputTokenSeconds"]]) {
    const errs = v.rows.filter((r) => r.split === "check" && keep(r.id) && r.metric.endsWith(suffix) && r.error !== null).map((r) => Math.abs(r.error as number));
    if (errs.length) console.log(`${label.padEnd(40)} ${name} ${String(errs.length).padStart(4)}  ${pct(median(errs)).padStart(8)}`);
  }
}
if (v.unanswered.length) console.log(`unanswered: ${v.unanswered.join(", ")}`);

const engineOf = new Map(cases.map((c) => [c.id, String((c.scenario as {workload?: {engine?: string}}).workload?.engine)]));
console.log("\nby engine        split  TTFT rows  median |error|   TPOT rows  median |error|");
for (const engine of [...new Set(engineOf.values())].sort()) {
  for (const split of ["fit", "check"] as const) {
    const of = (suffix: string) => v.rows.filter((r) => r.split === split && engineOf.get(r.id) === engine && r.metric.endsWith(suffix) && r.error !== null)
      .map((r) => Math.abs(r.error as number));
    const ttft = of(".timeToFirstTokenSeconds");
    const tpot = of(".timePerOutputTokenSeconds");
    if (!ttft.length && !tpot.length) continue;
    console.log(`${engine.padEnd(16)} ${split.padEnd(6)} ${String(ttft.length).padStart(9)}  ${pct(ttft.length ? median(ttft) : null).padStart(14)}   ${String(tpot.length).padStart(9)}  ${pct(tpot.length ? median(tpot) : null).padStart(14)}`);
  }
}

if (process.argv.includes("--rows")) {
  console.log("");
  for (const r of v.rows) {
    console.log(`${r.split.padEnd(6)} ${r.id.padEnd(12)} ${pct(r.error).padStart(9)}  ${r.description}`);
  }
}
