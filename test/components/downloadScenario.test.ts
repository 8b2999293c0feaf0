import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {estimate} from "../../lib/estimate.ts";
import {validateScenario} from "../../lib/validate.ts";
import {downloadScenario} from "../../src/components/downloadScenario.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const {document} = new JSDOM().window;

/** The file a link downloads: its name and its text, decoded from the data: URL. */
function fileOf(box: HTMLElement): {name: string; text: string} {
  const link = box.querySelector("a[download]") as HTMLAnchorElement;
  const prefix = "data:application/json;charset=utf-8,";
  expect(link.href.startsWith(prefix)).toBe(true);
  return {name: link.download, text: decodeURIComponent(link.href.slice(prefix.length))};
}

const inference = {
  model: "llama-3.1-8b",
  hardware: {gpu: "h100-sxm", count: 1},
  workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 8, promptTokens: 1024, outputTokens: 256},
  pricing: {usdPerGpuHour: 2.5}
};

describe("downloadScenario", () => {
  it("offers the page's scenario as a JSON file that validates as a scenario without warnings", () => {
    const {name, text} = fileOf(downloadScenario({scenario: inference, filename: "Llama 3.1 8B on H100", document}));
    expect(name).toBe("llama-3.1-8b-on-h100.json");
    const checked = validateScenario(JSON.parse(text));
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.warnings).toEqual([]);
    expect(JSON.parse(text)).toEqual(inference);
  });

  it("keeps an inline config.json and an inline GPU spec, the way the example file holds them", () => {
    const example = JSON.parse(readFileSync(join(ROOT, "examples", "qwen3-8b-config-json-on-inline-l40s.json"), "utf8"));
    delete example.$comment;
    const {text} = fileOf(downloadScenario({scenario: example, document}));
    expect(JSON.parse(text)).toEqual(example);
    expect(validateScenario(JSON.parse(text)).ok).toBe(true);
  });

  it("gives the same estimate from the file as from the object the page computed with", () => {
    const {text} = fileOf(downloadScenario({scenario: inference, document}));
    const fromFile = estimate(JSON.parse(text));
    const fromPage = estimate(inference);
    expect(fromFile.ok && fromPage.ok).toBe(true);
    expect(fromFile).toEqual(fromPage);
  });

  it("is read as is by the estimate command, which prints the same decode speed", () => {
    const dir = mkdtempSync(join(tmpdir(), "llm-toll-scenario-"));
    try {
      const {name, text} = fileOf(downloadScenario({scenario: inference, filename: "llama", document}));
      writeFileSync(join(dir, name), text);
      const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", join(dir, name)], {cwd: ROOT, encoding: "utf8", timeout: 60_000});
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const result = JSON.parse(run.stdout);
      const expected = estimate(inference);
      expect(expected.ok).toBe(true);
      expect(result.inference.decodeTokensPerSecond).toBe(expected.ok && expected.result.inference?.decodeTokensPerSecond);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }, 60_000);

  it("shows the validation errors instead of a link when the inputs are not a valid scenario", () => {
    const bad = {...inference, workload: {...inference.workload, batchSize: -4}};
    const box = downloadScenario({scenario: bad, document});
    expect(box.querySelector("a")).toBeNull();
    expect([...box.querySelectorAll("li")].map((li) => li.textContent)).toContain("workload.batchSize: got -4, expected an integer >= 1");
  });

  it("refuses a scenario whose numbers JSON cannot hold (NaN would be written as null)", () => {
    const box = downloadScenario({scenario: {...inference, workload: {...inference.workload, promptTokens: NaN}}, document});
    expect(box.querySelector("a")).toBeNull();
    expect(box.textContent).toContain("workload.promptTokens");
  });

  it("names the command that reads the file", () => {
    const box = downloadScenario({scenario: inference, filename: "llama", document});
    expect(box.querySelector("code")?.textContent).toBe("npm run --silent estimate -- llama.json");
  });
});
