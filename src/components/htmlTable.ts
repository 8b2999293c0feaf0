/**
 * Small DOM builders for pages that must not use Framework's implicit `html` tag (it loads from
 * a CDN): a plain table from rows and column definitions, with one row highlighted, and a
 * grid of figure cards.
 */

export interface HtmlTableColumn<T> {
  header: string;
  /** The cell's content: text or a node. */
  cell: (row: T) => string | Node;
}

export interface HtmlTableOptions<T> {
  columns: readonly HtmlTableColumn<T>[];
  /** Rows to mark with the class "actual" (the reader's current choice). */
  highlight?: (row: T) => boolean;
  id?: string;
  document?: Document;
}

/**
 * A `<table>` with a header row and one body row per item.
 * @example htmlTable([{a: 1}], {columns: [{header: "a", cell: (r) => String(r.a)}]})
 */
export function htmlTable<T>(rows: readonly T[], {columns, highlight, id, document = globalThis.document}: HtmlTableOptions<T>): HTMLTableElement {
  const table = document.createElement("table");
  if (id) table.id = id;
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.textContent = c.header;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    if (highlight?.(row)) tr.className = "actual";
    for (const c of columns) tr.insertCell().append(c.cell(row));
  }
  return table;
}

export interface FigureCard {
  /** The card's heading: text or a node (e.g. a TeX symbol followed by words). */
  title: string | Node | (string | Node)[];
  value: string;
  /** A line under the value. */
  note?: string;
  /** Id of the value's span, for tests. */
  id?: string;
}

/** A `<div class="grid grid-cols-N">` of cards with a heading, a big number and a note. */
export function figureCards(cards: readonly FigureCard[], {columns = 4, id, document = globalThis.document}: {columns?: number; id?: string; document?: Document} = {}): HTMLDivElement {
  const grid = document.createElement("div");
  grid.className = `grid grid-cols-${columns}`;
  if (id) grid.id = id;
  for (const c of cards) {
    const card = document.createElement("div");
    card.className = "card";
    const h = document.createElement("h2");
    h.append(...(Array.isArray(c.title) ? c.title : [c.title]));
    const value = document.createElement("span");
    value.className = "big-number";
    if (c.id) value.id = c.id;
    value.textContent = c.value;
    card.append(h, value);
    if (c.note) {
      const note = document.createElement("div");
      note.textContent = c.note;
      card.append(note);
    }
    grid.append(card);
  }
  return grid;
}
