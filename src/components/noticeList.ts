/**
 * A notice with a title and one line per item: an impossible layout's reasons, an estimate's
 * warnings. Plain DOM, so a page can show the engine's messages in place of figures without
 * Framework's `html` global.
 */

export interface NoticeListOptions {
  /** "error" (red border) or "note" (muted). Default "note". */
  kind?: "error" | "note";
  /** Element id, for tests. */
  id?: string;
  document?: Document;
}

/**
 * @example noticeList("This layout cannot run", ["hardware.count: 8 GPUs are not divisible by …"], {kind: "error", id: "layout-message"})
 */
export function noticeList(title: string, items: readonly string[], {kind = "note", id, document = globalThis.document}: NoticeListOptions = {}): HTMLElement {
  const box = document.createElement("div");
  box.className = `notice notice-${kind}`;
  if (id) box.id = id;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  const head = document.createElement("strong");
  head.textContent = title;
  box.append(head);
  if (items.length) box.append(itemList(items, document));
  return box;
}

/** A `<ul>` with one `<li>` of text per item: the list every notice, refusal and link note shows. */
export function itemList(items: readonly string[], document: Document = globalThis.document): HTMLUListElement {
  const list = document.createElement("ul");
  for (const item of items) {
    const li = document.createElement("li");
    li.textContent = item;
    list.append(li);
  }
  return list;
}
