/**
 * Frontier mode of the `estimate` command: the throughput–interactivity frontier of a scenario's
 * model, GPU kind and engine (lib/serving/frontier.ts).
 *
 *     npm run --silent estimate -- --frontier scenario.json                 # JSON: every point, the front
 *     npm run --silent estimate -- --frontier --format table scenario.json  # the front as a table
 *
 * The scenario is validated as a plain one (batchSize and serving may be left out: the sweep
 * sets the concurrency). Tensor-parallel degrees tried: 1, 2, 4, 8 up to hardware.count when it
 * is given. Exit status: 0 answered; 2 invalid input (one line per problem naming its path).
 */
import {resolveGpu, resolveModel, resolvePrice, ScenarioError} from "../lib/resolve.ts";
import {formatFixed} from "../lib/format/units.ts";
import {servingFrontier, type Frontier} from "../lib/serving/frontier.ts";
import {validateScenario} from "../lib/validate.ts";

const EXIT_OK = 0;
const EXIT_INVALID = 2;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export interface FrontierAnswer {
  mode: "frontier";
  model: {id: string | null; name: string};
  gpu: {id: string; name: string};
  engine: string;
  weights: string;
  promptTokens: number;
  outputTokens: number;
  usdPerGpuHour: number | null;
  points: Frontier["points"];
  front: Frontier["front"];
  warnings: string[];
}

/** Validates and answers one scenario; problems as lines naming their paths. */
export function frontierOf(input: unknown): {ok: true; answer: FrontierAnswer} | {ok: false; errors: string[]} {
  let raw = input;
  if (isObject(input) && isObject(input.workload) && input.workload.batchSize === undefined && input.workload.serving === undefined) {
    raw = {...input, workload: {...input.workload, batchSize: 1}};
  }
  const checked = validateScenario(raw);
  if (!checked.ok) return {ok: false, errors: checked.errors};
  const {scenario} = checked;
  const w = scenario.workload;
  if (w.type !== "inference") return {ok: false, errors: ['workload.type: got "training", expected "inference" for --frontier']};
  try {
    const model = resolveModel(scenario.model);
    const warnings = [...checked.warnings, ...model.warnings];
    const gpu = resolveGpu(scenario.hardware.gpu, warnings);
    const price = resolvePrice({pricing: scenario.pricing, gpu});
    const countGiven = isObject(input) && isObject(input.hardware) && input.hardware.count !== undefined;
    const tps = [1, 2, 4, 8].filter((t) => !countGiven || t <= scenario.hardware.count);
    const f = servingFrontier({arch: model.arch, gpu, engine: w.engine, weights: w.weights, kvCache: w.kvCache,
      promptTokens: w.promptTokens, outputTokens: w.outputTokens, serving: w.serving, tensorParallel: tps,
      usdPerGpuHour: price?.usdPerGpuHour ?? null});
    if (f.points.length === 0) warnings.push(`no layout of ${tps.join(", ")} GPUs holds the model with room for one request's KV cache`);
    return {ok: true, answer: {mode: "frontier", model: {id: model.id, name: model.name}, gpu: {id: gpu.id, name: gpu.name},
      engine: w.engine, weights: w.weights, promptTokens: w.promptTokens, outputTokens: w.outputTokens,
      usdPerGpuHour: price?.usdPerGpuHour ?? null, points: f.points, front: f.front, warnings}};
  } catch (error) {
    if (error instanceof ScenarioError) return {ok: false, errors: error.errors};
    throw error;
  }
}

/** Columns right-aligned to their widest cell, the first left-aligned. */
function formatTable(options: {header: string[]; rows: string[][]}): string {
  const all = [options.header, ...options.rows];
  const widths = options.header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return `${[line(options.header), line(widths.map((w) => "-".repeat(w))), ...options.rows.map(line)].join("\n")}\n`;
}

/** The front as a table: one row per Pareto point, by rising tokens/s per user. */
export function formatFrontierTable(answer: FrontierAnswer): string {
  const head = `${answer.model.name} on ${answer.gpu.name}, ${answer.engine} ${answer.weights}, ` +
    `${answer.promptTokens} in / ${answer.outputTokens} out: ${answer.front.length} of ${answer.points.length} points on the front\n`;
  const rows = answer.front.map((p) => [
    `TP${p.tensorParallel}${p.expertParallel > 1 ? ` EP${p.expertParallel}` : ""}`, String(p.concurrency),
    formatFixed(p.outputTokensPerSecondPerUser, 1), formatFixed(p.outputTokensPerSecondPerGpu, 0),
    formatFixed(p.timeToFirstTokenSeconds * 1e3, 0), formatFixed(p.timePerOutputTokenSeconds * 1e3, 1),
    formatFixed(p.usdPerMillionOutputTokens ?? NaN, 3)]);
  return head + formatTable({header: ["layout", "concurrency", "tok/s/user", "tok/s/GPU", "TTFT ms", "TPOT ms", "$/M out"], rows}) +
    answer.warnings.map((w) => `warning: ${w}\n`).join("");
}

/** Answers parsed JSON (an object or an array of them); returns the exit status. */
export function answerFrontier(options: {input: unknown; format: "json" | "table"}): number {
  const {input, format} = options;
  const elements = Array.isArray(input) ? input : [input];
  let status = EXIT_OK;
  const answers = elements.map((element, index) => {
    const r = frontierOf(element);
    if (!r.ok) {
      status = EXIT_INVALID;
      process.stderr.write(r.errors.map((l) => `${Array.isArray(input) ? `[${index}] ` : ""}${l}\n`).join(""));
      return {errors: r.errors};
    }
    return r.answer;
  });
  if (!Array.isArray(input) && status !== EXIT_OK) return status;
  if (format === "json") process.stdout.write(`${JSON.stringify(Array.isArray(input) ? answers : answers[0], null, 2)}\n`);
  else process.stdout.write(answers.map((a) => ("errors" in a ? `invalid\n${a.errors.map((l) => `  ${l}`).join("\n")}\n` : formatFrontierTable(a))).join("\n"));
  return status;
}
