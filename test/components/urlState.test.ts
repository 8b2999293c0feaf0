import {readFileSync} from "node:fs";
import {join} from "node:path";
import fc from "fast-check";
import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {ENGINES, WEIGHT_FORMATS} from "../../lib/formats.ts";
import {GPU_IDS, MODEL_IDS, findGpu, findModel} from "../../lib/catalog/index.ts";
import {
  boolean, byteUnit, catalogGpu, decodeConfig, gpuOrInline, encodeConfig, enumOf, fromBase64Url, lzwCompress, lzwDecompress,
  copyLinkButton, modelOrConfig, number, parseState, stateNotes, toBase64Url, urlState, type InlineConfig
} from "../../src/components/urlState.ts";

const defaults = {
  model: "llama-3.1-8b" as string | InlineConfig,
  gpu: "h100-sxm",
  count: 1,
  batch: 1,
  weights: "bf16" as (typeof WEIGHT_FORMATS)[number],
  engine: "vllm" as (typeof ENGINES)[number],
  flash: true,
  unit: "GB" as "GB" | "GiB"
};
const schema = {
  model: modelOrConfig(),
  gpu: catalogGpu(),
  count: number({min: 1, max: 1024, integer: true}),
  batch: number({min: 1, max: 4096, integer: true}),
  weights: enumOf(WEIGHT_FORMATS, {what: "a weight format"}),
  engine: enumOf(ENGINES),
  flash: boolean(),
  unit: byteUnit()
};
const parse = (search: string) => parseState(search, {defaults, schema});
const llamaConfig = findModel("llama-3.1-8b")!.config as InlineConfig;

function windowAt(url: string) {
  return new JSDOM("<!doctype html><p>page</p>", {url}).window as unknown as Window;
}

const popstate = (win: Window) => new Promise<void>((resolve) => win.addEventListener("popstate", () => resolve(), {once: true}));

describe("parseState", () => {
  it("reads good values of every kind, and says nothing about them", () => {
    const {values, notes} = parse("?model=qwen2.5-7b&gpu=a100-sxm-80gb&count=4&batch=32&weights=q4_k_m&engine=llama.cpp&flash=false&unit=GiB");
    expect(notes).toEqual([]);
    expect(values).toEqual({model: "qwen2.5-7b", gpu: "a100-sxm-80gb", count: 4, batch: 32, weights: "q4_k_m", engine: "llama.cpp", flash: false, unit: "GiB"});
  });

  it("takes the defaults from an empty query string", () => {
    expect(parse("")).toEqual({values: defaults, notes: []});
  });

  it("names a GPU that is not in the catalog and falls back to the default one", () => {
    expect(parse("?gpu=foo")).toEqual({values: defaults, notes: ["gpu=foo is not a catalog GPU; using h100-sxm"]});
  });

  it("clamps an out-of-range count to the bound and rounds a fractional batch, each with a note", () => {
    const {values, notes} = parse("?count=0&batch=7.6");
    expect(values.count).toBe(1);
    expect(values.batch).toBe(8);
    expect(notes).toEqual(["count=0 is below the minimum 1; using 1", "batch=7.6 is not a whole number; using 8"]);
  });

  it("rejects a number with units or trailing text rather than reading a prefix of it", () => {
    const {values, notes} = parse("?batch=8tokens&count=Infinity&gpu=");
    expect(values).toEqual(defaults);
    expect(notes).toEqual([
      "batch=8tokens is not a number; using 1",
      "count=Infinity is not a number; using 1",
      "gpu= is not a catalog GPU; using h100-sxm"
    ]);
  });

  it("accepts ids and enums in any case, and writes them back in the catalog's spelling", () => {
    const {values, notes} = parse("?gpu=H100-SXM&unit=gib&engine=VLLM&flash=Yes");
    expect(notes).toEqual([]);
    expect([values.gpu, values.unit, values.engine, values.flash]).toEqual(["h100-sxm", "GiB", "vllm", true]);
  });

  it("reports an unknown parameter and a repeated one, and reads old names given in renamed", () => {
    const state = parseState("?gpus=4&colour=red&batch=2&batch=3", {defaults, schema, renamed: {gpus: "count"}});
    expect(state.values.count).toBe(4);
    expect(state.values.batch).toBe(2);
    expect(state.notes).toEqual([
      "gpus is an old name of count; read as count",
      "colour=red is not a setting of this page; ignored",
      "batch appears more than once; using the first"
    ]);
  });

  it("shortens a very long bad value in its note", () => {
    const {notes} = parse(`?gpu=${"x".repeat(5000)}`);
    expect(notes[0]!.length).toBeLessThan(120);
    expect(notes[0]).toMatch(/^gpu=x+… is not a catalog GPU; using h100-sxm$/);
  });

  it("loads defaults or valid values, never throws, and notes every bad parameter, whatever the URL holds", () => {
    const keys = Object.keys(schema);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys, "other"), fc.string({maxLength: 60})), fc.string({maxLength: 80}), (params, junk) => {
        const search = `?${new URLSearchParams(params).toString()}&${junk}`;
        const {values, notes} = parse(search);
        expect(typeof values.model === "string" ? MODEL_IDS : [values.model]).toContain(values.model);
        expect(GPU_IDS).toContain(values.gpu);
        expect(Number.isInteger(values.count) && values.count >= 1 && values.count <= 1024).toBe(true);
        expect(Number.isInteger(values.batch) && values.batch >= 1 && values.batch <= 4096).toBe(true);
        expect(WEIGHT_FORMATS).toContain(values.weights);
        expect(ENGINES).toContain(values.engine);
        expect(typeof values.flash).toBe("boolean");
        expect(["GB", "GiB"]).toContain(values.unit);
        // A value that was not used as given must leave a note that names its parameter.
        for (const [key, raw] of Object.entries(params)) {
          if (key === "other" || !keys.includes(key)) continue;
          const value = values[key as keyof typeof values];
          const text = raw.trim().toLowerCase();
          const faithful =
            typeof value === "number" ? text !== "" && Number(text) === value
            : typeof value === "boolean" ? (value ? ["true", "1", "yes", "on"] : ["false", "0", "no", "off"]).includes(text)
            : String(schema[key as keyof typeof schema].format(value as never)).toLowerCase() === text;
          if (!faithful) {
            expect(notes.some((n) => n.startsWith(`${key}=`) || n.startsWith(`${key} `))).toBe(true);
          }
        }
      }),
      {numRuns: 300}
    );
  });
});

describe("inline config.json in the URL", () => {
  it("round-trips Llama 3.1 8B's config.json through the URL encoding", () => {
    expect(decodeConfig(encodeConfig(llamaConfig))).toEqual(llamaConfig);
  });

  it("compresses a config to well under its base64 size, so a link stays under 2,000 characters", () => {
    const encoded = encodeConfig(llamaConfig);
    const plainBase64Length = Math.ceil((new TextEncoder().encode(JSON.stringify(llamaConfig)).length * 4) / 3);
    expect(encoded[0]).toBe("z");
    expect(encoded.length).toBeLessThan(0.85 * plainBase64Length);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    const search = `?model=${schema.model.format(llamaConfig)}&gpu=h100-sxm`;
    expect(search.length).toBeLessThan(2000);
    expect(parse(search)).toEqual({values: {...defaults, model: llamaConfig}, notes: []});
  });

  it("LZW decompression inverts compression for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 3000}), (bytes) => {
        expect([...lzwDecompress(lzwCompress(bytes))]).toEqual([...bytes]);
        expect([...fromBase64Url(toBase64Url(bytes))]).toEqual([...bytes]);
      }),
      {numRuns: 200}
    );
  });

  it("grows code widths past 9 bits on a long repetitive input and still round-trips", () => {
    const text = new TextEncoder().encode(JSON.stringify(Array.from({length: 4000}, (_, i) => ({layer: i, kind: i % 7}))));
    const packed = lzwCompress(text);
    expect(packed.length).toBeLessThan(text.length / 3);
    expect(new TextDecoder().decode(lzwDecompress(packed))).toBe(new TextDecoder().decode(text));
  });

  it("turns a truncated or garbled config link into a note and the default model", () => {
    const good = schema.model.format(llamaConfig);
    for (const bad of [good.slice(0, good.length - 7), good.replace(/.{6}$/, "!!!!!!"), "cfg.", "cfg.zzzz", "cfg.j" + toBase64Url(new TextEncoder().encode("[1,2]"))]) {
      const {values, notes} = parse(`?model=${encodeURIComponent(bad)}`);
      expect(values.model).toBe("llama-3.1-8b");
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/^model=cfg\..* is not an encoded config\.json; using llama-3\.1-8b$/);
    }
  });

  it("does not parse a value over 65,536 characters, and says how long it was", () => {
    const {values, notes} = parse(`?model=cfg.j${"A".repeat(200_000)}`);
    expect(values.model).toBe("llama-3.1-8b");
    expect(notes).toEqual([expect.stringMatching(/^model=cfg\.j.*… is 200,005 characters long, over the 65,536 a link value may have; using llama-3\.1-8b$/)]);
  });

  it("refuses a config the engine cannot read and says what is missing", () => {
    const {values, notes} = parse(`?model=${schema.model.format({model_type: "llama", hidden_size: 4096})}`);
    expect(values.model).toBe("llama-3.1-8b");
    expect(notes[0]).toMatch(/is a config\.json the engine cannot read \(.*num_hidden_layers/);
  });
});

describe("a custom GPU in the URL", () => {
  // The NVIDIA L40S as the example scenario gives it inline (datasheet units).
  const l40s = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "examples", "qwen3-8b-config-json-on-inline-l40s.json"), "utf8")).hardware.gpu;
  const spec = {defaults: {gpu: "h100-sxm" as string | object}, schema: {gpu: gpuOrInline()}};

  it("round-trips an inline GPU spec and still reads catalog ids", () => {
    const search = `?gpu=${spec.schema.gpu.format(l40s)}`;
    expect(search).toMatch(/^\?gpu=spec\.[A-Za-z0-9_-]+$/);
    expect(parseState(search, spec)).toEqual({values: {gpu: l40s}, notes: []});
    expect(parseState("?gpu=RTX-4090", spec)).toEqual({values: {gpu: "rtx-4090"}, notes: []});
  });

  it("refuses a spec the scenario validator refuses, naming the field", () => {
    const bad = {...l40s, memoryGB: -48};
    const {values, notes} = parseState(`?gpu=${spec.schema.gpu.format(bad)}`, spec);
    expect(values.gpu).toBe("h100-sxm");
    expect(notes[0]).toMatch(/^gpu=spec\..* is not a usable GPU spec \(hardware\.gpu\.memoryGB: got -48, expected a number >= 0\.1.*\); using h100-sxm$/);
  });

  it("refuses an undecodable spec", () => {
    expect(parseState("?gpu=spec.j%25%25", spec).notes).toEqual(["gpu=spec.j%% is not an encoded GPU spec; using h100-sxm"]);
  });
});

describe("urlState in a window", () => {
  it("reads the window's URL at creation, with notes", () => {
    const win = windowAt("https://toll.example/inference.html?gpu=h200-sxm&batch=oops");
    const share = urlState({defaults, schema, window: win});
    expect(share.values.gpu).toBe("h200-sxm");
    expect(share.values.batch).toBe(1);
    expect(share.notes).toEqual(["batch=oops is not a number; using 1"]);
    expect(findGpu(share.values.gpu)).toBeDefined();
  });

  it("pushes one history entry per change, writes every key, and adds none for the state already shown", () => {
    const win = windowAt("https://toll.example/inference.html");
    const share = urlState({defaults, schema, window: win, burstMs: 0});
    const start = win.history.length;
    share.write(defaults); // the page's first run: nothing changes
    expect(win.history.length).toBe(start);
    expect(win.location.search).toBe("");
    share.write({batch: 8});
    share.write({gpu: "a100-sxm-80gb"});
    expect(win.history.length).toBe(start + 2);
    const params = new URLSearchParams(win.location.search);
    expect([...params.keys()]).toEqual(Object.keys(schema));
    expect(params.get("batch")).toBe("8");
    expect(params.get("gpu")).toBe("a100-sxm-80gb");
    expect(parse(win.location.search)).toEqual({values: {...defaults, batch: 8, gpu: "a100-sxm-80gb"}, notes: []});
  });

  it("folds a burst of rapid changes (a slider drag) into one history entry holding the last value", async () => {
    const win = windowAt("https://toll.example/inference.html");
    const share = urlState({defaults, schema, window: win, burstMs: 60_000, debounceMs: 5});
    const start = win.history.length;
    for (let batch = 2; batch <= 64; batch++) share.write({batch});
    await new Promise((r) => setTimeout(r, 30));
    expect(win.history.length).toBe(start + 1);
    expect(new URLSearchParams(win.location.search).get("batch")).toBe("64");
  });

  it("steps back through changes: popstate re-reads the URL and observers get the earlier state", async () => {
    const win = windowAt("https://toll.example/inference.html?batch=4");
    const share = urlState({defaults, schema, window: win, burstMs: 0});
    const states = share.observe();
    expect((await states.next()).value).toEqual({values: {...defaults, batch: 4}, notes: []});
    share.write({batch: 16});
    share.write({batch: 32});
    const back = popstate(win);
    win.history.back();
    await back;
    expect((await states.next()).value?.values.batch).toBe(16);
    expect(share.current().values.batch).toBe(16);
    await states.return();
    expect((await states.next()).done).toBe(true);
    share.dispose();
  });

  it("says which keys the link gave, old names included, so a remembered unit yields to the link's", () => {
    const win = windowAt("https://toll.example/inference.html?unit=GiB&gpus=2");
    const share = urlState({defaults, schema, renamed: {gpus: "count"}, window: win});
    expect([share.has("unit"), share.has("count"), share.has("batch")]).toEqual([true, true, false]);
  });

  it("stops following back/forward once Framework invalidates the defining cell", async () => {
    const win = windowAt("https://toll.example/inference.html?batch=4");
    let invalidate!: () => void;
    const share = urlState({defaults, schema, window: win, burstMs: 0, invalidation: new Promise<void>((r) => (invalidate = r))});
    const states = share.observe();
    await states.next();
    share.write({batch: 16});
    invalidate();
    await Promise.resolve();
    expect((await states.next()).done).toBe(true);
    const back = popstate(win);
    win.history.back();
    await back;
    expect(share.current().values.batch).toBe(16); // no longer re-read
  });

  it("builds a share link that parses back to the same state", () => {
    const win = windowAt("https://toll.example/planner.html?unit=GiB");
    const share = urlState({defaults, schema, window: win});
    const link = new URL(share.href({batch: 128, model: llamaConfig}));
    expect(link.origin + link.pathname).toBe("https://toll.example/planner.html");
    expect(parse(link.search)).toEqual({values: {...defaults, unit: "GiB", batch: 128, model: llamaConfig}, notes: []});
  });
});

describe("stateNotes", () => {
  const {document} = new JSDOM().window;

  it("is a hidden, empty element when the link was fine", () => {
    const box = stateNotes([], {document});
    expect(box.hidden).toBe(true);
    expect(box.textContent).toBe("");
  });

  it("lists each note as an item of a note callout", () => {
    const box = stateNotes(["gpu=foo is not a catalog GPU; using h100-sxm", "batch=0 is below the minimum 1; using 1"], {document});
    expect(box.hidden).toBe(false);
    expect(box.classList.contains("note")).toBe(true);
    expect([...box.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "gpu=foo is not a catalog GPU; using h100-sxm",
      "batch=0 is below the minimum 1; using 1"
    ]);
  });
});

describe("copyLinkButton", () => {
  it("copies the page's address, state included, to the clipboard", async () => {
    const win = windowAt("https://toll.example/inference.html?batch=8&gpu=h200-sxm");
    const copied: string[] = [];
    Object.defineProperty(win.navigator, "clipboard", {value: {writeText: async (text: string) => void copied.push(text)}});
    const button = copyLinkButton({document: win.document});
    button.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(copied).toEqual(["https://toll.example/inference.html?batch=8&gpu=h200-sxm"]);
    expect(button.textContent).toBe("Link copied");
  });

  it("asks the reader to copy the address bar when the clipboard is refused", async () => {
    const win = windowAt("https://toll.example/inference.html");
    Object.defineProperty(win.navigator, "clipboard", {value: {writeText: async () => Promise.reject(new Error("denied"))}});
    const button = copyLinkButton({document: win.document});
    button.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(button.textContent).toBe("Copy the address bar");
  });
});
