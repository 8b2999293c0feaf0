/**
 * Data loader (run at build time with tsx): the GPU table as JSON, see `gpuTable.ts`.
 * Reads only the engine's catalogs; no network.
 */
import {GPU_CATALOG, PRICE_CATALOG, PRICE_SNAPSHOT_DATE, PRICE_SOURCES} from "../../lib/catalog/index.ts";
import {gpuTable} from "./gpuTable.ts";

process.stdout.write(JSON.stringify(gpuTable({gpus: GPU_CATALOG, offers: PRICE_CATALOG, priceSnapshotDate: PRICE_SNAPSHOT_DATE, priceSources: PRICE_SOURCES})));
