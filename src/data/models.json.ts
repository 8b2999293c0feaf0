/**
 * Data loader (run at build time with tsx): the model table as JSON, see `modelTable.ts`.
 * Every figure is computed by the engine from the catalog's config.json objects; no network.
 */
import {MODEL_CATALOG} from "../../lib/catalog/index.ts";
import {modelTable} from "./modelTable.ts";

const {rows, skipped} = modelTable({models: MODEL_CATALOG});
for (const s of skipped) process.stderr.write(`models.json: skipped ${s.id}: ${s.reason}\n`);
process.stdout.write(JSON.stringify({rows, skipped}));
