/**
 * The scenario as page state: one codec for every chapter, and the scenario carried from one
 * chapter to the next.
 *
 * Every chapter that estimates something holds an inference `Scenario` (lib/scenario.ts) as
 * the shared part of its state, under the same URL keys everywhere:
 *
 *     model  gpu  count  engine  weights  kv  batch  prompt  output  unit
 *
 * (`unit` is the GB/GiB switch, which is not part of a Scenario but follows the reader too).
 * A chapter adds only its own extra keys (the Cost page's price, the Planner's mode, …):
 *
 * ```js
 * const share = urlState({defaults: scenarioDefaults(), schema: scenarioSchema(), invalidation});
 * const scenario = scenarioOf(shared.values);               // → Scenario, for estimate()
 * carryScenario(shared.values);                             // sidebar, pager, in-page links
 * ```
 *
 * Bounds and defaults are lib's: the batch size, token counts and GPU count are parsed against
 * `SCENARIO_LIMITS` (lib/validate.ts) and default to `DEFAULT_INFERENCE_SCENARIO`, so a link
 * the page accepts is a scenario the command accepts, and the other way round.
 *
 * **The scenario follows the reader.** `carryScenario(state)` remembers the shared keys for
 * this browsing session (sessionStorage) and rewrites every link to a chapter (the sidebar,
 * the pager, links in the text) so that it carries the keys that chapter reads. A chapter
 * opened without them in its link (typed, bookmarked) starts from the remembered scenario
 * (`scenarioDefaults()` reads it); a key its link gives always wins.
 */
import {ENGINES, KV_FORMATS, WEIGHT_FORMATS, type EngineName, type KvFormat, type WeightFormat} from "../lib/formats.js";
import type {InferenceWorkload, InlineGpu, Scenario} from "../lib/scenario.js";
import {DEFAULT_INFERENCE_SCENARIO, SCENARIO_LIMITS} from "../lib/validate.js";
import type {ByteUnit} from "./units.js";
import {byteUnit, enumOf, formatState, gpuOrInline, modelOrConfig, number, parseState, type InlineConfig, type Schema} from "./urlState.js";

/** The state every scenario chapter shares: a Scenario's fields, flat, plus the byte unit. */
export interface ScenarioState {
  /** Catalog id or pasted config.json. */
  model: string | InlineConfig;
  /** Catalog id or custom spec. */
  gpu: string | InlineGpu;
  count: number;
  engine: EngineName;
  weights: WeightFormat;
  kv: KvFormat;
  /** Concurrent sequences: the scenario's `workload.batchSize`. */
  batch: number;
  /** `workload.promptTokens`. */
  prompt: number;
  /** `workload.outputTokens`. */
  output: number;
  unit: ByteUnit;
}

export type ScenarioKey = keyof ScenarioState;

/** The shared keys, in URL order. */
export const SCENARIO_KEYS: readonly ScenarioKey[] = ["model", "gpu", "count", "engine", "weights", "kv", "batch", "prompt", "output", "unit"];

/**
 * The most GPUs the hardware picker offers (scenarioInputs.ts `hardwareInput`'s `maxCount`):
 * the explorer's bound on `hardware.count`, below lib's `SCENARIO_LIMITS.gpuCount`.
 */
export const PAGE_MAX_GPU_COUNT = 1024;

/**
 * Each numeric key's bounds: lib's validation limits (SCENARIO_LIMITS), except the GPU count
 * (the picker's `PAGE_MAX_GPU_COUNT`). Sliders take their range from here.
 */
export const SCENARIO_BOUNDS = {
  count: {min: 1, max: PAGE_MAX_GPU_COUNT},
  batch: {min: 1, max: SCENARIO_LIMITS.batchSize},
  prompt: {min: 1, max: SCENARIO_LIMITS.tokens},
  output: {min: 1, max: SCENARIO_LIMITS.tokens}
} as const;

/** The scenario's state (flat keys) → a Scenario with an inference workload, as estimate() takes it. */
export function scenarioOf(state: Omit<ScenarioState, "unit">, extra: Partial<InferenceWorkload> = {}): Scenario {
  return {
    model: state.model,
    hardware: {gpu: state.gpu, count: state.count},
    workload: {
      type: "inference",
      engine: state.engine,
      weights: state.weights,
      kvCache: state.kv,
      batchSize: state.batch,
      promptTokens: state.prompt,
      outputTokens: state.output,
      ...extra
    }
  };
}

/** A Scenario → its flat state (the unit is not in a Scenario; pass it). Training workloads give their model and hardware. */
export function stateOfScenario(scenario: Scenario, unit: ByteUnit = "GB"): Partial<ScenarioState> {
  const base: Partial<ScenarioState> = {model: scenario.model, gpu: scenario.hardware.gpu, count: scenario.hardware.count, unit};
  const w = scenario.workload;
  if (w.type !== "inference") return base;
  return {...base, engine: w.engine, weights: w.weights, kv: w.kvCache, batch: w.batchSize, prompt: w.promptTokens, output: w.outputTokens};
}

/** The built-in default state: lib's DEFAULT_INFERENCE_SCENARIO, in GB. */
export const SCENARIO_STATE_DEFAULTS: ScenarioState = stateOfScenario(DEFAULT_INFERENCE_SCENARIO as unknown as Scenario, "GB") as ScenarioState;

/** The shared keys' parsers, for a chapter that reads only some of them. */
export function pickSchema<K extends ScenarioKey>(keys: readonly K[]): Schema<Pick<ScenarioState, K>> {
  const full = scenarioSchema();
  return Object.fromEntries(keys.map((k) => [k, full[k]])) as Schema<Pick<ScenarioState, K>>;
}

/** The one parser/formatter of each shared key. */
export function scenarioSchema(): Schema<ScenarioState> {
  const int = (bounds: {min: number; max: number}) => number({...bounds, integer: true});
  return {
    model: modelOrConfig(),
    gpu: gpuOrInline(),
    count: int(SCENARIO_BOUNDS.count),
    engine: enumOf(ENGINES, {what: "engine"}),
    weights: enumOf(WEIGHT_FORMATS, {what: "weight format"}),
    kv: enumOf(KV_FORMATS, {what: "KV format"}),
    batch: int(SCENARIO_BOUNDS.batch),
    prompt: int(SCENARIO_BOUNDS.prompt),
    output: int(SCENARIO_BOUNDS.output),
    unit: byteUnit()
  };
}

/** A Scenario → the query string of its shared keys (with "?"), as every chapter reads it. */
export function scenarioQuery(state: Partial<ScenarioState>, keys: readonly ScenarioKey[] = SCENARIO_KEYS): string {
  const full = scenarioSchema();
  const schema = Object.fromEntries(keys.filter((k) => state[k] !== undefined).map((k) => [k, full[k]])) as Schema<Partial<ScenarioState>>;
  return formatState(state, {schema});
}

/** A query string → the shared keys it gives (each checked by its parser), and notes on the rest. */
export function parseScenarioQuery(search: string): {values: Partial<ScenarioState>; notes: string[]} {
  const params = new URLSearchParams(search);
  const given = SCENARIO_KEYS.filter((k) => params.has(k));
  const only = new URLSearchParams();
  for (const k of given) only.set(k, params.get(k)!);
  const {values, notes} = parseState(only.toString(), {defaults: SCENARIO_STATE_DEFAULTS, schema: scenarioSchema()});
  return {values: Object.fromEntries(given.map((k) => [k, values[k]])) as Partial<ScenarioState>, notes};
}

// ---------------------------------------------------------------------------------------
// Carrying the scenario between chapters

/**
 * Which shared keys each chapter reads (a chapter's URL path without extension). A link to a
 * chapter carries exactly these; the chapter keeps its own extra inputs in its own link.
 */
export const CHAPTER_SCENARIO_KEYS: Readonly<Record<string, readonly ScenarioKey[]>> = {
  "/index": SCENARIO_KEYS,
  "/inference": SCENARIO_KEYS,
  "/kv-cache": SCENARIO_KEYS,
  "/cost": SCENARIO_KEYS,
  "/training": ["model", "gpu", "count", "unit"],
  "/planner": ["model", "engine", "prompt", "output", "unit"]
};

/** Where this browsing session's scenario is remembered (sessionStorage). */
export const SCENARIO_STORAGE_KEY = "llm-toll:scenario";

/** The chapter a URL path names ("/" and "/index.html" → "/index", "/kv-cache.html" → "/kv-cache"), or undefined. */
export function chapterOf(pathname: string): string | undefined {
  const last = pathname.replace(/\/+$/, "/").split("/").pop() ?? "";
  const name = `/${last.replace(/\.html$/, "") || "index"}`;
  return Object.prototype.hasOwnProperty.call(CHAPTER_SCENARIO_KEYS, name) ? name : undefined;
}

function sessionStore(window: Window | undefined): Storage | undefined {
  try {
    return window?.sessionStorage ?? undefined;
  } catch {
    return undefined; // storage disabled
  }
}

/** The scenario remembered in this session (only valid keys), or {} when none. */
export function rememberedScenario({window = globalThis.window as Window | undefined}: {window?: Window} = {}): Partial<ScenarioState> {
  const text = sessionStore(window)?.getItem(SCENARIO_STORAGE_KEY);
  if (!text) return {};
  return parseScenarioQuery(text).values;
}

/**
 * A chapter's defaults: the built-in scenario, then the chapter's own defaults (its extra keys,
 * and a shared key it starts elsewhere, e.g. Training's 8 GPUs), then this session's remembered
 * scenario for the keys this chapter reads: what the reader chose last wins.
 * @example urlState({defaults: scenarioDefaults("/cost", {price: -1}), schema: {...scenarioSchema(), price: …}})
 */
export function scenarioDefaults<E extends object = object>(chapter: string, own?: E, {window}: {window?: Window} = {}): ScenarioState & E {
  const keys = CHAPTER_SCENARIO_KEYS[chapter] ?? SCENARIO_KEYS;
  const remembered = rememberedScenario({window});
  const picked = Object.fromEntries(keys.filter((k) => remembered[k] !== undefined).map((k) => [k, remembered[k]]));
  return {...SCENARIO_STATE_DEFAULTS, ...(own ?? {}), ...picked} as ScenarioState & E;
}

/**
 * The href of a link to a chapter, carrying the state's keys that chapter reads (its hash kept,
 * its other query keys dropped); any other link unchanged. `queries` caches each chapter's query
 * over one pass of many links with the same state.
 */
export function carriedHref(href: string, state: Partial<ScenarioState>, base: string, queries?: Map<string, string>): string {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return href;
  }
  if (url.origin !== originOf(base)) return href;
  const chapter = chapterOf(url.pathname);
  if (!chapter) return href;
  let query = queries?.get(chapter);
  if (query === undefined) {
    query = scenarioQuery(state, CHAPTER_SCENARIO_KEYS[chapter]!);
    queries?.set(chapter, query);
  }
  url.search = query;
  // Keep the link relative, as Framework wrote it ("./inference.html?model=…").
  const path = href.split(/[?#]/)[0]!;
  return `${path}${query}${url.hash}`;
}

/** The origin of `base`, parsed once per distinct base (a pass over every link of a page shares one). */
function originOf(base: string): string {
  if (base !== lastBase) {
    lastBase = base;
    lastOrigin = new URL(base).origin;
  }
  return lastOrigin;
}
let lastBase = "";
let lastOrigin = "";

/** Rewrites one link to carry the scenario, unless it keeps its href or points within the page. */
function carryOnLink(a: Element, state: Partial<ScenarioState>, base: string, queries?: Map<string, string>): void {
  if (a.hasAttribute("data-keep-href")) return;
  const href = a.getAttribute("href");
  if (!href || href.startsWith("#")) return;
  const next = carriedHref(href, state, base, queries);
  if (next !== href) a.setAttribute("href", next);
}

/**
 * Carries the reader's scenario: merges `state` (the keys this chapter knows) into the session's
 * remembered scenario, and points every chapter link of the document (sidebar, pager, text) at
 * it. Call it whenever the inputs change (the cell that writes the URL). Links added later are
 * rewritten when the reader reaches for them (pointer down, focus). A link that names its own
 * scenario (a refusal's "Switch to …") carries `data-keep-href` and is left alone.
 *
 * `now`: an element whose links (the page's own text, not re-rendered by the move) are rewritten
 * at once, in the frame that answers the input, so that the task after the frame changes only
 * the links outside it (sidebar, pager) and the page itself is not touched again after it was drawn.
 */
export function carryScenario(state: Partial<ScenarioState>, {document = globalThis.document, now}: {document?: Document; now?: Element | null} = {}): Partial<ScenarioState> {
  const window = document.defaultView ?? undefined;
  const merged: Partial<ScenarioState> = {...(current ?? rememberedScenario({window})), ...state};
  current = merged;
  if (now) {
    const queries = new Map<string, string>();
    const base = window?.location.href ?? "http://localhost/";
    for (const a of now.querySelectorAll("a[href]")) carryOnLink(a, merged, base, queries);
  }
  // Storing the scenario and rewriting every link (a style recalculation of the whole page) wait
  // for a task after the frame the input is answered in: a slider drag does it once per pause,
  // not once per move. A link reached before then is rewritten by `onReach` below.
  const carry = () => {
    carrying = undefined;
    const now = current!;
    try {
      sessionStore(window)?.setItem(SCENARIO_STORAGE_KEY, scenarioQuery(now));
    } catch {
      // quota or disabled storage: the links still carry the scenario
    }
    const base = window?.location.href ?? "http://localhost/";
    const queries = new Map<string, string>();
    for (const a of document.querySelectorAll<HTMLAnchorElement>("a[href]")) carryOnLink(a, now, base, queries);
  };
  if (window && carrying === undefined) carrying = window.setTimeout(carry, 0);
  else if (!window) carry();
  if (!listening) {
    listening = true;
    const onReach = (event: Event) => {
      const a = (event.target as Element | null)?.closest?.("a[href]");
      if (a && current) carryOnLink(a, current, document.defaultView?.location.href ?? "http://localhost/");
    };
    for (const type of ["pointerdown", "focusin", "keydown"]) document.addEventListener(type, onReach, true);
  }
  return merged;
}

let current: Partial<ScenarioState> | undefined;
let carrying: number | undefined;
let listening = false;
