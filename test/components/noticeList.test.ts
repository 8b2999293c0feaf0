import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {noticeList} from "../../src/components/noticeList.ts";

const {document} = new JSDOM().window;

describe("noticeList", () => {
  it("lists each issue on its own line under the title, as an alert for errors", () => {
    const issues = ["hardware.count: got 8, expected a multiple of tensorParallel × pipelineParallel = 3 × 1 = 3",
      "workload.tensorParallel: got 3, expected a divisor of the 32 attention heads"];
    const box = noticeList("The engine cannot lay this out:", issues, {kind: "error", id: "layout-message", document});
    expect(box.id).toBe("layout-message");
    expect(box.getAttribute("role")).toBe("alert");
    expect(box.querySelector("strong")!.textContent).toBe("The engine cannot lay this out:");
    expect([...box.querySelectorAll("li")].map((li) => li.textContent)).toEqual(issues);
  });

  it("is a quiet status note without a list when there are no items", () => {
    const box = noticeList("No sweep: the layout cannot run.", [], {document});
    expect(box.className).toBe("notice notice-note");
    expect(box.getAttribute("role")).toBe("status");
    expect(box.querySelector("ul")).toBeNull();
  });

  it("writes items as text, never as markup", () => {
    const box = noticeList("Notes", ["<b>bold</b>"], {document});
    expect(box.querySelector("b")).toBeNull();
    expect(box.querySelector("li")!.textContent).toBe("<b>bold</b>");
  });
});
