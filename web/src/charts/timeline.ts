// Events per period, stacked by quad class. Each bar is a period (and each
// segment a quad class) carrying its numbers in data- attributes.
import { axisBottom, axisLeft } from "d3-axis";
import { max } from "d3-array";
import { scaleBand, scaleLinear } from "d3-scale";
import type { TimelinePeriod } from "../api";
import { fillPeriods, QUAD_COLOURS, QUAD_NAMES, QUADS } from "../domain";
import { box, rovingFocus, svgIn, thinTicks } from "./common";

export function stackedTimeline(el: HTMLElement, periods: TimelinePeriod[], onSelect: (period: string, quad?: number) => void): void {
  const b = box(el, 240);
  const { top, right, bottom, left } = b.margin;
  const domain = fillPeriods(periods.map((p) => p.period));
  const x = scaleBand<string>().domain(domain).range([left, b.width - right]).paddingInner(domain.length > 60 ? 0 : 0.15);
  // Few periods: bars no wider than 60 px, centred in their band.
  const barWidth = Math.max(1, Math.min(60, x.bandwidth()));
  const barX = (p: string) => x(p)! + (x.bandwidth() - barWidth) / 2;
  const y = scaleLinear().domain([0, max(periods, (p) => p.count) ?? 1]).nice().range([b.height - bottom, top]);
  const total = periods.reduce((n, p) => n + p.count, 0);
  const svg = svgIn(el, b, "Events per period, stacked by quad class", `${total} events in ${periods.length} periods. Use the arrow keys to move between periods and Enter to list a period's events.`);
  svg.attr("class", "chart timeline");
  svg.append("g").attr("transform", `translate(0,${b.height - bottom})`).call(axisBottom(x).tickValues(thinTicks(x.domain(), Math.floor(b.width / 70))).tickSizeOuter(0));
  svg.append("g").attr("transform", `translate(${left},0)`).call(axisLeft(y).tickValues(y.ticks(5).filter(Number.isInteger)));
  const bars = svg
    .append("g")
    .selectAll<SVGGElement, TimelinePeriod>("g")
    .data(periods)
    .join("g")
    .attr("class", "bar")
    .attr("data-period", (p) => p.period)
    .attr("data-count", (p) => p.count)
    .attr("aria-label", (p) => `${p.period}: ${p.count} events (${QUADS.map((q) => `${QUAD_NAMES[q]} ${(p as any)["q" + q]}`).join(", ")})`);
  bars.each(function (this: SVGGElement, p) {
    let y0 = 0;
    for (const q of QUADS) {
      const n = (p as any)["q" + q] as number;
      if (!n) continue;
      const seg = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      seg.setAttribute("x", String(barX(p.period)));
      seg.setAttribute("width", String(barWidth));
      seg.setAttribute("y", String(y(y0 + n)));
      seg.setAttribute("height", String(Math.max(0.5, y(y0) - y(y0 + n))));
      seg.setAttribute("fill", QUAD_COLOURS[q]);
      seg.setAttribute("data-quad", String(q));
      seg.setAttribute("data-count", String(n));
      const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = `${p.period} · ${QUAD_NAMES[q]}: ${n}`;
      seg.append(title);
      seg.addEventListener("click", (ev) => {
        ev.stopPropagation();
        onSelect(p.period, q);
      });
      this.append(seg);
      y0 += n;
    }
  });
  rovingFocus(bars.nodes() as SVGElement[], (i) => onSelect(periods[i].period));
}
