/**
 * Plan mode of the `estimate` command: "which hardware is cheapest for this model and workload?"
 *
 *     npm run --silent estimate -- --plan scenario.json              # ranked rows as JSON
 *     npm run --silent estimate -- --plan --format table scenario.json
 *     npx tsx bin/plan.ts [--format table] scenario.json               # the same, standalone
 *
 * The scenario's model and workload define the question; `hardware` may be omitted or
 * `hardware.gpu` be "any"; an optional `plan` object narrows it (lib/planner.ts `planScenario`).
 * A JSON array plans each element. Exit status: 0 answered; 2 invalid input (one line per
 * problem on standard error, each naming its JSON path; nothing on standard output for a
 * single scenario); 1 internal error.
 */
import {readFile} from "node:fs/promises";
import {parseArgs} from "node:util";
import {formatPlanTable, planScenario} from "../lib/planner.ts";
import {formatServingTargetTable, isServingTargetScenario, planServingTargetScenario, type ServingTargetAnswer} from "../lib/planner/servingTargetScenario.ts";

const EXIT_OK = 0;
const EXIT_INTERNAL = 1;
const EXIT_INVALID = 2;

export const PLAN_USAGE = `Usage: npm run --silent estimate -- --plan [--format json|table] <scenario.json | ->

Ranks hardware plans for a scenario's model and workload: serving (GPU kind × count × weight
format, by dollars per million output tokens) or training (GPU kind × count × parallel layout,
by total dollars and by time). hardware may be omitted or hardware.gpu be "any". Optional
"plan": {concurrency, targetThroughputTokensPerSecond, maxTimeToFirstTokenSeconds,
maxTimePerOutputTokenSeconds, weightFormats, maxGpus, gpus, gpuCounts, deadlineSeconds, top}.
With workload.serving (requestsPerSecond or concurrency), the planner to a latency target:
every GPU × count × format × layout, aggregated and disaggregated, at its highest-throughput
point meeting plan.maxTimeToFirstTokenSeconds / maxTimePerOutputTokenSeconds /
minOutputTokensPerSecondPerUser, with the replicas the load needs, ranked by $/M output tokens.
`;

async function readInput(file: string): Promise<string> {
  if (file !== "-") return readFile(file, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Plans the scenario(s) in `file` ("-" for standard input) and writes the answer; returns the
 * exit status. `bin/estimate.ts --plan` calls answerPlan with the JSON it has already read.
 */
export async function runPlan(options: {file: string; format: "json" | "table"}): Promise<number> {
  const {file, format} = options;
  const label = file === "-" ? "standard input" : file;
  let input: unknown;
  try {
    input = JSON.parse(await readInput(file));
  } catch (error) {
    process.stderr.write(`${label}: ${error instanceof SyntaxError ? "got text that is not JSON" : "cannot be read"} (${
      error instanceof Error ? error.message : String(error)}), expected a scenario object or an array of them\n`);
    return EXIT_INVALID;
  }
  return answerPlan({input, format});
}

/**
 * Plans already-parsed JSON (a scenario object or an array of them), writes the answer to
 * standard output and problems to standard error, and returns the exit status.
 */
export function answerPlan(options: {input: unknown; format: "json" | "table"}): number {
  const {input, format} = options;
  const elements = Array.isArray(input) ? input : [input];
  let status = EXIT_OK;
  const answers = elements.map((element, index) => {
    try {
      // A workload with `serving` asks the planner to a latency target (lib/planner/servingTarget.ts).
      const r = isServingTargetScenario(element) ? planServingTargetScenario(element) : planScenario(element);
      if (!r.ok) {
        status = status === EXIT_OK ? EXIT_INVALID : status;
        const prefix = Array.isArray(input) ? `[${index}] ` : "";
        process.stderr.write(r.errors.map((l) => `${prefix}${l}\n`).join(""));
        return {errors: r.errors};
      }
      return r.plan;
    } catch (error) {
      status = EXIT_INTERNAL;
      const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
      process.stderr.write(`${message}\n`);
      return {errors: [message]};
    }
  });
  if (!Array.isArray(input) && status !== EXIT_OK) return status;
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(Array.isArray(input) ? answers : answers[0], null, 2)}\n`);
  } else {
    process.stdout.write(answers.map((a, i) => {
      const heading = Array.isArray(input) ? `Scenario ${i + 1} of ${answers.length}\n` : "";
      if ("errors" in a) return `${heading}invalid\n${a.errors.map((l) => `  ${l}`).join("\n")}\n`;
      return `${heading}${"type" in a && a.type === "serving-target" ? formatServingTargetTable(a as ServingTargetAnswer) : formatPlanTable({plan: a as Exclude<typeof a, ServingTargetAnswer>})}`;
    }).join("\n"));
  }
  return status;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({args: argv, allowPositionals: true, strict: true,
      options: {format: {type: "string", default: "json"}, plan: {type: "boolean", default: true}, help: {type: "boolean", short: "h", default: false}}});
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${PLAN_USAGE}`);
    return EXIT_INVALID;
  }
  const {values, positionals} = parsed;
  if (values.help) {
    process.stdout.write(PLAN_USAGE);
    return EXIT_OK;
  }
  if (values.format !== "json" && values.format !== "table") {
    process.stderr.write(`--format: got ${JSON.stringify(values.format)}, expected json or table\n`);
    return EXIT_INVALID;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${positionals.length ? "expected one scenario file" : "missing the scenario file"}\n\n${PLAN_USAGE}`);
    return EXIT_INVALID;
  }
  return runPlan({file: positionals[0]!, format: values.format});
}

// Run only when executed directly (bin/estimate.ts imports runPlan).
if (process.argv[1] && /(^|[\\/])plan\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (status) => { process.exitCode = status; },
    (error) => {
      process.stderr.write(`internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = EXIT_INTERNAL;
    }
  );
}
