/**
 * Page state in the URL: a link reproduces exactly what its sender saw, and the back button
 * steps through the reader's changes.
 *
 * How a page uses it (three cells):
 *
 * ```js
 * import {urlState, stateNotes, gpuOrInline, modelOrConfig, number, enumOf, byteUnit} from "./components/urlState.js";
 * const share = urlState({
 *   defaults: {model: "llama-3.1-8b", gpu: "h100-sxm", count: 1, batch: 1, unit: "GB"},
 *   schema: {
 *     model: modelOrConfig(),              // a catalog id, or an inline config.json (compressed)
 *     gpu: gpuOrInline(),                  // a catalog id, or a custom GPU spec (compressed)
 *     count: number({min: 1, max: 1024, integer: true}),
 *     batch: number({min: 1, max: 4096, integer: true}),
 *     unit: byteUnit()
 *   }
 * });
 * const shared = share.observe();          // {values, notes}; this cell re-runs on back/forward
 * ```
 *
 * (If that cell can re-run, also pass Framework's `invalidation`: `urlState({..., invalidation})`.)
 *
 * ```js
 * display(stateNotes(shared.notes));       // "gpu=foo is not a catalog GPU; using h100-sxm"
 * const batch = view(Inputs.range([1, 4096], {step: 1, value: shared.values.batch, label: "Batch"}));
 * ```
 *
 * ```js
 * share.write({model, gpu, count, batch, unit}); // after the inputs: pushes (or, mid-drag, replaces) the URL
 * ```
 *
 * With the shared pickers of scenarioInputs.ts, the model and GPU keys hold what a scenario
 * takes (`modelOrConfig()`: a catalog id or a pasted config.json; `gpuOrInline()`: a catalog
 * id or a custom spec), so a pasted config or a custom GPU travels in the link too:
 *
 * ```js
 * const model = view(modelInput({value: shared.values.model}));
 * const hw = view(hardwareInput({value: {gpu: shared.values.gpu, count: shared.values.count}}));
 * ```
 *
 * ```js
 * share.write({model: model.model, gpu: hw.gpu, count: hw.count, batch, unit});
 * ```
 *
 * The GB/GiB switch remembers the reader's choice across pages; let a link's unit win over it:
 * `unitInput({value: shared.values.unit, storage: share.has("unit") ? null : undefined})`.
 *
 * Inputs take their initial value from `shared.values`; the cell that calls `write` depends
 * on the inputs, so every change lands in the URL. `observe()` yields once at load and again
 * only on back/forward (popstate), never on the page's own writes, so inputs are not rebuilt
 * under the reader's mouse. Writes are history entries: the first change of a burst pushes a
 * new entry and further changes within `burstMs` (a slider being dragged) replace it, at most
 * once per `debounceMs`, so one drag is one step back. Writing the state the URL already
 * holds changes nothing, so a page's first run does not add an entry.
 *
 * Every key is written (not only non-defaults), so a shared link keeps its meaning if a
 * page's defaults change later. Parsing never throws: a missing key takes its default; a
 * malformed, out-of-range or unknown value takes its default (or the nearest bound) and adds
 * one note; unknown keys are reported and dropped. Inline configs are checked with
 * `architectureFromConfig`, so a link cannot load a model the engine cannot read.
 *
 * URL encoding of an inline config.json: `cfg.` + a one-letter format + base64url. Format
 * `z` is LZW-compressed UTF-8 JSON (written here, synchronous), `j` is plain UTF-8 JSON; the
 * writer picks the shorter. Over the catalog's configs, `z` is 0.53–0.89 (mean 0.74) of plain
 * base64, and the longest encodes to about 1,400 characters: links stay under 2,000.
 */
import {findGpu, findModel} from "../lib/catalog/index.js";
import {CONFIG_JSON_MAX_CHARS, ConfigError, architectureFromConfig} from "../lib/config.js";
import type {InlineGpu} from "../lib/scenario.js";
import {validateScenario} from "../lib/validate.js";
import type {ByteUnit} from "./units.js";
import {itemList} from "./noticeList.js";

// ---------------------------------------------------------------------------------------
// Parameter specs

/** What a parser made of one raw URL value. */
export type ParseOutcome<V> =
  /** Accepted; `note` (a whole sentence) when it was adjusted, e.g. clamped to a bound. */
  | {ok: true; value: V; note?: string}
  /** Rejected: `reason` completes "key=value …", e.g. "is not a catalog GPU". */
  | {ok: false; reason: string};

/** How one state key is read from and written to the URL. */
export interface ParamSpec<V> {
  parse(raw: string, key: string): ParseOutcome<V>;
  format(value: V): string;
}

const ok = <V>(value: V, note?: string): ParseOutcome<V> => (note ? {ok: true, value, note} : {ok: true, value});
const fail = <V>(reason: string): ParseOutcome<V> => ({ok: false, reason});

/** A short, safe rendering of a raw value for a note (garbage can be long). */
export function shown(raw: string, max = 32): string {
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, "?");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A number within bounds. Out-of-range values are clamped to the nearest bound (with a note);
 * non-integers are rounded when `integer` (with a note); anything else is rejected.
 * @example number({min: 1, max: 4096, integer: true}).parse("8", "batch") // {ok: true, value: 8}
 */
export function number({min = -Infinity, max = Infinity, integer = false}: {min?: number; max?: number; integer?: boolean} = {}): ParamSpec<number> {
  return {
    parse(raw, key) {
      const text = raw.trim();
      if (!NUMBER_PATTERN.test(text)) return fail(`is not a number`);
      let value = Number(text);
      if (!Number.isFinite(value)) return fail(`is not a finite number`);
      const notes: string[] = [];
      if (integer && !Number.isInteger(value)) {
        value = Math.round(value);
        notes.push(`${key}=${shown(raw)} is not a whole number; using ${value}`);
      }
      if (value < min || value > max) {
        const bound = value < min ? min : max;
        return ok(bound, `${key}=${shown(raw)} is ${value < min ? "below the minimum" : "above the maximum"} ${bound}; using ${bound}`);
      }
      return ok(value, notes[0]);
    },
    format: (value) => String(value)
  };
}

/**
 * One of a fixed list of strings (case-insensitive on input, canonical on output).
 * @example enumOf(["vllm", "llama.cpp"]).parse("VLLM", "engine") // {ok: true, value: "vllm"}
 */
export function enumOf<V extends string>(values: readonly V[], {what}: {what?: string} = {}): ParamSpec<V> {
  return {
    parse(raw) {
      const found = values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
      if (found !== undefined) return ok(found);
      return fail(what ? `is not ${what}` : values.length <= 8 ? `is not one of ${values.join(", ")}` : `is not an allowed value`);
    },
    format: (value) => value
  };
}

/** true/false (also 1/0, yes/no, on/off). */
export function boolean(): ParamSpec<boolean> {
  const TRUE = ["true", "1", "yes", "on"];
  const FALSE = ["false", "0", "no", "off"];
  return {
    parse(raw) {
      const text = raw.trim().toLowerCase();
      if (TRUE.includes(text)) return ok(true);
      if (FALSE.includes(text)) return ok(false);
      return fail("is not true or false");
    },
    format: (value) => String(value)
  };
}

/** The display unit for bytes: GB (10^9) or GiB (2^30). */
export function byteUnit(): ParamSpec<ByteUnit> {
  return enumOf<ByteUnit>(["GB", "GiB"], {what: "GB or GiB"});
}

/** A model id of the catalog (`lib/catalog`), written in its canonical spelling. */
export function catalogModel(): ParamSpec<string> {
  return {
    parse(raw) {
      const model = raw.length <= 200 ? findModel(raw) : undefined;
      return model ? ok(model.id) : fail("is not a catalog model");
    },
    format: (value) => value
  };
}

/** A GPU id of the catalog (`lib/catalog`), written in its canonical spelling. */
export function catalogGpu(): ParamSpec<string> {
  return {
    parse(raw) {
      const gpu = raw.length <= 200 ? findGpu(raw) : undefined;
      return gpu ? ok(gpu.id) : fail("is not a catalog GPU");
    },
    format: (value) => value
  };
}

/** A Hugging Face config.json, as an object. */
export type InlineConfig = Record<string, unknown>;

/** Checks that the engine can read a config; the reason if not. */
function configProblem(config: InlineConfig): string | undefined {
  try {
    architectureFromConfig(config);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return `is a config.json the engine cannot read (${error.issues.slice(0, 2).join("; ")})`;
    return "is a config.json the engine cannot read";
  }
}

/** The URL prefix of an inline config in a model parameter. */
export const CONFIG_PREFIX = "cfg.";

/** An inline config.json, compressed in the URL (see `encodeConfig`). */
export function inlineConfig(): ParamSpec<InlineConfig> {
  return {
    parse(raw) {
      const text = raw.startsWith(CONFIG_PREFIX) ? raw.slice(CONFIG_PREFIX.length) : raw;
      let config: InlineConfig;
      try {
        config = decodeConfig(text);
      } catch {
        return fail("is not an encoded config.json");
      }
      const problem = configProblem(config);
      return problem ? fail(problem) : ok(config);
    },
    format: (value) => CONFIG_PREFIX + encodeConfig(value)
  };
}

/**
 * A catalog model id, or an inline config.json (`cfg.` + encoding): what a model picker holds.
 * @example modelOrConfig().format({model_type: "llama", ...}) // "cfg.z…"
 */
export function modelOrConfig(): ParamSpec<string | InlineConfig> {
  const ids = catalogModel();
  const configs = inlineConfig();
  return {
    parse(raw, key) {
      if (raw.startsWith(CONFIG_PREFIX)) return configs.parse(raw, key);
      return ids.parse(raw, key);
    },
    format: (value) => (typeof value === "string" ? ids.format(value) : configs.format(value))
  };
}

/** The URL prefix of an inline GPU spec in a gpu parameter. */
export const GPU_SPEC_PREFIX = "spec.";

/** Problems of an inline GPU spec, as `validateScenario` words them (hardware.gpu.memoryGB: …). */
function gpuSpecProblems(spec: unknown): string[] {
  const probe = {
    model: "llama-3.1-8b",
    hardware: {gpu: spec, count: 1},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1, outputTokens: 1}
  };
  const checked = validateScenario(probe);
  return checked.ok ? [] : checked.errors;
}

/**
 * A catalog GPU id, or an inline spec in datasheet units (`spec.` + encoding, as a scenario's
 * `hardware.gpu` takes it: {name, memoryGB, bandwidthGBps, tflops}): what a GPU picker with a
 * "custom GPU" option holds. Inline specs are checked with `validateScenario`.
 * @example gpuOrInline().parse("H100-SXM", "gpu") // {ok: true, value: "h100-sxm"}
 */
export function gpuOrInline(): ParamSpec<string | InlineGpu> {
  const ids = catalogGpu();
  return {
    parse(raw, key) {
      if (!raw.startsWith(GPU_SPEC_PREFIX)) return ids.parse(raw, key);
      let spec: InlineConfig;
      try {
        spec = decodeConfig(raw.slice(GPU_SPEC_PREFIX.length));
      } catch {
        return fail("is not an encoded GPU spec");
      }
      const problems = gpuSpecProblems(spec);
      return problems.length ? fail(`is not a usable GPU spec (${problems.slice(0, 2).join("; ")})`) : ok(spec as unknown as InlineGpu);
    },
    format: (value) => (typeof value === "string" ? ids.format(value) : GPU_SPEC_PREFIX + encodeConfig(value as unknown as InlineConfig))
  };
}

// ---------------------------------------------------------------------------------------
// Inline config encoding: UTF-8 → LZW (variable-width codes, 9..16 bits) → base64url

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Bytes to base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += BASE64URL[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/** base64url (no padding; `=` tolerated) to bytes; throws on any other character. */
export function fromBase64Url(text: string): Uint8Array {
  const clean = text.replace(/=+$/, "");
  if (clean.length % 4 === 1) throw new Error("base64url: impossible length");
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let bits = 0;
  let buffer = 0;
  let o = 0;
  for (const char of clean) {
    const v = BASE64URL.indexOf(char);
    if (v < 0) throw new Error(`base64url: bad character ${JSON.stringify(char)}`);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 255;
      buffer &= (1 << bits) - 1;
    }
  }
  return out;
}

const LZW_MAX_CODES = 1 << 16;
/** Bits used for the k-th code: enough for every code the dictionary can hold at that point. */
const codeWidth = (k: number) => Math.min(16, 32 - Math.clz32(Math.min(256 + k, LZW_MAX_CODES - 1)));

/** LZW-compresses bytes; codes packed little-end first, widths growing with the dictionary. */
export function lzwCompress(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  let k = 0;
  const emit = (code: number) => {
    const width = codeWidth(k++);
    buffer |= code << bits;
    bits += width;
    while (bits >= 8) {
      out.push(buffer & 255);
      buffer >>>= 8;
      bits -= 8;
    }
  };
  if (input.length === 0) return new Uint8Array(0);
  const dictionary = new Map<string, number>();
  let size = 256;
  let current = input[0]!; // a code
  for (let i = 1; i < input.length; i++) {
    const byte = input[i]!;
    const pair = `${current},${byte}`;
    const known = dictionary.get(pair);
    if (known !== undefined) {
      current = known;
      continue;
    }
    emit(current);
    if (size < LZW_MAX_CODES) dictionary.set(pair, size++);
    current = byte;
  }
  emit(current);
  if (bits > 0) out.push(buffer & 255);
  return Uint8Array.from(out);
}

/** Reverses `lzwCompress`; throws on a code the dictionary cannot hold (garbage). */
export function lzwDecompress(input: Uint8Array): Uint8Array {
  const entries: number[][] = [];
  for (let i = 0; i < 256; i++) entries.push([i]);
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  let position = 0;
  let k = 0;
  let previous: number[] | undefined;
  for (;;) {
    const width = codeWidth(k);
    while (bits < width && position < input.length) {
      buffer |= input[position++]! << bits;
      bits += 8;
    }
    if (bits < width) break; // only padding left
    const code = buffer & ((1 << width) - 1);
    buffer >>>= width;
    bits -= width;
    k++;
    let entry: number[];
    if (code < entries.length) entry = entries[code]!;
    else if (code === entries.length && previous) entry = [...previous, previous[0]!];
    else throw new Error("lzw: invalid code");
    if (out.length + entry.length > CONFIG_JSON_MAX_CHARS) throw new Error("lzw: output too large");
    out.push(...entry);
    if (previous && entries.length < LZW_MAX_CODES) entries.push([...previous, entry[0]!]);
    previous = entry;
  }
  if (bits >= 8 || buffer !== 0) throw new Error("lzw: trailing data");
  return Uint8Array.from(out);
}

/**
 * Encodes a config.json for a URL: `z` + base64url(LZW(UTF-8 JSON)) or `j` + base64url(UTF-8
 * JSON), whichever is shorter. Only URL-safe characters ([A-Za-z0-9_-]).
 */
export function encodeConfig(config: InlineConfig): string {
  const bytes = new TextEncoder().encode(JSON.stringify(config));
  const plain = `j${toBase64Url(bytes)}`;
  const packed = `z${toBase64Url(lzwCompress(bytes))}`;
  return packed.length < plain.length ? packed : plain;
}

/** Decodes `encodeConfig`'s output; throws unless it is a JSON object. */
export function decodeConfig(text: string): InlineConfig {
  if (text.length > LINK_VALUE_MAX_CHARS) throw new Error("config: too long");
  const format = text[0];
  const bytes = fromBase64Url(text.slice(1));
  const json = format === "z" ? lzwDecompress(bytes) : format === "j" ? bytes : undefined;
  if (!json) throw new Error("config: unknown format");
  const value: unknown = JSON.parse(new TextDecoder("utf-8", {fatal: true}).decode(json));
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("config: not an object");
  return value as InlineConfig;
}

// ---------------------------------------------------------------------------------------
// Reading and writing the URL

export type Schema<T> = {[K in keyof T]: ParamSpec<T[K]>};

/**
 * The longest value a link parameter may have: 64 Ki characters, enough for an encoded
 * config.json of CONFIG_JSON_MAX_CHARS (the catalog's encode to at most ~1,400).
 */
export const LINK_VALUE_MAX_CHARS = 65_536;

/** The state a URL holds, and what was wrong with it. */
export interface StateSnapshot<T> {
  values: T;
  /** One sentence per invalid, adjusted, unknown or renamed parameter. */
  notes: string[];
}

/**
 * Parses a query string against a schema. Never throws.
 * @example parseState("?gpu=foo", {defaults: {gpu: "h100-sxm"}, schema: {gpu: catalogGpu()}})
 *   // {values: {gpu: "h100-sxm"}, notes: ["gpu=foo is not a catalog GPU; using h100-sxm"]}
 */
export function parseState<T extends object>(
  search: string,
  {defaults, schema, renamed = {}, ignore = []}: {defaults: T; schema: Schema<T>; renamed?: Record<string, keyof T & string>; ignore?: readonly string[]}
): StateSnapshot<T> {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    params = new URLSearchParams();
  }
  const values = {...defaults};
  const notes: string[] = [];
  const keys = Object.keys(schema) as (keyof T & string)[];
  const seen = new Set<string>();
  for (const [rawKey, raw] of params) {
    if (seen.has(rawKey)) {
      notes.push(`${shown(rawKey)} appears more than once; using the first`);
      continue;
    }
    seen.add(rawKey);
    let key = rawKey as keyof T & string;
    if (!keys.includes(key)) {
      if (Object.prototype.hasOwnProperty.call(renamed, rawKey)) {
        key = renamed[rawKey]!;
        if (params.has(key)) {
          notes.push(`${shown(rawKey)} is an old name of ${key}; ignored since ${key} is given`);
          continue;
        }
        notes.push(`${shown(rawKey)} is an old name of ${key}; read as ${key}`);
      } else {
        if (!ignore.includes(rawKey)) notes.push(`${shown(rawKey)}=${shown(raw)} is not a setting of this page; ignored`);
        continue;
      }
    }
    const spec = schema[key];
    let outcome: ParseOutcome<T[typeof key]>;
    try {
      // Over the limit, a value is not parsed at all (a link cannot make a page decode megabytes).
      outcome = raw.length > LINK_VALUE_MAX_CHARS
        ? {ok: false, reason: `is ${raw.length.toLocaleString("en-US")} characters long, over the ${LINK_VALUE_MAX_CHARS.toLocaleString("en-US")} a link value may have`}
        : spec.parse(raw, key);
    } catch {
      outcome = {ok: false, reason: "could not be read"};
    }
    if (outcome.ok) {
      values[key] = outcome.value;
      if (outcome.note) notes.push(outcome.note);
    } else {
      notes.push(`${key}=${shown(raw)} ${outcome.reason}; using ${shown(formatValue(spec, defaults[key]), 40)}`);
    }
  }
  return {values, notes};
}

function formatValue<V>(spec: ParamSpec<V>, value: V): string {
  try {
    return spec.format(value);
  } catch {
    return String(value);
  }
}

/** The query string (with its "?") for a state: every key of the schema, in schema order. */
export function formatState<T extends object>(values: T, {schema, extra}: {schema: Schema<T>; extra?: URLSearchParams}): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(schema) as (keyof T & string)[]) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    params.set(key, formatValue(schema[key], value));
  }
  if (extra) for (const [k, v] of extra) if (!params.has(k)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export interface UrlStateOptions<T extends object> {
  /** The page's state when the URL says nothing; also the fallback for each invalid value. */
  defaults: T;
  /** One parser/formatter per key (the keys of `defaults`). */
  schema: Schema<T>;
  /** Old parameter names still understood: `{n: "count"}` reads `?n=4` as count=4, with a note. */
  renamed?: Record<string, keyof T & string>;
  /** Parameter names to leave alone (kept in the URL, no note). */
  ignore?: readonly string[];
  /** Changes closer together than this (ms) are one history entry. Default 400. */
  burstMs?: number;
  /** replaceState at most once per this many ms during a burst. Default 150. */
  debounceMs?: number;
  /** The window whose location/history are used; defaults to the page's. Pass a JSDOM window in tests. */
  window?: Window;
  /** Framework's `invalidation` promise: stop listening when the defining cell re-runs. */
  invalidation?: Promise<unknown>;
}

export interface UrlState<T extends object> {
  /** The state the URL held at load. */
  values: T;
  /** What was wrong with the URL at load. */
  notes: string[];
  /** The state the URL holds now, and its notes. */
  current(): StateSnapshot<T>;
  /**
   * Puts a state in the URL. `history: "auto"` (default) pushes a new entry, or replaces the
   * entry of an ongoing burst (debounced); "push" / "replace" force one. Keys missing from
   * `values` keep their current value.
   */
  write(values: Partial<T>, options?: {history?: "auto" | "push" | "replace"}): void;
  /** The full URL of a state (a share link). */
  href(values?: Partial<T>): string;
  /** The state and notes now, then again after each back/forward: a Framework generator. */
  observe(): AsyncIterableIterator<StateSnapshot<T>> & {return(): Promise<IteratorResult<StateSnapshot<T>>>};
  /**
   * Whether the URL (now) gives a key, under its name or an old one: lets a page prefer a
   * remembered choice (the GB/GiB switch's localStorage) only when the link says nothing.
   * @example unitInput({value: shared.values.unit, storage: share.has("unit") ? null : undefined})
   */
  has(key: keyof T & string): boolean;
  /** Writes any pending debounced change now. */
  flush(): void;
  /** Stops listening to popstate and ends every observer. */
  dispose(): void;
}

/**
 * Reads a page's state from the URL and keeps it there (see the module comment for usage).
 */
export function urlState<T extends object>(options: UrlStateOptions<T>): UrlState<T> {
  const {defaults, schema, renamed, ignore = [], burstMs = 400, debounceMs = 150} = options;
  const win: Window | undefined = options.window ?? (typeof window === "undefined" ? undefined : window);
  const read = (): StateSnapshot<T> => parseState(win?.location.search ?? "", {defaults, schema, renamed, ignore});
  let snapshot = read();
  const listeners = new Set<(s: StateSnapshot<T>) => void>();
  const observers = new Set<() => void>();
  let lastWriteAt = -Infinity;
  let pending: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const kept = () => {
    const extra = new URLSearchParams();
    for (const [k, v] of new URLSearchParams(win?.location.search ?? "")) if (ignore.includes(k)) extra.set(k, v);
    return extra;
  };
  const urlOf = (values: T) => {
    const location = win?.location;
    const path = location ? location.pathname : "";
    return `${path}${formatState(values, {schema, extra: kept()})}${location?.hash ?? ""}`;
  };
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending !== undefined && win) {
      try {
        win.history.replaceState(win.history.state, "", pending);
      } catch {
        // a browser throttling history calls; the next write retries
      }
    }
    pending = undefined;
  };
  const onPopState = () => {
    flush();
    snapshot = read();
    for (const listener of listeners) listener(snapshot);
  };
  win?.addEventListener("popstate", onPopState);

  const dispose = () => {
    flush();
    win?.removeEventListener("popstate", onPopState);
    for (const end of [...observers]) void end();
    listeners.clear();
  };
  void options.invalidation?.then(dispose);

  const same = (a: T, b: T) => formatState(a, {schema}) === formatState(b, {schema});

  return {
    values: snapshot.values,
    notes: snapshot.notes,
    current: () => snapshot,
    href(values = {}) {
      const next = {...snapshot.values, ...values};
      const location = win?.location;
      return location ? `${location.origin}${urlOf(next)}` : formatState(next, {schema});
    },
    write(values, {history = "auto"} = {}) {
      const next = {...snapshot.values, ...values};
      const now = Date.now();
      if (same(next, snapshot.values) && pending === undefined) return;
      snapshot = {values: next, notes: snapshot.notes};
      if (!win) return;
      const url = urlOf(next);
      const burst = now - lastWriteAt < burstMs;
      lastWriteAt = now;
      if (history === "push" || (history === "auto" && !burst)) {
        flush();
        try {
          win.history.pushState(null, "", url);
        } catch {
          // ignore: see flush
        }
      } else {
        pending = url;
        if (history === "replace" && timer === undefined) flush();
        else if (timer === undefined) timer = setTimeout(flush, debounceMs);
      }
    },
    observe() {
      const queue: StateSnapshot<T>[] = [snapshot];
      let waiting: ((result: IteratorResult<StateSnapshot<T>>) => void) | undefined;
      let done = false;
      const listener = (s: StateSnapshot<T>) => {
        if (waiting) {
          const resolve = waiting;
          waiting = undefined;
          resolve({value: s, done: false});
        } else queue.splice(0, queue.length, s); // only the latest matters
      };
      listeners.add(listener);
      const end = (): Promise<IteratorResult<StateSnapshot<T>>> => {
        done = true;
        listeners.delete(listener);
        observers.delete(end);
        waiting?.({value: undefined, done: true});
        waiting = undefined;
        return Promise.resolve({value: undefined, done: true});
      };
      observers.add(end);
      return {
        next() {
          if (done) return Promise.resolve({value: undefined, done: true});
          if (queue.length) return Promise.resolve({value: queue.shift()!, done: false});
          return new Promise((resolve) => (waiting = resolve));
        },
        return: end,
        [Symbol.asyncIterator]() {
          return this;
        }
      };
    },
    has(key) {
      const params = new URLSearchParams(win?.location.search ?? "");
      return params.has(key) || Object.entries(renamed ?? {}).some(([old, now]) => now === key && params.has(old));
    },
    flush,
    dispose
  };
}

// ---------------------------------------------------------------------------------------
// Notes element

/**
 * The notes about a page's URL, for the top of the page: an empty, hidden element when the
 * URL was fine, else a note callout listing each problem.
 * @example display(stateNotes(shared.notes))
 */
export function stateNotes(notes: readonly string[], {document = globalThis.document}: {document?: Document} = {}): HTMLElement {
  const box = document.createElement("div");
  box.className = "state-notes";
  box.setAttribute("role", "status");
  if (!notes.length) {
    box.hidden = true;
    return box;
  }
  box.classList.add("note");
  box.setAttribute("label", "From the link");
  const lead = document.createElement("p");
  lead.textContent =
    notes.length === 1 ? "One setting in this page's link could not be used as given:" : `${notes.length} settings in this page's link could not be used as given:`;
  box.append(lead, itemList(notes, document));
  return box;
}

/**
 * A "Copy link" button: copies the page's URL (what the reader sees) to the clipboard.
 * @example display(copyLinkButton())
 */
export function copyLinkButton({document = globalThis.document, label = "Copy link"}: {document?: Document; label?: string} = {}): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy-link";
  button.textContent = label;
  button.addEventListener("click", async () => {
    const view = document.defaultView;
    const href = view?.location.href ?? "";
    try {
      await view?.navigator.clipboard.writeText(href);
      button.textContent = "Link copied";
    } catch {
      button.textContent = "Copy the address bar";
    }
    setTimeout(() => (button.textContent = label), 2000);
  });
  return button;
}
