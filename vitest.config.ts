import {dirname, resolve} from "node:path";
import {defineConfig} from "vitest/config";

/**
 * `scripts/leanBundles.ts` writes `src/components/plot.js` (a tree-shaken Plot), `mathml.js`
 * (formulas typeset at build time) and `lib/zodMini.js` (the zod/mini functions lib/ uses)
 * beside their `.ts` stand-ins, for the pages. Tests read the
 * `.ts` files, so a stale or missing generated module cannot change what they see.
 */
const leanEntries = {
  name: "lean-bundle-entries",
  enforce: "pre" as const,
  resolveId(source: string, importer: string | undefined) {
    if (!importer || !/(^|\/)(plot|mathml|zodMini)\.js$/.test(source) || !source.startsWith(".")) return null;
    const entry = resolve(dirname(importer), source.replace(/\.js$/, ".ts"));
    return /\/(src\/components\/(plot|mathml)|lib\/zodMini)\.ts$/.test(entry) ? entry : null;
  }
};

export default defineConfig({
  plugins: [leanEntries],
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 300_000,
    env: {TZ: "UTC"}
  }
});
