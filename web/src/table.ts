// The table of events: one row per event, each leading to its detail; arrow
// keys move between rows, Enter opens one.
import type { ApiEvent } from "./api";
import { cameoName, QUAD_COLOURS, QUAD_NAMES } from "./domain";
import { h } from "./dom";
import { href } from "./state";

export function actorLabel(a: ApiEvent["source"]): string {
  return a ? a.code : "—";
}

// The sentence with the trigger in bold (the first occurrence of its text).
export function sentenceWithTrigger(e: ApiEvent, max = 220): HTMLElement {
  const s = e.sentence_text ?? "";
  const t = e.trigger?.text ?? "";
  const at = t ? s.indexOf(t) : -1;
  const cut = (x: string, n: number) => (x.length > n ? x.slice(0, n) + "…" : x);
  if (at < 0) return h("span", {}, cut(s, max));
  const before = s.slice(Math.max(0, at - 100), at);
  return h("span", {}, at > 100 ? "…" : "", before, h("strong", { class: "trigger" }, t), cut(s.slice(at + t.length), max - before.length));
}

export function eventTable(events: ApiEvent[], caption: string): HTMLElement {
  const body = h("tbody");
  for (const e of events) {
    const link = h("a", { href: href("event", undefined, String(e.id)), "aria-label": `Event ${e.id}: ${actorLabel(e.source)} ${cameoName(e.cameo) || e.cameo} ${actorLabel(e.target)}, ${e.date ?? "no date"}` }, e.date ?? "—");
    const row = h(
      "tr",
      { "data-event": e.id },
      h("td", { class: "nowrap" }, link),
      h("td", { title: e.source?.text ?? "" }, actorLabel(e.source)),
      h("td", {}, h("span", { class: "quad-dot", style: null, "data-quad": e.quad_class, title: QUAD_NAMES[e.quad_class] ?? "" }), ` ${e.cameo} `, h("span", { class: "muted" }, cameoName(e.cameo)), e.plover ? h("span", { class: "plover" }, e.plover) : null, e.polarity !== "asserted" || (e.modality !== "actual" && e.modality !== "reported") ? h("span", { class: "modality" }, e.polarity === "negated" ? "negated" : e.modality) : null),
      h("td", { title: e.target?.text ?? "" }, actorLabel(e.target)),
      h("td", { class: "num" }, e.goldstein.toFixed(1)),
      h("td", { class: "sentence" }, sentenceWithTrigger(e)),
      h("td", { class: "site" }, e.site || "—"),
    );
    body.append(row);
  }
  const table = h(
    "table",
    { class: "events" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...["Date", "Source", "Event", "Target", "Goldstein", "Sentence", "Site"].map((c) => h("th", { scope: "col" }, c)))),
    body,
  );
  for (const dot of table.querySelectorAll<HTMLElement>(".quad-dot")) dot.style.background = QUAD_COLOURS[+dot.dataset.quad!] ?? "#999";
  table.addEventListener("keydown", (ev) => {
    const target = ev.target as HTMLElement;
    if (!(target instanceof HTMLAnchorElement)) return;
    const row = target.closest("tr");
    if (!row) return;
    const next = ev.key === "ArrowDown" ? row.nextElementSibling : ev.key === "ArrowUp" ? row.previousElementSibling : null;
    const link = next?.querySelector("a");
    if (link) {
      ev.preventDefault();
      (link as HTMLElement).focus();
    }
  });
  return h("div", { class: "table-wrap" }, table);
}
