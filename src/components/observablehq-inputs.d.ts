/**
 * Minimal types for @observablehq/inputs (the package ships none), enough for components
 * that build inputs. Each input is an element with a `value` that emits "input" events.
 */
declare module "@observablehq/inputs" {
  type InputElement<T> = HTMLElement & {value: T};
  interface Common {
    label?: string | Node;
    disabled?: boolean;
    width?: number | string;
  }
  export function range(extent?: [number, number], options?: Common & {value?: number; step?: number; transform?: (x: number) => number; format?: (x: number) => string; placeholder?: string}): InputElement<number>;
  export function number(extent?: [number, number], options?: Common & {value?: number; step?: number; placeholder?: string}): InputElement<number>;
  export function radio<T>(data: Iterable<T>, options?: Common & {value?: T; format?: (x: T) => string; keyof?: (x: T) => string}): InputElement<T>;
  export function select<T>(data: Iterable<T> | Map<string, T>, options?: Common & {value?: T; format?: (x: T) => string; multiple?: boolean}): InputElement<T>;
  export function checkbox<T>(data: Iterable<T>, options?: Common & {value?: T[]; format?: (x: T) => string}): InputElement<T[]>;
  export function toggle(options?: Common & {value?: boolean}): InputElement<boolean>;
  export function text(options?: Common & {value?: string; placeholder?: string}): InputElement<string>;
  export function button(content?: string | [string, (value: unknown) => unknown][], options?: Common & {value?: unknown; reduce?: (value: unknown) => unknown}): InputElement<unknown>;
  export function form<T extends Record<string, unknown>>(inputs: {[K in keyof T]: InputElement<T[K]>}, options?: {template?: (inputs: Record<string, Node>) => Node}): InputElement<T>;
  export function table<T>(data: Iterable<T>, options?: Record<string, unknown>): InputElement<T[]>;
  export function bind<T>(target: InputElement<T>, source: InputElement<T>, invalidation?: Promise<void>): InputElement<T>;
  export function input<T>(value: T): InputElement<T> & EventTarget;
}
