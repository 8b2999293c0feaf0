/**
 * The planner: "what is the cheapest way to serve (or train) this model?", answered by
 * enumerating hardware plans and estimating each with the same engine the single estimate uses
 * (`inferenceEstimate`, `trainingEstimate`), then pricing, ranking and marking the Pareto front.
 *
 * - Serving (`planServing`): every GPU kind × GPU count (1, 2, 4, 8) × weight format, at one
 *   tensor/pipeline split per count, at the batch the question implies; ranked by dollars per
 *   million output tokens, with the cost–latency Pareto front marked.
 * - Training (`planTraining`): every GPU kind × GPU count × parallel layout (ZeRO stage, TP,
 *   PP, activation checkpointing), the fastest layout that fits kept per GPU kind and count;
 *   ranked by total dollars and by wall-clock time, with the cost–time Pareto front marked.
 *
 * Prices default to the price catalog (`catalog/prices.ts`): per GPU, the cheapest on-demand
 * offer, else the cheapest offer whose type the source leaves unspecified, else the cheapest
 * spot offer; `priceBasis` says which. GPUs with no price are skipped and listed.
 *
 * Everything is in SI units (bytes, seconds, US dollars); rows carry their units in their names.
 * The code lives in lib/planner/ by concern (price, pareto, enumerate, serving, training,
 * request, table); this module is its one entry point.
 */
export {catalogPrice, priceFor, type PlannerPrice, type PriceOf} from "./planner/price.js";
export {paretoFront} from "./planner/pareto.js";
export {powersOfTwoUpTo, tensorParallelOk} from "./planner/enumerate.js";
export {planServing, servingFormats, type ServingPlan, type ServingPlanOptions, type ServingPlanRow} from "./planner/serving.js";
export {planTraining, type TrainingPlan, type TrainingPlanOptions, type TrainingPlanRow} from "./planner/training.js";
export {planScenario, type PlanRequest, type ScenarioPlan} from "./planner/request.js";
export {formatPlanTable} from "./planner/table.js";
