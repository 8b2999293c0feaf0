/**
 * The Overview's scenario: the shared scenario keys (scenarioState.ts `scenarioOf`) priced at
 * the GPU's catalog price (lib/catalog/prices.ts `catalogPrice`, the one price rule, as the
 * Cost chapter starts), so that its downloaded file names the price its dollars use. A GPU
 * without a catalog offer (an inline spec) gets no price, and the Overview shows no dollars.
 * Kept apart from scenarioState.ts so that chapters without prices do not load the catalog.
 */
import {catalogPrice} from "../lib/catalog/prices.js";
import type {Scenario} from "../lib/scenario.js";
import {scenarioOf, type ScenarioState} from "./scenarioState.js";

export function overviewScenarioOf(state: Omit<ScenarioState, "unit">): Scenario {
  const price = typeof state.gpu === "string" ? catalogPrice({gpuId: state.gpu}) : null;
  return price === null ? scenarioOf(state) : {...scenarioOf(state), pricing: {usdPerGpuHour: price.usdPerGpuHour}};
}
