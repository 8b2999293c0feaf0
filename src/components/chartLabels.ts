/**
 * Chart labels that fit: margins sized from the labels a chart will draw, and point labels
 * that are dropped rather than drawn over one another (the value stays in the tooltip).
 *
 * Widths are estimated from the characters (Plot draws in the page's sans-serif at 10 px by
 * default), not measured, so a chart is the same in the page, in a test's JSDOM and in an
 * export. The estimate errs wide: per-character advance widths close to Helvetica/Arial's,
 * plus 15 % for wider system fonts (DejaVu Sans, Linux's usual sans-serif, sets digits at
 * 0.636 em where Arial sets 0.556 em).
 */

/** Advance width in em of one character, for a sans-serif UI font (rounded up). */
function charEm(c: string): number {
  if (/[0-9]/.test(c)) return 0.56;
  if (/[ilj.,:;'|!()[\]·]/.test(c)) return 0.3;
  if (/[ frt\-]/.test(c)) return 0.36;
  if (/[mwMW%@]/.test(c)) return 0.9;
  if (/[A-Z×→↑←↓]/.test(c)) return 0.7;
  return 0.56;
}

/**
 * Estimated width in px of a single-line label at a font size (px).
 * @example textWidth("H100 SXM5 80GB", 10) // about 83
 */
export function textWidth(text: string, fontSize = 10): number {
  let em = 0;
  for (const c of text) em += charEm(c);
  return em * fontSize * 1.15;
}

/**
 * A margin (px) that holds the widest of `labels` plus `pad`, capped at `max`.
 * @example labelMargin(["GGUF Q4_K_M", "BF16"], {max: 200}) // about 78
 */
export function labelMargin(labels: readonly string[], {fontSize = 10, pad = 10, max = Infinity}: {fontSize?: number; pad?: number; max?: number} = {}): number {
  return Math.ceil(Math.min(max, pad + Math.max(0, ...labels.map((l) => textWidth(l, fontSize)))));
}

/** Where a log or linear scale puts `value` on [r0, r1] (px) for the domain [d0, d1]. */
export function scalePx(value: number, [d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number], type: "linear" | "log" = "linear"): number {
  const f = type === "log" ? (v: number) => Math.log(v) : (v: number) => v;
  return r0 + ((f(value) - f(d0)) / (f(d1) - f(d0))) * (r1 - r0);
}

/** A label to place: its anchor point in px, its text, and how it hangs from the point. */
export interface LabelBox {
  /** Anchor point, px from the chart's left and top. */
  x: number;
  y: number;
  text: string;
  textAnchor?: "start" | "middle" | "end";
  dx?: number;
  dy?: number;
  fontSize?: number;
}

/** The rectangle a label covers (px). */
export function labelRect({x, y, text, textAnchor = "middle", dx = 0, dy = 0, fontSize = 10}: LabelBox): {left: number; right: number; top: number; bottom: number} {
  const w = textWidth(text, fontSize);
  const left = x + dx - (textAnchor === "start" ? 0 : textAnchor === "end" ? w : w / 2);
  const cy = y + dy;
  return {left, right: left + w, top: cy - fontSize * 0.6, bottom: cy + fontSize * 0.6};
}

/** A label with other places it may go (tried in order when its own place is taken). */
export type PlacedLabel<T extends LabelBox> = T & {alternatives?: readonly Partial<LabelBox>[]};

/**
 * Keeps the labels, in the order given (most important first), that neither overlap a label
 * already kept nor one of `obstacles`, and that lie inside `bounds` when given. A label with
 * `alternatives` is tried at each in turn before it is left out; the kept label carries the
 * placement that fitted.
 * @example declutter([{x: 10, y: 10, text: "H100"}, {x: 12, y: 11, text: "H200"}]) // keeps the first only
 */
export function declutter<T extends LabelBox>(
  labels: readonly PlacedLabel<T>[],
  {obstacles = [], bounds}: {obstacles?: readonly LabelBox[]; bounds?: {width: number; height: number}} = {}
): T[] {
  const placed = obstacles.map(labelRect);
  const kept: T[] = [];
  for (const label of labels) {
    for (const option of [{}, ...(label.alternatives ?? [])]) {
      const candidate = {...label, ...option} as T;
      const r = labelRect(candidate);
      if (bounds && (r.left < 0 || r.right > bounds.width || r.top < 0 || r.bottom > bounds.height)) continue;
      if (placed.some((p) => r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top)) continue;
      placed.push(r);
      kept.push(candidate);
      break;
    }
  }
  return kept;
}
