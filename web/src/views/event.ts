// Event detail: the sentence with trigger, source and target highlighted; the
// evidence (pattern, date rule, dictionary entries, modality cue); the other
// mentions of the same event; links to each article.
import { api, type ApiEvent } from "../api";
import { cameoName, QUAD_NAMES } from "../domain";
import { clear, h, panel } from "../dom";
import { renderMarked, type Mark } from "../highlight";
import { href } from "../state";
import type { ViewContext } from "./view";

interface EventDetail {
  event: ApiEvent & { sentence_begin: number; pattern: { id: string; text: string } };
  document: { id: string; title: string; url: string; site: string; date: string | null } | null;
  num_mentions: number;
  num_sources: number;
  mentions: { id: number; doc_id: string; sentence: number; sentence_text: string; url: string; site: string; trigger: string }[];
}

function dl(rows: [string, Node | string | null][]): HTMLElement {
  const el = h("dl", { class: "facts" });
  for (const [k, v] of rows) if (v !== null && v !== "") el.append(h("dt", {}, k), h("dd", {}, v));
  return el;
}

export function eventSentence(e: EventDetail["event"]): HTMLElement {
  const base = e.sentence_begin >= 0 ? e.sentence_begin : 0;
  const rel = (span: [number, number]) => [span[0] - base, span[1] - base] as const;
  const marks: Mark[] = [];
  const add = (span: [number, number] | undefined, cls: string, title: string) => {
    if (!span || e.sentence_begin < 0) return;
    const [b, end] = rel(span);
    marks.push({ begin: b, end, cls, title });
  };
  add(e.trigger?.span, "trigger", `trigger: ${e.cameo} ${cameoName(e.cameo)}`);
  if (e.source) add(e.source.span, "source", `source: ${e.source.code}`);
  if (e.target) add(e.target.span, "target", `target: ${e.target.code}`);
  return h("blockquote", { class: "sentence-view" }, renderMarked(e.sentence_text, marks));
}

export async function renderEvent(ctx: ViewContext): Promise<void> {
  const d = await api<EventDetail>(`/api/events/${encodeURIComponent(ctx.route.id)}`);
  if (!ctx.current()) return;
  clear(ctx.root);
  const e = d.event;
  const articleLink = href("article", { event: String(e.id) }, e.doc_id);
  const actor = (a: ApiEvent["source"], role: string) => (a ? h("span", {}, h("mark", { class: `hl-${role}` }, a.text), ` ${a.code}`, a.entry ? h("span", { class: "muted" }, ` (${a.entry})`) : null) : "—");
  ctx.root.append(
    h("h2", { class: "view-title" }, `${e.source?.code ?? "?"} · ${e.cameo} ${cameoName(e.cameo)} · ${e.target?.code ?? "—"}`),
    panel(
      "Sentence",
      eventSentence(e),
      h("p", { class: "key" }, h("mark", { class: "hl-trigger" }, "trigger"), " ", h("mark", { class: "hl-source" }, "source"), " ", h("mark", { class: "hl-target" }, "target")),
      h("p", {}, h("a", { href: articleLink, class: "button", "data-open": "article" }, "Open the article"), d.document?.url ? h("a", { href: d.document.url, rel: "noopener noreferrer", target: "_blank", class: "ext" }, "Original page") : null),
    ),
    panel(
      "Coding",
      dl([
        ["Date", e.date ?? "unknown"],
        ["Date rule", e.date_rule ?? ""],
        ["Source", actor(e.source, "source")],
        ["Target", actor(e.target, "target")],
        ["CAMEO", `${e.cameo} ${cameoName(e.cameo)}`],
        ["PLOVER", e.plover ? `${e.plover}${e.plover_mode ? " / " + e.plover_mode : ""}` : "—"],
        ["Quad class", `${e.quad_class} ${QUAD_NAMES[e.quad_class] ?? ""}`],
        ["Goldstein", e.goldstein.toFixed(1)],
        ["Polarity, modality", `${e.polarity}, ${e.modality}${e.modality_cue ? ` (cue: “${e.modality_cue}”)` : ""}`],
        ["Trigger", e.trigger?.text ?? ""],
        ["Pattern", e.pattern ? `${e.pattern.id}: ${e.pattern.text}` : ""],
        ["Confidence", String(e.confidence)],
      ]),
    ),
    panel(
      "Article",
      dl([
        ["Title", d.document ? h("a", { href: articleLink }, d.document.title || d.document.id) : e.doc_id],
        ["Site", d.document?.site ?? e.site],
        ["Published", d.document?.date ?? ""],
        ["Address", d.document?.url ? h("a", { href: d.document.url, rel: "noopener noreferrer", target: "_blank" }, d.document.url) : ""],
      ]),
    ),
    panel(
      `Mentions: ${d.num_mentions} in ${d.num_sources} article${d.num_sources === 1 ? "" : "s"}`,
      h("p", { class: "muted" }, "Every stored mention of the same date, source, target and CAMEO code."),
      h("ul", { class: "mentions" }, ...d.mentions.map((m) => h("li", { "data-event": m.id }, h("a", { href: href("article", { event: String(m.id) }, m.doc_id) }, m.site || m.doc_id), m.id === e.id ? h("span", { class: "muted" }, " (this one)") : null, ": ", m.sentence_text))),
    ),
  );
}
