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
