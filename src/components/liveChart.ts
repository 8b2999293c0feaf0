/**
 * A chart that stays in the page while its data change (issue 11, "One frame").
 *
 * Framework's `resize((width) => chart)` in a cell that re-runs on every slider move makes a new,
 * empty container each time: the page is laid out without the chart, the chart is drawn in the
 * ResizeObserver callback after that layout, and the page is laid out again. A live chart is one
 * container for the page's life, placed once; the cell that reads the data calls `update`, which
 * draws at the width already known, in the same pass as the numbers, and skips the drawing when
 * nothing it shows changed (same key as the last drawing, same width). A change of width redraws
 * the last chart. A chart that can follow new data in place (moving its pieces rather than being
 * drawn again) passes a `patch` too: no new chart is built or laid out.
 *
 *     const memoryChart = liveChart();                       // a cell of its own: runs once
 *     <div class="card">${memoryChart.node}</div>            // placed once
 *     memoryChart.update((width) => memoryBarChart(rows, {width}), JSON.stringify(rows));  // each move
 */

export interface LiveChart {
  /** The container to place in the page (once). */
  readonly node: HTMLDivElement;
  /**
   * Draws `render(width)` into the container, now if the width is known, else once it is.
   * With a `key` equal to the last drawing's (and the same width), nothing is redrawn.
   * `mark(chart)`, if given, runs after every update and every redrawing, on the chart on screen: a
   * light layer (the reader's marker) that moves without redrawing the chart under it.
   * `patch(chart, width)`, if given, is tried first when the key changed but the width did not: it
   * changes the chart on screen in place to what `render(width)` would draw, and returns true, or
   * returns false (having changed nothing) and the chart is drawn anew.
   */
  update(render: (width: number) => Node, key?: string, mark?: (chart: Node) => void, patch?: (chart: Node, width: number) => boolean): void;
}

/** A container that redraws its chart in place; see the module comment. */
export function liveChart({document = globalThis.document}: {document?: Document} = {}): LiveChart {
  const node = document.createElement("div");
  node.style.position = "relative";
  let width = 0;
  let render: ((width: number) => Node) | undefined;
  let key: string | undefined;
  let mark: ((chart: Node) => void) | undefined;
  let patch: ((chart: Node, width: number) => boolean) | undefined;
  let drawn: {key: string | undefined; width: number} | undefined;
  const draw = () => {
    if (!render || width <= 0) return;
    if (drawn && key !== undefined && drawn.key === key && drawn.width === width) return;
    if (patch && drawn && drawn.width === width && node.firstChild && patch(node.firstChild, width)) {
      drawn = {key, width};
      return;
    }
    const chart = render(width);
    drawn = {key, width};
    node.replaceChildren(chart);
  };
  const drawAndMark = () => {
    draw();
    if (mark && drawn && node.firstChild) mark(node.firstChild);
  };
  const Observer = document.defaultView?.ResizeObserver;
  if (Observer) {
    new Observer(([entry]) => {
      const next = entry!.contentRect.width;
      if (next === width) return;
      width = next;
      drawAndMark();
    }).observe(node);
  } else {
    width = 640; // no layout (a test's JSDOM): a fixed width
  }
  return {
    node,
    update(nextRender, nextKey, nextMark, nextPatch) {
      render = nextRender;
      key = nextKey;
      mark = nextMark;
      patch = nextPatch;
      drawAndMark();
    }
  };
}
