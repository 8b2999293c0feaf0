import {JSDOM} from "jsdom";
import {beforeAll, describe, expect, it} from "vitest";
import {derivation} from "../../src/components/derivation.ts";
import {loadTex} from "../../src/components/tex.ts";

const {document} = new JSDOM().window;

// Llama 3.1 8B in bf16: 32 layers, 8 KV heads of dimension 128 (meta-llama/Llama-3.1-8B
// config.json); scaling-book's KV cache formula 2·L·K·H·b per token.
const kvPerToken = () =>
  derivation({
    title: "KV cache per token",
    formula: String.raw`2 \cdot L \cdot K \cdot H \cdot b`,
    substitution: String.raw`2 \cdot 32 \cdot 8 \cdot 128 \cdot 2 = 131072`,
    result: "128 KiB",
    source: {label: "jax-ml/scaling-book, Transformer math", href: "https://jax-ml.github.io/scaling-book/transformers/"},
    document
  });

describe("derivation", () => {
  beforeAll(loadTex); // pages load KaTeX on demand; here it is loaded first, so formulas typeset at once

  it("is a closed <details> whose summary names the quantity and its result", () => {
    const d = kvPerToken();
    expect(d.tagName).toBe("DETAILS");
    expect(d.open).toBe(false);
    expect(d.querySelector("summary")!.textContent).toBe("KV cache per token = 128 KiB · show the derivation");
  });

  it("shows the formula in symbols and the user's numbers substituted, both as MathML", () => {
    const d = kvPerToken();
    const symbols = [...d.querySelectorAll(".derivation-formula math mi")].map((n) => n.textContent);
    expect(symbols).toEqual(["L", "K", "H", "b"]);
    const numbers = [...d.querySelectorAll(".derivation-substitution math mn")].map((n) => n.textContent);
    expect(numbers).toEqual(["2", "32", "8", "128", "2", "131072"]);
  });

  it("links the source in a new tab", () => {
    const a = kvPerToken().querySelector<HTMLAnchorElement>(".derivation-source a")!;
    expect(a.textContent).toBe("jax-ml/scaling-book, Transformer math");
    expect(a.href).toBe("https://jax-ml.github.io/scaling-book/transformers/");
    expect(a.target).toBe("_blank");
    expect(a.rel).toContain("noopener");
  });

  it("takes a plain-text source and no source at all", () => {
    const base = {title: "t", formula: "x", substitution: "1", result: "1", document};
    expect(derivation({...base, source: "Kaplan et al. 2020, Table 1"}).querySelector(".derivation-source")!.textContent).toBe(
      "Source: Kaplan et al. 2020, Table 1"
    );
    expect(derivation(base).querySelector(".derivation-source")).toBeNull();
  });

  it("can start open", () => {
    expect(derivation({title: "t", formula: "x", substitution: "1", result: "1", open: true, document}).open).toBe(true);
  });

  it("keeps the title and result as text, not HTML (no injection from labels)", () => {
    const d = derivation({title: "<b>x</b>", formula: "x", substitution: "1", result: "<i>1</i>", document});
    expect(d.querySelector("summary b")).toBeNull();
    expect(d.querySelector(".derivation-title")!.textContent).toBe("<b>x</b>");
  });

  it("typesets a lazy derivation's formula and numbers only once it is opened", async () => {
    const d = derivation({title: "KV cache per token", formula: String.raw`2 \cdot L`, substitution: String.raw`2 \cdot 32`, result: "64", lazy: true, document});
    document.body.append(d);
    expect(d.querySelector("summary")!.textContent).toBe("KV cache per token = 64 · show the derivation");
    expect(d.querySelector(".derivation-formula math")).toBeNull();
    expect(d.querySelector(".derivation-value .derivation-result")!.textContent).toBe("64");
    d.open = true;
    await new Promise((resolve) => d.addEventListener("toggle", resolve, {once: true}));
    expect([...d.querySelectorAll(".derivation-substitution math mn")].map((n) => n.textContent)).toEqual(["2", "32"]);
    expect(d.querySelectorAll(".derivation-formula .tex")).toHaveLength(1);
    d.remove();
  });

  it("typesets a lazy derivation at once when it starts open", () => {
    const d = derivation({title: "t", formula: "x", substitution: "1", result: "1", lazy: true, open: true, document});
    expect(d.querySelector(".derivation-substitution math")).not.toBeNull();
  });

  it("typesets every lazy derivation of the page before it is printed", () => {
    const d = derivation({title: "t", formula: "y", substitution: "2", result: "2", lazy: true, document});
    document.body.append(d);
    document.defaultView!.dispatchEvent(new document.defaultView!.Event("beforeprint"));
    expect(d.querySelector(".derivation-formula math")).not.toBeNull();
    d.remove();
  });

  it("opens a rebuilt derivation the reader had opened, and closes it once they close it", async () => {
    const build = (batch = 8) => derivation({title: `Weights read per step at batch ${batch}`, formula: "P b", substitution: "8 \\cdot 2", result: "16 GB", lazy: true, document});
    const first = build();
    expect(first.open).toBe(false);
    first.open = true;
    await new Promise((resolve) => first.addEventListener("toggle", resolve, {once: true}));
    const rebuilt = build(16); // the cell re-ran after the batch moved
    expect(rebuilt.open).toBe(true);
    expect(rebuilt.querySelector(".derivation-substitution math")).not.toBeNull();
    rebuilt.open = false;
    await new Promise((resolve) => rebuilt.addEventListener("toggle", resolve, {once: true}));
    expect(build().open).toBe(false);
  });
});
