// Overview: counts, the timeline stacked by quad class, and the matching
// events, for the filters in the URL.
import { api, type EventsPage, type Timeline } from "../api";
import { stackedTimeline } from "../charts/timeline";
import { periodRange, QUAD_COLOURS, QUAD_NAMES, QUADS } from "../domain";
import { clear, fmtInt, fmtNum, h, message, panel } from "../dom";
import { EVENT_COLUMNS, exportButtons, flatEvent } from "../export";
import { filters, go, href, withParams } from "../state";
import { eventTable } from "../table";
import type { ViewContext } from "./view";

export const PAGE_SIZE = 50;
const EXPORT_MAX = 10000;

export async function allEvents(params: URLSearchParams, max = EXPORT_MAX): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let offset = 0; offset < max; offset += 1000) {
    const page = await api<EventsPage>("/api/events", withParams(params, { limit: String(Math.min(1000, max - offset)), offset: String(offset), order: "desc" }));
    out.push(...page.events.map(flatEvent));
    if (page.next_offset === null) break;
  }
  return out;
}

export function pager(total: number, page: number, link: (page: number) => string): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return h(
    "nav",
    { class: "pager", "aria-label": "Pages of events" },
    page > 0 ? h("a", { href: link(page - 1), rel: "prev" }, "← Newer") : h("span", { class: "muted" }, "← Newer"),
    h("span", {}, ` page ${page + 1} of ${fmtInt(pages)} `),
    page + 1 < pages ? h("a", { href: link(page + 1), rel: "next" }, "Older →") : h("span", { class: "muted" }, "Older →"),
  );
}

export async function renderOverview(ctx: ViewContext): Promise<void> {
  const p = ctx.route.params;
  const f = filters(p);
  const interval = p.get("interval") || "month";
  const page = Math.max(0, parseInt(p.get("page") ?? "0", 10) || 0);
  const [timeline, events] = await Promise.all([
    api<Timeline>("/api/timeline", withParams(f, { interval })),
    api<EventsPage>("/api/events", withParams(f, { limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE), order: "desc" })),
  ]);
  if (!ctx.current()) return;
  clear(ctx.root);
  const counts = h(
    "div",
    { class: "counts", "aria-label": "Counts" },
    h("div", { class: "count big", "data-count": timeline.events }, h("span", { class: "n" }, fmtInt(timeline.events)), h("span", { class: "label" }, "events")),
    ...QUADS.map((q) => {
      const n = timeline.by_quad[String(q)] ?? 0;
      const chip = h("a", { class: "count quad", href: href("overview", withParams(p, { quad: String(q), page: null })), "data-quad": q, "data-count": n }, h("span", { class: "swatch" }), h("span", { class: "n" }, fmtInt(n)), h("span", { class: "label" }, QUAD_NAMES[q]));
      (chip.querySelector(".swatch") as HTMLElement).style.background = QUAD_COLOURS[q];
      return chip;
    }),
    h("div", { class: "count" }, h("span", { class: "n" }, fmtNum(timeline.mean_goldstein, 2)), h("span", { class: "label" }, "mean Goldstein")),
    timeline.undated ? h("div", { class: "count" }, h("span", { class: "n" }, fmtInt(timeline.undated)), h("span", { class: "label" }, "without a date")) : null,
  );
  const chart = h("div", { class: "chart-box", id: "timeline" });
  const legend = h("ul", { class: "legend" }, ...QUADS.map((q) => {
    const sw = h("span", { class: "swatch" });
    sw.style.background = QUAD_COLOURS[q];
    return h("li", {}, sw, QUAD_NAMES[q]);
  }));
  const timelinePanel = panel(`Events per ${interval}`, legend, chart);
  const list = panel(
    "Events",
    h("div", { class: "toolbar" }, exportButtons("dyad-events", EVENT_COLUMNS, () => allEvents(f))),
    events.events.length ? eventTable(events.events, `${fmtInt(timeline.events)} matching events, newest first`) : message("No event matches these filters."),
    pager(timeline.events, page, (n) => href("overview", withParams(p, { page: String(n) }))),
  );
  ctx.root.append(counts, timelinePanel, list);
  if (timeline.periods.length) {
    stackedTimeline(chart, timeline.periods, (period, quad) => {
      const [from, to] = periodRange(period);
      go(href("overview", withParams(p, { from, to, quad: quad ? String(quad) : p.get("quad"), page: null })));
    });
  } else {
    chart.append(message("No dated events."));
  }
}
