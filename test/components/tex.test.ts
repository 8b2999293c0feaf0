import {JSDOM} from "jsdom";
import {beforeAll, describe, expect, it} from "vitest";
import {loadTex, tex, texNumber} from "../../src/components/tex.ts";

const {document} = new JSDOM().window;

describe("tex before KaTeX has loaded", () => {
  it("shows the TeX source at once and typesets it when KaTeX arrives (pages load KaTeX on demand)", async () => {
    const source = String.raw`\frac{a}{b}`;
    const span = tex(source, {display: true, document});
    expect(span.classList.contains("tex-pending")).toBe(true);
    expect(span.textContent).toBe(source);
    await loadTex();
    expect(span.querySelector("math")!.getAttribute("display")).toBe("block");
    expect(span.classList.contains("tex-pending")).toBe(false);
  });
});

describe("tex", () => {
  beforeAll(loadTex);

  it("renders TeX as MathML only (no KaTeX HTML layer, which would need KaTeX's CSS and fonts)", () => {
    const span = tex(String.raw`2 \cdot L \cdot K \cdot H`, {document});
    expect(span.querySelector("math")).not.toBeNull();
    expect(span.querySelector(".katex-html")).toBeNull();
    expect([...span.querySelectorAll("mi")].map((n) => n.textContent)).toEqual(["L", "K", "H"]);
  });

  it("marks display maths as a block and inline maths as inline", () => {
    expect(tex("x", {display: true, document}).querySelector("math")!.getAttribute("display")).toBe("block");
    expect(tex("x", {document}).querySelector("math")!.getAttribute("display")).toBeNull();
    expect(tex("x", {display: true, document}).className).toBe("tex tex-display");
  });

  it("keeps the TeX source as an annotation, so copying the formula gives TeX", () => {
    const source = String.raw`\frac{a}{b}`;
    expect(tex(source, {document}).querySelector('annotation[encoding="application/x-tex"]')!.textContent).toBe(source);
  });

  it("shows a TeX error in the output instead of throwing", () => {
    const span = tex(String.raw`\frac{a}{`, {document});
    expect(span.textContent).toContain("\\frac{a}{");
  });

  it("creates its nodes in the document it is given", () => {
    expect(tex("x", {document}).ownerDocument).toBe(document);
  });
});

describe("texNumber", () => {
  beforeAll(loadTex);

  it("writes integers in full with TeX-grouped digits (the KV cache of 131,072 tokens of Llama 3.1 8B)", () => {
    expect(texNumber(131_072 * 131_072)).toBe("17{,}179{,}869{,}184");
    expect(texNumber(4096)).toBe("4{,}096");
    expect(texNumber(-12)).toBe("-12");
  });

  it("rounds other numbers to significant digits", () => {
    expect(texNumber(0.0123456)).toBe("0.0123");
    expect(texNumber(2.5, {digits: 2})).toBe("2.5");
  });

  it("writes 10^15 and beyond as a power of ten: GPT-3's 3.14e23 training FLOP", () => {
    expect(texNumber(3.14e23)).toBe(String.raw`3.14 \times 10^{23}`);
    expect(texNumber(9.999e15)).toBe(String.raw`1.00 \times 10^{16}`);
  });

  it("prints an em dash for non-finite values", () => {
    expect(texNumber(NaN)).toBe(String.raw`\text{—}`);
  });

  it("renders in tex() as one grouped number", () => {
    const mn = [...tex(texNumber(17_179_869_184), {document}).querySelectorAll("mn")].map((n) => n.textContent).join("");
    expect(mn.replace(/\s/g, "")).toBe("17,179,869,184");
  });
});
