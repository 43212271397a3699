// Article view: the cleaned text with every event and actor highlighted, the
// removed page chrome folded in with its reasons, and the list of events.
import { api, type ApiEvent, type DocumentView, type EventsPage, type RemovedBlock } from "../api";
import { cameoName } from "../domain";
import { clear, h, message, panel } from "../dom";
import { renderMarked, type Mark } from "../highlight";
import { href } from "../state";
import type { ViewContext } from "./view";

// Marks for a document: actors, triggers, unknown names; the focused event's
// sentence, trigger, source and target stronger.
export function documentMarks(doc: DocumentView, focus?: ApiEvent | null, extra?: [number, number] | null): Mark[] {
  const marks: Mark[] = [];
  for (const m of doc.mentions) {
    if (m.kind === "actor" || m.kind === "agent") marks.push({ begin: m.span[0], end: m.span[1], cls: "actor", title: `${m.kind}: ${m.code || "?"}${m.entry ? " (" + m.entry + ")" : ""}` });
    else if (m.kind === "time") marks.push({ begin: m.span[0], end: m.span[1], cls: "time", title: `time: ${m.code}` });
  }
  for (const u of doc.unknown_names) marks.push({ begin: u.span[0], end: u.span[1], cls: "unknown", title: "a name no dictionary knows" });
  for (const e of doc.events) {
    const off = e.polarity !== "asserted" || (e.modality !== "actual" && e.modality !== "reported");
    marks.push({ begin: e.trigger.span[0], end: e.trigger.span[1], cls: off ? "trigger-off" : "trigger", title: `${e.cameo} ${cameoName(e.cameo)}${e.plover ? " / " + e.plover : ""}: ${e.source?.code ?? "?"} → ${e.target?.code ?? "—"}${off ? ` (${e.polarity}, ${e.modality})` : ""}` });
  }
  if (focus) {
    const s = doc.sentences[focus.sentence];
    if (s) marks.push({ begin: s[0], end: s[1], cls: "sentence", id: "focus" });
    marks.push({ begin: focus.trigger.span[0], end: focus.trigger.span[1], cls: "focus-trigger" });
    if (focus.source) marks.push({ begin: focus.source.span[0], end: focus.source.span[1], cls: "source" });
    if (focus.target) marks.push({ begin: focus.target.span[0], end: focus.target.span[1], cls: "target" });
  }
  if (extra) marks.push({ begin: extra[0], end: extra[1], cls: "sentence", id: "focus" });
  return marks;
}

export function articleBody(doc: DocumentView, removed: RemovedBlock[], focus?: ApiEvent | null, extra?: [number, number] | null): HTMLElement {
  return h("div", { class: "article-text", lang: "en" }, renderMarked(doc.text, documentMarks(doc, focus, extra), removed));
}

export function eventList(events: ApiEvent[], docId: string | null, focusId?: number): HTMLElement {
  if (!events.length) return message("No events were coded in this text.");
  return h(
    "ol",
    { class: "event-list" },
    ...events.map((e) => {
      const label = `${e.date ?? "no date"} · ${e.source?.code ?? "?"} ${e.cameo} ${cameoName(e.cameo)} ${e.target?.code ?? "—"}${e.polarity !== "asserted" || (e.modality !== "actual" && e.modality !== "reported") ? ` (${e.polarity === "negated" ? "negated" : e.modality})` : ""}`;
      const item = h("li", { class: e.id === focusId ? "current" : null, "data-event": e.id ?? null });
      item.append(docId && e.id ? h("a", { href: href("event", undefined, String(e.id)) }, label) : label, h("div", { class: "muted small" }, `“${e.trigger?.text ?? ""}” — ${typeof e.pattern === "string" ? e.pattern : e.pattern?.id ?? ""}`));
      return item;
    }),
  );
}

export async function renderArticle(ctx: ViewContext): Promise<void> {
  const id = ctx.route.id;
  const focusId = Number(ctx.route.params.get("event") ?? NaN);
  const hl = /^(\d+)-(\d+)$/.exec(ctx.route.params.get("hl") ?? "");
  const [doc, removed, page] = await Promise.all([
    api<DocumentView>(`/api/documents/${encodeURIComponent(id)}`),
    api<{ removed: RemovedBlock[] }>(`/api/documents/${encodeURIComponent(id)}/removed`),
    api<EventsPage>("/api/events", { doc: id, all: "true", limit: "1000" }),
  ]);
  if (!ctx.current()) return;
  clear(ctx.root);
  const focus = page.events.find((e) => e.id === focusId) ?? null;
  ctx.root.append(
    h("h2", { class: "view-title" }, doc.title || doc.id),
    h("p", { class: "byline" }, [doc.site, doc.author, doc.date].filter(Boolean).join(" · "), " ", doc.url ? h("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank", class: "ext" }, "Original page") : null),
    h(
      "div",
      { class: "article-layout" },
      panel(
        "Text",
        h("p", { class: "key" }, h("mark", { class: "hl-actor" }, "actor"), " ", h("mark", { class: "hl-trigger" }, "event trigger"), " ", h("mark", { class: "hl-trigger-off" }, "negated / not actual"), " ", h("mark", { class: "hl-time" }, "date"), " ", h("mark", { class: "hl-unknown" }, "unknown name"), removed.removed.length ? ` · ${removed.removed.length} removed blocks folded` : ""),
        articleBody(doc, removed.removed, focus, hl ? [+hl[1], +hl[2]] : null),
      ),
      panel(`Events (${page.events.length})`, eventList(page.events, id, focus?.id)),
    ),
  );
  document.getElementById("focus")?.scrollIntoView({ block: "center" });
}
