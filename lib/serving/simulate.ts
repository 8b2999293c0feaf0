/**
 * A discrete-event simulation of a closed-loop benchmark client against a chunked-prefill
 * scheduler: the reference the analytic closed loop (steady.ts, with its first wave) is tested
 * against, and the tool that measures whether a run's start-up burst persists past its first round.
 *
 * The client is the one InferenceX runs (SemiAnalysisAI/InferenceX `benchmarks/benchmark_lib.sh`
 * `run_benchmark_serving` → `utils/bench_serving/benchmark_serving.py`, read 2026-12-06):
 * `--request-rate inf --max-concurrency C --num-prompts 10·C` (the per-model scripts), so each
 * of C clients sends its next request as soon as its previous one ends; `--num-warmups 2·C`
 * requests run and finish before the measured run, which therefore starts on an idle server with
 * C requests at once; `--random-range-ratio r`: input and output lengths are integers uniform in
 * [⌊r·L⌋, L] (`sample_uniform`); the reported TTFT is the mean over all 10·C requests
 * (`calculate_metrics`: `np.mean(ttfts)`, `mean_ttft_ms`).
 *
 * The scheduler is vLLM V1's: each step runs every decoding request (one token each) and the
 * waiting prompts in arrival order up to B tokens in all, a prompt split across steps when the
 * budget runs out. Step time τ(d, p) comes from the caller (a replica's step model, or a toy one).
 * A prompt that completes in a step streams its first token `admissionLagSteps` mean steps after
 * that step ends (decode steps τ(d, 0) scheduled ahead: steady.ts `admissionSteps` − 1), plus `overheadSeconds`
 * (API server); a client's next request reaches the scheduler `overheadSeconds` after its
 * previous one's last step.
 *
 *     TTFT_i = t_req + (end of the step finishing prompt i − arrival_i) + lag·τ(d, 0)
 */

/** A deterministic generator of numbers in [0, 1) (mulberry32), so that a run repeats. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ClosedLoopRun {
  concurrency: number;
  promptTokens: number;
  outputTokens: number;
  /** Lengths uniform in [⌊r·L⌋, L]; 1 = fixed lengths. */
  rangeRatio: number;
  /** Requests each client sends (InferenceX: 10). */
  requestsPerClient: number;
  maxBatchedTokens: number;
  overheadSeconds: number;
  admissionLagSteps: number;
  /** τ(d, p): d decoding requests, p prefill tokens. */
  stepSeconds: (decodeRequests: number, prefillTokens: number) => number;
  seed?: number;
}

export interface ClosedLoopOutcome {
  /** Mean TTFT over every request, over the first round (the burst) and over the later rounds. */
  meanTtftSeconds: number;
  firstRoundTtftSeconds: number;
  laterRoundsTtftSeconds: number;
}

/** Runs the benchmark once and returns its mean TTFTs. */
export function simulateClosedLoop(run: ClosedLoopRun): ClosedLoopOutcome {
  const rand = generator(run.seed ?? 1);
  const uniform = (L: number) => {
    const lo = Math.floor(L * run.rangeRatio);
    return Math.max(1, lo + Math.floor(rand() * (L - lo + 1)));
  };
  const C = Math.max(1, Math.round(run.concurrency));
  const n = C * Math.max(1, Math.round(run.requestsPerClient));
  const lengths = Array.from({length: n}, () => ({prompt: uniform(run.promptTokens), output: uniform(run.outputTokens)}));
  const arrivals: {at: number; id: number}[] = [];
  let next = 0;
  for (; next < C; next++) arrivals.push({at: 0, id: next});
  const waiting: {at: number; id: number; left: number}[] = [];
  let running: {left: number}[] = [];
  const ttft = new Array<number>(n).fill(0);
  let t = 0;
  let done = 0;
  while (done < n) {
    arrivals.sort((a, b) => a.at - b.at);
    while (arrivals.length && arrivals[0].at <= t) {
      const a = arrivals.shift() as {at: number; id: number};
      waiting.push({at: a.at, id: a.id, left: lengths[a.id].prompt});
    }
    if (!waiting.length && !running.length) {
      t = arrivals[0].at;
      continue;
    }
    let budget = run.maxBatchedTokens - running.length;
    let p = 0;
    const finished: typeof waiting = [];
    for (const w of waiting) {
      if (budget <= 0) break;
      const take = Math.min(budget, w.left);
      w.left -= take;
      budget -= take;
      p += take;
      if (w.left === 0) finished.push(w);
    }
    const step = run.stepSeconds(running.length, p);
    t += step;
    const still: typeof running = [];
    for (const q of running) {
      if (--q.left <= 0) {
        done++;
        if (next < n) arrivals.push({at: t + run.overheadSeconds, id: next++});
      } else still.push(q);
    }
    running = still;
    const lag = run.admissionLagSteps * run.stepSeconds(running.length, 0);
    for (const w of finished) {
      waiting.splice(waiting.indexOf(w), 1);
      ttft[w.id] = t - w.at + run.overheadSeconds + lag;
      if (lengths[w.id].output > 1) running.push({left: lengths[w.id].output - 1});
      else {
        done++;
        if (next < n) arrivals.push({at: t + run.overheadSeconds, id: next++});
      }
    }
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  return {meanTtftSeconds: mean(ttft), firstRoundTtftSeconds: mean(ttft.slice(0, C)), laterRoundsTtftSeconds: mean(ttft.slice(C))};
}
