/**
 * Export and share in a real browser (system Chromium via playwright-core).
 *
 * No chapter used urlState/exportMenu yet when this was written, so the components are
 * bundled with esbuild into a tiny fixture page (served from a temp dir by the harness's
 * static server) that does what a chapter does: reads its state from the URL, computes with
 * the engine, shows a memory chart with the export menu and the scenario download, and writes
 * its state back. The print stylesheet is checked on the built site (any page: it is global).
 * Chapters that adopt the components are picked up from their sources and checked too: every
 * Download menu gives a valid SVG, and a urlState page survives a garbage link and reproduces
 * its figures from the link it writes.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import type {Server} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {build} from "esbuild";
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {estimate} from "../../lib/estimate.ts";
import {validateScenario} from "../../lib/validate.ts";
import {CHROMIUM_PATH, PAGES, PAGE_TIMEOUT_MS, ROOT, closeSite, serveDirectory, waitForCells, withPage} from "./site.ts";
import {gotoSearch} from "./pageHelpers.ts";

const FIXTURE_ENTRY = `
import {estimate} from "./lib/estimate.ts";
import {memoryBarChart} from "./src/components/memoryBarChart.ts";
import {exportMenu} from "./src/components/exportMenu.ts";
import {downloadScenario} from "./src/components/downloadScenario.ts";
import {urlState, stateNotes, modelOrConfig, catalogGpu, number, byteUnit} from "./src/components/urlState.ts";
import {formatBytes} from "./src/components/units.ts";
import * as Inputs from "@observablehq/inputs";

document.getElementById("inputs").append(
  Inputs.radio(["GB", "GiB"], {label: "Units", value: "GiB"}),
  Inputs.range([1, 100], {label: "Context", value: 42, step: 1}),
  Inputs.toggle({label: "Flash attention", value: true}),
  Inputs.toggle({label: "Checkpointing", value: false}),
  Inputs.select(["vllm", "llama.cpp"], {label: "Engine", value: "llama.cpp"})
);

const share = urlState({
  defaults: {model: "llama-3.1-8b", gpu: "h100-sxm", count: 1, batch: 1, unit: "GB"},
  schema: {model: modelOrConfig(), gpu: catalogGpu(), count: number({min: 1, max: 64, integer: true}),
    batch: number({min: 1, max: 4096, integer: true}), unit: byteUnit()}
});
const $ = (id) => document.getElementById(id);
const batchBox = $("batch");
batchBox.addEventListener("input", () => {
  share.write({batch: Number(batchBox.value)});
  render(share.current().values);
});
$("notes").replaceWith(stateNotes(share.notes));

function render(values) {
  const scenario = {model: values.model, hardware: {gpu: values.gpu, count: values.count},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: values.batch, promptTokens: 1024, outputTokens: 256}};
  const out = estimate(scenario);
  if (!out.ok) throw new Error(out.errors.join("; "));
  const m = out.result.memory;
  $("decode-tokens-per-second").textContent = String(out.result.inference.decodeTokensPerSecond);
  $("total-bytes").textContent = formatBytes(m.totalBytes, {unit: values.unit});
  const rows = [["weights", m.weightsBytes], ["KV cache", m.kvCacheBytes], ["activations", m.activationsBytes], ["overhead", m.overheadBytes]]
    .map(([component, bytes]) => ({label: "per GPU", component, bytes}));
  $("chart").replaceChildren(exportMenu(memoryBarChart(rows, {capacityBytes: m.capacityBytes, unit: values.unit}), {data: rows, filename: "memory " + values.gpu}));
  $("scenario").replaceChildren(downloadScenario({scenario, filename: "scenario"}));
}

(async () => {
  for await (const {values} of share.observe()) {
    batchBox.value = String(values.batch);
    render(values);
    document.body.dataset.ready = "true";
  }
})();
`;

const FIXTURE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="./print.css"><title>share fixture</title>
<style>
  body { font: 14px system-ui, sans-serif; color: #1b1e23; background: #ffffff; }
  @media (prefers-color-scheme: dark) { body { color: #dfdfd6; background: #161616; } }
</style></head>
<body><main id="observablehq-main">
  <div id="notes"></div>
  <label>Batch <input id="batch" type="number" min="1" max="4096"></label>
  <p>decode <span id="decode-tokens-per-second"></span> tokens/s per sequence; total <span id="total-bytes"></span></p>
  <div id="chart"></div>
  <div id="scenario"></div>
  <div id="inputs"></div>
  <details class="derivation"><summary>Show the derivation</summary><p id="derivation-body">KV bytes per token = 2 · L · K · H · b,
    after <a id="source-link" href="https://jax-ml.github.io/scaling-book/transformers/">the scaling book</a>.</p></details>
  </main>
  <script type="module" src="./fixture.js"></script>
</body></html>`;

let dir: string;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "llm-toll-share-"));
  await build({
    stdin: {contents: FIXTURE_ENTRY, resolveDir: ROOT, sourcefile: "fixture-entry.js", loader: "js"},
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(dir, "fixture.js"),
    logLevel: "silent"
  });
  writeFileSync(join(dir, "fixture.html"), FIXTURE_HTML);
  writeFileSync(join(dir, "print.css"), readFileSync(join(ROOT, "src", "print.css")));
  ({server, origin} = await serveDirectory(dir));
  browser = await chromium.launch({executablePath: CHROMIUM_PATH, timeout: 60_000, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]});
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (dir) rmSync(dir, {recursive: true, force: true});
  await closeSite();
}, 60_000);

/** Opens the fixture at a query string in a fresh context; fails on any page error. */
async function withFixture<T>(search: string, fn: (page: Page) => Promise<T>, {colorScheme = "light" as "light" | "dark"} = {}): Promise<T> {
  const context = await browser.newContext({colorScheme, acceptDownloads: true});
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${origin}/fixture.html${search}`);
    await page.waitForSelector("body[data-ready=true]");
    const result = await fn(page);
    expect(errors).toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

/** Clicks a download menu item and returns the file's name and bytes. */
async function download(page: Page, format: "svg" | "png" | "csv", {transparent = false} = {}): Promise<{name: string; bytes: Buffer}> {
  await page.locator(".export-menu summary").click();
  if (transparent) await page.locator(".export-menu input[name=transparent]").check();
  const [file] = await Promise.all([page.waitForEvent("download"), page.locator(`.export-menu button[data-format=${format}]`).click()]);
  const path = await file.path();
  return {name: file.suggestedFilename(), bytes: readFileSync(path)};
}

/** The decode speed the engine gives for the fixture's scenario (the page must show the same). */
function expectedDecode(values: {model: string; gpu: string; count: number; batch: number}): string {
  const out = estimate({
    model: values.model, hardware: {gpu: values.gpu, count: values.count},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: values.batch, promptTokens: 1024, outputTokens: 256}
  });
  if (!out.ok) throw new Error(out.errors.join("; "));
  return String(out.result.inference!.decodeTokensPerSecond);
}

describe("a link with state", () => {
  const search = "?model=qwen2.5-7b&gpu=a100-sxm-80gb&count=1&batch=8&unit=GiB";

  it("reproduces the engine's numbers for the linked scenario, identically on a fresh load", async () => {
    const first = await withFixture(search, (page) => page.locator("#decode-tokens-per-second").textContent());
    const again = await withFixture(search, (page) => page.locator("#decode-tokens-per-second").textContent());
    expect(first).toBe(expectedDecode({model: "qwen2.5-7b", gpu: "a100-sxm-80gb", count: 1, batch: 8}));
    expect(again).toBe(first);
  }, PAGE_TIMEOUT_MS);

  it("follows the reader's change into the URL, which a colleague opens to the same numbers, and Back restores the old ones", async () => {
    const {url, changed, restored} = await withFixture(search, async (page) => {
      const figure = page.locator("#decode-tokens-per-second");
      const before = await figure.textContent();
      await page.locator("#batch").fill("64");
      await expect.poll(() => new URL(page.url()).searchParams.get("batch")).toBe("64");
      const changed = await figure.textContent();
      expect(changed).not.toBe(before);
      const url = page.url();
      await page.goBack();
      await expect.poll(() => figure.textContent()).toBe(before);
      return {url, changed, restored: await page.locator("#batch").inputValue()};
    });
    expect(restored).toBe("8");
    const colleague = await withFixture(new URL(url).search, (page) => page.locator("#decode-tokens-per-second").textContent());
    expect(colleague).toBe(changed);
    expect(colleague).toBe(expectedDecode({model: "qwen2.5-7b", gpu: "a100-sxm-80gb", count: 1, batch: 64}));
  }, PAGE_TIMEOUT_MS);

  it("loads garbage in every parameter with the defaults and a visible note per parameter", async () => {
    const {decode, notes} = await withFixture("?model=cfg.zz%ff&gpu=<script>&count=-1e999&batch=NaN&unit=furlongs&x=%00", async (page) => ({
      decode: await page.locator("#decode-tokens-per-second").textContent(),
      notes: await page.locator(".state-notes li").allTextContents()
    }));
    expect(decode).toBe(expectedDecode({model: "llama-3.1-8b", gpu: "h100-sxm", count: 1, batch: 1}));
    expect(notes).toHaveLength(6);
    expect(notes[1]).toBe("gpu=<script> is not a catalog GPU; using h100-sxm");
  }, PAGE_TIMEOUT_MS);
});

describe("the download menu", () => {
  it("downloads a standalone SVG of the chart", async () => {
    const {name, bytes} = await withFixture("", (page) => download(page, "svg"));
    expect(name).toBe("memory-h100-sxm.svg");
    const text = bytes.toString("utf8");
    expect(bytes.length).toBeGreaterThan(3000);
    expect(text).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="\d+"[^>]* height="\d+"[^>]* viewBox="0 0 \d+ \d+"/);
  }, PAGE_TIMEOUT_MS);

  it("downloads a PNG drawn at twice the chart's size", async () => {
    const {name, bytes, chartWidth} = await withFixture("", async (page) => ({
      ...(await download(page, "png")),
      chartWidth: Number(await page.locator("#chart svg[aria-label='memory bar chart']").getAttribute("width"))
    }));
    expect(name).toBe("memory-h100-sxm.png");
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG signature
    expect(bytes.length).toBeGreaterThan(5000);
    expect(bytes.readUInt32BE(16)).toBe(2 * chartWidth); // IHDR width
  }, PAGE_TIMEOUT_MS);

  it("downloads the chart's data as CSV: a header and one line per bar piece, bytes unformatted", async () => {
    const {name, bytes} = await withFixture("", (page) => download(page, "csv"));
    expect(name).toBe("memory-h100-sxm.csv");
    const lines = bytes.toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("label,component,bytes");
    expect(lines).toHaveLength(5);
    const out = estimate({model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1},
      workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}});
    expect(out.ok && Number(lines[1]!.split(",")[2])).toBe(out.ok && out.result.memory.weightsBytes);
  }, PAGE_TIMEOUT_MS);

  it("exports dark ink on white from the dark theme, and the page's light ink when transparent", async () => {
    const [white, clear] = await withFixture("", async (page) => [(await download(page, "svg")).bytes.toString("utf8"), (await download(page, "svg", {transparent: true})).bytes.toString("utf8")], {colorScheme: "dark"});
    expect(/<svg[^>]* color="([^"]+)"/.exec(white)?.[1]).toBe("#1b1e23");
    expect(white).toContain('fill="#ffffff"');
    expect(/<svg[^>]* color="([^"]+)"/.exec(clear)?.[1]).toBe("#dfdfd6");
  }, PAGE_TIMEOUT_MS);

  it("downloads the scenario as a JSON file that validates", async () => {
    const {name, text} = await withFixture("?batch=16", async (page) => {
      const [file] = await Promise.all([page.waitForEvent("download"), page.locator(".download-scenario a").click()]);
      return {name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8")};
    });
    expect(name).toBe("scenario.json");
    const checked = validateScenario(JSON.parse(text));
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.scenario.workload.type === "inference" && checked.scenario.workload.batchSize).toBe(16);
  }, PAGE_TIMEOUT_MS);
});

describe("printing", () => {
  it("prints inputs as their chosen values, derivations open, link targets spelled out, no menus or tooltips", async () => {
    const printed = await withFixture("", async (page) => {
      await page.locator("#chart svg[aria-label='memory bar chart'] g[aria-label=bar] rect").first().hover(); // leaves a tip open
      await page.emulateMedia({media: "print"});
      return page.evaluate(() => {
        const shown = (el: Element | null) => !!el && getComputedStyle(el).display !== "none";
        const form = (label: string) => [...document.querySelectorAll("#inputs form")].find((f) => f.querySelector("label")?.textContent === label)!;
        return {
          units: [...form("Units").querySelectorAll("div > label")].filter(shown).map((l) => l.textContent),
          radioDots: [...form("Units").querySelectorAll("input")].filter(shown).length,
          slider: shown(form("Context").querySelector("input[type=range]")),
          contextBox: [shown(form("Context").querySelector("input[type=number]")), getComputedStyle(form("Context").querySelector("input[type=number]")!).borderTopStyle],
          toggles: [form("Flash attention"), form("Checkpointing")].map((f) => getComputedStyle(f.querySelector("input")!, "::after").content),
          engine: [shown(form("Engine").querySelector("select")), (form("Engine").querySelector("select") as HTMLSelectElement).selectedOptions[0]?.textContent],
          derivationHeight: document.getElementById("derivation-body")!.getBoundingClientRect().height,
          linkAfter: getComputedStyle(document.getElementById("source-link")!, "::after").content,
          menu: shown(document.querySelector(".export-menu")),
          scenarioLink: shown(document.querySelector(".download-scenario")),
          tips: [...document.querySelectorAll("svg [aria-label=tip]")].map((t) => shown(t))
        };
      });
    });
    expect(printed.units).toEqual(["GiB"]);
    expect(printed.radioDots).toBe(0);
    expect(printed.slider).toBe(false);
    expect(printed.contextBox).toEqual([true, "none"]);
    expect(printed.toggles).toEqual(['"yes"', '"no"']);
    expect(printed.engine).toEqual([true, "llama.cpp"]);
    expect(printed.derivationHeight).toBeGreaterThan(0);
    expect(printed.linkAfter).toBe('" (https://jax-ml.github.io/scaling-book/transformers/)"');
    expect([printed.menu, printed.scenarioLink]).toEqual([false, false]);
    expect(printed.tips.length).toBeGreaterThan(0);
    expect(printed.tips.every((t) => t === false)).toBe(true);
  }, PAGE_TIMEOUT_MS);

  it("prints the home page as a report: no sidebar, dark ink on white even from the dark theme, sliders hidden, derivations open", async () => {
    const printed = await withPage(
      "/index",
      async (page) => {
        await page.emulateMedia({media: "print"});
        return page.evaluate(() => ({
          sidebar: getComputedStyle(document.getElementById("observablehq-sidebar")!).display,
          color: getComputedStyle(document.body).color,
          background: getComputedStyle(document.body).backgroundColor,
          slider: [...document.querySelectorAll("input[type=range]")].map((el) => getComputedStyle(el).display),
          // A closed derivation's content still takes room on paper.
          derivationHeights: [...document.querySelectorAll("details.derivation:not([open])")].map((d) => {
            const inner = [...d.children].find((c) => c.localName !== "summary");
            return inner ? inner.getBoundingClientRect().height : 0;
          })
        }));
      },
      {colorScheme: "dark"}
    );
    expect(printed.sidebar).toBe("none");
    expect(printed.color).toBe("rgb(27, 30, 35)");
    expect(printed.background).toBe("rgb(255, 255, 255)");
    expect(printed.slider.every((d) => d === "none")).toBe(true);
    expect(printed.derivationHeights.length).toBeGreaterThan(0);
    expect(printed.derivationHeights.every((h) => h > 0)).toBe(true);
  }, PAGE_TIMEOUT_MS);
});

/** Chapters whose source uses a component (adoption is checked on the built site). */
const adopting = (name: string) =>
  PAGES.filter((page) => readFileSync(join(ROOT, "src", `${page.path.slice(1)}.md`), "utf8").includes(`${name}(`)).map((page) => [page.path] as const);


describe.each(adopting("exportMenu"))("the Download menus of %s", (path) => {
  it("each give a standalone SVG that parses, and the first a PNG", async () => {
    const files = await withPage(path, async (page) => {
      const menus = page.locator(".export-menu");
      const count = await menus.count();
      const out: {name: string; parses: boolean; png?: boolean}[] = [];
      for (let i = 0; i < count; i++) {
        const menu = menus.nth(i);
        await menu.scrollIntoViewIfNeeded();
        for (const format of i === 0 ? ["svg", "png"] : ["svg"]) {
          await menu.locator("summary").click();
          const [file] = await Promise.all([page.waitForEvent("download"), menu.locator(`button[data-format=${format}]`).click()]);
          const bytes = readFileSync(await file.path());
          if (format === "png") out[out.length - 1]!.png = bytes.subarray(1, 4).toString("latin1") === "PNG" && bytes.length > 2000;
          else {
            const text = bytes.toString("utf8");
            const parses = await page.evaluate((t) => {
              const doc = new DOMParser().parseFromString(t, "image/svg+xml");
              const root = doc.documentElement;
              return !doc.querySelector("parsererror") && root.localName === "svg" && !!root.getAttribute("viewBox") && Number(root.getAttribute("width")) > 0;
            }, text);
            out.push({name: file.suggestedFilename(), parses});
          }
        }
      }
      return out;
    });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file, file.name).toMatchObject({parses: true});
    expect(files[0]!.png).toBe(true);
  }, 5 * PAGE_TIMEOUT_MS);
});

describe.each(adopting("urlState"))("the link state of %s", (path) => {
  it("loads a garbage link with visible notes and no error", async () => {
    const notes = await withPage(path, async (page) => {
      await gotoSearch(page, "?model=%00nope&gpu=%3Cb%3E&batch=-1e999&unit=furlongs");
      return page.locator(".state-notes li").allTextContents();
    });
    expect(notes.length).toBeGreaterThan(0);
  }, PAGE_TIMEOUT_MS);

  it("reproduces its figures from the link it writes after a change", async () => {
    // Figures: elements with an id, their text without <style> or timings ([data-timing]); Inputs' own counter ids and the
    // controls of a form (scenarioInputs gives its selects per-instance ids) are not figures.
    const figures = (page: Page) =>
      page.locator("#observablehq-main [id]:not(h1,h2,h3,h4,section)").evaluateAll((els) =>
        els
          .filter((e) => !/^inputs-3a86ea-/.test(e.id) && !e.closest("[data-timing]") && !e.closest("form"))
          .map((e) => {
            const copy = e.cloneNode(true) as Element;
            copy.querySelectorAll("style, [data-timing]").forEach((x) => x.remove());
            return `${e.id}: ${copy.textContent ?? ""}`;
          })
          .filter((t) => /\d/.test(t.slice(t.indexOf(":"))))
      );
    const {url, seen} = await withPage(path, async (page) => {
      const numberBoxes = page.locator("#observablehq-main form input[type=number]:visible");
      const before = page.url();
      if (await numberBoxes.count()) {
        const box = numberBoxes.first();
        await box.fill(String(Number(await box.inputValue()) + 1));
        await box.press("Enter");
      } else {
        // A page without a number (a catalog table): type into its filter instead.
        const box = page.locator("#observablehq-main form input[type=search]").first();
        await box.fill("a");
        await box.dispatchEvent("input");
      }
      await expect.poll(() => page.url()).not.toBe(before);
      await page.waitForTimeout(500);
      return {url: new URL(page.url()), seen: await figures(page)};
    });
    expect(seen.length).toBeGreaterThan(0);
    const again = await withPage(path, async (page) => {
      await gotoSearch(page, url.search);
      return figures(page);
    });
    expect(again).toEqual(seen);
  }, 2 * PAGE_TIMEOUT_MS);
});
