/**
 * Cloud GPU hourly prices, per GPU, in US dollars: a compact, dated snapshot.
 *
 * Transcribed from the project's reference table (`shared/reference/prices.json`, see its
 * README), which compiles two public datasets:
 * - source 0, `cloud-gpus/cloud-gpus.github.io` `cloud_gpu.json` at commit b0b08c2d
 *   (snapshot 2025-10-25, repository archived): one per-GPU hourly price per provider and
 *   GPU type. The data never says whether a price is on-demand, spot or committed, so
 *   `pricingType` is "unspecified"; the site's 2022 page said AWS and GCP showed spot
 *   prices. `dataDate` is the commit date at which the value last changed (2021-05-20 means
 *   "on or before the file's first commit").
 * - source 1 and 2, `adarshxs/TokenTally` `cloud-gpus.csv` at commits f5056e43 (2023-10-20)
 *   and 16e7ef4d (2024-08-08, DataCrunch L40S rows): instance prices, on-demand and spot.
 *   Here `usdPerGpuHour` = instance price / GPU count (what a renter pays per GPU); the
 *   CSV's own "Per-GPU" column differs for some Cudo Compute and Oblivus rows and is not
 *   used.
 *
 * Kept: rows whose GPU the reference resolved to a catalog id, plus rows whose candidate ids
 * differ only in form factor (A100 SXM/PCIe, H100 SXM/PCIe/NVL, H200 SXM/NVL, V100
 * SXM2/PCIe of a stated size): those take the first candidate (the SXM part) and carry
 * `formFactorAssumed: true`. Dropped: 158 rows with no candidate (GPUs outside the catalog),
 * 19 V100 rows of unstated memory, 4 rows labelled L40 but named L40S, 17 A10G rows (A10G is
 * not in the GPU catalog). No reserved or committed-use prices exist in either source.
 *
 * Provider names are unified across the two datasets: "Amazon AWS" -> "AWS", "Google Cloud"
 * -> "GCP", "Microsoft Azure" -> "Azure", "DataCrunch.io"/"Datacrunch" -> "DataCrunch",
 * "Lambda Cloud" -> "Lambda", "Jarvis Labs" -> "Jarvislabs".
 */

export type PricingType = "on-demand" | "spot" | "unspecified";

export interface PriceOffer {
  provider: string;
  /** GPU catalog id (`lib/catalog/gpus.ts`). */
  gpuId: string;
  /** GPU text as the source printed it. */
  gpuLabel: string;
  /** US dollars per GPU per hour. */
  usdPerGpuHour: number;
  pricingType: PricingType;
  /** YYYY-MM-DD: the date the price was last seen changed in its source (see above). */
  dataDate: string;
  /** Instance name (TokenTally rows only). */
  instanceType: string | null;
  /** GPUs in the instance (1 for per-GPU list prices). */
  gpuCount: number;
  /** Short source reference: repository, file and commit. */
  source: string;
  /** The source did not state SXM or PCIe (or NVL); the first candidate id was taken. */
  formFactorAssumed: boolean;
}

/** Where each row comes from (index = the tuple's source column). */
export const PRICE_SOURCES = [
  "cloud-gpus/cloud-gpus.github.io cloud_gpu.json @b0b08c2d (snapshot 2025-10-25)",
  "adarshxs/TokenTally cloud-gpus.csv @f5056e43 (2023-10-20)",
  "adarshxs/TokenTally cloud-gpus.csv @16e7ef4d (2024-08-08)",
] as const;

/** Date of the newest snapshot the prices were compiled from. */
export const PRICE_SNAPSHOT_DATE = "2025-10-25";

type PriceRow = [
  provider: string, gpuId: string, gpuLabel: string, usdPerGpuHour: number,
  pricingType: PricingType, dataDate: string, instanceType: string | null,
  gpuCount: number, source: 0 | 1 | 2, formFactorAssumed: 0 | 1,
];

// prettier-ignore
const ROWS: PriceRow[] = [
  ["TensorDock", "a10", "A10 (provider-specific; Lambda/Oracle 'A10')", 0.21, "unspecified", "2023-11-02", null, 1, 0, 0],
  ["Lambda", "a10", "A10 (provider-specific; Lambda/Oracle 'A10')", 0.75, "unspecified", "2024-09-05", null, 1, 0, 0],
  ["Oracle Cloud", "a10", "A10 (provider-specific; Lambda/Oracle 'A10')", 2.0, "unspecified", "2024-07-03", null, 1, 0, 0],
  ["Jarvislabs", "a100-sxm-40gb", "A100 (40 GB)", 0.69, "spot", "2023-10-20", null, 1, 1, 1],
  ["Jarvislabs", "a100-sxm-40gb", "A100 (40 GB)", 0.69, "spot", "2023-10-20", null, 2, 1, 1],
  ["Jarvislabs", "a100-sxm-40gb", "A100 (40 GB)", 0.69, "spot", "2023-10-20", null, 4, 1, 1],
  ["Jarvislabs", "a100-sxm-40gb", "A100 (40 GB)", 0.69, "spot", "2023-10-20", null, 8, 1, 1],
  ["RunPod", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 0.89, "unspecified", "2023-02-09", null, 1, 0, 1],
  ["SaladCloud", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 0.95, "unspecified", "2025-07-07", null, 1, 0, 1],
  ["Vast.ai", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.0, "unspecified", "2023-02-15", null, 1, 0, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 1.045, "spot", "2023-10-20", "a2-megagpu-16g", 16, 1, 1],
  ["Backprop", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.1, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["DataCrunch", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.1, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["FluidStack", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.1, "unspecified", "2023-05-23", null, 1, 0, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "spot", "2023-10-20", "a2-highgpu-1g", 1, 1, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "spot", "2023-10-20", "a2-highgpu-2g", 2, 1, 1],
  ["Jarvislabs", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Jarvislabs", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "on-demand", "2023-10-20", null, 2, 1, 1],
  ["Jarvislabs", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "on-demand", "2023-10-20", null, 4, 1, 1],
  ["Jarvislabs", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["Lambda", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Lambda", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "on-demand", "2023-10-20", null, 2, 1, 1],
  ["Lambda", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "on-demand", "2023-10-20", null, 4, 1, 1],
  ["Lambda", "a100-sxm-40gb", "A100 (40 GB)", 1.1, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 1.1013, "spot", "2023-10-20", "a2-highgpu-8g", 8, 1, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 1.1025, "spot", "2023-10-20", "a2-highgpu-4g", 4, 1, 1],
  ["Denvr", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.15, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["AWS", "a100-sxm-40gb", "A100 (40 GB)", 1.2288, "spot", "2023-10-20", "p4d.24xlarge", 8, 1, 0],
  ["AIME", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.25, "unspecified", "2025-09-15", null, 1, 0, 1],
  ["Jarvislabs", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.29, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Lambda", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.29, "unspecified", "2024-09-05", null, 1, 0, 1],
  ["Shakti Cloud", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.29, "unspecified", "2024-05-06", null, 1, 0, 1],
  ["Crusoe Cloud", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.45, "unspecified", "2023-11-02", null, 1, 0, 1],
  ["ACE Cloud", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.5, "unspecified", "2023-05-26", null, 1, 0, 1],
  ["RunC.AI", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 1.8, "unspecified", "2025-07-02", null, 1, 0, 1],
  ["Oblivus Cloud", "a100-sxm-40gb", "A100 (40 GB)", 2.39, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Oblivus Cloud", "a100-sxm-40gb", "A100 (40 GB)", 2.39, "on-demand", "2023-10-20", null, 2, 1, 1],
  ["Oblivus Cloud", "a100-sxm-40gb", "A100 (40 GB)", 2.39, "on-demand", "2023-10-20", null, 4, 1, 1],
  ["Oblivus Cloud", "a100-sxm-40gb", "A100 (40 GB)", 2.39, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["Cirrascale", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 2.87, "unspecified", "2023-06-10", null, 1, 0, 1],
  ["Oracle Cloud", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 3.05, "unspecified", "2024-07-03", null, 1, 0, 1],
  ["Paperspace", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 3.09, "unspecified", "2025-06-13", null, 1, 0, 1],
  ["Paperspace", "a100-sxm-40gb", "A100 (40 GB)", 3.09, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Paperspace", "a100-sxm-40gb", "A100 (40 GB)", 3.09, "on-demand", "2023-10-20", null, 2, 1, 1],
  ["Paperspace", "a100-sxm-40gb", "A100 (40 GB)", 3.09, "on-demand", "2023-10-20", null, 4, 1, 1],
  ["Paperspace", "a100-sxm-40gb", "A100 (40 GB)", 3.09, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 3.48, "on-demand", "2023-10-20", "a2-megagpu-16g", 16, 1, 1],
  ["GCP", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 3.67, "unspecified", "2023-10-05", null, 1, 0, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 3.67, "on-demand", "2023-10-20", "a2-highgpu-1g", 1, 1, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 3.67, "on-demand", "2023-10-20", "a2-highgpu-2g", 2, 1, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 3.67, "on-demand", "2023-10-20", "a2-highgpu-4g", 4, 1, 1],
  ["GCP", "a100-sxm-40gb", "A100 (40 GB)", 3.67, "on-demand", "2023-10-20", "a2-highgpu-8g", 8, 1, 1],
  ["AWS", "a100-sxm-40gb", "A100 40GB (form factor not stated)", 4.096, "unspecified", "2023-06-10", null, 1, 0, 1],
  ["AWS", "a100-sxm-40gb", "A100 (40 GB)", 4.0963, "on-demand", "2023-10-20", "p4d.24xlarge", 8, 1, 0],
  ["SaladCloud", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.0, "unspecified", "2025-07-07", null, 1, 0, 1],
  ["Latitude.sh", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.04, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["RunPod", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.19, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Sesterce", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.25, "unspecified", "2025-05-28", null, 1, 0, 1],
  ["Hyperstack", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.35, "unspecified", "2024-09-16", null, 1, 0, 1],
  ["Vast.ai", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.35, "unspecified", "2023-03-31", null, 1, 0, 1],
  ["DataCrunch", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.37, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Denvr", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.4, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Azure", "a100-sxm-80gb", "A100 (80 GB)", 1.47, "spot", "2023-10-20", "NC24ads A100 v4", 1, 1, 1],
  ["Azure", "a100-sxm-80gb", "A100 (80 GB)", 1.47, "spot", "2023-10-20", "NC48ads A100 v4", 2, 1, 1],
  ["Azure", "a100-sxm-80gb", "A100 (80 GB)", 1.47, "spot", "2023-10-20", "NC96ads A100 v4", 4, 1, 1],
  ["Oblivus Cloud", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.47, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Cudo Compute", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.5, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Lambda", "a100-sxm-80gb", "A100 (80 GB)", 1.5, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["Crusoe Cloud", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.65, "unspecified", "2023-11-02", null, 1, 0, 1],
  ["Lambda", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.79, "unspecified", "2024-09-05", null, 1, 0, 1],
  ["FluidStack", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.8, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["TensorDock", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.8, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["DataCrunch", "a100-sxm-80gb", "A100 (80 GB)", 1.85, "on-demand", "2023-10-20", "1A100.22V", 1, 1, 1],
  ["DataCrunch", "a100-sxm-80gb", "A100 (80 GB)", 1.85, "on-demand", "2023-10-20", "2A100.44V", 2, 1, 1],
  ["DataCrunch", "a100-sxm-80gb", "A100 (80 GB)", 1.85, "on-demand", "2023-10-20", "4A100.88V", 4, 1, 1],
  ["DataCrunch", "a100-sxm-80gb", "A100 (80 GB)", 1.85, "on-demand", "2023-10-20", "8A100.176V", 8, 1, 1],
  ["Massed Compute", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 1.89, "unspecified", "2024-07-03", null, 1, 0, 1],
  ["RunPod", "a100-sxm-80gb", "A100 (80 GB)", 1.89, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["Seeweb", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 2.0, "unspecified", "2024-11-15", null, 1, 0, 1],
  ["AIME", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 2.31, "unspecified", "2025-09-15", null, 1, 0, 1],
  ["Leafcloud", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 2.32, "unspecified", "2024-01-19", null, 1, 0, 1],
  ["Vultr", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 2.4, "unspecified", "2024-10-19", null, 1, 0, 1],
  ["Oblivus Cloud", "a100-sxm-80gb", "A100 (80 GB)", 2.55, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Oblivus Cloud", "a100-sxm-80gb", "A100 (80 GB)", 2.55, "on-demand", "2023-10-20", null, 2, 1, 1],
  ["Oblivus Cloud", "a100-sxm-80gb", "A100 (80 GB)", 2.55, "on-demand", "2023-10-20", null, 4, 1, 1],
  ["Oblivus Cloud", "a100-sxm-80gb", "A100 (80 GB)", 2.55, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["CoreWeave", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 2.7, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Ori Global Cloud", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 2.74, "unspecified", "2025-05-28", null, 1, 0, 1],
  ["ACE Cloud", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 3.0, "unspecified", "2023-05-26", null, 1, 0, 1],
  ["OVHcloud", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 3.07, "unspecified", "2024-05-16", null, 1, 0, 1],
  ["Paperspace", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 3.18, "unspecified", "2025-06-13", null, 1, 0, 1],
  ["Paperspace", "a100-sxm-80gb", "A100 (80 GB)", 3.18, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Paperspace", "a100-sxm-80gb", "A100 (80 GB)", 3.18, "on-demand", "2023-10-20", null, 2, 1, 1],
  ["Paperspace", "a100-sxm-80gb", "A100 (80 GB)", 3.18, "on-demand", "2023-10-20", null, 4, 1, 1],
  ["Paperspace", "a100-sxm-80gb", "A100 (80 GB)", 3.18, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["Cirrascale", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 3.25, "unspecified", "2023-06-10", null, 1, 0, 1],
  ["Azure", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 3.67, "unspecified", "2023-10-05", null, 1, 0, 1],
  ["Azure", "a100-sxm-80gb", "A100 (80 GB)", 3.67, "on-demand", "2023-10-20", "NC24ads A100 v4", 1, 1, 1],
  ["Azure", "a100-sxm-80gb", "A100 (80 GB)", 3.6725, "on-demand", "2023-10-20", "NC96ads A100 v4", 4, 1, 1],
  ["Azure", "a100-sxm-80gb", "A100 (80 GB)", 3.675, "on-demand", "2023-10-20", "NC48ads A100 v4", 2, 1, 1],
  ["Oracle Cloud", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 4.0, "unspecified", "2024-07-03", null, 1, 0, 1],
  ["Azure", "a100-sxm-80gb", "A100 (80 GB)", 4.6475, "on-demand", "2023-10-20", "ND96amsr A100 v4", 8, 1, 1],
  ["GCP", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 5.07, "unspecified", "2023-10-05", null, 1, 0, 1],
  ["AWS", "a100-sxm-80gb", "A100 80GB (form factor not stated)", 5.12, "unspecified", "2023-06-10", null, 1, 0, 1],
  ["AWS", "a100-sxm-80gb", "A100 (80 GB)", 5.1212, "on-demand", "2023-10-20", "p4de.24xlarge", 8, 1, 0],
  ["TensorDock", "a40", "A40", 0.4, "unspecified", "2023-11-02", null, 1, 0, 0],
  ["Vast.ai", "a40", "A40", 0.5, "unspecified", "2023-03-31", null, 1, 0, 0],
  ["Cudo Compute", "a40", "A40", 0.79, "unspecified", "2024-07-11", null, 1, 0, 0],
  ["RunPod", "a40", "A40", 0.79, "unspecified", "2023-05-23", null, 1, 0, 0],
  ["RunPod", "a40", "A40 (48 GB)", 0.79, "on-demand", "2023-10-20", null, 8, 1, 0],
  ["Crusoe Cloud", "a40", "A40", 0.9, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Denvr", "a40", "A40", 1.0, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Cirrascale", "a40", "A40", 1.44, "unspecified", "2023-06-10", null, 1, 0, 0],
  ["Oblivus Cloud", "a40", "A40 (48 GB)", 1.54, "on-demand", "2023-10-20", null, 1, 1, 0],
  ["Oblivus Cloud", "a40", "A40 (48 GB)", 1.54, "on-demand", "2023-10-20", null, 2, 1, 0],
  ["Oblivus Cloud", "a40", "A40 (48 GB)", 1.54, "on-demand", "2023-10-20", null, 4, 1, 0],
  ["Oblivus Cloud", "a40", "A40 (48 GB)", 1.54, "on-demand", "2023-10-20", null, 8, 1, 0],
  ["Vultr", "a40", "A40", 1.71, "unspecified", "2024-10-19", null, 1, 0, 0],
  ["FluidStack", "a40", "A40", 2.0, "unspecified", "2023-05-23", null, 1, 0, 0],
  ["Exoscale", "a40", "A40 (48 GB)", 2.13, "on-demand", "2023-10-20", "GPU3 SMALL", 1, 1, 0],
  ["Exoscale", "a40", "A40 (48 GB)", 2.1325, "on-demand", "2023-10-20", "GPU3 LARGE", 4, 1, 0],
  ["Exoscale", "a40", "A40", 2.133, "unspecified", "2023-05-27", null, 1, 0, 0],
  ["Exoscale", "a40", "A40 (48 GB)", 2.1338, "on-demand", "2023-10-20", "GPU3 HUGE", 8, 1, 0],
  ["Exoscale", "a40", "A40 (48 GB)", 2.135, "on-demand", "2023-10-20", "GPU3 MEDIUM", 2, 1, 0],
  ["Genesis Cloud", "b200", "B200", 3.75, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["DataCrunch", "b200", "'hb200' key (undocumented; likely HGX B200)", 4.49, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Sesterce", "b200", "B200", 4.9, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Cirrascale", "b200", "B200", 5.99, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["RunPod", "b200", "B200", 6.39, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["CoreWeave", "b200", "B200", 10.5, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Oracle Cloud", "b200", "B200", 16.0, "unspecified", "2025-06-20", null, 1, 0, 0],
  ["Vast.ai", "h100-sxm", "H100 (form factor not stated)", 1.8, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Hyperstack", "h100-sxm", "H100 (form factor not stated)", 1.9, "unspecified", "2024-09-16", null, 1, 0, 1],
  ["Oblivus Cloud", "h100-sxm", "H100 (form factor not stated)", 1.98, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Lambda", "h100-sxm", "H100 (80 GB)", 1.99, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Latitude.sh", "h100-sxm", "H100 (form factor not stated)", 1.99, "unspecified", "2025-05-30", null, 1, 0, 1],
  ["RunPod", "h100-sxm", "H100 (form factor not stated)", 1.99, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Sesterce", "h100-sxm", "H100 (form factor not stated)", 2.09, "unspecified", "2025-05-30", null, 1, 0, 1],
  ["DataCrunch", "h100-sxm", "H100 (form factor not stated)", 2.19, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Genesis Cloud", "h100-sxm", "H100 (form factor not stated)", 2.19, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Seeweb", "h100-sxm", "H100 (form factor not stated)", 2.22, "unspecified", "2024-11-15", null, 1, 0, 1],
  ["Cudo Compute", "h100-sxm", "H100 (form factor not stated)", 2.25, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["TensorDock", "h100-sxm", "H100 (form factor not stated)", 2.25, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Denvr", "h100-sxm", "H100 (form factor not stated)", 2.44, "unspecified", "2025-05-30", null, 1, 0, 1],
  ["Lambda", "h100-sxm", "H100 (form factor not stated)", 2.49, "unspecified", "2024-02-07", null, 1, 0, 1],
  ["RunC.AI", "h100-sxm", "H100 (form factor not stated)", 2.7, "unspecified", "2025-07-02", null, 1, 0, 1],
  ["Scaleway", "h100-sxm", "H100 (form factor not stated)", 2.76, "unspecified", "2024-04-16", null, 1, 0, 1],
  ["Latitude.sh", "h100-sxm", "H100 (80GB)", 2.8025, "on-demand", "2023-10-20", "g3.xlarge.x86", 8, 1, 1],
  ["FluidStack", "h100-sxm", "H100 (form factor not stated)", 2.89, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Ori Global Cloud", "h100-sxm", "H100 (form factor not stated)", 2.9, "unspecified", "2025-05-28", null, 1, 0, 1],
  ["Nebius", "h100-sxm", "H100 (form factor not stated)", 2.95, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Jarvislabs", "h100-sxm", "H100 (form factor not stated)", 2.99, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Latitude.sh", "h100-sxm", "H100 (80GB)", 2.99, "on-demand", "2023-10-20", "g3.large.x86", 4, 1, 1],
  ["Massed Compute", "h100-sxm", "H100 (form factor not stated)", 2.99, "unspecified", "2024-07-03", null, 1, 0, 1],
  ["OVHcloud", "h100-sxm", "H100 (form factor not stated)", 2.99, "unspecified", "2024-05-16", null, 1, 0, 1],
  ["Vultr", "h100-sxm", "H100 (form factor not stated)", 2.99, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["DigitalOcean", "h100-sxm", "H100 (form factor not stated)", 3.39, "unspecified", "2025-06-18", null, 1, 0, 1],
  ["NeevCloud", "h100-sxm", "H100 (form factor not stated)", 3.49, "unspecified", "2025-05-30", null, 1, 0, 1],
  ["ACE Cloud", "h100-sxm", "H100 (form factor not stated)", 3.69, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Crusoe Cloud", "h100-sxm", "H100 (form factor not stated)", 3.9, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["AIME", "h100-sxm", "H100 (form factor not stated)", 3.91, "unspecified", "2025-09-15", null, 1, 0, 1],
  ["Atlantic.Net", "h100-sxm", "H100 (form factor not stated)", 3.94, "unspecified", "2025-06-23", null, 1, 0, 1],
  ["Leafcloud", "h100-sxm", "H100 (form factor not stated)", 4.23, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Cirrascale", "h100-sxm", "H100 (form factor not stated)", 4.28, "unspecified", "2023-06-10", null, 1, 0, 1],
  ["Shakti Cloud", "h100-sxm", "H100 (form factor not stated)", 4.99, "unspecified", "2024-05-06", null, 1, 0, 1],
  ["LeaderGPU", "h100-sxm", "H100 (form factor not stated)", 5.2, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Paperspace", "h100-sxm", "H100 (form factor not stated)", 5.95, "unspecified", "2025-06-13", null, 1, 0, 1],
  ["CoreWeave", "h100-sxm", "H100 (form factor not stated)", 6.16, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Oracle Cloud", "h100-sxm", "H100 (form factor not stated)", 10.0, "unspecified", "2024-07-03", null, 1, 0, 1],
  ["Lambda", "h200-sxm", "H200 (form factor not stated)", 1.49, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Vast.ai", "h200-sxm", "H200 (form factor not stated)", 2.4, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Sesterce", "h200-sxm", "H200 (form factor not stated)", 2.48, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Seeweb", "h200-sxm", "H200 (form factor not stated)", 2.93, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Vultr", "h200-sxm", "H200 (form factor not stated)", 2.99, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["NeevCloud", "h200-sxm", "H200 (form factor not stated)", 3.0, "unspecified", "2025-05-30", null, 1, 0, 1],
  ["DataCrunch", "h200-sxm", "H200 (form factor not stated)", 3.13, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Genesis Cloud", "h200-sxm", "H200 (form factor not stated)", 3.15, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["DigitalOcean", "h200-sxm", "H200 (form factor not stated)", 3.44, "unspecified", "2025-08-14", null, 1, 0, 1],
  ["Nebius", "h200-sxm", "H200 (form factor not stated)", 3.5, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Ori Global Cloud", "h200-sxm", "H200 (form factor not stated)", 3.5, "unspecified", "2025-05-28", null, 1, 0, 1],
  ["RunPod", "h200-sxm", "H200 (form factor not stated)", 3.59, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Jarvislabs", "h200-sxm", "H200 (form factor not stated)", 3.8, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Denvr", "h200-sxm", "H200 (form factor not stated)", 3.87, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Oblivus Cloud", "h200-sxm", "H200 (form factor not stated)", 3.99, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Latitude.sh", "h200-sxm", "H200 (form factor not stated)", 4.23, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Crusoe Cloud", "h200-sxm", "H200 (form factor not stated)", 4.29, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Cirrascale", "h200-sxm", "H200 (form factor not stated)", 4.54, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["AIME", "h200-sxm", "H200 (form factor not stated)", 4.55, "unspecified", "2025-09-15", null, 1, 0, 1],
  ["CoreWeave", "h200-sxm", "H200 (form factor not stated)", 6.31, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["LeaderGPU", "h200-sxm", "H200 (form factor not stated)", 8.89, "unspecified", "2025-05-29", null, 1, 0, 1],
  ["Oracle Cloud", "h200-sxm", "H200 (form factor not stated)", 10.0, "unspecified", "2025-06-20", null, 1, 0, 1],
  ["Seeweb", "l4", "L4", 0.4, "unspecified", "2024-11-15", null, 1, 0, 0],
  ["GCP", "l4", "L4", 0.71, "unspecified", "2023-10-05", null, 1, 0, 0],
  ["OVHcloud", "l4", "L4", 1.0, "unspecified", "2024-05-16", null, 1, 0, 0],
  ["Vultr", "l4", "L4", 1.0, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Seeweb", "l40", "L40", 0.9, "unspecified", "2024-11-15", null, 1, 0, 0],
  ["TensorDock", "l40", "L40", 0.95, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Massed Compute", "l40", "L40", 0.99, "unspecified", "2024-07-03", null, 1, 0, 0],
  ["Sesterce", "l40", "L40", 0.99, "unspecified", "2025-05-28", null, 1, 0, 0],
  ["Hyperstack", "l40", "L40", 1.0, "unspecified", "2024-09-16", null, 1, 0, 0],
  ["Oblivus Cloud", "l40", "L40", 1.05, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["CoreWeave", "l40", "L40", 1.25, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["RunPod", "l40", "L40", 1.29, "unspecified", "2023-05-23", null, 1, 0, 0],
  ["Cudo Compute", "l40", "L40", 1.36, "unspecified", "2024-07-11", null, 1, 0, 0],
  ["Latitude.sh", "l40s", "L40S", 0.71, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["SaladCloud", "l40s", "L40S", 0.81, "unspecified", "2025-07-07", null, 1, 0, 0],
  ["Cudo Compute", "l40s", "L40S", 0.87, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["DataCrunch", "l40s", "L40S", 0.91, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Crusoe Cloud", "l40s", "L40S", 1.0, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["FluidStack", "l40s", "L40S", 1.3, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Nebius", "l40s", "L40S", 1.55, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Ori Global Cloud", "l40s", "L40S", 1.55, "unspecified", "2025-05-28", null, 1, 0, 0],
  ["DigitalOcean", "l40s", "L40S", 1.57, "unspecified", "2025-06-18", null, 1, 0, 0],
  ["Atlantic.Net", "l40s", "L40S", 1.67, "unspecified", "2025-06-23", null, 1, 0, 0],
  ["Vultr", "l40s", "L40S", 1.67, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["CoreWeave", "l40s", "L40S", 2.25, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Oracle Cloud", "l40s", "L40S", 3.5, "unspecified", "2025-06-20", null, 1, 0, 0],
  ["Cirrascale", "mi250x", "MI250X", 1.6, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["TensorWave", "mi300x", "MI300X", 1.5, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["DigitalOcean", "mi300x", "MI300X", 1.99, "unspecified", "2025-06-18", null, 1, 0, 0],
  ["RunPod", "mi300x", "MI300X", 1.99, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Seeweb", "mi300x", "MI300X", 2.65, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["HotAisle", "mi300x", "MI300X", 3.0, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Sesterce", "mi300x", "MI300X", 3.3, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Crusoe Cloud", "mi300x", "MI300X", 3.45, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Cirrascale", "mi300x", "MI300X", 3.85, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Vultr", "mi300x", "MI300X", 3.99, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Oracle Cloud", "mi300x", "MI300X", 6.0, "unspecified", "2025-06-20", null, 1, 0, 0],
  ["DigitalOcean", "mi325x", "MI325X", 1.69, "unspecified", "2025-07-20", null, 1, 0, 0],
  ["TensorWave", "mi325x", "MI325X", 2.25, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Vultr", "mi325x", "MI325X", 4.62, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["TensorDock", "rtx-3090", "RTX 3090", 0.2, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Vast.ai", "rtx-3090", "RTX 3090", 0.2, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Genesis Cloud", "rtx-3090", "RTX 3090", 0.22, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["RunPod", "rtx-3090", "RTX 3090", 0.22, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["SaladCloud", "rtx-3090", "RTX 3090", 0.25, "unspecified", "2025-07-07", null, 1, 0, 0],
  ["RunC.AI", "rtx-3090", "RTX 3090", 0.3, "unspecified", "2025-07-02", null, 1, 0, 0],
  ["Backprop", "rtx-3090", "RTX 3090", 0.36, "unspecified", "2024-05-06", null, 1, 0, 0],
  ["AIME", "rtx-3090", "RTX 3090", 0.41, "unspecified", "2025-09-15", null, 1, 0, 0],
  ["NeevCloud", "rtx-3090", "RTX 3090", 0.56, "unspecified", "2025-06-14", null, 1, 0, 0],
  ["FluidStack", "rtx-3090", "RTX 3090", 0.89, "unspecified", "2023-05-23", null, 1, 0, 0],
  ["LeaderGPU", "rtx-3090", "RTX 3090", 2.4, "unspecified", "2021-05-20", null, 1, 0, 0],
  ["SaladCloud", "rtx-4090", "RTX 4090", 0.3, "unspecified", "2025-07-07", null, 1, 0, 0],
  ["RunPod", "rtx-4090", "RTX 4090", 0.34, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["TensorDock", "rtx-4090", "RTX 4090", 0.35, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Sesterce", "rtx-4090", "RTX 4090", 0.4, "unspecified", "2025-05-28", null, 1, 0, 0],
  ["Vast.ai", "rtx-4090", "RTX 4090", 0.4, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["RunC.AI", "rtx-4090", "RTX 4090", 0.42, "unspecified", "2025-07-02", null, 1, 0, 0],
  ["Genesis Cloud", "rtx-4090", "RTX 4090", 0.55, "unspecified", "2025-05-30", null, 1, 0, 0],
  ["Oblivus Cloud", "rtx-4090", "RTX 4090", 0.64, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["AIME", "rtx-4090", "RTX 4090", 1.61, "unspecified", "2025-09-15", null, 1, 0, 0],
  ["LeaderGPU", "rtx-4090", "RTX 4090", 2.59, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Vast.ai", "rtx-6000-ada", "RTX 6000 Ada", 0.66, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["RunPod", "rtx-6000-ada", "RTX 6000 Ada", 0.74, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Jarvislabs", "rtx-6000-ada", "RTX 6000 Ada", 0.99, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["AIME", "rtx-6000-ada", "RTX 6000 Ada", 1.11, "unspecified", "2025-09-15", null, 1, 0, 0],
  ["DataCrunch", "rtx-6000-ada", "RTX 6000 Ada", 1.11, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Sesterce", "rtx-6000-ada", "RTX 6000 Ada", 1.18, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["RunPod", "rtx-a6000", "RTX A6000", 0.33, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["TensorDock", "rtx-a6000", "RTX A6000", 0.4, "unspecified", "2023-11-02", null, 1, 0, 0],
  ["Cudo Compute", "rtx-a6000", "RTX A6000", 0.45, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Sesterce", "rtx-a6000", "RTX A6000", 0.49, "unspecified", "2025-05-28", null, 1, 0, 0],
  ["Hyperstack", "rtx-a6000", "RTX A6000", 0.5, "unspecified", "2024-09-16", null, 1, 0, 0],
  ["Oblivus Cloud", "rtx-a6000", "RTX A6000", 0.55, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Vast.ai", "rtx-a6000", "RTX A6000", 0.56, "unspecified", "2023-03-31", null, 1, 0, 0],
  ["Jarvislabs", "rtx-a6000", "A6000 (48 GB)", 0.59, "spot", "2023-10-20", null, 1, 1, 0],
  ["Jarvislabs", "rtx-a6000", "A6000 (48 GB)", 0.59, "spot", "2023-10-20", null, 2, 1, 0],
  ["Jarvislabs", "rtx-a6000", "A6000 (48 GB)", 0.59, "spot", "2023-10-20", null, 4, 1, 0],
  ["Jarvislabs", "rtx-a6000", "A6000 (48 GB)", 0.59, "spot", "2023-10-20", null, 8, 1, 0],
  ["Massed Compute", "rtx-a6000", "RTX A6000", 0.63, "unspecified", "2025-09-17", null, 1, 0, 0],
  ["DataCrunch", "rtx-a6000", "RTX A6000", 0.77, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Seeweb", "rtx-a6000", "RTX A6000", 0.78, "unspecified", "2024-11-15", null, 1, 0, 0],
  ["Cudo Compute", "rtx-a6000", "A6000 (48 GB)", 0.79, "on-demand", "2023-10-20", null, 1, 1, 0],
  ["Cudo Compute", "rtx-a6000", "A6000 (48 GB)", 0.79, "on-demand", "2023-10-20", null, 1, 1, 0],
  ["Jarvislabs", "rtx-a6000", "RTX A6000", 0.79, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["RunPod", "rtx-a6000", "A6000 (48 GB)", 0.79, "on-demand", "2023-10-20", null, 8, 1, 0],
  ["Lambda", "rtx-a6000", "RTX A6000", 0.8, "unspecified", "2022-08-09", null, 1, 0, 0],
  ["Lambda", "rtx-a6000", "A6000 (48 GB)", 0.8, "on-demand", "2023-10-20", null, 1, 1, 0],
  ["Lambda", "rtx-a6000", "A6000 (48 GB)", 0.8, "on-demand", "2023-10-20", null, 2, 1, 0],
  ["Lambda", "rtx-a6000", "A6000 (48 GB)", 0.8, "on-demand", "2023-10-20", null, 4, 1, 0],
  ["NeevCloud", "rtx-a6000", "RTX A6000", 0.81, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["Cudo Compute", "rtx-a6000", "A6000 (48 GB)", 0.815, "on-demand", "2023-10-20", null, 2, 1, 0],
  ["Cudo Compute", "rtx-a6000", "A6000 (48 GB)", 0.85, "on-demand", "2023-10-20", null, 2, 1, 0],
  ["Cudo Compute", "rtx-a6000", "A6000 (48 GB)", 0.85, "on-demand", "2023-10-20", null, 4, 1, 0],
  ["Cudo Compute", "rtx-a6000", "A6000 (48 GB)", 0.8512, "on-demand", "2023-10-20", null, 8, 1, 0],
  ["Crusoe Cloud", "rtx-a6000", "RTX A6000", 0.92, "unspecified", "2023-11-02", null, 1, 0, 0],
  ["Jarvislabs", "rtx-a6000", "A6000 (48 GB)", 0.99, "on-demand", "2023-10-20", null, 1, 1, 0],
  ["Jarvislabs", "rtx-a6000", "A6000 (48 GB)", 0.99, "on-demand", "2023-10-20", null, 2, 1, 0],
  ["Jarvislabs", "rtx-a6000", "A6000 (48 GB)", 0.99, "on-demand", "2023-10-20", null, 4, 1, 0],
  ["Jarvislabs", "rtx-a6000", "A6000 (48 GB)", 0.99, "on-demand", "2023-10-20", null, 8, 1, 0],
  ["AIME", "rtx-a6000", "RTX A6000", 1.05, "unspecified", "2025-09-15", null, 1, 0, 0],
  ["Cirrascale", "rtx-a6000", "RTX A6000", 1.12, "unspecified", "2023-06-10", null, 1, 0, 0],
  ["DataCrunch", "rtx-a6000", "A6000 (48 GB)", 1.25, "on-demand", "2023-10-20", "1A6000.10V", 1, 1, 0],
  ["DataCrunch", "rtx-a6000", "A6000 (48 GB)", 1.25, "on-demand", "2023-10-20", "8A6000.80V", 8, 1, 0],
  ["Oblivus Cloud", "rtx-a6000", "A6000 (48 GB)", 1.54, "on-demand", "2023-10-20", null, 1, 1, 0],
  ["Oblivus Cloud", "rtx-a6000", "A6000 (48 GB)", 1.54, "on-demand", "2023-10-20", null, 2, 1, 0],
  ["Oblivus Cloud", "rtx-a6000", "A6000 (48 GB)", 1.54, "on-demand", "2023-10-20", null, 4, 1, 0],
  ["Oblivus Cloud", "rtx-a6000", "A6000 (48 GB)", 1.54, "on-demand", "2023-10-20", null, 8, 1, 0],
  ["LeaderGPU", "rtx-a6000", "RTX A6000", 1.86, "unspecified", "2021-08-29", null, 1, 0, 0],
  ["Paperspace", "rtx-a6000", "RTX A6000", 1.89, "unspecified", "2022-07-25", null, 1, 0, 0],
  ["Paperspace", "rtx-a6000", "A6000 (48 GB)", 1.89, "on-demand", "2023-10-20", null, 1, 1, 0],
  ["Paperspace", "rtx-a6000", "A6000 (48 GB)", 1.89, "on-demand", "2023-10-20", null, 2, 1, 0],
  ["Paperspace", "rtx-a6000", "A6000 (48 GB)", 1.89, "on-demand", "2023-10-20", null, 4, 1, 0],
  ["FluidStack", "rtx-a6000", "RTX A6000", 2.0, "unspecified", "2023-05-23", null, 1, 0, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.16, "spot", "2023-10-20", "g4dn.xlarge", 1, 1, 0],
  ["Azure", "t4", "T4 (16 GB)", 0.21, "spot", "2023-10-20", "NC4as T4 v3", 1, 1, 0],
  ["GCP", "t4", "T4 (16 GB)", 0.21, "spot", "2023-10-20", "n1-highmem-8", 1, 1, 0],
  ["GCP", "t4", "T4 (16 GB)", 0.21, "spot", "2023-10-20", "n1-highmem-16", 2, 1, 0],
  ["GCP", "t4", "T4 (16 GB)", 0.21, "spot", "2023-10-20", "n1-highmem-32", 4, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.23, "spot", "2023-10-20", "g4dn.2xlarge", 1, 1, 0],
  ["NeevCloud", "t4", "T4", 0.28, "unspecified", "2025-05-29", null, 1, 0, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.2938, "spot", "2023-10-20", "g4dn.metal", 8, 1, 0],
  ["Azure", "t4", "T4 (16 GB)", 0.3, "spot", "2023-10-20", "NC8as T4 v3", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.3275, "spot", "2023-10-20", "g4dn.12xlarge", 4, 1, 0],
  ["Shakti Cloud", "t4", "T4", 0.33, "unspecified", "2024-05-06", null, 1, 0, 0],
  ["GCP", "t4", "T4", 0.35, "unspecified", "2023-10-05", null, 1, 0, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.36, "spot", "2023-10-20", "g4dn.4xlarge", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.36, "spot", "2023-10-20", "g4dn.4xlarge", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.36, "spot", "2023-10-20", "g4dn.4xlarge", 1, 1, 0],
  ["Azure", "t4", "T4 (16 GB)", 0.4325, "spot", "2023-10-20", "NC64as T4 v3", 4, 1, 0],
  ["Azure", "t4", "T4 (16 GB)", 0.48, "spot", "2023-10-20", "NC16as T4 v3", 1, 1, 0],
  ["AWS", "t4", "T4", 0.53, "unspecified", "2023-10-05", null, 1, 0, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.53, "on-demand", "2023-10-20", "g4dn.xlarge", 1, 1, 0],
  ["Azure", "t4", "T4", 0.53, "unspecified", "2021-05-20", null, 1, 0, 0],
  ["Azure", "t4", "T4 (16 GB)", 0.53, "on-demand", "2023-10-20", "NC4as T4 v3", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.65, "spot", "2023-10-20", "g4dn.8xlarge", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.75, "on-demand", "2023-10-20", "g4dn.2xlarge", 1, 1, 0],
  ["Azure", "t4", "T4 (16 GB)", 0.75, "on-demand", "2023-10-20", "NC8as T4 v3", 1, 1, 0],
  ["GCP", "t4", "T4 (16 GB)", 0.82, "on-demand", "2023-10-20", "n1-highmem-8", 1, 1, 0],
  ["GCP", "t4", "T4 (16 GB)", 0.8225, "on-demand", "2023-10-20", "n1-highmem-32", 4, 1, 0],
  ["GCP", "t4", "T4 (16 GB)", 0.825, "on-demand", "2023-10-20", "n1-highmem-16", 2, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.9775, "on-demand", "2023-10-20", "g4dn.12xlarge", 4, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 0.9775, "on-demand", "2023-10-20", "g4dn.metal", 8, 1, 0],
  ["Azure", "t4", "T4 (16 GB)", 1.0875, "on-demand", "2023-10-20", "NC64as T4 v3", 4, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 1.2, "on-demand", "2023-10-20", "g4dn.4xlarge", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 1.2, "on-demand", "2023-10-20", "g4dn.4xlarge", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 1.2, "on-demand", "2023-10-20", "g4dn.4xlarge", 1, 1, 0],
  ["Azure", "t4", "T4 (16 GB)", 1.2, "on-demand", "2023-10-20", "NC16as T4 v3", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 1.21, "spot", "2023-10-20", "g4dn.16xlarge", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 2.18, "on-demand", "2023-10-20", "g4dn.8xlarge", 1, 1, 0],
  ["AWS", "t4", "T4 (16 GB)", 4.35, "on-demand", "2023-10-20", "g4dn.16xlarge", 1, 1, 0],
  ["Lambda", "v100-sxm2-16gb", "V100 (16 GB)", 0.55, "on-demand", "2023-10-20", null, 8, 1, 1],
  ["Oblivus Cloud", "v100-sxm2-16gb", "V100 (16 GB)", 0.65, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Oblivus Cloud", "v100-sxm2-16gb", "V100 (16 GB)", 0.65, "on-demand", "2023-10-20", null, 2, 1, 1],
  ["Oblivus Cloud", "v100-sxm2-16gb", "V100 (16 GB)", 0.65, "on-demand", "2023-10-20", null, 4, 1, 1],
  ["Exoscale", "v100-sxm2-16gb", "V100 (16 GB)", 0.83, "on-demand", "2023-10-20", "GPU2 HUGE", 4, 1, 1],
  ["GCP", "v100-sxm2-16gb", "V100 (16 GB)", 0.84, "spot", "2023-10-20", "n1-highmem-8", 1, 1, 1],
  ["GCP", "v100-sxm2-16gb", "V100 (16 GB)", 0.84, "spot", "2023-10-20", "n1-highmem-16", 2, 1, 1],
  ["GCP", "v100-sxm2-16gb", "V100 (16 GB)", 0.84, "spot", "2023-10-20", "n1-highmem-32", 4, 1, 1],
  ["GCP", "v100-sxm2-16gb", "V100 (16 GB)", 0.84, "spot", "2023-10-20", "n1-highmem-64", 8, 1, 1],
  ["AWS", "v100-sxm2-16gb", "V100 (16 GB)", 0.9175, "spot", "2023-10-20", "p3.8xlarge", 4, 1, 0],
  ["AWS", "v100-sxm2-16gb", "V100 (16 GB)", 0.9175, "spot", "2023-10-20", "p3.16xlarge", 8, 1, 0],
  ["AWS", "v100-sxm2-16gb", "V100 (16 GB)", 0.92, "spot", "2023-10-20", "p3.2xlarge", 1, 1, 0],
  ["DataCrunch", "v100-sxm2-16gb", "V100 (16 GB)", 1.0, "on-demand", "2023-10-20", "1V100.6V", 1, 1, 1],
  ["DataCrunch", "v100-sxm2-16gb", "V100 (16 GB)", 1.0, "on-demand", "2023-10-20", "2V100.10V", 2, 1, 1],
  ["DataCrunch", "v100-sxm2-16gb", "V100 (16 GB)", 1.0, "on-demand", "2023-10-20", "4V100.20V", 4, 1, 1],
  ["DataCrunch", "v100-sxm2-16gb", "V100 (16 GB)", 1.0, "on-demand", "2023-10-20", "8V100.48V", 8, 1, 1],
  ["Exoscale", "v100-sxm2-16gb", "V100 (16 GB)", 1.005, "on-demand", "2023-10-20", "GPU2 MEDIUM", 2, 1, 1],
  ["Azure", "v100-sxm2-16gb", "V100 (16 GB)", 1.35, "spot", "2023-10-20", "NC6s v3", 1, 1, 1],
  ["Azure", "v100-sxm2-16gb", "V100 (16 GB)", 1.35, "spot", "2023-10-20", "NC12s v3", 2, 1, 1],
  ["Azure", "v100-sxm2-16gb", "V100 (16 GB)", 1.35, "spot", "2023-10-20", "NC24s v3", 4, 1, 1],
  ["Exoscale", "v100-sxm2-16gb", "V100 (16 GB)", 1.38, "on-demand", "2023-10-20", "GPU2 SMALL", 1, 1, 1],
  ["OVHcloud", "v100-sxm2-16gb", "V100 (16 GB)", 1.97, "on-demand", "2023-10-20", "t1-45", 1, 1, 1],
  ["OVHcloud", "v100-sxm2-16gb", "V100 (16 GB)", 1.97, "on-demand", "2023-10-20", "t1-90", 2, 1, 1],
  ["OVHcloud", "v100-sxm2-16gb", "V100 (16 GB)", 1.9725, "on-demand", "2023-10-20", "t1-180", 4, 1, 1],
  ["Paperspace", "v100-sxm2-16gb", "V100 (16 GB)", 2.3, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["GCP", "v100-sxm2-16gb", "V100 (16 GB)", 2.95, "on-demand", "2023-10-20", "n1-highmem-8", 1, 1, 1],
  ["GCP", "v100-sxm2-16gb", "V100 (16 GB)", 2.9525, "on-demand", "2023-10-20", "n1-highmem-32", 4, 1, 1],
  ["GCP", "v100-sxm2-16gb", "V100 (16 GB)", 2.9537, "on-demand", "2023-10-20", "n1-highmem-64", 8, 1, 1],
  ["GCP", "v100-sxm2-16gb", "V100 (16 GB)", 2.955, "on-demand", "2023-10-20", "n1-highmem-16", 2, 1, 1],
  ["AWS", "v100-sxm2-16gb", "V100 (16 GB)", 3.06, "on-demand", "2023-10-20", "p3.2xlarge", 1, 1, 0],
  ["AWS", "v100-sxm2-16gb", "V100 (16 GB)", 3.06, "on-demand", "2023-10-20", "p3.8xlarge", 4, 1, 0],
  ["AWS", "v100-sxm2-16gb", "V100 (16 GB)", 3.06, "on-demand", "2023-10-20", "p3.16xlarge", 8, 1, 0],
  ["Azure", "v100-sxm2-16gb", "V100 (16 GB)", 3.06, "on-demand", "2023-10-20", "NC6s v3", 1, 1, 1],
  ["Azure", "v100-sxm2-16gb", "V100 (16 GB)", 3.06, "on-demand", "2023-10-20", "NC12s v3", 2, 1, 1],
  ["Azure", "v100-sxm2-16gb", "V100 (16 GB)", 3.06, "on-demand", "2023-10-20", "NC24s v3", 4, 1, 1],
  ["AWS", "v100-sxm2-32gb", "V100 (32 GB)", 1.17, "spot", "2023-10-20", "p3dn.24xlarge", 8, 1, 0],
  ["OVHcloud", "v100-sxm2-32gb", "V100 (32 GB)", 2.19, "on-demand", "2023-10-20", "t2-45", 1, 1, 1],
  ["OVHcloud", "v100-sxm2-32gb", "V100 (32 GB)", 2.19, "on-demand", "2023-10-20", "t2-90", 2, 1, 1],
  ["OVHcloud", "v100-sxm2-32gb", "V100 (32 GB)", 2.19, "on-demand", "2023-10-20", "t2-180", 4, 1, 1],
  ["Paperspace", "v100-sxm2-32gb", "V100 (32 GB)", 2.3, "on-demand", "2023-10-20", null, 1, 1, 1],
  ["Paperspace", "v100-sxm2-32gb", "V100 (32 GB)", 2.3, "on-demand", "2023-10-20", null, 2, 1, 1],
  ["Paperspace", "v100-sxm2-32gb", "V100 (32 GB)", 2.3, "on-demand", "2023-10-20", null, 4, 1, 1],
  ["AWS", "v100-sxm2-32gb", "V100 (32 GB)", 3.9013, "on-demand", "2023-10-20", "p3dn.24xlarge", 8, 1, 0],
];

export const PRICE_CATALOG: readonly PriceOffer[] = ROWS.map((row) => ({
  provider: row[0],
  gpuId: row[1],
  gpuLabel: row[2],
  usdPerGpuHour: row[3],
  pricingType: row[4],
  dataDate: row[5],
  instanceType: row[6],
  gpuCount: row[7],
  source: PRICE_SOURCES[row[8]],
  formFactorAssumed: row[9] === 1,
}));

/** Every provider in the price catalog, sorted. */
export const PROVIDERS: readonly string[] = [...new Set(PRICE_CATALOG.map((offer) => offer.provider))].sort(
  (a, b) => a.localeCompare(b),
);

/**
 * The catalog's offers grouped by GPU id (trimmed, lower case), built on first use: the planner
 * asks for the price of every GPU of every plan it ranks, thousands of look-ups per answer.
 */
let byGpu: Map<string, PriceOffer[]> | undefined;
function offersByGpu(): Map<string, PriceOffer[]> {
  if (byGpu) return byGpu;
  byGpu = new Map();
  for (const offer of PRICE_CATALOG) {
    const key = offer.gpuId.trim().toLowerCase();
    const list = byGpu.get(key);
    if (list) list.push(offer);
    else byGpu.set(key, [offer]);
  }
  return byGpu;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * All offers for one GPU, cheapest first.
 *
 * @example offersForGpu({gpuId: "h100-sxm"})[0].usdPerGpuHour // the lowest listed price
 */
export function offersForGpu(options: {gpuId: string; provider?: string; pricingType?: PricingType} | string): PriceOffer[] {
  const {gpuId, provider, pricingType} = typeof options === "string" ? {gpuId: options} : options;
  return (offersByGpu().get(gpuId.trim().toLowerCase()) ?? []).filter(
    (offer) =>
      (provider === undefined || sameName(offer.provider, provider)) &&
      (pricingType === undefined || offer.pricingType === pricingType),
  ).sort((a, b) => a.usdPerGpuHour - b.usdPerGpuHour || b.dataDate.localeCompare(a.dataDate));
}

/**
 * The cheapest offer for a GPU, optionally from one provider and/or of one pricing type.
 * Ties go to the newer price.
 *
 * @example cheapestOffer({gpuId: "a100-sxm-80gb", provider: "Lambda"})
 * @returns undefined when nothing matches.
 */
export function cheapestOffer(options: {gpuId: string; provider?: string; pricingType?: PricingType}): PriceOffer | undefined {
  return offersForGpu(options)[0];
}

/** The catalog's price of one GPU-hour and what it is made of. */
export interface CatalogPrice {
  usdPerGpuHour: number;
  /** "median of 12 offers (lambda), dated 2024-01-02 to 2025-07-01": what the price is. */
  basis: string;
  /** The offers the median is taken over. */
  offers: number;
}

/**
 * The one price rule of the engine, the planner and the pages: the price of one hour of a GPU
 * kind is the **median** of the catalog's offers for it (of one provider when one is named; of
 * one pricing type when one is given), the mean of the two middle prices for an even count;
 * null when nothing matches. Spot, on-demand and unspecified offers are pooled, as listed.
 * The median rather than the cheapest: one outlier offer (a marketplace's spot price, a stale
 * promotion) moves the minimum but not the median (dated 2026-12; prices: PRICE_SOURCES).
 *
 * `pricing.provider` in a scenario (resolve.ts), the planner's default and provider prices
 * (lib/planner/price.ts, request.ts) and the pages' default price (priceSummary's median) all
 * come from here.
 *
 * @example catalogPrice({gpuId: "h100-sxm"})?.usdPerGpuHour // the median listed H100 SXM hour
 */
export function catalogPrice(options: {gpuId: string; provider?: string; pricingType?: PricingType}): CatalogPrice | null {
  const offers = offersForGpu(options);
  const n = offers.length;
  if (n === 0) return null;
  const prices = offers.map((offer) => offer.usdPerGpuHour);
  const usdPerGpuHour = n % 2 === 1 ? prices[(n - 1) / 2]! : (prices[n / 2 - 1]! + prices[n / 2]!) / 2;
  const dates = offers.map((offer) => offer.dataDate).sort();
  const who = options.provider ? ` (${offers[0]!.provider}${options.pricingType ? ` ${options.pricingType}` : ""})` : options.pricingType ? ` (${options.pricingType})` : "";
  const when = dates[0] === dates[n - 1] ? `dated ${dates[0]}` : `dated ${dates[0]} to ${dates[n - 1]}`;
  return {usdPerGpuHour, basis: n === 1 ? `one offer${who}, ${when}` : `median of ${n} offers${who}, ${when}`, offers: n};
}

export interface PriceSummary {
  gpuId: string;
  /** Lowest offer, or null when the GPU has no offer. */
  cheapest: PriceOffer | null;
  /** Median of all offers' USD per GPU-hour (mean of the two middle ones for an even count); null when none. */
  medianUsdPerGpuHour: number | null;
  count: number;
  newestDate: string | null;
  oldestDate: string | null;
}

/**
 * Cheapest, median and date range of the offers for one GPU.
 *
 * Median: the one price rule, {@link catalogPrice} (the middle of the sorted per-GPU-hour prices,
 * the average of the two middle values when the count is even). Spot, on-demand and unspecified prices are pooled unless
 * `pricingType` is given.
 *
 * @example priceSummary({gpuId: "h100-sxm"}) // {cheapest, medianUsdPerGpuHour, count, newestDate, oldestDate}
 */
export function priceSummary(options: {gpuId: string; pricingType?: PricingType} | string): PriceSummary {
  const query = typeof options === "string" ? {gpuId: options} : options;
  const offers = offersForGpu(query);
  const n = offers.length;
  const median = catalogPrice(query)?.usdPerGpuHour ?? null;
  const dates = offers.map((offer) => offer.dataDate).sort();
  return {
    gpuId: query.gpuId,
    cheapest: offers[0] ?? null,
    medianUsdPerGpuHour: median,
    count: n,
    newestDate: dates[n - 1] ?? null,
    oldestDate: dates[0] ?? null,
  };
}
