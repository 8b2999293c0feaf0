/**
 * The Cost chapter's URL state: every input survives a round trip through the link, and a
 * price left at its default follows the GPU (price=-1) rather than freezing today's median.
 */
import {describe, expect, it} from "vitest";
import {COST_PAGE_DEFAULTS, costPageSchema, numberOf, type CostPageState} from "../../src/components/costState.ts";
import {formatState, parseState} from "../../src/components/urlState.ts";

const schema = costPageSchema();
const read = (search: string) => parseState(search, {defaults: COST_PAGE_DEFAULTS, schema});

describe("the Cost page's link state", () => {
  it("reads back every input it writes, a pasted config and a custom GPU included", () => {
    const state: CostPageState = {
      model: {model_type: "llama", hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16, num_attention_heads: 32,
        num_key_value_heads: 8, vocab_size: 128256, max_position_embeddings: 131072},
      gpu: {name: "My card", memoryGB: 48, bandwidthGBps: 960, tflops: {bf16: 181}},
      count: 2, unit: "GiB", price: 3.25, tokens: 1.5e13, mfu: 0.45, goodput: 0.92, seq: 8192, precision: "fp8-mixed", tgpus: 4096,
      engine: "sglang", weights: "fp8", kv: "fp8", batch: 96, prompt: 4000, output: 700
    };
    const back = read(formatState(state, {schema}));
    expect(back.notes).toEqual([]);
    expect(back.values).toEqual(state);
  });

  it("writes every key, so a link keeps its meaning if the defaults change", () => {
    const keys = [...new URLSearchParams(formatState(COST_PAGE_DEFAULTS, {schema})).keys()];
    expect(keys.sort()).toEqual(Object.keys(COST_PAGE_DEFAULTS).sort());
  });

  it("reads a missing, negative or unreadable price as the GPU's median, with a note for the last two", () => {
    expect(read("").values.price).toBe(-1);
    expect(read("?price=-1")).toEqual({values: COST_PAGE_DEFAULTS, notes: []});
    expect(read("?price=-3")).toEqual({values: COST_PAGE_DEFAULTS, notes: ["price=-3 is negative; using the GPU's median price"]});
    expect(read("?price=-0.5").notes).toEqual(["price=-0.5 is negative; using the GPU's median price"]);
    expect(read("?price=abc").notes).toEqual(["price=abc is not a number; using the GPU's median price"]);
    expect(read("?price=0.001")).toMatchObject({values: {price: 0.01}, notes: ["price=0.001 is below the minimum 0.01; using 0.01"]});
  });

  it("clamps the training inputs to the page's ranges and refuses a sequence length the page does not offer", () => {
    const {values, notes} = read("?mfu=0.95&goodput=0.2&tokens=1e20&seq=3000&tgpus=2.5");
    expect(values).toMatchObject({mfu: 0.8, goodput: 0.5, tokens: 1e14, seq: 4096, tgpus: 3});
    expect(notes).toHaveLength(5);
    expect(numberOf([2048, 4096]).parse("", "seq").ok).toBe(false);
  });
});
