/**
 * More URL parameter kinds for `urlState` (see urlState.ts), for the catalog pages and the
 * Planner: free text (a table filter), a subset of a fixed list (GPUs or formats ticked), and
 * a table's sort (column and direction) read from an @observablehq/inputs table.
 *
 * ```js
 * const share = urlState({defaults: {filter: "", sort: "none", order: "asc", gpus: ids},
 *   schema: {filter: text({max: 100}), sort: enumOf(["none", ...columns]), order: enumOf(["asc", "desc"]), gpus: subsetOf(ids, {what: "a catalog GPU"})}});
 * ```
 */
import type {ParamSpec} from "./urlState.js";
import {shown} from "./urlState.js";

/**
 * Free text up to `max` characters (longer text is cut, with a note); control characters are
 * dropped. Any text is a valid filter, so nothing is rejected.
 * @example text({max: 100}).parse("h100", "filter") // {ok: true, value: "h100"}
 */
export function text({max = 100}: {max?: number} = {}): ParamSpec<string> {
  return {
    parse(raw, key) {
      const clean = raw.replace(/[\u0000-\u001f\u007f]/g, "");
      if (clean.length > max) return {ok: true, value: clean.slice(0, max), note: `${key}=${shown(raw)} is longer than ${max} characters; cut to ${max}`};
      if (clean !== raw) return {ok: true, value: clean, note: `${key}=${shown(raw)} holds control characters; dropped`};
      return {ok: true, value: clean};
    },
    format: (value) => value
  };
}

/**
 * A subset of a fixed list, written "all", "none" or comma-separated in the list's order.
 * Unknown items are dropped with a note; a value with no known item is rejected (the default
 * is used). Matching is case-insensitive.
 * @example subsetOf(["a", "b", "c"]).parse("c,A,zz", "gpus") // {ok: true, value: ["a", "c"], note: "gpus: zz is not …; dropped"}
 */
export function subsetOf<V extends string>(values: readonly V[], {what = "an allowed value"}: {what?: string} = {}): ParamSpec<V[]> {
  return {
    parse(raw, key) {
      const text = raw.trim().toLowerCase();
      if (text === "all") return {ok: true, value: [...values]};
      if (text === "none") return {ok: true, value: []};
      const items = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
      const kept = values.filter((v) => items.includes(v.toLowerCase()));
      const unknown = items.filter((s) => !values.some((v) => v.toLowerCase() === s));
      if (!kept.length) return {ok: false, reason: `names no ${what.replace(/^an? /, "")}`};
      if (unknown.length) {
        const list = unknown.slice(0, 3).map((s) => shown(s, 24)).join(", ") + (unknown.length > 3 ? ` and ${unknown.length - 3} more` : "");
        return {ok: true, value: kept, note: `${key}: ${list} ${unknown.length === 1 ? `is not ${what}` : `are not ${what.replace(/^an? /, "")}s`}; dropped`};
      }
      return {ok: true, value: kept};
    },
    format(value) {
      if (value.length === values.length && values.every((v) => value.includes(v))) return "all";
      if (value.length === 0) return "none";
      return values.filter((v) => value.includes(v)).join(",");
    }
  };
}

/** A table's sort: a column key, or null for the data's own order. */
export interface TableSort {
  column: string | null;
  reverse: boolean;
}

/**
 * The sort an @observablehq/inputs table shows now: the header carrying ▴ (ascending) or ▾
 * (descending); its `title` is the column key.
 */
export function tableSort(table: Element): TableSort {
  for (const th of table.querySelectorAll("thead th")) {
    const mark = th.querySelector("span")?.textContent ?? "";
    if (mark === "▴" || mark === "▾") return {column: th.getAttribute("title"), reverse: mark === "▾"};
  }
  return {column: null, reverse: false};
}

/**
 * Calls `onSort` with the table's sort after each header click (Inputs.table re-sorts in its
 * own click handler and emits no event for it). Returns the table.
 */
export function onTableSort<T extends Element>(table: T, onSort: (sort: TableSort) => void): T {
  let last = JSON.stringify(tableSort(table));
  table.addEventListener("click", (event) => {
    const target = event.target as Element | null;
    if (!target?.closest?.("thead th")) return;
    const now = tableSort(table);
    if (JSON.stringify(now) === last) return;
    last = JSON.stringify(now);
    onSort(now);
  });
  return table;
}
