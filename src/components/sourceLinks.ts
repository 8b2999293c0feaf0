/**
 * A catalog `source` string ("repo/name; https://…; Apple page …") as a line of text in which
 * each web address is a link. Sources are named, never dropped.
 */

/**
 * Splits on ";" and links the parts that are http(s) addresses (shown without the scheme).
 * @example sourceLinks("stas00/ml-engineering; https://example.org/x").querySelectorAll("a").length // 1
 */
export function sourceLinks(source: string, {document = globalThis.document}: {document?: Document} = {}): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = "source-links";
  source.split(/;\s*/).filter((part) => part.trim() !== "").forEach((part, i) => {
    if (i > 0) span.append("; ");
    const url = /^https?:\/\/\S+$/.exec(part.trim());
    if (url) {
      const a = document.createElement("a");
      a.href = url[0];
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = url[0].replace(/^https?:\/\//, "").replace(/\/$/, "");
      span.append(a);
    } else {
      span.append(part.trim());
    }
  });
  return span;
}
