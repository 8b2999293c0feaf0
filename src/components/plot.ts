/**
 * The part of Observable Plot (and of d3) the pages use, as one module.
 *
 * Why: Framework bundles each bare npm import whole. `@observablehq/plot` imports the `d3`
 * umbrella, so every page loaded Plot (70 KB gzipped) and all thirty d3 modules (99 KB),
 * whatever it drew. `npm run build` and `npm run dev` first run `scripts/leanBundles.ts`,
 * which bundles this file with esbuild, tree-shaken, into `plot.js` next to it (gitignored,
 * about 92 KB gzipped). Framework looks for `./plot.js` before `./plot.ts`, so pages load the
 * lean bundle; TypeScript, vitest and a `preview` without the bundle read this file (the whole
 * of Plot, the same API).
 *
 * Components import it as `import * as Plot from "./plot.js"`. A mark or transform a chart
 * needs must be listed here (tsc refuses `Plot.x` otherwise).
 */
export type * from "@observablehq/plot";
export {
  areaY,
  axisX,
  axisY,
  barX,
  barY,
  dot,
  frame,
  gridX,
  gridY,
  legend,
  line,
  plot,
  pointer,
  pointerX,
  pointerY,
  rect,
  rectX,
  ruleX,
  ruleY,
  scale,
  selectLast,
  stackX,
  stackY,
  text,
  tickX,
  tip
} from "@observablehq/plot";
/** d3's `groups`, `nice`, `ticks` (d3-array) and `tickFormat` (d3-scale), for pages that group rows or place ticks without loading all of d3. */
export {groups, nice, tickFormat, ticks} from "d3";
