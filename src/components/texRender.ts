/**
 * TeX → MathML with KaTeX (about 77 KB of gzipped JavaScript). Pages do not import this
 * module: `tex()` (./tex.ts) loads it on demand, the first time a formula that was not
 * rendered at build time becomes visible. The build-time renderer and tests import it directly.
 *
 * Why MathML: KaTeX's HTML output needs KaTeX's CSS and web fonts, which Framework's CSS
 * bundler cannot load offline (`No loader is configured for ".woff" files`). MathML output
 * needs neither: the browser lays it out with its own math fonts.
 */
import katex from "katex";

/**
 * The `<math>` markup for a TeX source. A TeX error never throws: KaTeX shows the offending
 * source in red instead.
 *
 * @example texToMathML(String.raw`\frac{a}{b}`, true) // '<span class="katex"><math … display="block">…'
 */
export function texToMathML(source: string, display: boolean): string {
  return katex.renderToString(source, {output: "mathml", displayMode: display, throwOnError: false, strict: "ignore"});
}
