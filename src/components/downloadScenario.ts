/**
 * "Download scenario": the page's current inputs as a scenario JSON file (the contract in
 * docs/scenario.md), the very object the command line reads as is:
 *
 *     npm run --silent estimate -- llama-3.1-8b-h100.json
 *
 * so a reader can rerun, script or file exactly what the page shows.
 *
 * How a page uses it: build the scenario from the inputs (the same object the page passes
 * to `estimate`) and display the link next to the results:
 *
 * ```js
 * import {downloadScenario} from "./components/downloadScenario.js";
 * const scenario = {model, hardware: {gpu, count}, workload: {type: "inference", engine, weights, kvCache,
 *   batchSize, promptTokens, outputTokens}, pricing: {usdPerGpuHour}};
 * display(downloadScenario({scenario, filename: `${model}-${gpu}`}));
 * ```
 *
 * The file is the scenario after a JSON round trip (what the file will hold), checked with
 * `validateScenario`: an invalid scenario (a page bug) gives no link but the list of
 * problems, so nobody downloads a file the command would refuse. A link is an
 * `<a download href="data:…">`: it works without scripts and survives printing as text.
 */
import {validateScenario} from "../lib/validate.js";
import {safeFilename} from "./exportMenu.js";
import {itemList} from "./noticeList.js";

export interface DownloadScenarioOptions {
  /** The scenario object (catalog ids or inline config/spec, as the `estimate` command reads it). */
  scenario: unknown;
  /** The base file name, without extension; made file-safe. Default "scenario". */
  filename?: string;
  /** The link text. Default "Download scenario (JSON)". */
  label?: string;
  /** The document to create nodes in; defaults to the page's. Pass a JSDOM document in tests. */
  document?: Document;
}

/** The scenario as the file holds it: pretty-printed JSON with a final newline. */
export function scenarioJson(scenario: unknown): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/**
 * A link that downloads the scenario as `<filename>.json`, with a hint naming the command that
 * reads it; or, if the scenario is invalid, the validation errors instead of the link.
 * @example downloadScenario({scenario: {model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1}, workload: {...}}, filename: "llama-h100"})
 */
export function downloadScenario({scenario, filename = "scenario", label = "Download scenario (JSON)", document = globalThis.document}: DownloadScenarioOptions): HTMLElement {
  const box = document.createElement("div");
  box.className = "download-scenario";
  let text: string;
  let parsed: unknown;
  try {
    text = scenarioJson(scenario);
    parsed = JSON.parse(text);
  } catch {
    text = ""; // a cycle or a BigInt: JSON.stringify throws
    parsed = undefined;
  }
  const checked = parsed === undefined ? {ok: false as const, errors: ["the scenario cannot be written as JSON"]} : validateScenario(parsed);
  return fileLinkOrErrors(box, {
    json: text, errors: checked.ok ? null : checked.errors, filename, label, document,
    refusal: "No scenario file: these inputs are not a valid scenario:",
    title: "the scenario the estimate command reads", command: "npm run --silent estimate --"
  });
}

/**
 * Fills `box` with a data-URL link to `<filename>.json` and a hint naming the command that reads
 * it, or, when `errors` is given, with `refusal` and the list of errors instead of a link. Shared
 * by the scenario and plan downloads.
 */
export function fileLinkOrErrors(box: HTMLElement, {json, errors, filename, label, refusal, title, command, document}: {
  json: string; errors: readonly string[] | null; filename: string; label: string; refusal: string; title: string;
  command: string; document: Document;
}): HTMLElement {
  if (errors) {
    box.classList.add("download-scenario-invalid");
    const lead = document.createElement("span");
    lead.textContent = refusal;
    box.append(lead, itemList(errors, document));
    return box;
  }
  const name = `${safeFilename(filename)}.json`;
  const link = document.createElement("a");
  link.className = "download-scenario-link";
  link.download = name;
  link.href = `data:application/json;charset=utf-8,${encodeURIComponent(json)}`;
  link.textContent = label;
  link.title = `${name}: ${title}`;
  const hint = document.createElement("small");
  hint.className = "download-scenario-hint";
  const code = document.createElement("code");
  code.textContent = `${command} ${name}`;
  hint.append(document.createTextNode(" then "), code);
  box.append(link, hint);
  return box;
}
