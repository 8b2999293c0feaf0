/**
 * The GB/GiB switch: one radio pair, shared by every page, whose choice is remembered
 * (localStorage) so a reader who prefers GiB sees GiB in every chapter.
 *
 * It behaves as a Framework input: it has a `value` ("GB" or "GiB") and emits "input" events,
 * so a page writes `const unit = view(byteUnitSwitch())` and passes `unit` to `formatBytes`.
 * The markup and class names follow @observablehq/inputs' radio, so it looks like the others.
 */
import type {ByteUnit} from "./units.js";
import {BYTE_UNITS} from "./units.js";

/** The storage key of the remembered choice. */
export const BYTE_UNIT_STORAGE_KEY = "llm-toll:byte-unit";

/** The part of the Web Storage API the switch uses (localStorage, or a stub in tests). */
export interface UnitStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ByteUnitSwitchOptions {
  /** The unit shown first when no choice was remembered. Default "GiB". */
  value?: ByteUnit;
  /** The label. Default "Units". */
  label?: string;
  /** Where the choice is remembered; default `localStorage` (ignored if unavailable). Pass null to forget. */
  storage?: UnitStorage | null;
  /** The document to create nodes in; defaults to the page's. */
  document?: Document;
}

export type ByteUnitSwitch = HTMLFormElement & {value: ByteUnit};

const NS = "inputs-3a86ea"; // @observablehq/inputs' CSS namespace (0.12)

function defaultStorage(): UnitStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked by the browser's settings
  }
}

function isByteUnit(x: unknown): x is ByteUnit {
  return (BYTE_UNITS as readonly unknown[]).includes(x);
}

/**
 * Builds the switch. Its value is the remembered unit if there is one, else `value`.
 * @example const unit = view(byteUnitSwitch()); formatBytes(16.06e9, {unit})
 */
export function byteUnitSwitch({
  value = "GiB",
  label = "Units",
  storage = defaultStorage(),
  document = globalThis.document
}: ByteUnitSwitchOptions = {}): ByteUnitSwitch {
  let remembered: string | null = null;
  try {
    remembered = storage?.getItem(BYTE_UNIT_STORAGE_KEY) ?? null;
  } catch {
    remembered = null;
  }
  let current: ByteUnit = isByteUnit(remembered) ? remembered : value;

  const form = document.createElement("form") as ByteUnitSwitch;
  form.className = `${NS} ${NS}-checkbox`;
  const title = document.createElement("label");
  title.textContent = label;
  const body = document.createElement("div");
  body.className = `${NS}-body`;
  const name = `byte-unit-${Math.random().toString(36).slice(2)}`;
  const radios = BYTE_UNITS.map((unit) => {
    const option = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.value = unit;
    input.checked = unit === current;
    option.append(input, unit);
    body.append(option);
    return input;
  });
  form.append(title, body);

  Object.defineProperty(form, "value", {
    get: () => current,
    set(unit: unknown) {
      if (!isByteUnit(unit)) return;
      current = unit;
      for (const radio of radios) radio.checked = radio.value === unit;
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const radio of radios) {
    // The radio's own "input" event fires before "change", while the value is still the old
    // unit: let it reach the page and the page re-renders twice per click, once for nothing.
    radio.addEventListener("input", (event) => event.stopPropagation());
    radio.addEventListener("change", (event) => {
      event.stopPropagation();
      if (!radio.checked || !isByteUnit(radio.value)) return;
      current = radio.value;
      try {
        storage?.setItem(BYTE_UNIT_STORAGE_KEY, current);
      } catch {
        // storage full or blocked: the choice still applies to this page
      }
      form.dispatchEvent(new (document.defaultView ?? globalThis).Event("input", {bubbles: true}));
    });
  }
  return form;
}
