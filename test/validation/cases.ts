/**
 * Loading the ground-truth files for the validation tests (Node I/O lives here; the pure
 * comparison is lib/validation.ts). The same files feed the Validation page's loader
 * (src/data/validation.json.ts): public-cases.json and extra-cases.json (inference),
 * training-cases.json (training), explanations.json (rows outside tolerance: reason and bound)
 * and not-expressible.json (published figures with no case, and why).
 */
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {markInformational, type Explanation, type ValidationCase} from "../../lib/validation.ts";

const GROUND_TRUTH = fileURLToPath(new URL("../../data/ground-truth/", import.meta.url));

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(GROUND_TRUTH + name, "utf8")) as T;
}

export const INFERENCE_CATEGORIES = ["inference_memory", "inference_speed", "serving_cost"] as const;
export const TRAINING_CATEGORIES = ["training_memory", "training_compute"] as const;
export {FINETUNE_CATEGORIES} from "../../lib/validation.ts";

/** A row of published.json (only the fields the tests read). */
export interface PublishedRow {
  id: string;
  category: string;
  metric: string;
  value: unknown;
  unit: string;
  contains_unverified_parts: boolean;
}

export function loadPublished(): PublishedRow[] {
  return readJson<PublishedRow[]>("published.json");
}

/** `{id, why}` for each published figure (inference or training) the contract cannot express. */
export function loadNotExpressible(): {id: string; why: string}[] {
  return readJson<{id: string; why: string}[]>("not-expressible.json");
}

/** Reasons and stated bounds of the rows outside their tolerance (explanations.json). */
export function loadExplanations(): Explanation[] {
  return readJson<Explanation[]>("explanations.json");
}

/** Every case of the validation set, in file order: public-cases, extra-cases, training-cases, finetune-cases. */
export function loadAllCaseFiles(): ValidationCase[] {
  return [...readJson<ValidationCase[]>("public-cases.json"), ...readJson<ValidationCase[]>("extra-cases.json"),
    ...readJson<ValidationCase[]>("training-cases.json"), ...readJson<ValidationCase[]>("finetune-cases.json")];
}

/**
 * Cases of the validation set in the given categories. A case whose source row has
 * `contains_unverified_parts: true` is marked informational whatever the case file says.
 */
export function loadCases(categories: readonly string[]): ValidationCase[] {
  const unverified = new Set(loadPublished().filter((r) => r.contains_unverified_parts).map((r) => r.id));
  return markInformational(loadAllCaseFiles().filter((c) => categories.includes(c.category)), unverified);
}

/** The pure part, re-exported so that callers need one import. */
export {errorStatistics, explanationFor, formatValidationTable, rowStatus, runCase, sourceIdOf, statisticsByKind, withinExplainedBound} from "../../lib/validation.ts";
