/**
 * The inputs every chapter shares: the model, the hardware (GPU kind and count), the serving
 * engine, the weight and KV-cache formats, and the GB/GiB switch. Each is a Framework input:
 * an element with a `value` that emits "input" events when (and only when) the value changes,
 * so a page writes
 *
 *     const model = view(modelInput());                      // → ModelChoice
 *     const hw = view(hardwareInput({value: {gpu: "h100-sxm", count: 1}})); // → HardwareChoice
 *     const engine = view(engineInput());                    // → EngineName ("vllm", …)
 *     const weights = view(weightFormatInput());             // → WeightFormat ("bf16", …)
 *     const kvFormat = view(kvFormatInput());                // → KvFormat
 *     const unit = view(unitInput({value: "GB"}));           // → "GB" | "GiB"
 *
 * and passes the values straight to the engine:
 *
 *     inferenceEstimate({arch: model.arch, gpu: hw.spec, gpuCount: hw.count, workload})
 *     estimate({model: model.model, hardware: {gpu: hw.gpu, count: hw.count}, workload})
 *
 * - `modelInput`: a catalog model (select, grouped by family) or "Paste a config.json…": a
 *   textarea whose text is parsed as JSON and read by `architectureFromConfig` (through
 *   `resolveModel`). A text that is not JSON, or a config the engine cannot read, shows a
 *   message next to the box naming the field; the input keeps its last valid model.
 * - `hardwareInput`: a catalog GPU (memory and bandwidth in the option's label) or a custom
 *   spec (memory GB, bandwidth GB/s, dense bf16 TFLOPS), and the GPU count.
 *
 * Every input takes a `value` option, and its `value` property can be set later (the URL
 * state sets it): `modelInput().value = "qwen3-8b"` or `= {model_type: "llama", …}`;
 * `hardwareInput().value = {gpu: "a100-sxm-80gb", count: 2}` or `{gpu: {name, memoryGB, …}}`.
 * Setting a value does not emit "input" (as with @observablehq/inputs); dispatch one if the
 * page should react.
 *
 * Markup follows @observablehq/inputs (a `<form class="inputs-3a86ea">` per field, a `<label>`
 * then the control), so fields look like the other inputs and tests find them by label text.
 */
import {styleOnce} from "./styleOnce.js";
import * as Inputs from "@observablehq/inputs";
import type {Architecture} from "../lib/architecture.js";
import {GPU_CATALOG, MODEL_CATALOG, findGpu, findModel, type CatalogModel} from "../lib/catalog/index.js";
import {ENGINE_PROFILES} from "../lib/engines.js";
import {ENGINES, KV_FORMATS, WEIGHT_FORMATS, type EngineName, type KvFormat, type WeightFormat} from "../lib/formats.js";
import type {GpuSpec} from "../lib/hardware.js";
import {WEIGHT_FORMAT_INFO} from "../lib/quantization.js";
import {gpuFromInline, resolveModel, ScenarioError} from "../lib/resolve.js";
import type {InlineGpu} from "../lib/scenario.js";
import {CONFIG_JSON_MAX_CHARS} from "../lib/config.js";
import {inlineGpuProblems, SCENARIO_LIMITS} from "../lib/validate.js";
import {byteUnitSwitch} from "./byteUnitSwitch.js";
import {formatBytes, formatBytesPerSecond} from "./units.js";

export {byteUnitSwitch as unitInput};

const NS = "inputs-3a86ea"; // @observablehq/inputs' CSS namespace (0.12)

/** The model as the engine takes it. */
export interface ModelChoice {
  /** From the catalog, or a pasted config.json. */
  source: "catalog" | "config";
  /** Catalog id, or null for a pasted config. */
  id: string | null;
  /** Display name (catalog name, or the config's `_name_or_path` / architecture / model_type). */
  name: string;
  /** What a Scenario's `model` field takes: the catalog id or the config object. */
  model: string | Record<string, unknown>;
  /** The architecture read from the config. */
  arch: Architecture;
  /** The config reader's warnings (unknown family read by Llama conventions, vision tower not counted, …). */
  warnings: string[];
}

/** The outcome of reading a pasted config.json. */
export type ConfigParse =
  | {ok: true; choice: ModelChoice}
  | {ok: false; message: string; fields: string[]};

/**
 * Reads the text of a config.json: JSON, then the engine's config reader.
 * The message names the field at fault (`num_hidden_layers`, …) or the JSON error.
 *
 * @example parseConfigText('{"model_type": "llama"}') // {ok: false, message: "config.json: … num_hidden_layers …"}
 */
export function parseConfigText(text: string, name = ""): ConfigParse {
  if (text.length > CONFIG_JSON_MAX_CHARS) return {ok: false, message: tooLong(text.length), fields: []};
  if (text.trim() === "") return {ok: false, message: "Paste the contents of a config.json.", fields: []};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {ok: false, message: `Not valid JSON: ${(error as Error).message}`, fields: []};
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return {ok: false, message: "A config.json is a JSON object ({ … }); this text is not.", fields: []};
  }
  const given = name.trim();
  return choiceOfModel(given ? {...(json as Record<string, unknown>), _name_or_path: given} : (json as Record<string, unknown>));
}

/**
 * Catalog models matching a typed text: the one whose name, id or Hub id is the text (case and
 * spacing aside), and those that contain it.
 * @example findModels(MODEL_CATALOG, "meta-llama/Llama-3.1-70B").exact?.id // "llama-3.1-70b"
 */
export function findModels(models: readonly CatalogModel[], text: string): {exact: CatalogModel | null; partial: CatalogModel[]} {
  const norm = (x: string) => x.toLowerCase().replace(/\s+/g, " ").trim();
  const q = norm(text);
  const keys = (m: CatalogModel) => [m.name, m.id, m.hubId ?? ""].map(norm);
  const exact = models.find((m) => keys(m).includes(q)) ?? null;
  const partial = q ? models.filter((m) => keys(m).some((k) => k.includes(q))) : [];
  return {exact, partial};
}

/** Why text over CONFIG_JSON_MAX_CHARS is not read. */
function tooLong(length: number): string {
  return `This text has ${length.toLocaleString("en-US")} characters; a config.json has a few thousand, and at most ` +
    `${CONFIG_JSON_MAX_CHARS.toLocaleString("en-US")} are read. Paste the config.json alone.`;
}

/** Catalog id or config object → a ModelChoice, or what is wrong with it. */
export function choiceOfModel(model: string | Record<string, unknown>): ConfigParse {
  try {
    const resolved = resolveModel(model);
    return {
      ok: true,
      choice: {
        source: typeof model === "string" ? "catalog" : "config",
        id: resolved.id,
        name: resolved.name,
        model: typeof model === "string" ? resolved.id ?? model : model,
        arch: resolved.arch,
        warnings: resolved.warnings
      }
    };
  } catch (error) {
    if (error instanceof ScenarioError) {
      const fields = [...new Set(error.errors.flatMap((e) => e.match(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g) ?? []))];
      return {ok: false, message: `This config cannot be read: ${error.errors.join("; ")}`, fields};
    }
    return {ok: false, message: `This config cannot be read: ${(error as Error).message}`, fields: []};
  }
}

/** Creates `<form class="inputs-3a86ea"><label for=…>label</label><div class="…-input">control</div></form>`. */
function field(document: Document, label: string, control: HTMLElement, id: string): HTMLFormElement {
  const form = document.createElement("form");
  form.className = NS;
  const title = document.createElement("label");
  title.textContent = label;
  title.htmlFor = id;
  control.id = id;
  const body = document.createElement("div");
  body.className = `${NS}-input`;
  body.append(control);
  form.append(title, body);
  form.addEventListener("submit", (event) => event.preventDefault());
  return form;
}

/** The inputs' own CSS, added once to the document's head so every page that uses them gets it. */
export const SCENARIO_INPUTS_CSS = `
.scenario-input form { width: 100%; max-width: 100%; }
.scenario-input select { width: 100%; max-width: 100%; }
.scenario-input textarea { width: 100%; font-family: var(--monospace, monospace); font-size: 0.8rem; }
.scenario-input .config-message { font-size: 0.85rem; max-width: 640px; margin: 0.25rem 0 0.5rem; }
.scenario-input .config-message[data-kind="error"] { color: #e5484d; }
.scenario-input .config-message[data-kind="note"] { color: var(--theme-foreground-muted, #666); }
.scenario-input .finder-message { font-size: 0.85rem; max-width: 640px; margin: 0.25rem 0 0.5rem; color: var(--theme-foreground-muted, #666); }
.scenario-input input[type="search"] { width: 100%; max-width: 100%; }
`;


let uid = 0;
const nextId = (prefix: string) => `${prefix}-${++uid}-${Math.random().toString(36).slice(2, 7)}`;

/** The `value` of the "Paste a config.json…" option of the model select. */
export const PASTE_CONFIG = "__paste-config__";

export interface ModelInputOptions {
  /** The model shown first: a catalog id or a config.json object. Default "llama-3.1-8b". */
  value?: string | Record<string, unknown>;
  /** Label of the select. Default "Model". */
  label?: string;
  /** Models to offer; default the whole catalog. */
  models?: readonly CatalogModel[];
  /** The document to create nodes in; defaults to the page's. */
  document?: Document;
}

export type ModelInput = HTMLDivElement & {value: ModelChoice};

/**
 * The model picker. Its value is always a readable model: an unreadable paste leaves the
 * previous model in place and says why next to the box.
 * @example const model = view(modelInput({value: "qwen3-8b"}))
 */
export function modelInput({
  value = "llama-3.1-8b",
  label = "Model",
  models = MODEL_CATALOG,
  document = globalThis.document
}: ModelInputOptions = {}): ModelInput {
  styleOnce(document, "scenario-inputs-style", SCENARIO_INPUTS_CSS);
  const root = document.createElement("div") as ModelInput;
  root.className = "scenario-input model-input";
  const select = document.createElement("select");
  const families = new Map<string, CatalogModel[]>();
  for (const m of models) families.set(m.family, [...(families.get(m.family) ?? []), m]);
  for (const [family, list] of families) {
    const group = document.createElement("optgroup");
    group.label = family;
    for (const m of list) {
      const option = document.createElement("option");
      option.value = m.id;
      option.textContent = m.name;
      group.append(option);
    }
    select.append(group);
  }
  const pasteOption = document.createElement("option");
  pasteOption.value = PASTE_CONFIG;
  pasteOption.textContent = "Paste a config.json…";
  select.append(pasteOption);

  const textarea = document.createElement("textarea");
  textarea.rows = 8;
  textarea.spellcheck = false;
  textarea.placeholder = '{"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, …}';
  textarea.setAttribute("aria-label", "config.json");
  const message = document.createElement("div");
  message.className = "config-message";
  message.setAttribute("role", "status");
  // A name the reader gives a pasted config (written to its _name_or_path, so it travels in the link).
  const nameBox = document.createElement("input");
  nameBox.type = "text";
  nameBox.placeholder = "the config's _name_or_path, or a name you give";
  nameBox.maxLength = 120;
  const paste = document.createElement("div");
  paste.className = "config-paste";
  paste.append(field(document, "config.json", textarea, nextId("config")), field(document, "Name of the pasted model", nameBox, nextId("config-name")), message);

  // Type-ahead: the catalog's names, ids and Hub ids; a Hub id outside the catalog or a pasted
  // config.json opens the paste box.
  const finder = document.createElement("input");
  finder.type = "search";
  finder.autocomplete = "off";
  finder.spellcheck = false;
  finder.placeholder = "name, id or Hub id (meta-llama/…), or paste a config.json";
  const list = document.createElement("datalist");
  list.id = nextId("models");
  for (const m of models) {
    const option = document.createElement("option");
    option.value = m.name;
    option.label = [m.id, m.hubId].filter(Boolean).join(" · ");
    list.append(option);
  }
  const pasteEntry = document.createElement("option");
  pasteEntry.value = "Paste a config.json…";
  list.append(pasteEntry);
  finder.setAttribute("list", list.id);
  const finderNote = document.createElement("div");
  finderNote.className = "finder-message";
  finderNote.setAttribute("role", "status");
  finderNote.hidden = true;
  const find = field(document, "Find a model", finder, nextId("find-model"));
  find.append(list, finderNote);

  root.append(find, field(document, label, select, nextId("model")), paste);

  const initial = choiceOfModel(value);
  let current: ModelChoice = initial.ok ? initial.choice : (choiceOfModel("llama-3.1-8b") as {ok: true; choice: ModelChoice}).choice;

  const showMessage = (text: string, kind: "error" | "note" | "") => {
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = text === "";
  };
  const sync = () => {
    const pasting = select.value === PASTE_CONFIG;
    paste.hidden = !pasting;
    if (!pasting) showMessage("", "");
  };
  const show = (choice: ModelChoice) => {
    if (choice.source === "catalog" && choice.id && findModel(choice.id)) {
      select.value = choice.id;
    } else {
      select.value = PASTE_CONFIG;
      textarea.value = JSON.stringify(choice.model, null, 2);
      const given = (choice.model as Record<string, unknown>)._name_or_path;
      nameBox.value = typeof given === "string" ? given : "";
      showMessage(noteFor(choice), "note");
    }
    sync();
  };
  const noteFor = (choice: ModelChoice) =>
    `Read as ${choice.name} (${choice.arch.modelType}, ${choice.arch.layers} layers).${choice.warnings.length ? ` ${choice.warnings.join(" ")}` : ""}`;
  const emit = () => root.dispatchEvent(new (document.defaultView ?? globalThis).Event("input", {bubbles: true}));

  show(current);
  if (!initial.ok && typeof value !== "string") {
    select.value = PASTE_CONFIG;
    textarea.value = JSON.stringify(value, null, 2);
    sync();
    showMessage(`${initial.message} Still showing ${current.name}.`, "error");
  }

  /** The pasted text, read as a config named by the name box (when filled). */
  const parsePasted = () => parseConfigText(textarea.value, nameBox.value);

  select.addEventListener("input", (event) => event.stopPropagation());
  select.addEventListener("change", (event) => {
    event.stopPropagation();
    sync();
    if (select.value === PASTE_CONFIG) {
      const parsed = parsePasted();
      if (parsed.ok) {
        current = parsed.choice;
        showMessage(noteFor(current), "note");
        emit();
      } else {
        showMessage(`${parsed.message} Still showing ${current.name}.`, textarea.value.trim() ? "error" : "note");
      }
      return;
    }
    const picked = choiceOfModel(select.value);
    if (picked.ok) {
      current = picked.choice;
      emit();
    }
  });
  // Text over the limit never reaches the textarea: laying out megabytes would freeze the page.
  const refuseLarge = (event: Event, data: DataTransfer | null) => {
    const length = data?.getData("text/plain").length ?? 0;
    if (length <= CONFIG_JSON_MAX_CHARS) return;
    event.preventDefault();
    showMessage(`${tooLong(length)} Still showing ${current.name}.`, "error");
  };
  textarea.addEventListener("paste", (event) => refuseLarge(event, (event as ClipboardEvent).clipboardData));
  textarea.addEventListener("drop", (event) => refuseLarge(event, (event as DragEvent).dataTransfer));
  const onPaste = (event: Event) => {
    event.stopPropagation();
    const parsed = parsePasted();
    if (!parsed.ok) {
      showMessage(`${parsed.message} Still showing ${current.name}.`, "error");
      return;
    }
    current = parsed.choice;
    showMessage(noteFor(current), "note");
    emit();
  };
  textarea.addEventListener("input", onPaste);
  nameBox.addEventListener("input", (event) => {
    if (textarea.value.trim()) onPaste(event);
    else event.stopPropagation();
  });

  const say = (text: string) => {
    finderNote.textContent = text;
    finderNote.hidden = text === "";
  };
  const choose = (id: string) => {
    select.value = id;
    select.dispatchEvent(new (document.defaultView ?? globalThis).Event("change"));
  };
  /** Acts on the finder's text: `commit` (Enter or a pick from the list) also takes a single partial match. */
  const onFind = (commit: boolean) => {
    const text = finder.value.trim();
    say("");
    if (text === "") return;
    if (text.startsWith("{")) {
      if (finder.value.length > CONFIG_JSON_MAX_CHARS) {
        say(tooLong(finder.value.length));
        finder.value = "";
        return;
      }
      textarea.value = finder.value;
      finder.value = "";
      choose(PASTE_CONFIG);
      return;
    }
    if (/^paste\b/i.test(text)) {
      finder.value = "";
      choose(PASTE_CONFIG);
      textarea.focus?.();
      return;
    }
    const hits = findModels(models, text);
    if (hits.exact) {
      choose(hits.exact.id);
      return;
    }
    if (commit && hits.partial.length === 1) {
      finder.value = hits.partial[0]!.name;
      choose(hits.partial[0]!.id);
      return;
    }
    if (commit && /^[\w.-]+\/[\w.-]+$/.test(text)) {
      say(`${text} is not in the catalog: paste its config.json (huggingface.co/${text}, file config.json) in the box below.`);
      choose(PASTE_CONFIG);
      return;
    }
    if (commit) say(hits.partial.length ? `${hits.partial.length} models match: ${hits.partial.slice(0, 5).map((m) => m.name).join(", ")}${hits.partial.length > 5 ? ", …" : ""}` : `No catalog model matches “${text}”.`);
  };
  finder.addEventListener("input", (event) => {
    event.stopPropagation();
    onFind(false);
  });
  finder.addEventListener("change", (event) => {
    event.stopPropagation();
    onFind(true);
  });
  finder.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      onFind(true);
    }
  });

  Object.defineProperty(root, "value", {
    get: () => current,
    set(next: unknown) {
      const model = isChoice(next) ? next.model : next;
      if (typeof model !== "string" && (typeof model !== "object" || model === null)) return;
      const parsed = choiceOfModel(model as string | Record<string, unknown>);
      if (!parsed.ok) return;
      current = parsed.choice;
      show(current);
    }
  });
  return root;
}

function isChoice(x: unknown): x is ModelChoice {
  return typeof x === "object" && x !== null && "arch" in x && "model" in x;
}

/** The hardware as the engine takes it. */
export interface HardwareChoice {
  /** What a Scenario's `hardware.gpu` takes: a catalog id or an inline spec in datasheet units. */
  gpu: string | InlineGpu;
  /** The GPU in SI units, for `inferenceEstimate` / `trainingEstimate`. */
  spec: GpuSpec;
  /** Number of GPUs. */
  count: number;
}

/** The `value` of the "Custom GPU…" option. */
export const CUSTOM_GPU = "__custom-gpu__";

export interface HardwareInputOptions {
  /** The GPU (catalog id or inline spec) and count shown first. Default H100 SXM, 1 GPU. */
  value?: {gpu?: string | InlineGpu; count?: number};
  /** GPUs to offer; default the whole catalog. */
  gpus?: readonly GpuSpec[];
  /** Label of the GPU select. Default "GPU". */
  label?: string;
  /** Largest GPU count. Default 1024. */
  maxCount?: number;
  /** The document to create nodes in; defaults to the page's. */
  document?: Document;
}

export type HardwareInput = HTMLDivElement & {value: HardwareChoice};

/** "NVIDIA H100 SXM5 80GB · 85.5 GB · 3.35 TB/s": the catalog option's label. */
export function gpuOptionLabel(gpu: GpuSpec): string {
  return `${gpu.name} · ${formatBytes(gpu.memoryBytes, {unit: "GB", scale: "fixed"})} · ${formatBytesPerSecond(gpu.bandwidthBytesPerSecond)}`;
}

const DEFAULT_CUSTOM: InlineGpu = {name: "Custom GPU", memoryGB: 48, bandwidthGBps: 1000, tflops: {bf16: 200}};

/**
 * The hardware picker: a catalog GPU or a custom spec, and how many.
 * @example const hw = view(hardwareInput({value: {gpu: "rtx-4090", count: 2}}))
 */
export function hardwareInput({
  value = {},
  gpus = GPU_CATALOG,
  label = "GPU",
  maxCount = 1024,
  document = globalThis.document
}: HardwareInputOptions = {}): HardwareInput {
  styleOnce(document, "scenario-inputs-style", SCENARIO_INPUTS_CSS);
  const root = document.createElement("div") as HardwareInput;
  root.className = "scenario-input hardware-input";
  const select = document.createElement("select");
  for (const gpu of gpus) {
    const option = document.createElement("option");
    option.value = gpu.id;
    option.textContent = gpuOptionLabel(gpu);
    select.append(option);
  }
  const customOption = document.createElement("option");
  customOption.value = CUSTOM_GPU;
  customOption.textContent = "Custom GPU…";
  select.append(customOption);

  const number = (min: number, step: number) => {
    const input = document.createElement("input");
    input.type = "number";
    input.min = String(min);
    input.step = String(step);
    return input;
  };
  const memory = number(SCENARIO_LIMITS.memoryGBMin, 0.1);
  const bandwidth = number(SCENARIO_LIMITS.bandwidthGBpsMin, 1);
  const tflops = number(SCENARIO_LIMITS.tflopsMin, 0.1);
  const count = number(1, 1);
  count.max = String(maxCount);
  const custom = document.createElement("div");
  custom.className = "custom-gpu";
  // Why a custom value is not used (the validator's words, naming hardware.gpu.<field>).
  const gpuMessage = document.createElement("div");
  gpuMessage.className = "config-message gpu-message";
  gpuMessage.dataset.kind = "error";
  gpuMessage.setAttribute("role", "status");
  gpuMessage.hidden = true;
  custom.append(
    field(document, "Memory (GB)", memory, nextId("gpu-memory")),
    field(document, "Bandwidth (GB/s)", bandwidth, nextId("gpu-bandwidth")),
    field(document, "Dense bf16 TFLOPS", tflops, nextId("gpu-tflops")),
    gpuMessage
  );
  root.append(field(document, label, select, nextId("gpu")), custom, field(document, "GPU count", count, nextId("gpu-count")));

  let customSpec: InlineGpu = DEFAULT_CUSTOM;
  let current: HardwareChoice = {gpu: "h100-sxm", spec: findGpu("h100-sxm") ?? gpus[0]!, count: 1};

  const show = () => {
    const isCustom = typeof current.gpu !== "string";
    select.value = isCustom ? CUSTOM_GPU : (current.gpu as string);
    custom.hidden = !isCustom;
    memory.value = String(customSpec.memoryGB);
    bandwidth.value = String(customSpec.bandwidthGBps);
    tflops.value = String(customSpec.tflops.bf16 ?? customSpec.tflops.fp16 ?? customSpec.tflops.fp32 ?? 0);
    count.value = String(current.count);
  };
  /** Applies a (gpu, count) pair if valid; returns whether the value changed. */
  const apply = (gpu: string | InlineGpu | undefined, n: number | undefined): boolean => {
    let next = current;
    if (typeof gpu === "string") {
      const spec = gpus.find((g) => g.id === gpu) ?? findGpu(gpu);
      if (spec) next = {...next, gpu: spec.id, spec};
    } else if (gpu && inlineGpuProblems(gpu).length === 0) {
      customSpec = gpu;
      next = {...next, gpu, spec: gpuFromInline(gpu)};
    }
    if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= maxCount) next = {...next, count: n};
    const changed = next !== current;
    current = next;
    return changed;
  };
  apply(value.gpu, value.count);
  show();

  const emit = () => root.dispatchEvent(new (document.defaultView ?? globalThis).Event("input", {bubbles: true}));
  const readCustom = (): InlineGpu => ({
    name: customSpec.name,
    memoryGB: Number(memory.value),
    bandwidthGBps: Number(bandwidth.value),
    tflops: {bf16: Number(tflops.value), fp16: Number(tflops.value)}
  });
  select.addEventListener("input", (event) => event.stopPropagation());
  select.addEventListener("change", (event) => {
    event.stopPropagation();
    const changed = select.value === CUSTOM_GPU ? apply(readCustom(), undefined) : apply(select.value, undefined);
    show();
    if (changed) emit();
  });
  for (const input of [memory, bandwidth, tflops]) {
    input.addEventListener("input", (event) => {
      event.stopPropagation();
      const spec = readCustom();
      const problems = inlineGpuProblems(spec);
      gpuMessage.hidden = problems.length === 0;
      gpuMessage.textContent = problems.length
        ? `${problems.join("; ")}. Still using ${customSpec.memoryGB} GB, ${customSpec.bandwidthGBps} GB/s, ` +
          `${customSpec.tflops.bf16 ?? customSpec.tflops.fp16 ?? customSpec.tflops.fp32} TFLOPS.`
        : "";
      if (problems.length === 0 && apply(spec, undefined)) emit();
    });
    input.addEventListener("change", (event) => event.stopPropagation());
  }
  count.addEventListener("input", (event) => {
    event.stopPropagation();
    if (apply(undefined, Number(count.value))) emit();
  });
  count.addEventListener("change", (event) => event.stopPropagation());

  Object.defineProperty(root, "value", {
    get: () => current,
    set(next: unknown) {
      if (typeof next !== "object" || next === null) return;
      const {gpu, count: n} = next as {gpu?: string | InlineGpu; count?: number};
      apply(gpu, n);
      show();
    }
  });
  return root;
}

/** The serving engine (ENGINE_PROFILES labels). Default "vllm". */
export function engineInput({value = "vllm", label = "Engine"}: {value?: EngineName; label?: string} = {}) {
  return Inputs.select([...ENGINES] as EngineName[], {value, label, format: (e: EngineName) => ENGINE_PROFILES[e].label});
}

/** The weight storage format, labelled with its nominal bits per weight. Default "bf16". */
export function weightFormatInput({value = "bf16", label = "Weights"}: {value?: WeightFormat; label?: string} = {}) {
  return Inputs.select([...WEIGHT_FORMATS] as WeightFormat[], {value, label,
    format: (f: WeightFormat) => `${WEIGHT_FORMAT_INFO[f].label} (${+WEIGHT_FORMAT_INFO[f].bitsPerWeight.toFixed(3)} bits)`});
}

/** The KV-cache storage format. Default "bf16". */
export function kvFormatInput({value = "bf16", label = "KV cache"}: {value?: KvFormat; label?: string} = {}) {
  return Inputs.select([...KV_FORMATS] as KvFormat[], {value, label});
}
