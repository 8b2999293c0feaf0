/**
 * Following the Units switch without rebuilding (issue 11, "One frame"), for pages whose big
 * pieces (a table of every GPU or model, a chart of them) change with the byte unit only in a
 * few texts or by a scale factor.
 *
 * - `unitTexts` makes text nodes that show a value in the current unit and rewrites them in place
 *   when the unit changes: a table built once per filter keeps its rows, and a unit switch
 *   changes only the texts that carry a unit (the memory column, its header).
 * - `chartSlot` holds one chart on the page and keeps the chart drawn for each unit: switching
 *   back to a unit shows the chart already drawn, and the other unit's chart is drawn in idle
 *   time (detached from the page) right after a draw, so the first switch finds it ready too.
 *   A new data set or width empties the cache. It replaces Framework's `resize(render)` for such
 *   a chart: the chart is drawn with the slot's width as soon as that is known, in the same
 *   frame as the input, not one layout later.
 *
 * ```js
 * const unitSwitch = byteUnitSwitch();
 * const unit = view(unitSwitch);
 * const texts = unitTexts(() => unitSwitch.value);  // in the table's cell: texts.text((u) => formatBytes(x, {unit: u}))
 * texts.update(unit);                               // a cell of its own
 * const slot = chartSlot({invalidation});           // <div class="card">${slot.element}</div>
 * slot.show(rows, unit, (unit, width) => exportMenu(myChart(rows, {unit, width}), {...}));
 * ```
 */
import type {ByteUnit} from "./units.js";
import {BYTE_UNITS} from "./units.js";

export interface UnitTexts {
  /** A text node showing `format(unit)` for the current unit, rewritten by `update`. */
  text(format: (unit: ByteUnit) => string): Text;
  /** Makes an existing element's text follow the unit as `format(unit)` (set now). */
  track(element: Element, format: (unit: ByteUnit) => string): Element;
  /** Rewrites every text made or tracked here for `unit` (only those whose text changes). */
  update(unit: ByteUnit): void;
}

/**
 * Text nodes that follow the byte unit in place.
 * @example const texts = unitTexts(() => "GB"); texts.text((u) => `memory (${u})`).data // "memory (GB)"
 */
export function unitTexts(current: () => ByteUnit, {document = globalThis.document}: {document?: Document} = {}): UnitTexts {
  const made: {node: Text | Element; format: (unit: ByteUnit) => string}[] = [];
  const write = (node: Text | Element, text: string) => {
    if (node.textContent !== text) node.textContent = text;
  };
  return {
    text(format) {
      const node = document.createTextNode(format(current()));
      made.push({node, format});
      return node;
    },
    track(element, format) {
      write(element, format(current()));
      made.push({node: element, format});
      return element;
    },
    update(unit) {
      for (const {node, format} of made) write(node, format(unit));
    }
  };
}

export interface ChartSlot {
  /** The element to place on the page, once; it holds the chart shown now. */
  element: HTMLDivElement;
  /**
   * Shows the chart of `data` in `unit`: the one drawn before for this data, unit and width, or
   * `render(unit, width)` now (once the slot has a width, if it has none yet). A `data` other than
   * the last one (compared by identity) forgets the charts drawn for the last.
   */
  show(data: unknown, unit: ByteUnit, render: (unit: ByteUnit, width: number) => Node): void;
}

export interface ChartSlotOptions {
  /** Framework's `invalidation` promise: stops watching the width when the cell is disposed. */
  invalidation?: Promise<unknown>;
  /** The units drawn ahead in idle time. Default GB and GiB. */
  units?: readonly ByteUnit[];
  /** The width to draw at until the slot is laid out (a page without ResizeObserver, a test). Default none: wait for the layout. */
  width?: number;
  /**
   * Draw a chart not drawn before (new data) after the page's next layout, as Framework's `resize` does, instead of at
   * once: the cells that show numbers in the same pass are not held back by the drawing. A unit switch to a chart
   * already drawn is still shown at once. Default false.
   */
  afterLayout?: boolean;
  document?: Document;
}

/** Runs `task` when the browser is idle (a timeout where requestIdleCallback is missing); returns a canceller. */
function whenIdle(view: Window & typeof globalThis, task: () => void): () => void {
  if (typeof view.requestIdleCallback === "function") {
    const id = view.requestIdleCallback(task, {timeout: 1000});
    return () => view.cancelIdleCallback(id);
  }
  const id = view.setTimeout(task, 50);
  return () => view.clearTimeout(id);
}

/**
 * One chart on the page, kept per unit for the current data and width.
 * @example const slot = chartSlot(); slot.show(rows, "GB", (unit, width) => chart(rows, {unit, width}))
 */
export function chartSlot({invalidation, units = BYTE_UNITS, width: initialWidth = 0, afterLayout = false, document = globalThis.document}: ChartSlotOptions = {}): ChartSlot {
  const view = (document.defaultView ?? globalThis) as Window & typeof globalThis;
  const element = document.createElement("div");
  element.style.position = "relative";
  let width = initialWidth;
  let data: unknown;
  let unit: ByteUnit | undefined;
  let render: ((unit: ByteUnit, width: number) => Node) | undefined;
  let drawn = new Map<ByteUnit, Node>();
  let cancelWarm = () => {};
  let observer: ResizeObserver | undefined;
  let pending = false;

  const chartFor = (u: ByteUnit): Node => {
    let chart = drawn.get(u);
    if (!chart) drawn.set(u, (chart = render!(u, width)));
    return chart;
  };
  // The other units, one per idle period, for this data and width.
  const warm = () => {
    cancelWarm();
    const next = units.find((u) => !drawn.has(u));
    if (next === undefined || !render || !width) return;
    cancelWarm = whenIdle(view, () => {
      cancelWarm = () => {};
      chartFor(next);
      warm();
    });
  };
  const draw = () => {
    if (!render || unit === undefined || width <= 0) return;
    const chart = chartFor(unit);
    if (element.firstChild !== chart || element.childNodes.length !== 1) element.replaceChildren(chart);
    warm();
  };

  if (typeof view.ResizeObserver === "function") {
    observer = new view.ResizeObserver(([entry]) => {
      const w = entry?.contentRect.width ?? 0;
      if (w > 0 && w !== width) {
        width = w;
        drawn = new Map();
        pending = true;
      }
      if (!pending) return;
      pending = false;
      draw();
    });
    observer.observe(element);
    invalidation?.then(() => {
      observer?.disconnect();
      cancelWarm();
    });
  }

  return {
    element,
    show(nextData, nextUnit, nextRender) {
      if (nextData !== data) drawn = new Map();
      data = nextData;
      unit = nextUnit;
      render = nextRender;
      if (afterLayout && observer && width > 0 && !drawn.has(nextUnit)) {
        // A fresh observation reports the element's size after the next layout: draw then.
        pending = true;
        observer.unobserve(element);
        observer.observe(element);
        return;
      }
      draw();
    }
  };
}
