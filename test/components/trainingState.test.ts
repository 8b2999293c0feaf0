import {describe, expect, it} from "vitest";
import {formatState, parseState} from "../../src/components/urlState.ts";
import {loraTargetsParam, TRAINING_PAGE_DEFAULTS, trainingPageSchema} from "../../src/components/trainingState.ts";

const schema = trainingPageSchema();

describe("the Training page's URL state", () => {
  it("reads a link back into the state it was written from", () => {
    const state = {...TRAINING_PAGE_DEFAULTS, method: "qlora" as const, rank: 64, targets: ["q_proj", "down_proj"], zero: 1, tp: 2,
      ckpt: "full" as const, flash: false, mfu: 0.35, tokens: 2.5, price: 1.99, gpu: "a100-sxm-80gb"};
    const query = formatState(state, {schema});
    const back = parseState(query, {defaults: TRAINING_PAGE_DEFAULTS, schema});
    expect(back.notes).toEqual([]);
    expect(back.values).toEqual(state);
  });

  it("clamps a ZeRO stage beyond 3 and says so, keeping the other values", () => {
    const back = parseState("?zero=7&mb=4", {defaults: TRAINING_PAGE_DEFAULTS, schema});
    expect(back.values.zero).toBe(3);
    expect(back.values.mb).toBe(4);
    expect(back.notes.join(" ")).toMatch(/zero=7 is above the maximum 3/);
  });

  it("falls back to the default method for an unknown one, with a note naming the key", () => {
    const back = parseState("?method=dpo", {defaults: TRAINING_PAGE_DEFAULTS, schema});
    expect(back.values.method).toBe("full");
    expect(back.notes.join(" ")).toMatch(/method=dpo/);
  });
});

describe("loraTargetsParam", () => {
  const spec = loraTargetsParam();

  it("keeps the known module names in PEFT's canonical order", () => {
    expect(spec.parse("v_proj,Q_PROJ", "targets")).toEqual({ok: true, value: ["q_proj", "v_proj"]});
  });

  it("drops unknown names with a note, and refuses a list with no known name", () => {
    const outcome = spec.parse("q_proj,lm_head", "targets");
    expect(outcome.ok && outcome.value).toEqual(["q_proj"]);
    expect(outcome.ok && outcome.note).toMatch(/lm_head is not a LoRA target/);
    expect(spec.parse("embed_tokens", "targets").ok).toBe(false);
  });

  it("writes an empty list as “none” and reads it back empty", () => {
    expect(spec.format([])).toBe("none");
    expect(spec.parse("none", "targets")).toEqual({ok: true, value: []});
  });
});
