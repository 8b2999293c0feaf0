import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {sourceLinks} from "../../src/components/sourceLinks.ts";

const {document} = new JSDOM().window;

describe("sourceLinks", () => {
  it("links the web addresses of a catalog source and keeps the named repositories as text", () => {
    // The H100 SXM entry's source in lib/catalog/gpus.ts.
    const span = sourceLinks("stas00/ml-engineering; Lightning-AI/pytorch-lightning; https://archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html", {document});
    const links = [...span.querySelectorAll("a")];
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute("href")).toBe("https://archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html");
    expect(links[0]!.textContent).toBe("archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html");
    expect(span.textContent).toBe("stas00/ml-engineering; Lightning-AI/pytorch-lightning; archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html");
  });

  it("opens links in a new tab without handing over the opener", () => {
    const a = sourceLinks("https://example.org/", {document}).querySelector("a")!;
    expect(a.target).toBe("_blank");
    expect(a.rel).toBe("noopener noreferrer");
    expect(a.textContent).toBe("example.org");
  });
});

describe("sourceLinks with notes", () => {
  it("links an address followed by a note and keeps the note as text (the Apple M3 Max source)", () => {
    const span = sourceLinks("https://macmegasite.com/2024/10/30/m4-max (400 GB/s); https://example.org/x (128 GB)", {document});
    expect([...span.querySelectorAll("a")].map((a) => a.getAttribute("href"))).toEqual(["https://macmegasite.com/2024/10/30/m4-max", "https://example.org/x"]);
    expect(span.textContent).toBe("macmegasite.com/2024/10/30/m4-max (400 GB/s); example.org/x (128 GB)");
  });
});
