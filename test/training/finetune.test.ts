/**
 * Measured fine-tuning runs against the trainer profiles: data/ground-truth/finetune-cases.json
 * (torchtune, Unsloth, PEFT + HF Trainer, LLaMA-Factory, DeepSpeed runs: peak memory, tokens/s,
 * step time) and the fine-tuning rows of training-cases.json (the public torchtune rows TM-008,
 * TM-012, TM-013 and the Unsloth README's HF + FA2 QLoRA rows).
 *
 * Each row holds its tolerance class (memory 15 %, training 20 %) or the stated bound of its
 * explanation in explanations.json. The medians are printed with the fitted/held-out split of
 * the speed rows: the trainers' utilisation constants (lib/training/profiles.ts
 * FINETUNE_HARDWARE_UTILIZATION, HF_HARDWARE_UTILIZATION; lib/training/time.ts
 * EXPOSED_COMMUNICATION_FRACTION) were fitted on SPEED_FIT_ROWS only.
 *
 * Print the figures: npx vitest run test/training/finetune.test.ts (the table, the medians by trainer,
 * method and sequence length, and the fitted/held-out speed medians go to stdout).
 */
import {describe, expect, it} from "vitest";
import {explanationFor, fineTuningSummary, formatValidationTable, isFineTuningCase, median, rowStatus, runCase} from "../../lib/validation.ts";
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

  it("prints the median |error| by trainer, method and sequence length", () => {
    type Group = {key: string; errors: number[]};
    const groups = new Map<string, Group>();
    const add = (key: string, error: number) => {
      const g = groups.get(key) ?? {key, errors: []};
      g.errors.push(Math.abs(error));
      groups.set(key, g);
    };
    cases.forEach((c, i) => {
      const r = rows[i];
      if (r.informational || r.error === null || !Number.isFinite(r.error)) return;
      const w = (c.scenario as {workload: {framework?: string; method: string; sequenceLength: number}}).workload;
      const kind = r.kind === "memory" ? "memory" : "speed";
      const band = w.sequenceLength <= 2048 ? "≤2k" : w.sequenceLength <= 8192 ? "2k–8k" : w.sequenceLength <= 32768 ? "8k–32k" : ">32k";
      add(`${kind} · trainer ${w.framework ?? "(none: pytorch)"}`, r.error);
      add(`${kind} · method ${w.method}`, r.error);
      add(`${kind} · tokens ${band}`, r.error);
    });
    const lines = [...groups.values()].sort((a, b) => a.key.localeCompare(b.key))
      .map((g) => `${g.key.padEnd(38)} ${String(g.errors.length).padStart(3)} rows  median |error| ${percent(median(g.errors))}`);
    console.log(lines.join("\n"));
    expect(lines.length).toBeGreaterThan(6);
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
    // Speed: the target is 10 % on the held-out rows; the engine stands at about 9 % (2026-12: the
    // rows it misses imply 88-96 % of a GeForce/workstation card's dense peak, or run a family
    // without a fine-tuning speed model). 12 % leaves room for new rows; a regression past it fails.
    expect(s.speedHeldOut.count).toBeGreaterThanOrEqual(10);
    expect(s.speedHeldOut.medianAbsError).toBeLessThanOrEqual(0.12);
    expect(s.speed.medianAbsError).toBeLessThanOrEqual(0.12);
  });
});
