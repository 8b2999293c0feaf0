/**
 * A catalog `source` string ("repo/name; https://…; Apple page …") as a line of text in which
 * each web address is a link. Sources are named, never dropped.
 */

/**
 * Splits on ";" and links the parts that are http(s) addresses (shown without the scheme; a
 * note after the address stays as text).
 * @example sourceLinks("stas00/ml-engineering; https://example.org/x").querySelectorAll("a").length // 1
 */
export function sourceLinks(source: string, {document = globalThis.document}: {document?: Document} = {}): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = "source-links";
  source.split(/;\s*/).filter((part) => part.trim() !== "").forEach((part, i) => {
    if (i > 0) span.append("; ");
    // An address, optionally followed by a note: "https://… (400 GB/s)".
    const url = /^(https?:\/\/\S+)(\s.*)?$/.exec(part.trim());
    if (url) {
      const a = document.createElement("a");
      a.href = url[1]!;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = url[1]!.replace(/^https?:\/\//, "").replace(/\/$/, "");
      span.append(a);
      if (url[2]) span.append(url[2]);
    } else {
      span.append(part.trim());
    }
  });
  return span;
}
