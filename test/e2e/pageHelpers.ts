/**
 * Small helpers the page tests share: read a figure, open the same page with another query
 * string, ask the engine what a page must show, and take a file from a chart's Download menu.
 */
import {readFileSync} from "node:fs";
import type {Page} from "playwright-core";
import {estimate} from "../../lib/estimate.ts";
import {waitForCells} from "./site.ts";

/** The text of the element with this id. */
export const text = (page: Page, id: string) => page.locator(`#${id}`).textContent();

/** Opens the current page again with `search` as its query string and waits for its cells. */
export async function gotoSearch(page: Page, search: string): Promise<void> {
  const url = new URL(page.url());
  url.search = search;
  await page.goto(url.href);
  await waitForCells(page);
}

/** The engine's result for a scenario (what the page must show). */
export function engineResult(scenario: unknown) {
  const out = estimate(scenario);
  if (!out.ok) throw new Error(out.errors.join("; "));
  return out.result;
}

/** Clicks one item of the Download menu inside `container` and returns the file. */
export async function downloadFrom(page: Page, container: string, format: "svg" | "png" | "csv"): Promise<{name: string; bytes: Buffer}> {
  const menu = page.locator(`${container} .export-menu`);
  await menu.scrollIntoViewIfNeeded();
  await menu.locator("summary").click();
  const [file] = await Promise.all([page.waitForEvent("download"), menu.locator(`button[data-format=${format}]`).click()]);
  return {name: file.suggestedFilename(), bytes: readFileSync((await file.path())!)};
}
