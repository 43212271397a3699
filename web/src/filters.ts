// The filter bar shared by the overview, network, map and dyad views. Every
// change becomes a new URL (so Back undoes it), which re-renders the view.
import { api } from "./api";
import { CAMEO_ROOTS, MODALITIES, PLOVER_TYPES, POLARITIES, QUAD_NAMES } from "./domain";
import { h } from "./dom";
import { FILTER_KEYS, go, href, withParams, type Route } from "./state";

let sites: Promise<{ site: string; documents: number }[]> | null = null;

function select(name: string, label: string, value: string, options: [string, string][]): HTMLElement {
  const id = `f-${name}`;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h("select", { id, name }, h("option", { value: "" }, "any"), ...options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))),
  );
}

function input(name: string, label: string, value: string, attrs: Record<string, string> = {}): HTMLElement {
  const id = `f-${name}`;
  return h("div", { class: "field" }, h("label", { for: id }, label), h("input", { id, name, value, ...attrs }));
}

export function filterBar(route: Route, options: { interval?: boolean; dyadPair?: boolean } = {}): HTMLElement {
  const p = route.params;
  const v = (k: string) => p.get(k) ?? "";
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter events", novalidate: true },
    h(
      "div",
      { class: "field wide" },
      h("label", { for: "f-text" }, "Search articles"),
      h("input", { id: "f-text", name: "text", type: "search", value: v("text"), placeholder: 'ceasefire, "prime minister"', "aria-keyshortcuts": "/" }),
    ),
    input("from", "From", v("from"), { type: "date" }),
    input("to", "To", v("to"), { type: "date" }),
    options.dyadPair ? input("a", "Actor A", v("a"), { placeholder: "IRQ", size: "7", pattern: "[A-Za-z0-9]{2,32}" }) : input("actor", "Actor or country", v("actor"), { placeholder: "IRQ, USAGOV", size: "9", pattern: "[A-Za-z0-9]{2,32}" }),
    options.dyadPair ? input("b", "Actor B", v("b"), { placeholder: "USA", size: "7", pattern: "[A-Za-z0-9]{2,32}" }) : input("dyad", "Dyad", v("dyad"), { placeholder: "IRQ-USA", size: "9", pattern: "[A-Za-z0-9]{2,32}-[A-Za-z0-9]{2,32}" }),
    select("code", "CAMEO root", v("code"), Object.entries(CAMEO_ROOTS).map(([c, n]) => [c, `${c} ${n}`])),
    select("plover", "PLOVER type", v("plover"), PLOVER_TYPES.map((t) => [t, t])),
    select("quad", "Quad class", v("quad"), Object.entries(QUAD_NAMES).map(([q, n]) => [q, `${q} ${n}`])),
    select("polarity", "Polarity", v("polarity"), POLARITIES.map((x) => [x, x])),
    select("modality", "Modality", v("modality"), MODALITIES.map((x) => [x, x])),
    select("site", "Source site", v("site"), v("site") ? [[v("site"), v("site")]] : []),
    options.interval ? select("interval", "Per", v("interval") || "month", [["day", "day"], ["week", "week"], ["month", "month"]]) : null,
    h("div", { class: "field buttons" }, h("button", { type: "submit" }, "Apply"), h("button", { type: "button", class: "secondary", "data-clear": "1" }, "Clear")),
  );
  // The interval select has no "any".
  const interval = form.querySelector<HTMLSelectElement>("#f-interval");
  interval?.querySelector('option[value=""]')?.remove();
  const apply = () => {
    const changes: Record<string, string | null> = { page: null, edge: null, period: null };
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) changes[el.name] = el.value.trim();
    for (const k of ["actor", "a", "b", "dyad"]) if (changes[k]) changes[k] = changes[k]!.toUpperCase();
    go(href(route.view, withParams(route.params, changes)));
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    apply();
  });
  form.addEventListener("change", (ev) => {
    if ((ev.target as HTMLElement).tagName === "SELECT" || (ev.target as HTMLInputElement).type === "date") apply();
  });
  form.querySelector("[data-clear]")!.addEventListener("click", () => {
    const keep = new URLSearchParams();
    for (const k of ["a", "b", "interval", "edges"]) if (p.get(k)) keep.set(k, p.get(k)!);
    go(href(route.view, keep));
  });
  // Sites are listed once per page load.
  sites ??= api<{ sites: { site: string; documents: number }[] }>("/api/sites").then((r) => r.sites);
  sites
    .then((list) => {
      const sel = form.querySelector<HTMLSelectElement>("#f-site")!;
      for (const s of list) {
        if (!s.site || s.site === v("site")) continue;
        sel.append(h("option", { value: s.site }, `${s.site} (${s.documents})`));
      }
    })
    .catch(() => undefined);
  return form;
}

export function activeFilterCount(p: URLSearchParams): number {
  return FILTER_KEYS.filter((k) => p.get(k)).length;
}
