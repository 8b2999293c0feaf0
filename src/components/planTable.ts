/**
 * The planner's ranked table: one row per plan, sortable by any column (click a header; a
 * second click reverses), the plans meeting the reader's targets highlighted, the Pareto
 * plans marked ◆. Units are in the headers; cells hold numbers formatted for people and the
 * sort uses the raw values (SI or display units, whichever the column holds).
 *
 * `servingColumns` and `trainingColumns` define the two tables from the engine's rows
 * (`lib/planner.ts` ServingPlanRow / TrainingPlanRow).
 */
import type {ServingPlanRow, TrainingPlanRow} from "../lib/planner.js";
import {bytesIn, formatInteger, formatNumber, formatUsd, MISSING, type ByteUnit} from "./units.js";

export interface PlanColumn<T> {
  /** Stable key (data-key of the header cell). */
  key: string;
  /** Header text, units included: "TPOT (ms)". */
  header: string;
  /** The value sorted on: a number (null and non-finite sort last) or a string. */
  value: (row: T) => number | string | null;
  /** The cell's text; default the value, numbers through formatNumber. */
  format?: (row: T) => string;
  /** A longer explanation, shown as the header's tooltip. */
  title?: string;
}

export interface PlanTableOptions<T> {
  columns: readonly PlanColumn<T>[];
  /** The column sorted on first and its direction. Default: the given order. */
  sort?: {key: string; descending?: boolean};
  /** Most rows shown (after sorting); default 50. */
  limit?: number;
  /** Rows to highlight (class "meets"). */
  highlight?: (row: T) => boolean;
  /** How many plans there are in all, when `rows` are only the first of them (default rows.length). */
  total?: number;
  id?: string;
  /** Called after every sort, with the column key and direction. */
  onSort?: (sort: {key: string; descending: boolean}) => void;
  document?: Document;
}

/** Compares two sort values: numbers ascending, non-finite and null last; strings by locale-free order. */
export function compareValues(a: number | string | null, b: number | string | null): number {
  const missing = (v: number | string | null) => v === null || (typeof v === "number" && !Number.isFinite(v));
  if (missing(a) || missing(b)) return Number(missing(a)) - Number(missing(b));
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Sorts rows by a column (stable: ties keep the given order; missing values last either way).
 * @example sortRows(rows, columns[0], false)
 */
export function sortRows<T>(rows: readonly T[], column: PlanColumn<T>, descending: boolean): T[] {
  const indexed = rows.map((row, i) => ({row, i, v: column.value(row)}));
  const missing = (v: number | string | null) => v === null || (typeof v === "number" && !Number.isFinite(v));
  indexed.sort((a, b) => {
    if (missing(a.v) || missing(b.v)) return Number(missing(a.v)) - Number(missing(b.v)) || a.i - b.i;
    const c = compareValues(a.v, b.v);
    return (descending ? -c : c) || a.i - b.i;
  });
  return indexed.map((x) => x.row);
}

const defaultFormat = (v: number | string | null) => (v === null ? MISSING : typeof v === "number" ? formatNumber(v) : v);

/**
 * A `<div class="plan-table">` holding a caption line ("showing 50 of 719 plans") and the table.
 * @example planTable(plan.rows, {columns: servingColumns({unit: "GB"}), highlight: (r) => r.meetsTargets})
 */
export function planTable<T>(rows: readonly T[], options: PlanTableOptions<T>): HTMLDivElement {
  const live = livePlanTable<T>({id: options.id, document: options.document});
  live.update(rows, options);
  return live.node;
}

/** A plan table placed once and refilled in place (see livePlanTable). */
export interface LivePlanTable<T> {
  /** The `<div class="plan-table">` to place in the page, once. */
  readonly node: HTMLDivElement;
  /** Shows these rows as `planTable(rows, options)` would (sorted by `options.sort` again), reusing the cells already there. */
  update(rows: readonly T[], options: PlanTableOptions<T>): void;
}

/**
 * The plan table for a page whose rows change on every input move (issue 11, "One frame"): one
 * element for the page's life, its header kept while the columns stay the same and its rows and
 * cells rewritten in place, only the texts that changed. A table built anew each move is laid out
 * from scratch (tens of milliseconds for 25 rows of 16 columns); changed texts are not.
 *
 * @example const table = livePlanTable({id: "plan-table"}); table.update(plan.rows, {columns: servingColumns({unit})})
 */
export function livePlanTable<T>({id, document = globalThis.document}: {id?: string; document?: Document} = {}): LivePlanTable<T> {
  const root = document.createElement("div");
  root.className = "plan-table";
  if (id) root.id = id;
  const note = document.createElement("div");
  note.className = "plan-table-note";
  const scroller = document.createElement("div");
  scroller.className = "plan-table-scroll";
  const table = document.createElement("table");
  scroller.append(table);
  root.append(note, scroller);
  const headRow = table.createTHead().insertRow();
  const body = table.createTBody();

  let rows: readonly T[] = [];
  let options: PlanTableOptions<T> = {columns: []};
  let state: {key: string; descending: boolean} | null = null;
  let headerKey = "";
  const buttons = new Map<string, HTMLButtonElement>();

  function header() {
    const {columns} = options;
    const key = JSON.stringify(columns.map((c) => [c.key, c.header, c.title ?? ""]));
    if (key === headerKey) return;
    headerKey = key;
    headRow.replaceChildren();
    buttons.clear();
    for (const c of columns) {
      const th = document.createElement("th");
      th.dataset.key = c.key;
      if (c.title) th.title = c.title;
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = c.header;
      button.addEventListener("click", () => {
        state = {key: c.key, descending: state?.key === c.key ? !state.descending : false};
        render();
        options.onSort?.(state);
      });
      buttons.set(c.key, button);
      th.append(button);
      headRow.append(th);
    }
  }

  function render() {
    const {columns, limit = 50, highlight} = options;
    const column = state ? columns.find((c) => c.key === state!.key) : undefined;
    const sorted = column ? sortRows(rows, column, state!.descending) : [...rows];
    for (const c of columns) {
      const th = buttons.get(c.key)!.parentElement!;
      const on = state?.key === c.key;
      th.setAttribute("aria-sort", on ? (state!.descending ? "descending" : "ascending") : "none");
      buttons.get(c.key)!.dataset.arrow = on ? (state!.descending ? "▾" : "▴") : "";
    }
    const shown = sorted.slice(0, limit);
    shown.forEach((row, i) => {
      const tr = body.rows[i] ?? body.insertRow();
      if (highlight?.(row)) tr.className = "meets";
      else tr.removeAttribute("class");
      columns.forEach((c, j) => {
        const td = tr.cells[j] ?? tr.insertCell();
        const text = c.format ? c.format(row) : defaultFormat(c.value(row));
        if (td.textContent !== text) td.textContent = text;
      });
      while (tr.cells.length > columns.length) tr.deleteCell(-1);
    });
    while (body.rows.length > shown.length) body.deleteRow(-1);
    note.textContent = rows.length === 0 ? "No plan fits."
      : `Showing ${formatInteger(Math.min(limit, rows.length))} of ${formatInteger(options.total ?? rows.length)} plans${column ? `, sorted by ${column.header}${state!.descending ? " (descending)" : ""}` : ""}.`;
  }

  return {
    node: root,
    update(nextRows, nextOptions) {
      rows = nextRows;
      options = nextOptions;
      const {sort, columns} = options;
      state = sort && columns.some((c) => c.key === sort.key) ? {key: sort.key, descending: sort.descending ?? false} : null;
      header();
      render();
    }
  };
}

const ms = (s: number) => s * 1e3;
const usdOrMissing = (x: number | null) => (x === null ? MISSING : formatUsd(x));

/** "H100 SXM ×2" style count: replicas × GPUs per replica. */
const gpuCountText = (r: {replicas: number; gpuCount: number}) => (r.replicas > 1 ? `${r.replicas} × ${r.gpuCount}` : String(r.gpuCount));

/**
 * The serving table's columns (memory in the page's GB/GiB).
 * @example planTable(plan.rows, {columns: servingColumns({unit: "GiB"})})
 */
export function servingColumns({unit}: {unit: ByteUnit}): PlanColumn<ServingPlanRow>[] {
  return [
    {key: "rank", header: "#", value: (r) => r.rank, format: (r) => (r.rank === null ? MISSING : String(r.rank)),
      title: "Rank by dollars per million output tokens among plans that meet the targets"},
    {key: "pareto", header: "Pareto", value: (r) => (r.pareto ? 0 : 1), format: (r) => (r.pareto ? "◆" : ""),
      title: "On the cost–latency Pareto front: no other plan is both cheaper and faster per output token"},
    {key: "gpu", header: "GPU", value: (r) => r.gpuName},
    {key: "gpus", header: "GPUs (replicas × per replica)", value: (r) => r.totalGpus, format: gpuCountText},
    {key: "weights", header: "Weights", value: (r) => r.weights},
    {key: "split", header: "TP × PP", value: (r) => r.tensorParallel * 100 + r.pipelineParallel,
      format: (r) => `${r.tensorParallel} × ${r.pipelineParallel}`, title: "Tensor-parallel × pipeline-parallel GPUs per replica"},
    {key: "batch", header: "Batch (sequences per replica)", value: (r) => r.batchSize, format: (r) => formatInteger(r.batchSize)},
    {key: "usdOut", header: "$ per M output tokens", value: (r) => r.usdPerMillionOutputTokens, format: (r) => usdOrMissing(r.usdPerMillionOutputTokens)},
    {key: "usdIn", header: "$ per M input tokens", value: (r) => r.usdPerMillionInputTokens, format: (r) => usdOrMissing(r.usdPerMillionInputTokens)},
    {key: "throughput", header: "Throughput (output tokens/s)", value: (r) => r.throughputTokensPerSecond,
      format: (r) => formatInteger(r.throughputTokensPerSecond), title: "Output tokens per second of the whole fleet, prefill included"},
    {key: "tpot", header: "TPOT (ms)", value: (r) => ms(r.timePerOutputTokenSeconds), title: "Time per output token: one decode step"},
    {key: "ttft", header: "TTFT (s)", value: (r) => r.timeToFirstTokenSeconds, title: "Time to first token: the prefill of one batch"},
    {key: "memory", header: `Memory per GPU (${unit})`, value: (r) => bytesIn(r.memoryTotalBytes, unit),
      format: (r) => `${formatNumber(bytesIn(r.memoryTotalBytes, unit))} / ${formatNumber(bytesIn(r.capacityBytes, unit))}`,
      title: "Estimated use / capacity of one GPU"},
    {key: "usdPerHour", header: "$ per hour (all GPUs)", value: (r) => r.usdPerHour, format: (r) => formatUsd(r.usdPerHour)},
    {key: "price", header: "$ per GPU-hour", value: (r) => r.usdPerGpuHour, format: (r) => formatUsd(r.usdPerGpuHour)},
    {key: "basis", header: "Price basis (offers, dates)", value: (r) => r.priceBasis}
  ];
}

/**
 * The training table's columns (memory in the page's GB/GiB).
 * @example planTable(plan.rows, {columns: trainingColumns({unit: "GB"})})
 */
export function trainingColumns({unit}: {unit: ByteUnit}): PlanColumn<TrainingPlanRow>[] {
  return [
    {key: "rank", header: "# by $", value: (r) => r.rankByCost, format: (r) => String(r.rankByCost)},
    {key: "rankTime", header: "# by time", value: (r) => r.rankByTime, format: (r) => String(r.rankByTime)},
    {key: "pareto", header: "Pareto", value: (r) => (r.pareto ? 0 : 1), format: (r) => (r.pareto ? "◆" : ""),
      title: "On the cost–time Pareto front: no other plan is both cheaper and faster"},
    {key: "gpu", header: "GPU", value: (r) => r.gpuName},
    {key: "gpus", header: "GPUs", value: (r) => r.gpuCount, format: (r) => formatInteger(r.gpuCount)},
    {key: "layout", header: "TP × PP × DP", value: (r) => r.tensorParallel * 1e4 + r.pipelineParallel * 100 + r.dataParallel,
      format: (r) => `${r.tensorParallel} × ${r.pipelineParallel} × ${r.dataParallel}`},
    {key: "zero", header: "ZeRO", value: (r) => r.zeroStage, format: (r) => String(r.zeroStage)},
    {key: "ckpt", header: "Checkpointing", value: (r) => r.activationCheckpointing},
    {key: "usd", header: "Total ($)", value: (r) => r.totalUsd, format: (r) => formatUsd(r.totalUsd)},
    {key: "days", header: "Wall-clock (days)", value: (r) => r.wallClockSeconds / 86400},
    {key: "gpuHours", header: "GPU-hours", value: (r) => r.gpuHours, format: (r) => formatInteger(r.gpuHours)},
    {key: "mfu", header: "Effective MFU (%)", value: (r) => r.effectiveMfu * 100,
      title: "The MFU after recomputation and the pipeline bubble"},
    {key: "memory", header: `Memory per GPU (${unit})`, value: (r) => bytesIn(r.memoryTotalBytes, unit),
      format: (r) => `${formatNumber(bytesIn(r.memoryTotalBytes, unit))} / ${formatNumber(bytesIn(r.capacityBytes, unit))}`,
      title: "Estimated use (fullest pipeline stage) / capacity of one GPU"},
    {key: "deadline", header: "Meets deadline", value: (r) => (r.meetsDeadline ? "yes" : "no")},
    {key: "price", header: "$ per GPU-hour", value: (r) => r.usdPerGpuHour, format: (r) => formatUsd(r.usdPerGpuHour)},
    {key: "basis", header: "Price basis (offers, dates)", value: (r) => r.priceBasis}
  ];
}
