// The dyad view's charts: events per period in both directions (A->B above
// the axis, B->A below) and the mean Goldstein value per period and direction.
import { axisBottom, axisLeft } from "d3-axis";
import { max } from "d3-array";
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import { fillPeriods } from "../domain";
import { box, rovingFocus, svgIn, thinTicks } from "./common";

export interface DirectionPoint {
  period: string;
  count: number;
  mean_goldstein: number;
}

export const DIRECTION_COLOURS = ["#2c6fb0", "#c2571a"];

function allPeriods(series: [DirectionPoint[], DirectionPoint[]]): string[] {
  return fillPeriods([...new Set([...series[0], ...series[1]].map((p) => p.period))].sort());
}

export function mirroredBars(el: HTMLElement, names: [string, string], series: [DirectionPoint[], DirectionPoint[]], onSelect: (period: string, direction: number) => void): void {
  const periods = allPeriods(series);
  const b = box(el, 260);
  const { top, right, bottom, left } = b.margin;
  const x = scaleBand<string>().domain(periods).range([left, b.width - right]).paddingInner(periods.length > 60 ? 0 : 0.2);
  const peak = max([...series[0], ...series[1]], (p) => p.count) ?? 1;
  const y = scaleLinear().domain([-peak, peak]).nice().range([b.height - bottom, top]);
  const svg = svgIn(el, b, `Events per period: ${names[0]} above the axis, ${names[1]} below`, `${periods.length} periods. Arrow keys move between bars; Enter lists their events.`);
  svg.attr("class", "chart mirrored");
  svg.append("g").attr("transform", `translate(${left},0)`).call(axisLeft(y).tickValues(y.ticks(6).filter(Number.isInteger)).tickFormat((v) => String(Math.abs(+v))));
  svg.append("g").attr("transform", `translate(0,${b.height - bottom})`).call(axisBottom(x).tickValues(thinTicks(periods, Math.floor(b.width / 70))).tickSizeOuter(0));
  svg.append("line").attr("class", "zero").attr("x1", left).attr("x2", b.width - right).attr("y1", y(0)).attr("y2", y(0));
  const barWidth = Math.max(1, Math.min(60, x.bandwidth()));
  const barX = (p: string) => x(p)! + (x.bandwidth() - barWidth) / 2;
  const marks: SVGElement[] = [];
  const handlers: (() => void)[] = [];
  series.forEach((points, d) => {
    const g = svg.append("g").attr("class", `direction d${d}`).attr("data-direction", names[d]);
    for (const p of points) {
      const r = g
        .append("rect")
        .attr("x", barX(p.period))
        .attr("width", barWidth)
        .attr("y", d === 0 ? y(p.count) : y(0))
        .attr("height", Math.abs(y(p.count) - y(0)))
        .attr("fill", DIRECTION_COLOURS[d])
        .attr("data-period", p.period)
        .attr("data-count", p.count)
        .attr("aria-label", `${names[d]}, ${p.period}: ${p.count} events, mean Goldstein ${p.mean_goldstein}`);
      r.append("title").text(`${names[d]} · ${p.period}: ${p.count} events, mean Goldstein ${p.mean_goldstein}`);
      marks.push(r.node()!);
      handlers.push(() => onSelect(p.period, d));
    }
  });
  rovingFocus(marks, (i) => handlers[i]());
}

export function goldsteinLines(el: HTMLElement, names: [string, string], series: [DirectionPoint[], DirectionPoint[]]): void {
  const periods = allPeriods(series);
  const b = box(el, 220);
  const { top, right, bottom, left } = b.margin;
  const x = scalePoint<string>().domain(periods).range([left + 6, b.width - right - 6]);
  const y = scaleLinear().domain([-10, 10]).range([b.height - bottom, top]);
  const svg = svgIn(el, b, "Mean Goldstein value per period and direction", "From -10 (most conflictual) to +10 (most cooperative).");
  svg.attr("class", "chart goldstein");
  svg.append("g").attr("transform", `translate(${left},0)`).call(axisLeft(y).tickValues([-10, -5, 0, 5, 10]));
  svg.append("g").attr("transform", `translate(0,${b.height - bottom})`).call(axisBottom(x).tickValues(thinTicks(periods, Math.floor(b.width / 70))).tickSizeOuter(0));
  svg.append("line").attr("class", "zero").attr("x1", left).attr("x2", b.width - right).attr("y1", y(0)).attr("y2", y(0));
  series.forEach((points, d) => {
    const g = svg.append("g").attr("class", `direction d${d}`).attr("data-direction", names[d]);
    g.append("path")
      .attr("fill", "none")
      .attr("stroke", DIRECTION_COLOURS[d])
      .attr("stroke-width", 2)
      .attr("d", line<DirectionPoint>().x((p) => x(p.period)!).y((p) => y(p.mean_goldstein))(points) ?? "");
    g.selectAll("circle")
      .data(points)
      .join("circle")
      .attr("cx", (p) => x(p.period)!)
      .attr("cy", (p) => y(p.mean_goldstein))
      .attr("r", 3.5)
      .attr("fill", DIRECTION_COLOURS[d])
      .attr("data-period", (p) => p.period)
      .attr("data-goldstein", (p) => p.mean_goldstein)
      .append("title")
      .text((p) => `${names[d]} · ${p.period}: mean Goldstein ${p.mean_goldstein} over ${p.count} events`);
  });
}

// Horizontal bars: events per type.
export function typeBars(el: HTMLElement, rows: { key: string; label: string; events: number }[], colour: string, title: string, onSelect: (key: string) => void): void {
  const b = box(el, 24 + rows.length * 22, { top: 4, right: 44, bottom: 4, left: 190 });
  const x = scaleLinear().domain([0, max(rows, (r) => r.events) ?? 1]).range([b.margin.left, b.width - b.margin.right]);
  const svg = svgIn(el, b, title, `${rows.length} types.`);
  svg.attr("class", "chart types");
  const g = svg.selectAll("g").data(rows).join("g").attr("transform", (_, i) => `translate(0,${b.margin.top + i * 22})`).attr("data-key", (r) => r.key).attr("data-count", (r) => r.events).attr("aria-label", (r) => `${r.label}: ${r.events} events`);
  g.append("text").attr("x", b.margin.left - 6).attr("y", 14).attr("text-anchor", "end").text((r) => (r.label.length > 30 ? r.label.slice(0, 29) + "…" : r.label));
  g.append("rect").attr("x", b.margin.left).attr("y", 3).attr("height", 15).attr("width", (r) => Math.max(1, x(r.events) - b.margin.left)).attr("fill", colour);
  g.append("text").attr("class", "value").attr("x", (r) => x(r.events) + 4).attr("y", 14).text((r) => r.events);
  rovingFocus(g.nodes() as SVGElement[], (i) => onSelect(rows[i].key));
}
