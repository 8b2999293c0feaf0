import {readFileSync, readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const libFiles = filesUnder("lib");

describe("lib/ is a pure engine the pages can bundle", () => {
  it("imports sibling modules with .js specifiers (Framework 1.13 does not bundle ./x.ts imports)", () => {
    const offenders = libFiles.filter((f) => /from\s+"\.{1,2}\/[^"]*\.ts"/.test(readFileSync(f, "utf-8")));
    expect(offenders).toEqual([]);
  });
  it("imports no Node built-ins, no DOM and no I/O", () => {
    const offenders = libFiles.filter((f) => {
      const src = readFileSync(f, "utf-8");
      return /from\s+"node:|from\s+"(fs|path|os|http|child_process)"|\bdocument\.|\bwindow\.|\bfetch\(|process\./.test(src);
    });
    expect(offenders).toEqual([]);
  });
  it("depends on no package but zod's mini build (zod/mini, tree-shakable; full zod cost each page 93 kB gzipped)", () => {
    const packages = new Set<string>();
    for (const f of libFiles) {
      for (const m of readFileSync(f, "utf-8").matchAll(/from\s+"([^".][^"]*)"/g)) packages.add(m[1]!);
    }
    expect([...packages].filter((p) => p !== "zod/mini")).toEqual([]);
  });
});
