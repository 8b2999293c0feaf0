/**
 * The planner's benchmark for `npm run bench` (bench/engine.ts): the clock stays out of the
 * pure engine in lib/.
 */
import {performance} from "node:perf_hooks";
import {GPU_CATALOG} from "../lib/catalog/gpus.ts";
import {planServing, planTraining} from "../lib/planner.ts";
import {resolveModel} from "../lib/resolve.ts";

/**
 * Times the planner on one core: a full serving enumeration over the catalog (Llama 3.1 70B,
 * 1024 + 256 tokens, vLLM, with and without latency targets) and a full training enumeration
 * (Llama 3.1 8B and 70B, 1e12 tokens, 8-1024 GPUs). Each is run once to warm up, then timed
 * as the best of three. Returns one line.
 *
 * @example benchPlanner() // "serving 31.0 ms (890 configurations, llama-3.1-70b), with latency targets ... ms; training ..."
 */
export function benchPlanner(): string {
  const now = () => performance.now();
  const best = (fn: () => void) => {
    fn();
    let ms = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = now();
      fn();
      ms = Math.min(ms, now() - t0);
    }
    return ms;
  };
  const arch70 = resolveModel("llama-3.1-70b").arch;
  const arch8 = resolveModel("llama-3.1-8b").arch;
  let servingRows = 0;
  // planServing keeps its last call's batch searches (a page's demand-only move reuses them): each
  // run asks for another prompt length (1024, 1025, 1024, …) so every timed call searches afresh.
  let call = 0;
  const prompt = () => 1024 + (call++ % 2);
  const serving = best(() => { servingRows = planServing({arch: arch70, promptTokens: prompt(), outputTokens: 256}).counts.priced; });
  const servingTargets = best(() => {
    planServing({arch: arch70, promptTokens: prompt(), outputTokens: 256, maxTimePerOutputTokenSeconds: 0.05, maxTimeToFirstTokenSeconds: 2});
  });
  const training8 = best(() => { planTraining({arch: arch8, trainingTokens: 1e12}); });
  const training70 = best(() => { planTraining({arch: arch70, trainingTokens: 1e12}); });
  return `serving ${serving.toFixed(1)} ms (${servingRows} configurations, llama-3.1-70b), with latency targets ${servingTargets.toFixed(1)} ms; ` +
    `training ${training8.toFixed(0)} ms (llama-3.1-8b), ${training70.toFixed(0)} ms (llama-3.1-70b), ${GPU_CATALOG.length} GPU kinds × 8 counts`;
}
