import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {tex} from "../../src/components/tex.ts";

const {document} = new JSDOM().window;

describe("tex", () => {
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
