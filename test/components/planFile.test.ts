import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {GPU_CATALOG} from "../../lib/catalog/index.ts";
import {planScenario, planServing, planTraining} from "../../lib/planner.ts";
import {resolveModel} from "../../lib/resolve.ts";
import {downloadPlan, plannerScenario, type PlannerInputs} from "../../src/components/planFile.ts";

const {document} = new JSDOM().window;
const ALL = GPU_CATALOG.map((g) => g.id);

/** The Planner page's default question (its urlState defaults). */
const page: PlannerInputs = {
  model: "llama-3.1-8b", mode: "serving", promptTokens: 1024, outputTokens: 256, load: "concurrency", concurrency: 32,
  targetThroughputTokensPerSecond: 10000, maxTtftSeconds: 2, maxTpotMs: 50, engine: "vllm", trainingTokens: 1e11, deadlineDays: 30,
  method: "full", precision: "bf16-mixed", sequenceLength: 4096, mfu: 0.4, gpuIds: ALL, allGpuIds: ALL
};

const fileOf = (box: HTMLElement) => {
  const link = box.querySelector("a[download]") as HTMLAnchorElement | null;
  if (!link) throw new Error(box.textContent ?? "no link");
  return {name: link.download, json: JSON.parse(decodeURIComponent(link.href.replace(/^data:application\/json;charset=utf-8,/, "")))};
};

const key = (r: {gpuId: string; gpuCount: number; tensorParallel: number; pipelineParallel: number}) => `${r.gpuId} ×${r.gpuCount} TP${r.tensorParallel} PP${r.pipelineParallel}`;

describe("plannerScenario", () => {
  it("writes a serving question the command plans to the same ranking as the page's planServing call", () => {
    const inputs: PlannerInputs = {...page, gpuIds: ALL.filter((id) => id !== "h100-sxm"), weightFormats: ["bf16", "fp8"]};
    const {name, json} = fileOf(downloadPlan({scenario: plannerScenario(inputs), filename: "plan serving llama", document}));
    expect(name).toBe("plan-serving-llama.json");
    expect(json.plan).toMatchObject({concurrency: 32, maxTimeToFirstTokenSeconds: 2, maxTimePerOutputTokenSeconds: 0.05, weightFormats: ["bf16", "fp8"]});
    expect(json.plan.gpus).not.toContain("h100-sxm");
    const out = planScenario(json);
    if (!out.ok) throw new Error(out.errors.join("; "));
    const direct = planServing({arch: resolveModel("llama-3.1-8b").arch, promptTokens: 1024, outputTokens: 256, engine: "vllm", concurrency: 32,
      maxTimeToFirstTokenSeconds: 2, maxTimePerOutputTokenSeconds: 0.05, weightFormats: ["bf16", "fp8"], gpus: GPU_CATALOG.filter((g) => g.id !== "h100-sxm")});
    expect(out.plan.serving!.rows.slice(0, 5).map((r) => `${key(r)} ${r.weights} ${r.usdPerMillionOutputTokens}`))
      .toEqual(direct.rows.slice(0, 5).map((r) => `${key(r)} ${r.weights} ${r.usdPerMillionOutputTokens}`));
  });

  it("leaves the GPU list and the limits out when the page keeps every GPU and sets none (\"any\", cheapest batch)", () => {
    const json = plannerScenario({...page, load: "cheapest batch", maxTtftSeconds: 0, maxTpotMs: 0});
    expect(json.hardware).toEqual({gpu: "any"});
    expect(json.plan).toEqual({});
  });

  it("writes a training question the command plans to the same cheapest row as the page's planTraining call", () => {
    const inputs: PlannerInputs = {...page, mode: "training", deadlineDays: 60, method: "lora", gpuIds: ["h100-sxm", "a100-sxm-80gb"]};
    const {json} = fileOf(downloadPlan({scenario: plannerScenario(inputs), document}));
    const out = planScenario(json);
    if (!out.ok) throw new Error(out.errors.join("; "));
    const direct = planTraining({arch: resolveModel("llama-3.1-8b").arch, trainingTokens: 1e11, method: "lora", precision: "bf16-mixed", sequenceLength: 4096,
      mfu: 0.4, deadlineSeconds: 60 * 86400, gpus: GPU_CATALOG.filter((g) => ["h100-sxm", "a100-sxm-80gb"].includes(g.id))});
    expect(out.plan.training!.rows.slice(0, 3).map((r) => `${key(r)} ${r.totalUsd}`)).toEqual(direct.rows.slice(0, 3).map((r) => `${key(r)} ${r.totalUsd}`));
  });

  it("offers no file, but the planner's complaint, when every GPU is unticked", () => {
    const box = downloadPlan({scenario: plannerScenario({...page, gpuIds: []}), document});
    expect(box.querySelector("a")).toBeNull();
    expect(box.textContent).toMatch(/plan\.gpus: got \[\], expected a non-empty list/);
  });

  it("takes the planner's answer for the very file when the page has planned it: the same link, or the same complaint", () => {
    const file = plannerScenario(page);
    const planned = planScenario(file);
    expect(fileOf(downloadPlan({scenario: file, planned, document})).json).toEqual(fileOf(downloadPlan({scenario: file, document})).json);
    const none = plannerScenario({...page, gpuIds: []});
    const refused = planScenario(none);
    expect(refused.ok).toBe(false);
    const box = downloadPlan({scenario: none, planned: refused, document});
    expect(box.querySelector("a")).toBeNull();
    expect(box.textContent).toBe(downloadPlan({scenario: none, document}).textContent);
  });
});
