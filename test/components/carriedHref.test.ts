import {describe, expect, it} from "vitest";
import {carriedHref} from "../../src/components/scenarioState.ts";

const base = "http://127.0.0.1:3000/index?batch=8";
const state = {model: "llama-3.1-8b", gpu: "h100-sxm", count: 2, batch: 8, unit: "GiB" as const};

describe("carriedHref", () => {
  it("gives a chapter link the keys that chapter reads, keeping the link relative and its hash", () => {
    expect(carriedHref("./training#memory", state, base)).toBe("./training?model=llama-3.1-8b&gpu=h100-sxm&count=2&unit=GiB#memory");
    expect(carriedHref("./inference", state, base)).toBe("./inference?model=llama-3.1-8b&gpu=h100-sxm&count=2&batch=8&unit=GiB");
  });

  it("leaves links to other sites and to pages that are not chapters alone", () => {
    expect(carriedHref("https://example.com/inference", state, base)).toBe("https://example.com/inference");
    expect(carriedHref("./gpus", state, base)).toBe("./gpus");
  });

  it("gives the same hrefs when a pass shares one cache of each chapter's query", () => {
    const queries = new Map<string, string>();
    const links = ["./inference", "./training", "./inference#roofline", "./cost"];
    expect(links.map((href) => carriedHref(href, state, base, queries))).toEqual(links.map((href) => carriedHref(href, state, base)));
    expect([...queries.keys()].sort()).toEqual(["/cost", "/inference", "/training"]);
  });
});
