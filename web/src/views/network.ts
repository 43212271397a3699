// Actor network: nodes are actors (root codes), edges the events from one to
// another, coloured by mean Goldstein. An edge opens its events.
import { api, type EventsPage } from "../api";
import { goldsteinColour, networkChart, type NetEdge, type NetNode } from "../charts/network";
import { clear, fmtInt, h, message, panel } from "../dom";
import { csv, download } from "../export";
import { filters, go, href, withParams } from "../state";
import { eventTable } from "../table";
import type { ViewContext } from "./view";

interface Network {
  events: number;
  edges_total: number;
  nodes: NetNode[];
  edges: { source: string; target: string; count: number; mean_goldstein: number }[];
}

export async function renderNetwork(ctx: ViewContext): Promise<void> {
  const p = ctx.route.params;
  const f = filters(p);
  const edges = p.get("edges") || "60";
  const edge = p.get("edge"); // "SRC-TGT": list its events
  const [net, edgeEvents] = await Promise.all([
    api<Network>("/api/network", withParams(f, { edges })),
    edge ? api<EventsPage>("/api/events", withParams(f, { source: edge.split("-")[0], target: edge.split("-")[1], limit: "50", order: "desc" })) : Promise.resolve(null),
  ]);
  if (!ctx.current()) return;
  clear(ctx.root);
  const size = h(
    "label",
    { class: "inline" },
    "Edges shown ",
    h("select", { id: "edge-count", onchange: (ev: Event) => go(href("network", withParams(p, { edges: (ev.target as HTMLSelectElement).value }))) }, ...["20", "60", "150", "400"].map((n) => h("option", { value: n, selected: n === edges }, n))),
  );
  const exportEdges = h("button", { type: "button", "data-export": "csv", onclick: () => download("dyad-network.csv", "text/csv", csv(net.edges, ["source", "target", "count", "mean_goldstein"])) }, "Export CSV");
  const exportJson = h("button", { type: "button", "data-export": "json", onclick: () => download("dyad-network.json", "application/json", JSON.stringify(net, null, 1)) }, "Export JSON");
  const chart = h("div", { class: "chart-box", id: "network" });
  const scale = h("div", { class: "gradient-legend" }, h("span", {}, "−10 conflict"), h("span", { class: "bar" }), h("span", {}, "+10 cooperation"));
  (scale.querySelector(".bar") as HTMLElement).style.background = `linear-gradient(to right, ${[-10, -5, 0, 5, 10].map((v) => goldsteinColour(v)).join(",")})`;
  ctx.root.append(
    panel(
      "Actor network",
      h("div", { class: "toolbar" }, size, h("span", { class: "muted" }, `${fmtInt(net.events)} events; ${fmtInt(Math.min(net.edges.length, net.edges_total))} of ${fmtInt(net.edges_total)} edges shown`), h("div", { class: "export", role: "group", "aria-label": "Export the edges" }, exportEdges, exportJson)),
      scale,
      chart,
    ),
  );
  const openEdge = (s: string, t: string) => go(href("network", withParams(p, { edge: `${s}-${t}` })));
  if (net.edges.length) {
    networkChart(chart, net.nodes.map((n) => ({ ...n })), net.edges.map((e) => ({ ...e })) as NetEdge[], openEdge, (id) => go(href("overview", withParams(f, { actor: id }))));
  } else {
    chart.append(message("No events between two actors for these filters."));
  }
  if (edge && edgeEvents) {
    const [s, t] = edge.split("-");
    ctx.root.append(
      panel(
        `Events ${s} → ${t}`,
        h("p", {}, h("a", { href: href("dyad", withParams(f, { a: s, b: t })) }, `Open the dyad view ${s} ↔ ${t}`)),
        edgeEvents.events.length ? eventTable(edgeEvents.events, `Events from ${s} to ${t}, newest first`) : message("No events."),
      ),
    );
    document.getElementById("p-events-" + `${s}-${t}`.toLowerCase())?.scrollIntoView({ block: "start" });
  }
  const rows = net.edges.map((e) =>
    h(
      "tr",
      { "data-source": e.source, "data-target": e.target, "data-count": e.count },
      h("td", {}, h("a", { href: href("network", withParams(p, { edge: `${e.source}-${e.target}` })) }, `${e.source} → ${e.target}`)),
      h("td", { class: "num" }, fmtInt(e.count)),
      h("td", { class: "num" }, e.mean_goldstein.toFixed(2)),
    ),
  );
  ctx.root.append(
    panel(
      "Edges",
      h("div", { class: "table-wrap" }, h("table", { class: "edges" }, h("caption", {}, "The edges of the network, by number of events"), h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "From → to"), h("th", { scope: "col" }, "Events"), h("th", { scope: "col" }, "Mean Goldstein"))), h("tbody", {}, ...rows))),
    ),
  );
}
