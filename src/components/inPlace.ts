/**
 * Writing a drawn chart's new state into the SVG already on the page (issue 11, "One frame"): the
 * charts that follow a slider in place (memoryBarChart.ts, zeroLayoutsChart.ts) change only the
 * attributes and texts that changed, because an attribute set to its own value still costs the
 * browser a style check.
 */

/** `parent`'s children made `n` long (dropping the last ones, or appending copies of the first), returned. */
export function fitChildren(parent: Element, n: number): Element[] {
  while (parent.children.length > n) parent.lastElementChild!.remove();
  while (parent.children.length < n) parent.append(parent.firstElementChild!.cloneNode(true));
  return [...parent.children];
}

/** Sets an attribute only when it differs. */
export function setAttribute(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Sets the text only when it differs. */
export function setText(el: Element, value: string): void {
  if (el.textContent !== value) el.textContent = value;
}
