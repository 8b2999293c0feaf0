import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {BYTE_UNIT_STORAGE_KEY, byteUnitSwitch, type UnitStorage} from "../../src/components/byteUnitSwitch.ts";

const {document} = new JSDOM().window;

function memoryStorage(initial: Record<string, string> = {}): UnitStorage & {data: Map<string, string>} {
  const data = new Map(Object.entries(initial));
  return {data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v)};
}

const pick = (form: HTMLFormElement, unit: string) => {
  const radio = [...form.querySelectorAll<HTMLInputElement>("input[type=radio]")].find((r) => r.value === unit)!;
  radio.checked = true;
  radio.dispatchEvent(new document.defaultView!.Event("change", {bubbles: true}));
};

describe("byteUnitSwitch", () => {
  it("offers GB and GiB, with GiB chosen when nothing was remembered", () => {
    const form = byteUnitSwitch({storage: memoryStorage(), document});
    expect([...form.querySelectorAll("input")].map((i) => i.value)).toEqual(["GB", "GiB"]);
    expect(form.value).toBe("GiB");
    expect(form.querySelector<HTMLInputElement>("input:checked")!.value).toBe("GiB");
    expect(form.querySelector("label")!.textContent).toBe("Units");
  });

  it("emits an input event with the new value when the reader picks a unit, as Framework's view() expects", () => {
    const form = byteUnitSwitch({storage: memoryStorage(), document});
    const seen: string[] = [];
    form.addEventListener("input", () => seen.push(form.value));
    pick(form, "GB");
    expect(seen).toEqual(["GB"]);
  });

  it("emits one input event per click, carrying the new unit (the radio's own input event, sent while the old unit holds, stays inside)", () => {
    const form = byteUnitSwitch({storage: memoryStorage(), document});
    document.body.append(form);
    const seen: string[] = [];
    form.addEventListener("input", () => seen.push(form.value));
    [...form.querySelectorAll<HTMLInputElement>("input[type=radio]")].find((r) => r.value === "GB")!.click();
    form.remove();
    expect(seen).toEqual(["GB"]);
  });

  it("remembers the choice, so the next page starts with it", () => {
    const storage = memoryStorage();
    pick(byteUnitSwitch({storage, document}), "GB");
    expect(storage.data.get(BYTE_UNIT_STORAGE_KEY)).toBe("GB");
    expect(byteUnitSwitch({storage, document}).value).toBe("GB");
  });

  it("ignores a remembered value that is not a unit, and works without storage", () => {
    expect(byteUnitSwitch({storage: memoryStorage({[BYTE_UNIT_STORAGE_KEY]: "MB"}), value: "GB", document}).value).toBe("GB");
    const form = byteUnitSwitch({storage: null, document});
    pick(form, "GB");
    expect(form.value).toBe("GB");
  });

  it("keeps working when storage throws (blocked by the browser)", () => {
    const throwing: UnitStorage = {getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("denied"); }};
    const form = byteUnitSwitch({storage: throwing, document});
    pick(form, "GB");
    expect(form.value).toBe("GB");
  });

  it("checks the matching radio when its value is set", () => {
    const form = byteUnitSwitch({storage: null, document});
    // jsdom wraps forms in a named-property proxy that refuses assignment; browsers call the setter.
    Object.getOwnPropertyDescriptor(form, "value")!.set!.call(form, "GB");
    expect(form.querySelector<HTMLInputElement>("input:checked")!.value).toBe("GB");
  });
});
