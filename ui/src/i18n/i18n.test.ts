import { describe, expect, it } from "vitest";

import de from "./de.json";
import en from "./en.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") keys.set(path, value);
    else for (const [k, v] of flatten(value, path)) keys.set(k, v);
  }
  return keys;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** A key as code uses it: plural forms (`rows_one`, `rows_other`) are used as `rows`. */
const baseKey = (key: string) => key.replace(PLURAL, "");
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

const english = flatten(en);
const german = flatten(de);
const known = new Set([...english.keys()].map(baseKey));

const sources = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../test/**"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Keys the code names: `t("a.b")` calls and `"a.b"` literals of known namespaces (label maps). */
function keysInCode(): Set<string> {
  const namespaces = new Set(Object.keys(en));
  const found = new Set<string>();
  for (const source of Object.values(sources)) {
    for (const match of source.matchAll(/\bt\(\s*"([^"]+)"/g)) if (match[1]) found.add(match[1]);
    for (const match of source.matchAll(/"([a-z]+(?:\.[A-Za-z0-9_]+)+)"/g)) {
      const key = match[1];
      if (key && namespaces.has(key.split(".")[0] ?? "")) found.add(key);
    }
  }
  return found;
}

describe("translations", () => {
  it("has every English key in German and no others", () => {
    expect([...german.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !german.has(k))).toEqual([]);
  });

  it("leaves no German text empty and keeps the placeholders of the English text", () => {
    for (const [key, text] of english) {
      const translated = german.get(key) ?? "";
      expect(translated.trim(), key).not.toBe("");
      expect(variables(translated), key).toEqual(variables(text));
    }
  });

  it("defines every key the code uses", () => {
    const used = keysInCode();
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });

  it("has no keys the code does not use", () => {
    const used = keysInCode();
    expect([...known].filter((key) => !used.has(key))).toEqual([]);
  });
});
