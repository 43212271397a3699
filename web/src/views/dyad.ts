// Dyad view A <-> B: both directions over time, the mean Goldstein line, the
// event types of each side, their statements (when the server has them) and
// the events.
import { api, type EventsPage } from "../api";
import { DIRECTION_COLOURS, goldsteinLines, mirroredBars, typeBars, type DirectionPoint } from "../charts/dyad";
import { cameoName, periodRange } from "../domain";
import { clear, fmtInt, h, message, panel } from "../dom";
import { EVENT_COLUMNS, exportButtons } from "../export";
import { go, href, withParams } from "../state";
import { eventTable } from "../table";
import { allEvents, PAGE_SIZE, pager } from "./overview";
import type { ViewContext } from "./view";

interface DyadSeries {
  a: string;
  b: string;
  interval: string;
  directions: Record<string, DirectionPoint[]>;
}
interface Counts {
  events: number;
  rows: { key: string; events: number; mean_goldstein: number }[];
}

// Filters /api/dyad and /api/counts accept beside the pair.
const PAIR_FILTERS = ["code", "plover", "quad", "from", "to", "text", "site"];

function pairFilters(p: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of PAIR_FILTERS) if (p.get(k)) out.set(k, p.get(k)!);
  return out;
}

export async function renderDyad(ctx: ViewContext): Promise<void> {
  const p = ctx.route.params;
  let a = (p.get("a") ?? "").toUpperCase();
  let b = (p.get("b") ?? "").toUpperCase();
  if (!a || !b) {
    // No pair yet: the busiest one.
    const net = await api<{ edges: { source: string; target: string }[] }>("/api/network", { edges: "1" });
    if (!ctx.current()) return;
    if (!net.edges.length) {
      clear(ctx.root);
      ctx.root.append(message("The store has no events between two actors yet."));
      return;
    }
    go(href("dyad", withParams(p, { a: net.edges[0].source, b: net.edges[0].target })), true);
    return;
  }
  const interval = p.get("interval") || "month";
  const f = pairFilters(p);
  const page = Math.max(0, parseInt(p.get("page") ?? "0", 10) || 0);
  // A bar picks a direction (dir=0: A -> B, dir=1: B -> A); else both.
  const dir = p.get("dir");
  const eventFilters = dir === "0" ? withParams(f, { source: a, target: b }) : dir === "1" ? withParams(f, { source: b, target: a }) : withParams(f, { dyad: `${a}-${b}` });
  // Each side's statements on its own: one talkative party must not crowd
  // the other out of a shared page.
  const statementsOf = (code: string) =>
    api<any>("/api/statements", withParams(new URLSearchParams(), { speaker: code, from: p.get("from"), to: p.get("to"), limit: "50" })).catch(() => null);
  const [series, ab, ba, events, total, saidA, saidB] = await Promise.all([
    api<DyadSeries>("/api/dyad", withParams(f, { a, b, interval })),
    api<Counts>("/api/counts", withParams(f, { by: "cameo_root", source: a, target: b })),
    api<Counts>("/api/counts", withParams(f, { by: "cameo_root", source: b, target: a })),
    api<EventsPage>("/api/events", withParams(eventFilters, { limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE), order: "desc" })),
    api<{ events: number }>("/api/timeline", withParams(eventFilters, { interval: "month" })),
    statementsOf(a),
    statementsOf(b),
  ]);
  if (!ctx.current()) return;
  clear(ctx.root);
  const names: [string, string] = [`${a} → ${b}`, `${b} → ${a}`];
  const s0 = series.directions[`${series.a}->${series.b}`] ?? [];
  const s1 = series.directions[`${series.b}->${series.a}`] ?? [];
  const n0 = s0.reduce((n, x) => n + x.count, 0), n1 = s1.reduce((n, x) => n + x.count, 0);
  const key = h("ul", { class: "legend" }, ...names.map((_, i) => {
    const sw = h("span", { class: "swatch" });
    sw.style.background = DIRECTION_COLOURS[i];
    const n = i === 0 ? n0 : n1;
    return h("li", {}, sw, `${names[i]}: ${fmtInt(n)} event${n === 1 ? "" : "s"} with a date`);
  }));
  const bars = h("div", { class: "chart-box", id: "dyad-bars" });
  const lines = h("div", { class: "chart-box", id: "dyad-goldstein" });
  const types = h("div", { class: "two-col" }, h("div", { id: "types-ab" }), h("div", { id: "types-ba" }));
  ctx.root.append(
    h("h2", { class: "view-title" }, `${a} ↔ ${b}`),
    panel(`Events per ${interval}, both directions`, key, bars),
    panel("Mean Goldstein value (−10 conflict … +10 cooperation)", lines),
    panel("Event types", types),
  );
  const pick = (period: string, direction: number) => {
    const [from, to] = periodRange(period);
    go(href("dyad", withParams(p, { from, to, page: null, dir: String(direction) })));
  };
  if (s0.length + s1.length) {
    mirroredBars(bars, names, [s0, s1], pick);
    goldsteinLines(lines, names, [s0, s1]);
  } else {
    bars.append(message(`No dated events between ${a} and ${b} for these filters.`));
  }
  [ab, ba].forEach((counts, i) => {
    const el = types.children[i] as HTMLElement;
    el.append(h("h3", {}, names[i]));
    if (!counts.rows.length) return void el.append(message("None."));
    const rows = [...counts.rows].sort((x, y) => y.events - x.events).map((r) => ({ key: r.key, label: `${r.key} ${cameoName(r.key)}`, events: r.events }));
    typeBars(el, rows, DIRECTION_COLOURS[i], `Event types ${names[i]}`, (code) => go(href("overview", withParams(f, { dyad: `${i === 0 ? a : b}-${i === 0 ? b : a}`, code }))));
  });
  const said = [saidA, saidB];
  if (said.every((r) => r && Array.isArray(r.statements) && r.available !== false)) ctx.root.append(statementsPanel(saidA.statements, saidB.statements, a, b));
  ctx.root.append(
    panel(
      "Events",
      h("div", { class: "toolbar" }, exportButtons(`dyad-${a}-${b}`, EVENT_COLUMNS, () => allEvents(eventFilters))),
      events.events.length ? eventTable(events.events, `${fmtInt(total.events)} events ${dir === "0" ? `from ${a} to ${b}` : dir === "1" ? `from ${b} to ${a}` : `between ${a} and ${b}`}, newest first`) : message("No events."),
      pager(total.events, page, (n) => href("dyad", withParams(p, { page: String(n) }))),
    ),
  );
}

// Statements of each side (GET /api/statements?speaker=, issue 12), each
// leading to its sentence in the article.
function statementsPanel(listA: any[], listB: any[], a: string, b: string): HTMLElement {
  const column = (code: string, items: any[]) => {
    return h(
      "div",
      {},
      h("h3", {}, `${code} said`),
      items.length
        ? h("ul", { class: "statements" }, ...items.map((s) => {
            const content = s?.content?.text ?? s?.text ?? "";
            const span = s?.content?.span ?? s?.span;
            const params: Record<string, string> = {};
            if (Array.isArray(span)) params.hl = `${span[0]}-${span[1]}`;
            return h(
              "li",
              { class: "statement" },
              h("span", { class: "muted" }, `${s?.date ?? ""} ${s?.speaker?.text ?? ""} ${s?.cue?.text ?? ""}: `),
              h("a", { href: href("article", params, String(s?.doc_id ?? "")) }, `“${content}”`),
            );
          }))
        : message("No statements."),
    );
  };
  return panel("Statements", h("div", { class: "two-col" }, column(a, listA), column(b, listB)));
}
