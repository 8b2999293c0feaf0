/**
 * The Serving chapter's inputs and the scenario they make (contract v2 `workload.serving`):
 * continuous batching in steady state at a number of requests in flight. The page's headline
 * figures (TTFT, TPOT, tokens/s per GPU, dollars per million tokens) are `estimate(scenario)`'s
 * `inference.serving` and `cost` (lib/estimate.ts), the same figures the command prints for the
 * scenario the page downloads.
 */
import type {EngineName, KvFormat, WeightFormat} from "../lib/formats.js";
import type {InlineGpu, Scenario, ServingOptions} from "../lib/scenario.js";
import {scenarioOf, type ScenarioState} from "./scenarioState.js";

export interface ServingPageState {
  model: string | Record<string, unknown>;
  gpu: string | InlineGpu;
  /** GPUs of one replica, all tensor-parallel. */
  count: number;
  engine: EngineName;
  weights: WeightFormat;
  kv: KvFormat;
  /** Requests in flight (closed loop): `workload.serving.concurrency`. */
  concurrency: number;
  prompt: number;
  output: number;
  /** Speculative tokens proposed per step; 0 = off. */
  speculative: number;
  /** Share of proposed tokens accepted (used when `speculative` > 0). */
  acceptance: number;
  /** Prefix-cache hit rate, 0..1. */
  prefixHit: number;
  /** US dollars per GPU-hour. */
  price: number;
}

/** What the chapter opens with: Llama 3.1 70B in FP8 on 4 × H100 SXM with vLLM, 32 requests of 1,024 + 1,024 tokens, $2.50 per GPU-hour. */
export const SERVING_PAGE_DEFAULTS: ServingPageState = {
  model: "llama-3.1-70b", gpu: "h100-sxm", count: 4, engine: "vllm", weights: "fp8", kv: "fp8",
  concurrency: 32, prompt: 1024, output: 1024, speculative: 0, acceptance: 0.7, prefixHit: 0, price: 2.5
};

/** The page's serving options (`workload.serving`): closed loop at the requests in flight. */
export function servingOptionsOf(state: Pick<ServingPageState, "concurrency" | "speculative" | "acceptance" | "prefixHit">): ServingOptions {
  return {concurrency: state.concurrency, prefixCacheHitRate: state.prefixHit,
    ...(state.speculative > 0 ? {speculative: {tokens: state.speculative, acceptanceRate: state.acceptance}} : {})};
}

/**
 * The Serving chapter's state → its scenario: one replica of `count` GPUs, all tensor-parallel,
 * serving at the requests in flight, priced at the page's price (when it is a number >= 0).
 */
export function servingScenarioOf(state: ServingPageState): Scenario {
  const replica = scenarioOf({...state, model: state.model as ScenarioState["model"], batch: state.concurrency},
    {tensorParallel: state.count, pipelineParallel: 1, serving: servingOptionsOf(state)});
  return {...replica, ...(Number.isFinite(state.price) && state.price >= 0 ? {pricing: {usdPerGpuHour: state.price}} : {})};
}
