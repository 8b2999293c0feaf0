/**
 * What the planner enumerates: GPU counts and the tensor-parallel degrees a model allows.
 * Part of the planner (lib/planner.ts re-exports it); SI units throughout.
 */
import type {Architecture} from "../architecture.js";

/** GPU counts 1, 2, 4, ... up to n. */
export const powersOfTwoUpTo = (n: number) => {
  const out: number[] = [];
  for (let k = 1; k <= n; k *= 2) out.push(k);
  return out;
};

/** Whether a tensor-parallel degree splits the heads evenly (KV heads divided, or replicated a whole number of times). */
export function tensorParallelOk(arch: Architecture, tp: number): boolean {
  if (tp === 1) return true;
  if (arch.heads % tp !== 0) return false;
  if (arch.mla) return true;
  return arch.kvHeads % tp === 0 || tp % arch.kvHeads === 0;
}
