// Actors as nodes, event counts as directed edges coloured by mean Goldstein
// (red conflict, blue cooperation). The layout is computed once (a fixed
// number of force steps), then drawn: no animation, the same picture for the
// same data.
import { max } from "d3-array";
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from "d3-force";
import { scaleDiverging, scaleSqrt } from "d3-scale";
import { interpolateRdBu } from "d3-scale-chromatic";
import { select } from "d3-selection";
import { zoom } from "d3-zoom";
import { box, rovingFocus, svgIn } from "./common";

export interface NetNode extends SimulationNodeDatum {
  id: string;
  events: number;
}
export interface NetEdge extends SimulationLinkDatum<NetNode> {
  source: string | NetNode;
  target: string | NetNode;
  count: number;
  mean_goldstein: number;
}

export const goldsteinColour = scaleDiverging(interpolateRdBu).domain([-10, 0, 10]);

export function networkChart(el: HTMLElement, nodes: NetNode[], edges: NetEdge[], onEdge: (source: string, target: string) => void, onNode: (id: string) => void): void {
  const b = box(el, Math.max(420, Math.min(720, 180 + nodes.length * 8)));
  const svg = svgIn(el, b, "Actor network", `${nodes.length} actors and ${edges.length} directed edges; edge width is the number of events, colour the mean Goldstein value. The table below lists the same edges.`);
  svg.attr("class", "chart network");
  const maxEvents = max(nodes, (n) => n.events) ?? 1;
  const radius = scaleSqrt().domain([0, maxEvents]).range([4, 26]);
  const width = scaleSqrt().domain([0, max(edges, (e) => e.count) ?? 1]).range([0.8, 9]);
  const sim = forceSimulation<NetNode>(nodes)
    .force("link", forceLink<NetNode, NetEdge>(edges).id((n) => n.id).distance(90).strength(0.25))
    .force("charge", forceManyBody().strength(-220))
    .force("center", forceCenter(b.width / 2, b.height / 2))
    .force("collide", forceCollide<NetNode>().radius((n) => radius(n.events) + 6))
    // Keep small components near the middle.
    .force("x", forceX(b.width / 2).strength(0.04))
    .force("y", forceY(b.height / 2).strength(0.07))
    .stop();
  for (let i = 0; i < 260; ++i) sim.tick();
  // Keep everything inside the box.
  for (const n of nodes) {
    n.x = Math.max(30, Math.min(b.width - 30, n.x ?? 0));
    n.y = Math.max(20, Math.min(b.height - 20, n.y ?? 0));
  }
  const defs = svg.append("defs");
  defs.append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8").attr("refX", 8).attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto").append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", "#666");
  const world = svg.append("g");
  svg.call(zoom<SVGSVGElement, unknown>().scaleExtent([0.3, 6]).on("zoom", (ev) => world.attr("transform", ev.transform)) as any);
  const node = (e: NetEdge, side: "source" | "target") => e[side] as NetNode;
  // Curved edges so that A->B and B->A stay apart.
  const path = (e: NetEdge) => {
    const s = node(e, "source"), t = node(e, "target");
    const dx = t.x! - s.x!, dy = t.y! - s.y!;
    const dist = Math.hypot(dx, dy) || 1;
    const rt = radius(t.events) + 3;
    const ex = t.x! - (dx / dist) * rt, ey = t.y! - (dy / dist) * rt;
    return `M${s.x},${s.y}A${dist * 1.4},${dist * 1.4} 0 0,1 ${ex},${ey}`;
  };
  const links = world
    .append("g")
    .attr("class", "edges")
    .selectAll("path")
    .data(edges)
    .join("path")
    .attr("d", path)
    .attr("fill", "none")
    .attr("stroke", (e) => goldsteinColour(e.mean_goldstein))
    .attr("stroke-width", (e) => width(e.count))
    .attr("marker-end", "url(#arrow)")
    .attr("data-source", (e) => node(e, "source").id)
    .attr("data-target", (e) => node(e, "target").id)
    .attr("data-count", (e) => e.count)
    .attr("aria-label", (e) => `${node(e, "source").id} to ${node(e, "target").id}: ${e.count} events, mean Goldstein ${e.mean_goldstein}`);
  links.append("title").text((e) => `${node(e, "source").id} → ${node(e, "target").id}: ${e.count} events, mean Goldstein ${e.mean_goldstein}`);
  rovingFocus(links.nodes() as SVGElement[], (i) => onEdge(node(edges[i], "source").id, node(edges[i], "target").id));
  const g = world.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g").attr("transform", (n) => `translate(${n.x},${n.y})`).attr("data-node", (n) => n.id).attr("data-count", (n) => n.events);
  g.append("circle").attr("r", (n) => radius(n.events)).append("title").text((n) => `${n.id}: ${n.events} events`);
  g.append("text").attr("dy", (n) => -radius(n.events) - 3).attr("text-anchor", "middle").text((n) => (/^-+$/.test(n.id) ? "unknown" : n.id));
  g.on("click", (_, n) => onNode(n.id));
  select(el).select("svg").attr("data-edges", edges.length);
}
