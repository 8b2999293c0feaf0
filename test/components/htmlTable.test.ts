import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {figureCards, htmlTable} from "../../src/components/htmlTable.ts";

const {document} = new JSDOM().window;
// Llama-3-70B's KV heads per GPU at tensor parallel 1, 8 and 16 (ceil(8 / TP)).
const rows = [{tp: 1, heads: 8}, {tp: 8, heads: 1}, {tp: 16, heads: 1}];

describe("htmlTable", () => {
  it("writes one header cell per column and one body row per item, in order", () => {
    const table = htmlTable(rows, {id: "tp", document, columns: [
      {header: "TP", cell: (r) => String(r.tp)},
      {header: "KV heads per GPU", cell: (r) => String(r.heads)}
    ]});
    expect(table.id).toBe("tp");
    expect([...table.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["TP", "KV heads per GPU"]);
    expect([...table.querySelectorAll("tbody tr")].map((tr) => tr.textContent)).toEqual(["18", "81", "161"]);
  });

  it("marks the highlighted rows with the class actual, and accepts nodes as cells", () => {
    const table = htmlTable(rows, {document, highlight: (r) => r.tp === 8, columns: [
      {header: "TP", cell: (r) => Object.assign(document.createElement("b"), {textContent: String(r.tp)})}
    ]});
    expect([...table.querySelectorAll("tr.actual")].map((tr) => tr.textContent)).toEqual(["8"]);
    expect(table.querySelectorAll("tbody b")).toHaveLength(3);
  });

  it("sorts by a column with a sort value when its header is clicked, ascending then descending, ties in the given order", () => {
    const gpus = [{name: "L40S", gb: 48}, {name: "H100", gb: 80}, {name: "A100", gb: 80}, {name: "T4", gb: 16}];
    const table = htmlTable(gpus, {document, columns: [
      {header: "GPU", cell: (r) => r.name},
      {header: "memory", cell: (r) => `${r.gb} GB`, sort: (r) => r.gb}
    ]});
    const names = () => [...table.querySelectorAll("tbody tr")].map((tr) => tr.firstChild!.textContent);
    const [plain, button] = [...table.querySelectorAll("th")];
    expect(plain!.querySelector("button")).toBeNull();
    expect(names()).toEqual(["L40S", "H100", "A100", "T4"]);
    button!.querySelector("button")!.click();
    expect(names()).toEqual(["T4", "L40S", "H100", "A100"]);
    expect(button!.getAttribute("aria-sort")).toBe("ascending");
    button!.querySelector("button")!.click();
    expect(names()).toEqual(["H100", "A100", "L40S", "T4"]);
    expect(button!.getAttribute("aria-sort")).toBe("descending");
  });

  it("opens a table rebuilt under the same id (after a slider move) in the order its reader chose", () => {
    const build = (heads: number[]) => htmlTable(heads.map((h, i) => ({tp: i + 1, heads: h})), {id: "kept-order", document, columns: [
      {header: "TP", cell: (r) => String(r.tp)},
      {header: "KV heads per GPU", cell: (r) => String(r.heads), sort: (r) => r.heads}
    ]});
    build([8, 4, 2]).querySelector("button")!.click();
    const rebuilt = build([16, 8, 4]);
    expect([...rebuilt.querySelectorAll("tbody tr")].map((tr) => tr.lastChild!.textContent)).toEqual(["4", "8", "16"]);
  });
});

describe("figureCards", () => {
  it("builds a grid of cards with the value's id, the title and an optional note", () => {
    const grid = figureCards([{title: "bytes per token", value: "327,680", note: "320 KiB", id: "kv"}, {title: ["L", " · layers"], value: "80"}], {columns: 3, id: "factors", document});
    expect(grid.className).toBe("grid grid-cols-3");
    expect(grid.id).toBe("factors");
    expect(grid.querySelector("#kv")?.textContent).toBe("327,680");
    expect([...grid.querySelectorAll(".card")].map((c) => c.textContent)).toEqual(["bytes per token327,680320 KiB", "L · layers80"]);
  });
});
