/**
 * Data loader (run at build time with tsx): the validation report as JSON, see
 * `validationReport.ts`. Reads the ground-truth files of `data/ground-truth/` (the same ones
 * the validation tests read: inference, training and serving cases, explanations, figures not
 * expressible) and runs every case through the engine; no network.
 */
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {findGpu, findModel} from "../../lib/catalog/index.ts";
import {architectureFromConfig} from "../../lib/config.ts";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import type {TrainingWorkload} from "../../lib/scenario.ts";
import type {Explanation, ValidationCase} from "../../lib/validation.ts";
import {mfuReferences, validationReport, type PublishedFigure} from "./validationReport.ts";

const GROUND_TRUTH = fileURLToPath(new URL("../../data/ground-truth/", import.meta.url));
const read = <T>(name: string): T => JSON.parse(readFileSync(GROUND_TRUTH + name, "utf8")) as T;

const published = read<PublishedFigure[]>("published.json");
const report = validationReport({
  publicCases: read<ValidationCase[]>("public-cases.json"),
  extraCases: read<ValidationCase[]>("extra-cases.json"),
  trainingCases: read<ValidationCase[]>("training-cases.json"),
  finetuneCases: read<ValidationCase[]>("finetune-cases.json"),
  localCases: read<ValidationCase[]>("local-cases.json"),
  published,
  notExpressible: read<{id: string; why: string}[]>("not-expressible.json"),
  explanations: read<Explanation[]>("explanations.json"),
  servingCases: read<ValidationCase[]>("serving-cases.json")
});

/** GPU-hours of a whole pre-training run at MFU 1 (bf16 peak), for an implied MFU. */
function gpuHoursAtFullMfu(modelId: string, gpuId: string, sequenceLength: number, trainingTokens: number): number {
  const model = findModel(modelId);
  const gpu = findGpu(gpuId);
  if (!model || !gpu) throw new Error(`catalog lacks ${modelId} or ${gpuId}`);
  const workload: TrainingWorkload = {type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", microBatchSize: 1,
    sequenceLength, gradientAccumulation: 1, activationCheckpointing: "none", flashAttention: true, zeroStage: 1, tensorParallel: 1,
    pipelineParallel: 1, expertParallel: 1, sequenceParallel: false, trainingTokens, mfu: 1, goodput: 1};
  const arch = architectureFromConfig({...model.config}).architecture;
  return trainingEstimate({arch, gpu, gpuCount: 1, workload}).training!.gpuHours;
}

const h100 = findGpu("h100-sxm")!;
const mfu = mfuReferences({
  published,
  h100Bf16FlopsPerSecond: h100.flopsPerSecond.bf16!,
  implied: [
    {id: "TC-043", label: "Llama 2 70B (implied)", gpuHoursAtFullMfu: gpuHoursAtFullMfu("llama-2-70b", "a100-sxm-80gb", 4096, 2e12),
      publishedGpuHours: 1_720_320,
      detail: "2T tokens at 4K context; the engine's GPU-hours at MFU 1 on the A100's 312 TFLOPS bf16 peak ÷ Meta's 1,720,320 A100-hours (whole run: restarts and evaluation included)"},
    {id: "TC-052", label: "DeepSeek-V3 (implied)", gpuHoursAtFullMfu: gpuHoursAtFullMfu("deepseek-v3", "h100-sxm", 4096, 14.8e12),
      publishedGpuHours: 2_664_000,
      detail: "14.8T tokens; the engine's GPU-hours at MFU 1 on the H800's bf16 peak (same as the H100 SXM's 989 TFLOPS) ÷ the report's 2,664K pre-training H800-hours. Its GEMMs ran in FP8, whose peak is twice bf16: against the FP8 peak the MFU is half this"}
  ]
});

process.stdout.write(JSON.stringify({...report, mfuReferences: mfu}));
