// The dashboard's pure functions (byte offsets, periods, CSV, URL state),
// bundled by esbuild for node and tested without a browser.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dyad-units-"));
const entry = path.join(dir, "entry.ts");
fs.writeFileSync(entry, ["utf8", "domain", "export", "state"].map((m) => `export * from ${JSON.stringify(path.join(here, "../src", m))};`).join("\n"));
await esbuild.build({ entryPoints: [entry], bundle: true, format: "esm", platform: "neutral", outfile: path.join(dir, "units.mjs"), logLevel: "error" });
const m = await import(pathToFileURL(path.join(dir, "units.mjs")).href);
fs.rmSync(dir, { recursive: true, force: true });

test("byte offsets map to UTF-16 indexes (ASCII, accents, quotes, emoji)", () => {
  const text = "Erdoğan’s “talks” 🙂 end";
  const idx = new m.ByteIndex(text);
  const bytes = new TextEncoder().encode(text);
  assert.equal(idx.byteLength, bytes.length);
  // Every character boundary in bytes maps to the same boundary in the string.
  let b = 0;
  for (const ch of text) {
    assert.equal(idx.char(b), text.indexOf(ch, idx.char(b)));
    b += new TextEncoder().encode(ch).length;
  }
  const start = new TextEncoder().encode("Erdoğan’s “").length;
  const end = start + "talks".length;
  assert.equal(idx.slice(start, end), "talks");
  assert.equal(idx.char(-3), 0);
  assert.equal(idx.char(10000), text.length);
});

test("periods cover their days", () => {
  assert.deepEqual(m.periodRange("2024-01-27"), ["2024-01-27", "2024-01-27"]);
  assert.deepEqual(m.periodRange("2024-02"), ["2024-02-01", "2024-02-29"]);
  assert.deepEqual(m.periodRange("2023-12"), ["2023-12-01", "2023-12-31"]);
  assert.deepEqual(m.periodRange("2024-W04"), ["2024-01-22", "2024-01-28"]);
  assert.deepEqual(m.periodRange("2021-W01"), ["2021-01-04", "2021-01-10"]);
  assert.deepEqual(m.periodRange("2020-W53"), ["2020-12-28", "2021-01-03"]);
  assert.deepEqual(m.periodRange("junk"), ["", ""]);
});

test("timelines have no holes", () => {
  assert.deepEqual(m.fillPeriods(["2023-11", "2024-02"]), ["2023-11", "2023-12", "2024-01", "2024-02"]);
  assert.deepEqual(m.fillPeriods(["2024-02-27", "2024-03-02"]), ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"]);
  assert.deepEqual(m.fillPeriods(["2020-W52", "2021-W02"]), ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]);
  assert.deepEqual(m.fillPeriods(["2024-01"]), ["2024-01"]);
  for (const [day, week] of [["2024-01-01", "2024-W01"], ["2021-01-03", "2020-W53"], ["2026-12-31", "2026-W53"], ["2019-12-30", "2020-W01"]])
    assert.equal(m.isoWeek(new Date(day + "T00:00:00Z")), week, day);
});

test("CSV quotes what RFC 4180 says to quote", () => {
  const out = m.csv([{ a: 'say "no"', b: "x,y", c: "line\nbreak", d: null, e: 3 }], ["a", "b", "c", "d", "e"]);
  assert.equal(out, 'a,b,c,d,e\r\n"say ""no""","x,y","line\nbreak",,3\r\n');
});

test("URL state: views, ids and filters round-trip", () => {
  const r = m.parseHash("#/article/abc%2F1?event=5&hl=3-9");
  assert.equal(r.view, "article");
  assert.equal(r.id, "abc/1");
  assert.equal(r.params.get("event"), "5");
  assert.equal(m.parseHash("#/nowhere").view, "overview");
  assert.equal(m.parseHash("").view, "overview");
  const f = m.filters(new URLSearchParams("text=talks&quad=3&page=2&interval=week"));
  assert.equal(f.toString(), "text=talks&quad=3");
  assert.equal(m.href("overview", { text: "a b", quad: "" }), "#/overview?text=a+b");
  assert.equal(m.href("event", undefined, "12"), "#/event/12");
});
