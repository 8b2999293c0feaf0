/**
 * The part of zod (v4, its `zod/mini` functional build) that lib/ uses, as one module.
 *
 * Why: Framework bundles each bare npm import whole. Full `zod` cost every page that validates
 * a scenario about 93 kB of gzipped JavaScript; `zod/mini` alone still re-exports every locale
 * and format. `npm run build` and `npm run dev` first run `scripts/leanBundles.ts`, which bundles
 * this file with esbuild, tree-shaken, into `zodMini.js` next to it (gitignored, about 9 kB
 * gzipped). Framework looks for `./zodMini.js` before `./zodMini.ts`, so pages load the lean
 * bundle; TypeScript, vitest (vitest.config.ts) and the command line read this file (the same
 * functions from the installed zod).
 *
 * Import it as `import * as z from "./zodMini.js"` and write schemas in zod/mini's function
 * style: `z.optional(s)`, `z._default(s, v)`, `z.number().check(z.gte(1), z.lte(9))`. A function
 * a schema needs must be listed here (tsc refuses `z.x` otherwise).
 */
import type {core} from "zod/mini";

export {
  _default,
  array,
  boolean,
  discriminatedUnion,
  enum,
  gt,
  gte,
  int,
  literal,
  looseObject,
  lte,
  maxLength,
  minLength,
  number,
  optional,
  refine,
  strictObject,
  string,
  union
} from "zod/mini";
export type {infer, input, output, ZodMiniNumber, ZodMiniOptional, ZodMiniType} from "zod/mini";

/** One problem zod found: its code (`invalid_type`, `too_big`, …), path and our message. */
export type ZodIssue = core.$ZodIssue;
