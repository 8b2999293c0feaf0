/**
 * Progressive rendering (issue 11, "One frame"): a page's numbers first, its charts and sweeps
 * right after.
 *
 * Framework recomputes a page's cells inside one requestAnimationFrame callback, and the browser
 * paints only once every cell computed in it is done. A chart or a sweep computed there holds
 * back every number on the page. `later(render)` runs `render` in a task of its own after that
 * frame (a zero-delay timeout queued from the frame runs after the frame is painted), and
 * resolves with what it returns; a cell whose value is that promise shows it when it resolves,
 * and Framework keeps the cell's previous output on screen until then, so the chart is replaced
 * in place rather than blanked. Cells that depend on a `later` value wait for it, as they wait
 * for any promise.
 *
 * @example
 *     const sweep = later(() => batchSweep(c, ladder));        // a sweep off the input path
 *     later(() => resize((width) => decodeBatchChart(sweep, {width})))  // a chart after the numbers
 */
export function later<T>(render: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(render());
      } catch (error) {
        reject(error);
      }
    }, 0);
  });
}

/** Longest wait for an idle moment before `whenIdle` runs its work anyway (ms). */
export const IDLE_TIMEOUT_MS = 1000;

/**
 * Work that touches nothing on screen (the link in the address bar, `urlState`'s write; stored
 * state) run once the browser is idle, after the frame that answers an input and the `later`
 * tasks that follow it, instead of inside that frame. A newer call made before it ran replaces
 * it (the last values win, as a slider drag wants); `requestIdleCallback` with a timeout of
 * IDLE_TIMEOUT_MS, or a zero-delay timeout where the browser has none.
 *
 * @example whenIdle("link", () => share.write({prompt, output}))
 */
export function whenIdle(key: string, work: () => void): void {
  const pending = idleWork.get(key);
  idleWork.set(key, work);
  if (pending) return;
  const run = () => {
    const latest = idleWork.get(key);
    idleWork.delete(key);
    latest?.();
  };
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, {timeout: IDLE_TIMEOUT_MS});
  else setTimeout(run, 0);
}

const idleWork = new Map<string, () => void>();
