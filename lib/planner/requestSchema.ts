/**
 * The `plan` key of plan mode, checked with zod/mini in the style of lib/validate.ts: each leaf
 * carries the "expected …" text its message ends with, and a problem reads
 * `plan.<path>: got <value>, expected <what is allowed>` (the JSON path, once). Two requests
 * share these rules: the planner's (`planRequestSchema`, request.ts) and the planner to a
 * latency target's (`servingTargetRequestSchema`, servingTargetScenario.ts).
 */
import {GPU_IDS} from "../catalog/gpus.js";
import {WEIGHT_FORMATS} from "../formats.js";
import {GPUS_PER_NODE} from "../hardware.js";
import {formatBound, formatPath, renderValue, SCENARIO_LIMITS} from "../validate.js";
import * as z from "../zodMini.js";

/** The most GPUs of one serving replica the planner tries (one 8-GPU node). */
export const MAX_GPUS_PER_REPLICA = GPUS_PER_NODE;

/** A JSON object (not null, not an array). */
export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** An optional number whose every failure says one "expected …" text. Integers: >= min; other numbers: > min. */
export function planNumber({integer = false, min, max}: {integer?: boolean; min: number; max?: number}) {
  const expected = `expected ${integer ? `an integer >= ${min}` : `a number > ${min}`}${max !== undefined ? ` and <= ${formatBound(max)}` : ""}`;
  const error = {error: expected};
  const checks = [integer ? z.gte(min, error) : z.gt(min, error), ...(max !== undefined ? [z.lte(max, error)] : [])];
  return z.optional((integer ? z.int(error) : z.number(error)).check(...checks));
}

/** An optional non-empty list whose elements each pass `element` (one message per bad element, by index). */
export function planList<T extends z.ZodMiniType>(element: T, what: string) {
  const error = {error: `expected a non-empty list of ${what}`};
  return z.optional(z.array(element, error).check(z.minLength(1, error)));
}

const GPU_ID_EXPECTED = `expected a GPU catalog id (${GPU_IDS.slice(0, 3).join(", ")}, … lib/catalog/gpus.ts)`;

/** GPU catalog ids, read as the catalog reads them (case and spaces ignored). */
const gpuIdList = () => planList(z.string({error: GPU_ID_EXPECTED}).check(
  z.refine((id) => GPU_IDS.includes(id.trim().toLowerCase()), {error: GPU_ID_EXPECTED})), "GPU catalog ids");

const weightFormatList = () => planList(z.enum(WEIGHT_FORMATS, {error: `expected one of the weight formats (${WEIGHT_FORMATS.join(", ")})`}),
  `weight formats (${WEIGHT_FORMATS.join(", ")})`);

/**
 * The planner's `plan` key: every field optional. Bounds: concurrency and GPU counts as the
 * scenario's (SCENARIO_LIMITS); at most 8 GPUs per serving replica.
 */
export const planRequestSchema = z.looseObject({
  concurrency: planNumber({integer: true, min: 1, max: SCENARIO_LIMITS.batchSize}),
  targetThroughputTokensPerSecond: planNumber({min: 0}),
  maxTimeToFirstTokenSeconds: planNumber({min: 0}),
  maxTimePerOutputTokenSeconds: planNumber({min: 0}),
  weightFormats: weightFormatList(),
  maxGpus: planNumber({integer: true, min: 1, max: MAX_GPUS_PER_REPLICA}),
  gpus: gpuIdList(),
  gpuCounts: planList(z.int({error: "expected an integer >= 1"}).check(z.gte(1, {error: "expected an integer >= 1"}),
    z.lte(SCENARIO_LIMITS.gpuCount, {error: `expected an integer from 1 to ${formatBound(SCENARIO_LIMITS.gpuCount)}`})), "integers >= 1"),
  deadlineSeconds: planNumber({min: 0}),
  top: planNumber({integer: true, min: 1})
});

/** A latency target's bound: a million seconds, or a million tokens/s per user, is beyond any service. */
const TARGET_MAX = 1e6;

/** The planner to a latency target's `plan` key (a workload with `serving`): targets, GPUs, formats, rows. */
export const servingTargetRequestSchema = z.looseObject({
  maxTimeToFirstTokenSeconds: planNumber({min: 0, max: TARGET_MAX}),
  maxTimePerOutputTokenSeconds: planNumber({min: 0, max: TARGET_MAX}),
  minOutputTokensPerSecondPerUser: planNumber({min: 0, max: TARGET_MAX}),
  gpus: gpuIdList(),
  weightFormats: weightFormatList(),
  top: planNumber({integer: true, min: 1})
});

/**
 * Checks a `plan` key against a schema: absent or `true` is `{}`; otherwise the fields the
 * schema knows, or one line per problem (first problem per path); unknown keys are warnings.
 */
export function parsePlanKey(raw: unknown, schema: typeof planRequestSchema | typeof servingTargetRequestSchema):
  {ok: true; request: Record<string, unknown>; warnings: string[]} | {ok: false; errors: string[]} {
  const keys = Object.keys(schema.def.shape);
  if (raw === undefined || raw === true) return {ok: true, request: {}, warnings: []};
  if (!isObject(raw)) return {ok: false, errors: [`plan: got ${renderValue(raw)}, expected true or an object {${keys.join(", ")}}`]};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const byPath = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      let value: unknown = raw;
      for (const key of issue.path) value = isObject(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
      const path = formatPath(["plan", ...issue.path]);
      if (!byPath.has(path)) byPath.set(path, `${path}: got ${renderValue(value)}, ${issue.message}`);
    }
    return {ok: false, errors: [...byPath.values()]};
  }
  const data = parsed.data as Record<string, unknown>;
  const request: Record<string, unknown> = {};
  for (const key of keys) if (data[key] !== undefined) request[key] = data[key];
  const warnings = Object.keys(raw).filter((k) => !keys.includes(k)).map((k) => `unknown field ${formatPath(["plan", k])} ignored`);
  return {ok: true, request, warnings};
}
