// Map: events by country (an event counts for its source's and its target's
// country), as a choropleth and as a table. Places appear once events carry
// coordinates (geolocation).
import { api, type EventsPage } from "../api";
import { choropleth, countryName, isCountry, worldShapes } from "../charts/map";
import { clear, fmtInt, h, message, panel } from "../dom";
import { csv, download } from "../export";
import { filters, go, href, withParams } from "../state";
import type { ViewContext } from "./view";

interface MapCounts {
  events: number;
  countries: { code: string; events: number; as_source: number; as_target: number; mean_goldstein: number }[];
}

// Coordinates of an event, whatever the geolocation work names them.
function place(e: any): [number, number] | null {
  for (const g of [e.location, e.action_geo, e.geo, e.place]) {
    const lat = g?.lat ?? g?.latitude, lon = g?.lon ?? g?.lng ?? g?.longitude;
    if (typeof lat === "number" && typeof lon === "number") return [lon, lat];
  }
  return null;
}

export async function renderMap(ctx: ViewContext): Promise<void> {
  const f = filters(ctx.route.params);
  const [counts, world, sample] = await Promise.all([
    api<MapCounts>("/api/map", f),
    worldShapes(),
    api<EventsPage>("/api/events", withParams(f, { limit: "200", order: "desc" })),
  ]);
  if (!ctx.current()) return;
  clear(ctx.root);
  const onMap = counts.countries.filter((c) => isCountry(c.code)).sort((x, y) => y.events - x.events);
  const other = counts.countries.filter((c) => !isCountry(c.code)).sort((x, y) => y.events - x.events);
  const chart = h("div", { class: "chart-box", id: "map" });
  const exports = h(
    "div",
    { class: "export", role: "group", "aria-label": "Export the counts" },
    h("button", { type: "button", "data-export": "csv", onclick: () => download("dyad-countries.csv", "text/csv", csv(counts.countries, ["code", "events", "as_source", "as_target", "mean_goldstein"])) }, "Export CSV"),
    h("button", { type: "button", "data-export": "json", onclick: () => download("dyad-countries.json", "application/json", JSON.stringify(counts, null, 1)) }, "Export JSON"),
  );
  const places = sample.events.map(place).filter((x): x is [number, number] => x !== null);
  ctx.root.append(
    panel(
      "Events by country",
      h("div", { class: "toolbar" }, h("span", { class: "muted" }, `${fmtInt(counts.events)} events; an event counts for the country of its source and of its target`), exports),
      chart,
      places.length ? null : h("p", { class: "muted" }, "By place: the events carry no coordinates yet; places appear here once geolocation places them."),
    ),
  );
  const byCode = new Map(onMap.map((c) => [c.code, c.events]));
  choropleth(chart, world, byCode, (code) => go(href("overview", withParams(f, { actor: code }))), places);
  const table = (rows: MapCounts["countries"], caption: string) =>
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "countries" },
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, ...["Country", "Events", "As source", "As target", "Mean Goldstein"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...rows.map((c) => h("tr", { "data-country": c.code, "data-count": c.events }, h("td", {}, h("a", { href: href("overview", withParams(f, { actor: c.code })) }, `${countryName(c.code) || c.code} (${c.code})`)), h("td", { class: "num" }, fmtInt(c.events)), h("td", { class: "num" }, fmtInt(c.as_source)), h("td", { class: "num" }, fmtInt(c.as_target)), h("td", { class: "num" }, c.mean_goldstein.toFixed(2))))),
      ),
    );
  ctx.root.append(panel("Countries", onMap.length ? table(onMap, "Events per country, most first") : message("No country has events for these filters.")));
  if (other.length) ctx.root.append(panel("Actors without a country on the map", table(other, "Organisations and regions (IGO, ...)")));
}
