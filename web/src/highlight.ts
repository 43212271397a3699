// Text with highlighted spans (byte offsets from the server), and the removed
// page chrome folded in where it stood.
import type { RemovedBlock } from "./api";
import { h } from "./dom";
import { ByteIndex } from "./utf8";

export interface Mark {
  begin: number; // UTF-8 byte offsets into the text
  end: number;
  cls: string; // "actor", "trigger", "source", "target", "time", "unknown", "sentence"
  title?: string;
  id?: string; // element id for the first segment (scroll target)
}

// The text as a fragment of spans; each segment carries the classes of every
// mark covering it. `removed` blocks become folded <details> at their place.
export function renderMarked(text: string, marks: Mark[], removed: RemovedBlock[] = []): DocumentFragment {
  const index = new ByteIndex(text);
  const spans = marks
    .filter((m) => m.end > m.begin)
    .map((m) => ({ ...m, b: index.char(m.begin), e: index.char(m.end) }))
    .filter((m) => m.e > m.b);
  const folds = new Map<number, RemovedBlock[]>();
  for (const r of removed) {
    const at = index.char(r.at);
    if (!folds.has(at)) folds.set(at, []);
    folds.get(at)!.push(r);
  }
  const cuts = new Set<number>([0, text.length, ...folds.keys()]);
  for (const m of spans) cuts.add(m.b), cuts.add(m.e);
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  const started = new Set<string>();
  for (let i = 0; i < points.length; ++i) {
    const at = points[i];
    const fold = folds.get(at);
    if (fold) frag.append(foldedBlocks(fold));
    if (i + 1 >= points.length) break;
    const end = points[i + 1];
    const piece = text.slice(at, end);
    const covering = spans.filter((m) => m.b <= at && m.e >= end);
    if (covering.length === 0) {
      frag.append(piece);
      continue;
    }
    const el = h("span", { class: covering.map((m) => "hl-" + m.cls).join(" ") }, piece);
    const titles = covering.map((m) => m.title).filter(Boolean);
    if (titles.length) el.title = titles.join("\n");
    for (const m of covering) {
      if (m.id && !started.has(m.id)) {
        started.add(m.id);
        el.id = m.id;
      }
    }
    frag.append(el);
  }
  return frag;
}

function foldedBlocks(blocks: RemovedBlock[]): HTMLElement {
  const reasons = [...new Set(blocks.map((b) => b.reason))].join(", ");
  const words = blocks.reduce((n, b) => n + b.text.split(/\s+/).length, 0);
  return h(
    "details",
    { class: "removed" },
    h("summary", {}, `Removed: ${reasons} (${blocks.length} block${blocks.length > 1 ? "s" : ""}, ${words} words)`),
    ...blocks.map((b) => h("p", { class: "removed-block" }, h("span", { class: "reason" }, b.reason), " ", b.text)),
  );
}
