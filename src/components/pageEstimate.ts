/**
 * The pages' door to the engine: a page hands its Scenario to `pageEstimate`, which calls
 * lib's `estimate()` (validation, the compatibility check, resolution, the estimate, prices)
 * exactly as the `estimate` command does, and gets back the command's typed `Result`.
 *
 * Derivations need the steps behind a figure (the decode step's parts, the prefill's), which
 * the Result does not list: `detail` is the engine's inference estimate of the same validated
 * scenario, resolved here once, so no page builds its own `{arch, gpu, gpuCount, workload}`.
 *
 * An impossible setup (AWQ weights in llama.cpp, FP8 on a T4, …) is refused by estimate()
 * with messages naming the field; `pageEstimate` then looks for the nearest scenario that runs
 * (the named field changed, one at a time, nearest value first) so that the page can show the
 * refusal and offer that choice (`refusalBox`).
 *
 * ```js
 * const door = pageEstimate(scenario);
 * display(refusalBox(door, {href: (s) => share.href(stateOfScenario(s))}));
 * const run = door.ok ? door : door.fallback;   // fallback: what the hidden figures are computed from
 * ```
 */
import {styleOnce} from "./styleOnce.js";
import type {Architecture} from "../lib/architecture.js";
import {estimate} from "../lib/estimate.js";
import {ENGINES, KV_FORMATS, WEIGHT_FORMATS} from "../lib/formats.js";
import type {GpuSpec} from "../lib/hardware.js";
import {inferenceEstimate, type InferenceEstimate} from "../lib/inference.js";
import {WEIGHT_FORMAT_INFO} from "../lib/quantization.js";
import {resolveGpu, resolveModel} from "../lib/resolve.js";
import type {InferenceWorkload, Result, Scenario} from "../lib/scenario.js";
import {validateScenario} from "../lib/validate.js";
import {ENGINE_PROFILES} from "../lib/engines.js";
import {GPU_CATALOG} from "../lib/catalog/index.js";

/** A scenario the engine accepted: the command's result, and the steps behind its figures. */
export interface PageRun {
  ok: true;
  /** The scenario after validation and defaults (what the command estimates). */
  scenario: Scenario;
  /** What `npm run estimate` prints for this scenario. */
  result: Result;
  /** The inference estimate behind `result` (parts of each step), for derivations; null for training. */
  detail: InferenceEstimate | null;
  arch: Architecture;
  gpu: GpuSpec;
}

/** A choice that turns a refused scenario into one that runs. */
export interface NearestChoice {
  /** The field changed, as the command names it (`workload.weights`). */
  field: string;
  /** "Q4_K_M weights", "vLLM → llama.cpp", …: what the button says. */
  label: string;
  scenario: Scenario;
  run: PageRun;
}

export interface PageRefusal {
  ok: false;
  /** The command's messages, one per problem, each naming its field. */
  errors: string[];
  /** The nearest scenarios that run, nearest first (at most three). */
  nearest: NearestChoice[];
  /** What a page computes its (hidden) figures from, so no cell fails: the nearest choice, else lib's default. */
  fallback: PageRun;
}

export type PageEstimate = PageRun | PageRefusal;

/** Runs a scenario through estimate(), without looking for alternatives. */
function runOnce(input: unknown): PageRun | {ok: false; errors: string[]} {
  const out = estimate(input);
  if (!out.ok) return {ok: false, errors: out.errors};
  const checked = validateScenario(input);
  if (!checked.ok) return {ok: false, errors: checked.errors};
  const scenario = checked.scenario;
  const arch = resolveModel(scenario.model).arch;
  const gpu = resolveGpu(scenario.hardware.gpu, []);
  const detail = scenario.workload.type === "inference"
    ? inferenceEstimate({arch, gpu, gpuCount: scenario.hardware.count, workload: scenario.workload})
    : null;
  return {ok: true, scenario, result: out.result, detail, arch, gpu};
}

/** The fields a refusal names (`workload.weights: …` → "workload.weights"). */
export function refusedFields(errors: readonly string[]): string[] {
  const fields = errors.map((e) => /^([A-Za-z][\w.[\]]*):/.exec(e)?.[1]).filter((f): f is string => f !== undefined);
  return [...new Set(fields)];
}

const bitsOf = (format: string) => (WEIGHT_FORMAT_INFO as Record<string, {bitsPerWeight?: number}>)[format]?.bitsPerWeight ?? 16;

/**
 * The choices a refusal names itself, nearest first: the compatibility table's messages end with
 * `would work: a, b; or other.field: x, y` (lib/compat.ts).
 * @example suggestedChoices('workload.weights: got "awq-int4", …; would work: q4_k_m, q4_0; or workload.engine: vllm')
 *   // [{field: "workload.weights", value: "q4_k_m"}, {field: "workload.weights", value: "q4_0"}, {field: "workload.engine", value: "vllm"}]
 */
export function suggestedChoices(error: string): {field: string; value: string}[] {
  const field = /^([A-Za-z][\w.]*):/.exec(error)?.[1];
  const tail = /would work: (.*)$/.exec(error)?.[1];
  if (!field || !tail) return [];
  const out: {field: string; value: string}[] = [];
  const [own, ...others] = tail.split(/; or /);
  for (const value of own!.split(/,\s*/)) if (value.trim()) out.push({field, value: value.trim()});
  for (const other of others) {
    const m = /^([A-Za-z][\w.]*): (.*)$/.exec(other.trim());
    if (m) for (const value of m[2]!.split(/,\s*/)) if (value.trim()) out.push({field: m[1]!, value: value.trim()});
  }
  return out;
}

/** The scenario with one field set to a value a refusal suggested, and the button's words; null for a field pages cannot set. */
function applyChoice(scenario: Scenario, field: string, value: string): {label: string; scenario: Scenario} | null {
  const w = scenario.workload as InferenceWorkload;
  if (w.type !== "inference") return null;
  const engineLabel = (ENGINE_PROFILES as Record<string, {label: string}>)[value]?.label ?? value;
  const formatLabel = (WEIGHT_FORMAT_INFO as Record<string, {label: string}>)[value]?.label ?? value;
  switch (field) {
    case "workload.weights":
      return (WEIGHT_FORMATS as readonly string[]).includes(value) ? {label: `${formatLabel} weights`, scenario: {...scenario, workload: {...w, weights: value as InferenceWorkload["weights"]}}} : null;
    case "workload.kvCache":
      return (KV_FORMATS as readonly string[]).includes(value) ? {label: `a ${value} KV cache`, scenario: {...scenario, workload: {...w, kvCache: value as InferenceWorkload["kvCache"]}}} : null;
    case "workload.engine":
      return (ENGINES as readonly string[]).includes(value) ? {label: engineLabel, scenario: {...scenario, workload: {...w, engine: value as InferenceWorkload["engine"]}}} : null;
    case "hardware.gpu": {
      const gpu = GPU_CATALOG.find((g) => g.id === value);
      return gpu ? {label: gpu.name, scenario: {...scenario, hardware: {...scenario.hardware, gpu: gpu.id}}} : null;
    }
    default:
      return null;
  }
}

/** Other values of a field, nearest first; each with the scenario it makes and its label. */
function alternatives(scenario: Scenario, field: string): {label: string; scenario: Scenario}[] {
  const w = scenario.workload as InferenceWorkload;
  const withWorkload = (patch: Partial<InferenceWorkload>) => ({...scenario, workload: {...w, ...patch}});
  const name = (engine: string) => (ENGINE_PROFILES as Record<string, {label: string}>)[engine]?.label ?? engine;
  const formatLabel = (f: string) => (WEIGHT_FORMAT_INFO as Record<string, {label: string}>)[f]?.label ?? f;
  if (w.type !== "inference") return [];
  switch (field) {
    case "workload.weights": {
      const here = bitsOf(w.weights);
      return WEIGHT_FORMATS.filter((f) => f !== w.weights)
        .map((f) => ({f, d: Math.abs(bitsOf(f) - here)}))
        .sort((a, b) => a.d - b.d)
        .map(({f}) => ({label: `${formatLabel(f)} weights`, scenario: withWorkload({weights: f})}));
    }
    case "workload.kvCache":
      return KV_FORMATS.filter((f) => f !== w.kvCache).map((f) => ({label: `a ${f} KV cache`, scenario: withWorkload({kvCache: f})}));
    case "workload.engine":
      return ENGINES.filter((e) => e !== w.engine).map((e) => ({label: name(e), scenario: withWorkload({engine: e})}));
    case "hardware.gpu": {
      // Keep the weights and the engine: first the same formats with another engine or KV format, then other GPUs.
      const sameGpu = [
        ...KV_FORMATS.filter((f) => f !== w.kvCache).map((f) => ({label: `a ${f} KV cache`, scenario: withWorkload({kvCache: f})})),
        ...ENGINES.filter((e) => e !== w.engine).map((e) => ({label: name(e), scenario: withWorkload({engine: e})})),
        ...alternatives(scenario, "workload.weights")
      ];
      const gpus = GPU_CATALOG.filter((g) => g.id !== scenario.hardware.gpu).map((g) => ({label: g.name, scenario: {...scenario, hardware: {...scenario.hardware, gpu: g.id}}}));
      return [...sameGpu, ...gpus];
    }
    default:
      return [];
  }
}

/**
 * Estimates a page's scenario through the engine's one door. A refused scenario comes back
 * with the command's messages and the nearest choices that run.
 */
export function pageEstimate(scenario: Scenario): PageEstimate {
  const first = runOnce(scenario);
  if (first.ok) return first;
  const nearest: NearestChoice[] = [];
  const seen = new Set<string>();
  // First the choices the refusal itself names (the compatibility table's nearest), in its order.
  for (const {field, value} of first.errors.flatMap(suggestedChoices)) {
    if (nearest.length >= 3) break;
    const alt = applyChoice(scenario, field, value);
    if (!alt) continue;
    const key = JSON.stringify(alt.scenario);
    if (seen.has(key)) continue;
    seen.add(key);
    const run = runOnce(alt.scenario);
    if (run.ok) nearest.push({field, label: alt.label, scenario: alt.scenario, run});
  }
  // Else one named field changed at a time, nearest value first.
  for (const field of refusedFields(first.errors)) {
    for (const alt of alternatives(scenario, field)) {
      if (nearest.length >= 3) break;
      const key = JSON.stringify(alt.scenario);
      if (seen.has(key)) continue;
      seen.add(key);
      const run = runOnce(alt.scenario);
      if (run.ok) nearest.push({field, label: alt.label, scenario: alt.scenario, run});
    }
  }
  const fallback = nearest[0]?.run ?? defaultRun(scenario);
  return {ok: false, errors: first.errors, nearest, fallback};
}

/** The page's scenario with lib's default workload, else the default scenario: what hidden figures use. */
function defaultRun(scenario: Scenario): PageRun {
  const tries: Scenario[] = [
    {...scenario, workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}},
    {model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1},
      workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}}
  ];
  for (const s of tries) {
    const run = runOnce(s);
    if (run.ok) return run;
  }
  throw new Error("the default scenario does not run");
}

/**
 * The refusal, for the top of a page: the command's messages, and a link per nearest choice
 * that switches the page to it. An empty, hidden element when the scenario runs. While it shows,
 * everything after it on the page (figures computed from the fallback) is hidden; so is any
 * `.needs-estimate` element (the document's body carries `scenario-refused`).
 */
export function refusalBox(door: PageEstimate, {href, document = globalThis.document}: {href: (scenario: Scenario) => string; document?: Document}): HTMLElement {
  const box = document.createElement("div");
  box.className = "scenario-refusal";
  box.id = "scenario-refusal";
  box.setAttribute("role", "alert");
  document.body?.classList.toggle("scenario-refused", !door.ok);
  styleOnce(document, "scenario-refusal-style", REFUSAL_CSS);
  // Mark the block of the page that holds the box (once Framework has inserted it, a microtask
  // later), so that the style hides what follows it while the body says the scenario is refused.
  queueMicrotask(() => {
    const main = box.ownerDocument.getElementById("observablehq-main");
    let host: Element | null = box;
    while (host && host.parentElement !== main) host = host.parentElement;
    host?.classList.add("refusal-host");
  });
  if (door.ok) {
    box.hidden = true;
    return box;
  }
  box.classList.add("caution");
  box.setAttribute("label", "This setup cannot run");
  const list = document.createElement("ul");
  list.className = "refusal-messages";
  for (const error of door.errors) {
    const li = document.createElement("li");
    li.textContent = error;
    list.append(li);
  }
  box.append(list);
  if (door.nearest.length) {
    const offer = document.createElement("p");
    offer.className = "refusal-offer";
    offer.append(document.createTextNode(door.nearest.length === 1 ? "The nearest setup that runs: " : "The nearest setups that run: "));
    door.nearest.forEach((choice, i) => {
      if (i) offer.append(document.createTextNode(" "));
      const a = document.createElement("a");
      a.className = "refusal-choice";
      a.href = href(choice.scenario);
      a.dataset.field = choice.field;
      a.dataset.keepHref = ""; // its own scenario: carryScenario leaves it alone
      a.textContent = `Switch to ${choice.label}`;
      a.setAttribute("role", "button");
      offer.append(a);
    });
    box.append(offer);
  } else {
    const p = document.createElement("p");
    p.textContent = "No single change of the named field makes it run; change the model, GPU or formats above.";
    box.append(p);
  }
  return box;
}

const REFUSAL_CSS = `
/* The figures below a refusal are computed from the fallback scenario: hide them. (A class on
   the body and one on the refusal's block, not a :has() rule: \`main > :has(…) ~ *\` made every
   cell's insertion or removal restyle the whole page.) */
body.scenario-refused #observablehq-main > .refusal-host ~ * { display: none; }
body.scenario-refused .needs-estimate { display: none; }
.scenario-refusal .refusal-messages { font-family: var(--monospace, monospace); font-size: 0.9rem; }
.scenario-refusal .refusal-choice { display: inline-block; margin: 0.25rem 0.5rem 0.25rem 0; padding: 0.2rem 0.6rem; border: solid 1px currentColor; border-radius: 4px; text-decoration: none; }
`;

/**
 * What the sweeps of inferenceSweeps.ts vary from: the run's resolved model and GPU and its
 * validated workload (the sweeps change one workload key and call the engine again).
 */
export function sweepCase(run: PageRun): {arch: Architecture; gpu: GpuSpec; gpuCount: number; workload: InferenceWorkload} {
  if (run.scenario.workload.type !== "inference") throw new Error("sweepCase: not an inference scenario");
  return {arch: run.arch, gpu: run.gpu, gpuCount: run.scenario.hardware.count, workload: run.scenario.workload};
}
