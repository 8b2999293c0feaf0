/**
 * Small DOM builders for pages that must not use Framework's implicit `html` tag (it loads from
 * a CDN): a plain table from rows and column definitions, with one row highlighted, and a
 * grid of figure cards.
 */

import {sortRows} from "./planTable.js";
import {styleOnce} from "./styleOnce.js";

export interface HtmlTableColumn<T> {
  header: string;
  /** The cell's content: text or a node. */
  cell: (row: T) => string | Node;
  /** The value the column sorts by (numbers as numbers); a column with one gets a sort button in its header. */
  sort?: (row: T) => number | string | null;
}

export interface HtmlTableOptions<T> {
  columns: readonly HtmlTableColumn<T>[];
  /** Rows to mark with the class "actual" (the reader's current choice). */
  highlight?: (row: T) => boolean;
  id?: string;
  document?: Document;
}

/**
 * The order a reader chose by clicking a header, per table id: a table rebuilt after a slider move
 * (these tables are rebuilt, not refilled) opens in the same order.
 */
const chosenOrder = new Map<string, {column: number; descending: boolean}>();

const SORT_CSS = `table th button.html-table-sort { font: inherit; font-weight: inherit; background: none; border: none; padding: 0;
  color: inherit; cursor: pointer; text-align: inherit; }
table th button.html-table-sort[data-arrow]:not([data-arrow=""])::after { content: " " attr(data-arrow); }`;

/**
 * A `<table>` with a header row and one body row per item. Columns with a `sort` value get a
 * header button: a click sorts by it (ascending, again for descending; ties keep the given order),
 * as Inputs.table's headers do, and the order is kept for the table's id.
 * @example htmlTable([{a: 1}], {columns: [{header: "a", cell: (r) => String(r.a), sort: (r) => r.a}]})
 */
export function htmlTable<T>(rows: readonly T[], {columns, highlight, id, document = globalThis.document}: HtmlTableOptions<T>): HTMLTableElement {
  const table = document.createElement("table");
  if (id) table.id = id;
  const head = table.createTHead().insertRow();
  const body = table.createTBody();
  // Each body row keeps its item, so a sort moves rows rather than rebuilding their cells.
  const items = new Map<HTMLTableRowElement, {row: T}>();
  let order: {column: number; descending: boolean} | undefined = id ? chosenOrder.get(id) : undefined;
  const buttons: (HTMLButtonElement | null)[] = [];
  const arrange = () => {
    buttons.forEach((button, j) => {
      if (!button) return;
      const on = order?.column === j;
      button.parentElement!.setAttribute("aria-sort", on ? (order!.descending ? "descending" : "ascending") : "none");
      button.dataset.arrow = on ? (order!.descending ? "▾" : "▴") : "";
    });
    const sort = order ? columns[order.column]?.sort : undefined;
    if (!sort) return;
    // From the given order (Map insertion order), so ties keep it whatever was clicked before.
    const trs = [...items.keys()];
    body.append(...sortRows(trs, {key: "", header: "", value: (tr) => sort(items.get(tr)!.row)}, order!.descending));
  };
  columns.forEach((c, j) => {
    const th = document.createElement("th");
    if (c.sort) {
      styleOnce(document, "html-table-sort", SORT_CSS);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "html-table-sort";
      button.textContent = c.header;
      button.addEventListener("click", () => {
        order = {column: j, descending: order?.column === j ? !order.descending : false};
        if (id) chosenOrder.set(id, order);
        arrange();
      });
      buttons.push(button);
      th.append(button);
    } else {
      buttons.push(null);
      th.textContent = c.header;
    }
    head.append(th);
  });
  rows.forEach((row) => {
    const tr = body.insertRow();
    items.set(tr, {row});
    if (highlight?.(row)) tr.className = "actual";
    for (const c of columns) tr.insertCell().append(c.cell(row));
  });
  if (buttons.some(Boolean)) arrange();
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
