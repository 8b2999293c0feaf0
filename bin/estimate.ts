/**
 * The `estimate` command (docs/scenario.md, contract v1).
 *
 *     npm run --silent estimate -- scenario.json        # or "-" for standard input
 *     npm run --silent estimate -- --format table scenario.json
 *
 * A JSON object gives one result; an array gives an array of results in the same order, with
 * `{"errors": [...]}` in the place of an invalid element. Exit status: 0 when every scenario
 * was answered, 2 when the input or a scenario is invalid (one line per problem on standard
 * error, and for a single scenario nothing on standard output), 1 on an internal error.
 */
import {readFile} from "node:fs/promises";
import {parseArgs} from "node:util";
import {formatResultTable} from "../lib/format/table.ts";
import type {Result, Scenario} from "../lib/scenario.ts";
import {validateScenario} from "../lib/validate.ts";

const USAGE = `Usage: npm run --silent estimate -- [options] <scenario.json | ->

Estimates GPU memory, speed and cost for the scenario(s) in a JSON file, or on standard
input when the file is "-". A JSON object is one scenario; an array is a list of them.

Options:
  --format json|table   json (default): the result as JSON on standard output.
                        table: the same figures as a labelled, human-readable table.
  --plan                plan mode: rank hardware plans (GPU kind × count × format or
                        layout) for the scenario's model and workload; hardware may be
                        omitted or "any" (see bin/plan.ts). A scenario object with a
                        "plan" key is planned without the flag.
  --frontier            frontier mode: sweep concurrency 1-1024 and the TP/EP layouts
                        of the scenario's model, GPU and engine; print every point
                        (tokens/s per GPU vs tokens/s per user), the Pareto front and
                        $/M output tokens along it (see bin/frontier.ts).
  --fit                 auto-fit (llama.cpp): the most precise GGUF weight format that
                        fits the machine (GPU, host RAM, or a CPU alone), the -ngl that
                        goes with it, the layers left in host RAM and the longest context.
  -h, --help            show this help.

Exit status: 0 answered; 2 invalid input (problems on standard error, one per line,
each naming the JSON path, what was found and what is allowed); 1 internal error.
Examples: examples/*.json. The scenario format: docs/scenario.md.
`;

const EXIT_OK = 0;
const EXIT_INTERNAL = 1;
const EXIT_INVALID = 2;

type Estimator = (scenario: Scenario) => Result;

/** One scenario's outcome: a result (with validation warnings merged in) or its problems. */
type Outcome = {result: Result; scenario: Scenario} | {errors: string[]; internal: boolean};

/** Problems only visible after resolution (unknown catalog id, incomplete config.json). */
function problemsOf(error: unknown): string[] | null {
  if (error && typeof error === "object") {
    const e = error as {errors?: unknown; issues?: unknown; name?: unknown};
    const lines = Array.isArray(e.errors) ? e.errors : Array.isArray(e.issues) ? e.issues : null;
    // Every engine problem (ScenarioError, ConfigError, TrainingLayoutError) already starts
    // with the JSON path of the field at fault: printed as is, never with a second prefix.
    if (lines && lines.length && lines.every((l) => typeof l === "string")) return lines as string[];
  }
  return null;
}

/** Validation first, for every scenario, so that input problems never wait on the engine. */
type Checked = ReturnType<typeof validateScenario>;

function answer(checked: Checked, estimate: Estimator | null): Outcome {
  if (!checked.ok) return {errors: checked.errors, internal: false};
  if (!estimate) return {errors: ["internal error: the engine was not loaded"], internal: true};
  try {
    const result = estimate(checked.scenario);
    return {result: {...result, warnings: [...checked.warnings, ...(result.warnings ?? [])]}, scenario: checked.scenario};
  } catch (error) {
    const problems = problemsOf(error);
    if (problems) return {errors: problems, internal: false};
    return {errors: [`internal error: ${error instanceof Error ? error.message : String(error)}`], internal: true};
  }
}

/** The engine, loaded only when some scenario is valid (so bad input is reported even if it cannot load). */
async function loadEstimator(checked: Checked[]): Promise<Estimator | null> {
  if (!checked.some((c) => c.ok)) return null;
  const {estimateScenario} = await import("../lib/estimate.ts");
  return estimateScenario;
}

/** `--fit`: the auto-fit answer in place of the estimate (same validation, errors and exit codes). */
async function loadFitter(checked: Checked[]): Promise<Estimator | null> {
  if (!checked.some((c) => c.ok)) return null;
  const {autoFitScenario} = await import("../lib/localResult.ts");
  return (scenario) => autoFitScenario(scenario) as unknown as Result;
}

/** A single scenario object carrying a "plan" key asks for plan mode without the flag. */
function isPlanScenario(input: unknown): boolean {
  return typeof input === "object" && input !== null && !Array.isArray(input) && "plan" in input;
}

async function readInput(file: string): Promise<string> {
  if (file !== "-") return readFile(file, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: {type: "string", default: "json"},
        help: {type: "boolean", short: "h", default: false},
        // The planner (lib/planner.ts), answered by bin/plan.ts's runPlan.
        plan: {type: "boolean", default: false},
        // The throughput–interactivity frontier (lib/serving/frontier.ts), answered by bin/frontier.ts.
        frontier: {type: "boolean", default: false},
        // Auto-fit (lib/local.ts autoFit), answered by lib/localResult.ts autoFitScenario.
        fit: {type: "boolean", default: false}
      }
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT_INVALID;
  }
  const {values, positionals} = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  const format = values.format;
  if (format !== "json" && format !== "table") {
    process.stderr.write(`--format: got ${JSON.stringify(format)}, expected json or table\n`);
    return EXIT_INVALID;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${positionals.length ? "expected one scenario file" : "missing the scenario file"}\n\n${USAGE}`);
    return EXIT_INVALID;
  }
  const file = positionals[0];
  const label = file === "-" ? "standard input" : file;

  let text: string;
  try {
    text = await readInput(file);
  } catch (error) {
    process.stderr.write(`${label}: cannot be read (${error instanceof Error ? error.message : String(error)})\n`);
    return EXIT_INVALID;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`${label}: got text that is not JSON (${error instanceof Error ? error.message : String(error)}), expected a scenario object or an array of them\n`);
    return EXIT_INVALID;
  }

  if (values.frontier) {
    const {answerFrontier} = await import("./frontier.ts");
    return answerFrontier({input, format});
  }

  if (values.plan || isPlanScenario(input)) {
    const {answerPlan} = await import("./plan.ts");
    return answerPlan({input, format});
  }

  const elements = Array.isArray(input) ? input : [input];
  const checked = elements.map((element) => validateScenario(element));
  const estimate = values.fit ? await loadFitter(checked) : await loadEstimator(checked);

  if (!Array.isArray(input)) {
    const outcome = answer(checked[0], estimate);
    if ("errors" in outcome) {
      process.stderr.write(outcome.errors.map((l) => `${l}\n`).join(""));
      return outcome.internal ? EXIT_INTERNAL : EXIT_INVALID;
    }
    process.stdout.write(format === "json" || values.fit
      ? `${JSON.stringify(outcome.result, null, 2)}\n`
      : formatResultTable({result: outcome.result, scenario: outcome.scenario}));
    return EXIT_OK;
  }

  // An array: every element answered in place; problems also listed on standard error.
  const outcomes = checked.map((c) => answer(c, estimate));
  let status = EXIT_OK;
  outcomes.forEach((outcome, index) => {
    if (!("errors" in outcome)) return;
    status = outcome.internal ? EXIT_INTERNAL : status === EXIT_OK ? EXIT_INVALID : status;
    process.stderr.write(outcome.errors.map((l) => `[${index}] ${l}\n`).join(""));
  });
  if (format === "json" || values.fit) {
    const out = outcomes.map((o) => ("errors" in o ? {errors: o.errors} : o.result));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(outcomes.map((o, index) => {
      const heading = `Scenario ${index + 1} of ${outcomes.length}`;
      return "errors" in o
        ? `${heading}: invalid\n${o.errors.map((l) => `  ${l}`).join("\n")}\n`
        : `${heading}\n${formatResultTable({result: o.result, scenario: o.scenario})}`;
    }).join("\n"));
  }
  return status;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = EXIT_INTERNAL;
  }
);
