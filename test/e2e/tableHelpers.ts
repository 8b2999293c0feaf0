/**
 * Helpers for page tests of @observablehq/inputs tables (owned by the GPUs/Models pages' tests):
 * read a column by its header text, sort by clicking a header, type into a search box.
 */
import type {Locator, Page} from "playwright-core";

/** The index of the first header cell whose text starts with `header`, inside `table`. */
async function columnIndex(table: Locator, header: string): Promise<number> {
  const headers = (await table.locator("thead th").allTextContents()).map((t) => t.replace(/^[\s▴▾]+/, "").trim());
  const index = headers.findIndex((h) => h.startsWith(header));
  if (index < 0) throw new Error(`no column "${header}" in ${JSON.stringify(headers)}`);
  return index;
}

/** The text of every rendered cell of a column. */
export async function columnTexts(table: Locator, header: string): Promise<string[]> {
  const i = await columnIndex(table, header);
  return (await table.locator(`tbody tr td:nth-child(${i + 1})`).allTextContents()).map((t) => t.trim());
}

/** A column's cells read as numbers ("1,234.5" → 1234.5; "—" → NaN). */
export async function columnNumbers(table: Locator, header: string): Promise<number[]> {
  return (await columnTexts(table, header)).map((t) => Number(t.replace(/,/g, "").replace("−", "-")));
}

/** Clicks a column header (Inputs.table sorts by it; a second click reverses). */
export async function sortBy(table: Locator, header: string): Promise<void> {
  const i = await columnIndex(table, header);
  await table.locator("thead th").nth(i).click();
}

/** Types into the Inputs.search box labelled `label`. */
export async function search(page: Page, label: string, text: string): Promise<void> {
  const box = page.locator("form").filter({has: page.locator("label", {hasText: label})}).locator("input[type=search]").first();
  await box.fill(text);
  await box.dispatchEvent("input");
}

/** Clicks the link of a "Download scenario" box and returns the file's name and parsed JSON. */
export async function downloadJson(page: Page, selector: string): Promise<{name: string; json: Record<string, unknown>}> {
  const {readFileSync} = await import("node:fs");
  const link = page.locator(`${selector} a[download]`);
  await link.scrollIntoViewIfNeeded();
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return {name: file.suggestedFilename(), json: JSON.parse(readFileSync(await file.path(), "utf8")) as Record<string, unknown>};
}

/** Opens the current page again at a query string, as a fresh link, and waits for its cells. */
export async function gotoSearch(page: Page, search: string): Promise<void> {
  const url = new URL(page.url());
  url.search = search;
  await page.goto(url.href);
  await page.waitForFunction(() => document.readyState === "complete" && !document.querySelector("observablehq-loading"), undefined, {polling: 100});
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
