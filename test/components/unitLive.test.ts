import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {chartSlot, unitTexts} from "../../src/components/unitLive.ts";
import type {ByteUnit} from "../../src/components/units.ts";

const {document} = new JSDOM().window;

describe("unitTexts", () => {
  it("makes a text in the current unit and rewrites it in place when the unit changes", () => {
    let unit: ByteUnit = "GB";
    const texts = unitTexts(() => unit, {document});
    const node = texts.text((u) => `memory (${u})`);
    const cell = document.createElement("td");
    cell.append(node);
    expect(cell.textContent).toBe("memory (GB)");
    unit = "GiB";
    texts.update(unit);
    expect(cell.firstChild).toBe(node); // the same node, not a new one
    expect(cell.textContent).toBe("memory (GiB)");
  });

  it("makes an element's text follow the unit", () => {
    const texts = unitTexts(() => "GiB", {document});
    const span = document.createElement("span");
    texts.track(span, (u) => (u === "GB" ? "85.5 GB" : "79.6 GiB"));
    expect(span.textContent).toBe("79.6 GiB");
    texts.update("GB");
    expect(span.textContent).toBe("85.5 GB");
  });

  it("leaves a text whose value does not change untouched (no DOM mutation)", async () => {
    const texts = unitTexts(() => "GB", {document});
    const div = document.createElement("div");
    div.append(texts.text(() => "same"));
    const records: MutationRecord[] = [];
    const observer = new document.defaultView!.MutationObserver((r) => records.push(...r));
    observer.observe(div, {subtree: true, characterData: true, childList: true});
    texts.update("GiB");
    await new Promise((r) => setTimeout(r, 0));
    observer.disconnect();
    expect(records).toHaveLength(0);
  });
});

describe("chartSlot", () => {
  const chart = (calls: string[]) => (unit: ByteUnit, width: number) => {
    calls.push(`${unit}@${width}`);
    const el = document.createElement("figure");
    el.textContent = `${unit} ${width}`;
    return el;
  };

  it("draws the chart for the unit asked, and shows the one already drawn when the unit comes back", () => {
    const calls: string[] = [];
    const slot = chartSlot({document, width: 640, units: []});
    const rows = [1, 2, 3];
    slot.show(rows, "GB", chart(calls));
    const gb = slot.element.firstChild;
    expect(slot.element.textContent).toBe("GB 640");
    slot.show(rows, "GiB", chart(calls));
    expect(slot.element.textContent).toBe("GiB 640");
    slot.show(rows, "GB", chart(calls));
    expect(slot.element.firstChild).toBe(gb);
    expect(calls).toEqual(["GB@640", "GiB@640"]);
  });

  it("draws again for new data (compared by identity)", () => {
    const calls: string[] = [];
    const slot = chartSlot({document, width: 500, units: []});
    slot.show([1], "GB", chart(calls));
    slot.show([1], "GB", chart(calls));
    expect(calls).toEqual(["GB@500", "GB@500"]);
    expect(slot.element.childNodes).toHaveLength(1);
  });

  it("draws the other units ahead, when the page is idle", async () => {
    const calls: string[] = [];
    const slot = chartSlot({document, width: 300});
    const rows: number[] = [];
    slot.show(rows, "GiB", chart(calls));
    expect(calls).toEqual(["GiB@300"]);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toEqual(["GiB@300", "GB@300"]);
    slot.show(rows, "GB", chart(calls));
    expect(calls).toHaveLength(2);
    expect(slot.element.textContent).toBe("GB 300");
  });

  it("waits for a width before drawing", () => {
    const calls: string[] = [];
    const slot = chartSlot({document, units: []});
    slot.show([], "GB", chart(calls));
    expect(calls).toEqual([]);
    expect(slot.element.childNodes).toHaveLength(0);
  });

  it("with afterLayout, draws new data once the page is laid out, and a unit already drawn at once", () => {
    // A stand-in ResizeObserver: each observe() reports the element's width when the test says the layout ran.
    const {window} = new JSDOM();
    const observers: {callback: (entries: {contentRect: {width: number}}[]) => void; watching: boolean}[] = [];
    (window as unknown as {ResizeObserver: unknown}).ResizeObserver = class {
      entry: {callback: (entries: {contentRect: {width: number}}[]) => void; watching: boolean};
      constructor(callback: (entries: {contentRect: {width: number}}[]) => void) {
        this.entry = {callback, watching: false};
        observers.push(this.entry);
      }
      observe() { this.entry.watching = true; }
      unobserve() { this.entry.watching = false; }
      disconnect() { this.entry.watching = false; }
    };
    const layout = () => {
      for (const o of observers) if (o.watching) o.callback([{contentRect: {width: 400}}]);
    };
    const calls: string[] = [];
    const slot = chartSlot({document: window.document, afterLayout: true, units: []});
    const first = [1];
    slot.show(first, "GB", chart(calls));
    layout();
    expect(calls).toEqual(["GB@400"]);
    slot.show(first, "GiB", chart(calls));
    expect(calls).toEqual(["GB@400"]); // not yet: new for this unit, drawn after the layout
    expect(slot.element.textContent).toBe("GB 400");
    layout();
    expect(slot.element.textContent).toBe("GiB 400");
    slot.show(first, "GB", chart(calls)); // drawn before: shown at once
    expect(slot.element.textContent).toBe("GB 400");
    slot.show([2], "GB", chart(calls)); // new data: after the layout
    expect(slot.element.textContent).toBe("GB 400");
    expect(calls).toEqual(["GB@400", "GiB@400"]);
    layout();
    expect(calls).toEqual(["GB@400", "GiB@400", "GB@400"]);
  });
});
