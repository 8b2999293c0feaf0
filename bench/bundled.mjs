// Runs a benchmark as the browser runs the engine: bundled by esbuild without tsx's keepNames
// wrappers (which rename every closure at run time and would charge that cost to the engine).
//
//     node bench/bundled.mjs bench/engine.ts
import {build} from "esbuild";
import {mkdirSync} from "node:fs";
import {basename, join, resolve} from "node:path";
import {pathToFileURL} from "node:url";

const entry = process.argv[2];
if (!entry) {
  console.error("usage: node bench/bundled.mjs <bench file>");
  process.exit(2);
}
const outdir = resolve("node_modules/.cache/llm-toll-bench");
mkdirSync(outdir, {recursive: true});
const outfile = join(outdir, basename(entry).replace(/\.ts$/, ".mjs"));
await build({entryPoints: [entry], outfile, bundle: true, platform: "node", format: "esm", target: "node20",
  packages: "external", logLevel: "warning"});
await import(pathToFileURL(outfile).href);
