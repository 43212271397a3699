// What the charts share: size from the container, an SVG with a title and a
// description for screen readers.
import { select } from "d3-selection";

export interface Box {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export function box(el: HTMLElement, height: number, margin = { top: 12, right: 16, bottom: 28, left: 48 }): Box {
  const width = Math.max(280, Math.floor(el.clientWidth || el.getBoundingClientRect().width || 800));
  return { width, height, margin };
}

let ids = 0;
export function svgIn(el: HTMLElement, b: Box, title: string, description: string) {
  const id = `chart-${++ids}`;
  const svg = select(el)
    .append("svg")
    .attr("width", b.width)
    .attr("height", b.height)
    .attr("viewBox", `0 0 ${b.width} ${b.height}`)
    .attr("role", "group")
    .attr("aria-labelledby", `${id}-t`)
    .attr("aria-describedby", `${id}-d`);
  svg.append("title").attr("id", `${id}-t`).text(title);
  svg.append("desc").attr("id", `${id}-d`).text(description);
  return svg;
}

// Roving focus over a chart's marks: one is in the tab order; arrows move,
// Enter or Space activate.
export function rovingFocus(marks: SVGElement[], activate: (i: number) => void): void {
  marks.forEach((m, i) => {
    m.setAttribute("tabindex", i === marks.length - 1 ? "0" : "-1");
    m.setAttribute("role", "button");
    m.addEventListener("keydown", (ev: KeyboardEvent) => {
      let next = i;
      if (ev.key === "ArrowRight" || ev.key === "ArrowDown") next = Math.min(marks.length - 1, i + 1);
      else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") next = Math.max(0, i - 1);
      else if (ev.key === "Home") next = 0;
      else if (ev.key === "End") next = marks.length - 1;
      else if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        activate(i);
        return;
      } else return;
      ev.preventDefault();
      m.setAttribute("tabindex", "-1");
      marks[next].setAttribute("tabindex", "0");
      marks[next].focus();
    });
    m.addEventListener("click", () => activate(i));
  });
}

// Fewer tick labels when there are many periods.
export function thinTicks(domain: string[], maxTicks: number): string[] {
  if (domain.length <= maxTicks) return domain;
  const step = Math.ceil(domain.length / maxTicks);
  return domain.filter((_, i) => i % step === 0);
}
