// Events by country as a choropleth (world shapes: Natural Earth 1:50m from
// the world-atlas package, fetched from the server only when the map opens).
import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import { max } from "d3-array";
import { geoEqualEarth, geoPath } from "d3-geo";
import { scaleSequentialLog } from "d3-scale";
import { interpolateYlOrRd } from "d3-scale-chromatic";
import { select } from "d3-selection";
import { feature } from "topojson-client";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { box, rovingFocus, svgIn } from "./common";

countries.registerLocale(en as any);

export function countryName(alpha3: string): string {
  return countries.getName(alpha3, "en") ?? "";
}

export function isCountry(code: string): boolean {
  return countries.isValid(code) && code.length === 3;
}

let shapes: Promise<FeatureCollection<Geometry, { name: string }>> | null = null;

export function worldShapes(): Promise<FeatureCollection<Geometry, { name: string }>> {
  shapes ??= fetch("/countries-50m.json")
    .then((r) => {
      if (!r.ok) throw new Error(`world shapes: HTTP ${r.status}`);
      return r.json();
    })
    .then((topo) => feature(topo, topo.objects.countries) as unknown as FeatureCollection<Geometry, { name: string }>);
  return shapes;
}

export function choropleth(el: HTMLElement, world: FeatureCollection<Geometry, { name: string }>, counts: Map<string, number>, onCountry: (alpha3: string) => void, places: [number, number][] = []): void {
  const b = box(el, 0);
  b.height = Math.round(b.width * 0.5);
  const projection = geoEqualEarth().fitExtent([[4, 4], [b.width - 4, b.height - 4]], { type: "Sphere" } as any);
  const path = geoPath(projection);
  const top = max([...counts.values()]) ?? 1;
  const colour = scaleSequentialLog(interpolateYlOrRd).domain([1, Math.max(2, top)]);
  const svg = svgIn(el, b, "Events by country", `${counts.size} countries with events. The table beside the map lists the same counts.`);
  svg.attr("class", "chart map");
  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" } as any) ?? "");
  const withCode = world.features.map((f: Feature<Geometry, { name: string }>) => ({ f, code: f.id !== undefined ? countries.numericToAlpha3(String(f.id)) ?? "" : "" }));
  const shapesSel = svg
    .append("g")
    .selectAll("path")
    .data(withCode)
    .join("path")
    .attr("d", (d) => path(d.f) ?? "")
    .attr("fill", (d) => (counts.get(d.code) ? colour(counts.get(d.code)!) : "#e8e8e8"))
    .attr("class", (d) => (counts.get(d.code) ? "country has-events" : "country"))
    .attr("data-country", (d) => d.code)
    .attr("data-count", (d) => counts.get(d.code) ?? 0);
  shapesSel.append("title").text((d) => `${d.f.properties?.name ?? d.code}: ${counts.get(d.code) ?? 0} events`);
  const active = shapesSel.filter((d) => !!counts.get(d.code));
  active.attr("aria-label", (d) => `${d.f.properties?.name ?? d.code}: ${counts.get(d.code)} events`);
  const nodes = active.nodes() as SVGElement[];
  const data = active.data();
  rovingFocus(nodes, (i) => onCountry(data[i].code));
  // Places of events (lon, lat), once geolocation gives them.
  svg
    .append("g")
    .attr("class", "places")
    .selectAll("circle")
    .data(places)
    .join("circle")
    .attr("r", 2.5)
    .attr("cx", (d) => projection(d)?.[0] ?? -10)
    .attr("cy", (d) => projection(d)?.[1] ?? -10);
  // Legend.
  const legend = svg.append("g").attr("class", "legend").attr("transform", `translate(12,${b.height - 24})`);
  const steps = [1, Math.round(Math.sqrt(top)), top].filter((v, i, a) => a.indexOf(v) === i);
  steps.forEach((v, i) => {
    legend.append("rect").attr("x", i * 70).attr("width", 14).attr("height", 14).attr("fill", colour(v));
    legend.append("text").attr("x", i * 70 + 18).attr("y", 11).text(v);
  });
  select(el).select("svg").attr("data-countries", counts.size);
}
