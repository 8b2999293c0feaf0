/**
 * Loading the ground-truth files for the validation tests (Node I/O lives here; the pure
 * comparison is lib/validation.ts). Reusable by a training validation test: pass the
 * categories you want to `loadCases`.
 */
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import type {ValidationCase} from "../../lib/validation.ts";

const GROUND_TRUTH = fileURLToPath(new URL("../../data/ground-truth/", import.meta.url));

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(GROUND_TRUTH + name, "utf8")) as T;
}

export const INFERENCE_CATEGORIES = ["inference_memory", "inference_speed", "serving_cost"] as const;
export const TRAINING_CATEGORIES = ["training_memory", "training_compute"] as const;

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

/** `{id, why}` for each published figure the contract cannot express. */
export function loadNotExpressible(): {id: string; why: string}[] {
  return readJson<{id: string; why: string}[]>("not-expressible.json");
}

/** The published.json id a case checks: its `source_id`, else its id without a "-b"/"-c" suffix. */
export function sourceIdOf(testCase: ValidationCase): string {
  return testCase.source_id ?? testCase.id.split("-").slice(0, 2).join("-");
}

/**
 * Cases of public-cases.json and extra-cases.json in the given categories. A case whose source
 * row has `contains_unverified_parts: true` is marked informational whatever the case file says.
 */
export function loadCases(categories: readonly string[]): ValidationCase[] {
  const unverified = new Set(loadPublished().filter((r) => r.contains_unverified_parts).map((r) => r.id));
  const all = [...readJson<ValidationCase[]>("public-cases.json"), ...readJson<ValidationCase[]>("extra-cases.json")];
  return all
    .filter((c) => categories.includes(c.category))
    .map((c) => (unverified.has(sourceIdOf(c)) ? {...c, informational: true} : c));
}

/** The pure part, re-exported so that callers need one import. */
export {errorStatistics, runCase, statisticsByKind, formatValidationTable} from "../../lib/validation.ts";
