import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {liveChart} from "../../src/components/liveChart.ts";

const {document} = new JSDOM().window;

const drawing = (text: string, widths: number[]) => (width: number) => {
  widths.push(width);
  return Object.assign(document.createElement("p"), {textContent: text});
};

describe("liveChart", () => {
  it("keeps one container and draws each update into it, replacing the last chart", () => {
    const chart = liveChart({document});
    const widths: number[] = [];
    chart.update(drawing("batch 1", widths), "1");
    const node = chart.node;
    chart.update(drawing("batch 8", widths), "8");
    expect(chart.node).toBe(node);
    expect(node.children).toHaveLength(1);
    expect(node.textContent).toBe("batch 8");
    // Without layout (JSDOM) it draws at a fixed width.
    expect(widths).toEqual([640, 640]);
  });

  it("does not redraw when the key is the last drawing's", () => {
    const chart = liveChart({document});
    const widths: number[] = [];
    chart.update(drawing("a", widths), "same");
    const first = chart.node.firstChild;
    chart.update(drawing("b", widths), "same");
    expect(chart.node.firstChild).toBe(first);
    expect(widths).toHaveLength(1);
  });

  it("redraws on every update that gives no key", () => {
    const chart = liveChart({document});
    const widths: number[] = [];
    chart.update(drawing("a", widths));
    chart.update(drawing("b", widths));
    expect(widths).toHaveLength(2);
    expect(chart.node.textContent).toBe("b");
  });

  it("patches the chart on screen when its patch can, and draws anew when it cannot", () => {
    const chart = liveChart({document});
    const widths: number[] = [];
    chart.update(drawing("batch 1", widths), "1");
    const first = chart.node.firstChild as HTMLElement;
    const patchTo = (text: string, ok: boolean) => (node: Node, width: number) => {
      if (ok) (node as HTMLElement).textContent = `${text} at ${width}`;
      return ok;
    };
    chart.update(drawing("batch 2", widths), "2", undefined, patchTo("batch 2", true));
    expect(chart.node.firstChild).toBe(first);
    expect(chart.node.textContent).toBe("batch 2 at 640");
    // The same key again: neither patched nor drawn.
    chart.update(drawing("batch 2", widths), "2", undefined, patchTo("never", true));
    expect(chart.node.textContent).toBe("batch 2 at 640");
    chart.update(drawing("batch 3", widths), "3", undefined, patchTo("batch 3", false));
    expect(chart.node.firstChild).not.toBe(first);
    expect(chart.node.textContent).toBe("batch 3");
    expect(widths).toEqual([640, 640]);
  });
});
