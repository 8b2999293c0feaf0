import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {MODEL_CATALOG, findModel} from "../../lib/catalog/index.ts";
import {CUSTOM_GPU, PASTE_CONFIG, choiceOfModel, gpuOptionLabel, hardwareInput, modelInput, findModels, parseConfigText} from "../../src/components/scenarioInputs.ts";
import {findGpu} from "../../lib/catalog/gpus.ts";

const {document} = new JSDOM().window;
const Event = document.defaultView!.Event;

function inputsSeen(el: HTMLElement): unknown[] {
  const seen: unknown[] = [];
  el.addEventListener("input", () => seen.push((el as HTMLElement & {value: unknown}).value));
  return seen;
}
const change = (el: HTMLElement) => el.dispatchEvent(new Event("change", {bubbles: true}));
const type = (el: HTMLTextAreaElement | HTMLInputElement, text: string) => {
  el.value = text;
  el.dispatchEvent(new Event("input", {bubbles: true}));
};

// Qwen/Qwen3-0.6B config.json (Hugging Face Hub): 28 layers, 8 KV heads of 128, tied embeddings.
const QWEN3_06B = {architectures: ["Qwen3ForCausalLM"], model_type: "qwen3", hidden_size: 1024, intermediate_size: 3072,
  num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 128, vocab_size: 151936,
  max_position_embeddings: 40960, tie_word_embeddings: true, rms_norm_eps: 1e-6, hidden_act: "silu"};

describe("parseConfigText", () => {
  it("reads a Qwen3 config.json into its architecture", () => {
    const parsed = parseConfigText(JSON.stringify(QWEN3_06B));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.choice.source).toBe("config");
    // Named by the model, not by its class (the config has no _name_or_path).
    expect(parsed.choice.name).toBe("pasted qwen3 config");
    expect(parsed.choice.arch.layers).toBe(28);
    expect(parsed.choice.arch.kvHeads).toBe(8);
  });

  it("names a pasted config by its _name_or_path, or by the name the reader gives, never by its class", () => {
    const named = parseConfigText(JSON.stringify({...QWEN3_06B, _name_or_path: "Qwen/Qwen3-0.6B"}));
    expect(named.ok && named.choice.name).toBe("Qwen/Qwen3-0.6B");
    const given = parseConfigText(JSON.stringify(QWEN3_06B), "my small Qwen");
    expect(given.ok && given.choice.name).toBe("my small Qwen");
    // The given name travels with the config (its _name_or_path), so links and downloads keep it.
    expect(given.ok && (given.choice.model as Record<string, unknown>)._name_or_path).toBe("my small Qwen");
  });

  it("finds catalog models by name, id or Hub id, exactly or by a part of them", () => {
    expect(findModels(MODEL_CATALOG, "meta-llama/Llama-3.1-70B").exact?.id).toBe("llama-3.1-70b");
    expect(findModels(MODEL_CATALOG, "LLAMA-3.1-70B").exact?.id).toBe("llama-3.1-70b");
    expect(findModels(MODEL_CATALOG, "deepseek-v3").exact?.id).toBe("deepseek-v3");
    expect(findModels(MODEL_CATALOG, "qwen3").partial.length).toBeGreaterThan(1);
    expect(findModels(MODEL_CATALOG, "no such model").partial).toEqual([]);
  });

  it("says when the text is not JSON, or not a JSON object", () => {
    const bad = parseConfigText("{ hidden_size: 4096");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^Not valid JSON/);
    const array = parseConfigText("[1, 2]");
    expect(array.ok).toBe(false);
    if (!array.ok) expect(array.message).toMatch(/JSON object/);
  });

  it("names a wrong-typed field as a wrong type, not as missing", () => {
    const parsed = parseConfigText(JSON.stringify({...QWEN3_06B, hidden_size: "<text>"}));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/model\.hidden_size: got a string \("<text>"\), expected an integer from 1 to 1,000,000/);
  });

  it("refuses a million layers, naming model.num_hidden_layers and its bound", () => {
    const parsed = parseConfigText(JSON.stringify({...QWEN3_06B, num_hidden_layers: 1_000_000}));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/model\.num_hidden_layers: got 1000000, expected an integer from 1 to 10,000 \(/);
  });

  it("reads 1,000 layers with a warning naming the field", () => {
    const parsed = parseConfigText(JSON.stringify({...QWEN3_06B, num_hidden_layers: 1000}));
    expect(parsed.ok && parsed.choice.warnings).toContainEqual(expect.stringMatching(/^model\.num_hidden_layers: 1,000 is beyond every published model/));
  });

  it("does not parse text over 262,144 characters, and says how long it was", () => {
    const parsed = parseConfigText(`{"x": "${"a".repeat(10_000_000)}"}`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^This text has 10,000,009 characters; a config\.json has a few thousand, and at most 262,144 are read/);
  });

  it("names the missing field of a config the engine cannot read", () => {
    const parsed = parseConfigText(JSON.stringify({model_type: "llama", hidden_size: 4096, num_attention_heads: 32}));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain("num_hidden_layers");
    expect(parsed.fields).toContain("num_hidden_layers");
  });

  it("resolves a catalog id to the catalog entry", () => {
    const parsed = choiceOfModel("Llama-3.1-8B");
    expect(parsed.ok && parsed.choice.id).toBe("llama-3.1-8b");
    expect(parsed.ok && parsed.choice.model).toBe("llama-3.1-8b");
  });
});

describe("modelInput", () => {
  it("starts on Llama 3.1 8B and groups the catalog by family, with a paste option last", () => {
    const input = modelInput({document});
    expect(input.value.id).toBe("llama-3.1-8b");
    expect(input.value.arch.layers).toBe(32);
    const groups = [...input.querySelectorAll("optgroup")].map((g) => g.label);
    expect(groups).toContain("Llama 3.1");
    expect(new Set(groups).size).toBe(groups.length);
    const options = [...input.querySelectorAll("select option")];
    expect(options.at(-1)!.getAttribute("value")).toBe(PASTE_CONFIG);
    expect(input.querySelector<HTMLElement>(".config-paste")!.hidden).toBe(true);
  });

  it("emits an input event with the new model when the reader picks another", () => {
    const input = modelInput({document});
    const seen = inputsSeen(input);
    const select = input.querySelector("select")!;
    select.value = "mixtral-8x7b";
    change(select);
    expect(seen).toHaveLength(1);
    expect(input.value.arch.moe?.experts).toBe(8);
  });

  it("keeps the last valid model and shows a message when the pasted text cannot be read", () => {
    const input = modelInput({document});
    const seen = inputsSeen(input);
    const select = input.querySelector("select")!;
    select.value = PASTE_CONFIG;
    change(select);
    expect(input.querySelector<HTMLElement>(".config-paste")!.hidden).toBe(false);
    const box = input.querySelector("textarea")!;
    type(box, '{"model_type": "llama"');
    const message = input.querySelector<HTMLElement>(".config-message")!;
    expect(message.dataset.kind).toBe("error");
    expect(message.textContent).toMatch(/Not valid JSON/);
    expect(message.textContent).toMatch(/Still showing Llama 3.1 8B/);
    type(box, JSON.stringify({model_type: "llama", hidden_size: 4096}));
    expect(message.textContent).toContain("num_hidden_layers");
    expect(seen).toHaveLength(0);
    expect(input.value.id).toBe("llama-3.1-8b");
  });

  it("takes a valid pasted config as the model and says how it was read", () => {
    const input = modelInput({document});
    const seen = inputsSeen(input);
    const select = input.querySelector("select")!;
    select.value = PASTE_CONFIG;
    change(select);
    type(input.querySelector("textarea")!, JSON.stringify(QWEN3_06B));
    expect(seen).toHaveLength(1);
    expect(input.value.source).toBe("config");
    expect(input.value.model).toEqual(QWEN3_06B);
    expect(input.querySelector(".config-message")!.textContent).toMatch(/qwen3, 28 layers/);
  });

  it("can be set to a catalog id or a config object, as the URL state will, without emitting", () => {
    const input = modelInput({document});
    const seen = inputsSeen(input);
    input.value = "qwen3-8b" as never;
    expect(input.value.id).toBe("qwen3-8b");
    expect(input.querySelector("select")!.value).toBe("qwen3-8b");
    input.value = QWEN3_06B as never;
    expect(input.value.source).toBe("config");
    expect(input.querySelector("select")!.value).toBe(PASTE_CONFIG);
    expect(JSON.parse(input.querySelector("textarea")!.value)).toEqual(QWEN3_06B);
    input.value = "no-such-model" as never;
    expect(input.value.source).toBe("config");
    expect(seen).toHaveLength(0);
  });

  it("starts from a config object given as its value", () => {
    const input = modelInput({value: findModel("gemma-2-2b")!.config as Record<string, unknown>, document});
    expect(input.value.source).toBe("config");
    expect(input.value.arch.modelType).toBe("gemma2");
  });
});

describe("hardwareInput", () => {
  it("starts on one H100 SXM and shows memory and bandwidth in each option", () => {
    const input = hardwareInput({document});
    expect(input.value.gpu).toBe("h100-sxm");
    expect(input.value.count).toBe(1);
    // 81,559 MiB (nvidia-smi) = 85.5 GB; 3.35 TB/s (NVIDIA datasheet).
    expect(gpuOptionLabel(findGpu("h100-sxm")!)).toBe("NVIDIA H100 SXM5 80GB · 85.5 GB · 3.35 TB/s");
    expect(input.querySelector("select option")!.textContent).toContain("85.5 GB");
    expect(input.querySelector<HTMLElement>(".custom-gpu")!.hidden).toBe(true);
  });

  it("emits the new GPU and count", () => {
    const input = hardwareInput({document});
    const seen = inputsSeen(input);
    const select = input.querySelector("select")!;
    select.value = "rtx-4090";
    change(select);
    expect(input.value.spec.id).toBe("rtx-4090");
    const count = [...input.querySelectorAll<HTMLInputElement>("input[type=number]")].at(-1)!;
    type(count, "4");
    expect(input.value.count).toBe(4);
    type(count, "0"); // not a GPU count: ignored
    expect(input.value.count).toBe(4);
    expect(seen).toHaveLength(2);
  });

  it("builds a custom GPU from memory GB, bandwidth GB/s and dense bf16 TFLOPS, in SI units", () => {
    const input = hardwareInput({document});
    const select = input.querySelector("select")!;
    select.value = CUSTOM_GPU;
    change(select);
    expect(input.querySelector<HTMLElement>(".custom-gpu")!.hidden).toBe(false);
    const [memory, bandwidth, tflops] = [...input.querySelectorAll<HTMLInputElement>(".custom-gpu input")];
    type(memory!, "24");
    type(bandwidth!, "1008");
    type(tflops!, "165");
    expect(typeof input.value.gpu).toBe("object");
    expect(input.value.spec.memoryBytes).toBe(24e9);
    expect(input.value.spec.bandwidthBytesPerSecond).toBe(1008e9);
    expect(input.value.spec.flopsPerSecond.bf16).toBe(165e12);
    type(bandwidth!, "-5"); // refused: keeps the last valid spec
    expect(input.value.spec.bandwidthBytesPerSecond).toBe(1008e9);
  });

  it("says why a custom value is not used, naming the field, instead of ignoring it", () => {
    const input = hardwareInput({document});
    const select = input.querySelector("select")!;
    select.value = CUSTOM_GPU;
    change(select);
    const [, bandwidth] = [...input.querySelectorAll<HTMLInputElement>(".custom-gpu input")];
    const message = input.querySelector<HTMLElement>(".gpu-message")!;
    expect(message.hidden).toBe(true);
    type(bandwidth!, "0.5");
    expect(message.hidden).toBe(false);
    expect(message.textContent).toMatch(/^hardware\.gpu\.bandwidthGBps: got 0\.5, expected a number > 1 \(.*\)\. Still using 48 GB, 1000 GB\/s, 200 TFLOPS\.$/);
    expect(input.value.spec.bandwidthBytesPerSecond).toBe(1000e9);
    type(bandwidth!, "2000");
    expect(message.hidden).toBe(true);
    expect(input.value.spec.bandwidthBytesPerSecond).toBe(2000e9);
  });

  it("can be set from a catalog id or an inline spec with a count", () => {
    const input = hardwareInput({value: {gpu: "a100-sxm-80gb", count: 8}, document});
    expect(input.value.spec.id).toBe("a100-sxm-80gb");
    expect(input.value.count).toBe(8);
    input.value = {gpu: {name: "My card", memoryGB: 32, bandwidthGBps: 900, tflops: {bf16: 100}}, count: 2} as never;
    expect(input.value.spec.memoryBytes).toBe(32e9);
    expect(input.value.count).toBe(2);
    expect(input.querySelector("select")!.value).toBe(CUSTOM_GPU);
  });
});

describe("the inputs' styles", () => {
  it("are added to the document head once, however many inputs a page makes", () => {
    const doc = new JSDOM().window.document;
    modelInput({document: doc});
    hardwareInput({document: doc});
    expect(doc.head.querySelectorAll("#scenario-inputs-style")).toHaveLength(1);
    expect(doc.head.textContent).toContain(".config-message");
  });
});
