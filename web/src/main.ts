// The dashboard's entry: header and navigation, the filter bar, and the view
// named by the URL fragment. Each render has a number; answers that arrive
// after a newer render started are dropped.
import { ApiError } from "./api";
import { clear, h, message } from "./dom";
import { activeFilterCount, filterBar } from "./filters";
import { currentRoute, filters, href, type View } from "./state";
import { renderAdd } from "./views/add";
import { renderArticle } from "./views/article";
import { renderDyad } from "./views/dyad";
import { renderEvent } from "./views/event";
import { renderMap } from "./views/map";
import { renderNetwork } from "./views/network";
import { renderOverview } from "./views/overview";
import type { ViewRender } from "./views/view";

const RENDERS: Record<View, ViewRender> = {
  overview: renderOverview,
  dyad: renderDyad,
  network: renderNetwork,
  map: renderMap,
  event: renderEvent,
  article: renderArticle,
  add: renderAdd,
};
const TITLES: Record<View, string> = {
  overview: "Overview",
  dyad: "Dyad",
  network: "Network",
  map: "Map",
  event: "Event",
  article: "Article",
  add: "Add text",
};
const NAV: View[] = ["overview", "dyad", "network", "map", "add"];

let generation = 0;

async function render(): Promise<void> {
  const route = currentRoute();
  const mine = ++generation;
  const started = performance.now();
  document.title = `${TITLES[route.view]} · dyad`;
  const nav = document.getElementById("nav")!;
  for (const a of nav.querySelectorAll("a")) {
    if (a.dataset.view === route.view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
    // Links between views keep the filters.
    const view = a.dataset.view as View;
    if (view !== "add") a.setAttribute("href", href(view, view === "dyad" ? withPair(route.params) : filters(route.params)));
  }
  const bar = document.getElementById("filters")!;
  clear(bar);
  if (route.view === "overview" || route.view === "network" || route.view === "map" || route.view === "dyad") {
    // On a phone the filters fold away (they would fill the first screen).
    const active = activeFilterCount(route.params);
    const box = h("details", { class: "filter-box", open: window.innerWidth >= 760 }, h("summary", {}, `Filters${active ? ` (${active} active)` : ""}`));
    box.append(filterBar(route, { interval: route.view === "overview" || route.view === "dyad", dyadPair: route.view === "dyad" }));
    bar.append(box);
  }
  const root = document.getElementById("view")!;
  root.setAttribute("aria-busy", "true");
  root.dataset.view = route.view;
  root.dataset.ready = "";
  try {
    await RENDERS[route.view]({ route, root, current: () => mine === generation });
  } catch (e) {
    if (mine !== generation) return;
    clear(root);
    const text = e instanceof ApiError ? `The server answered ${e.status}: ${e.message}` : `Something went wrong: ${(e as Error).message}`;
    root.append(message(text, "error"));
  } finally {
    if (mine === generation) {
      root.removeAttribute("aria-busy");
      // For web/bench/render.mjs: when the view was drawn, and how long it took
      // from the URL change (requests included).
      const now = performance.now();
      root.dataset.readyAt = now.toFixed(1);
      root.dataset.renderMs = (now - started).toFixed(1);
      root.dataset.ready = String(mine);
    }
  }
}

function withPair(p: URLSearchParams): URLSearchParams {
  const out = filters(p);
  out.delete("dyad");
  out.delete("actor");
  const dyad = /^([A-Z0-9]+)-([A-Z0-9]+)$/.exec(p.get("dyad") ?? "");
  if (dyad) out.set("a", dyad[1]), out.set("b", dyad[2]);
  for (const k of ["a", "b"]) if (p.get(k)) out.set(k, p.get(k)!);
  return out;
}

function boot(): void {
  // The skip link focuses the content (a fragment link would change the route).
  document.querySelector(".skip")?.addEventListener("click", (ev) => {
    ev.preventDefault();
    document.getElementById("view")?.focus();
  });
  const nav = document.getElementById("nav")!;
  for (const v of NAV) nav.append(h("a", { href: href(v), "data-view": v }, TITLES[v]));
  window.addEventListener("hashchange", () => void render());
  // "/" jumps to the search box, as on many sites.
  document.addEventListener("keydown", (ev) => {
    const t = ev.target as HTMLElement;
    if (ev.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(t.tagName)) {
      const search = document.getElementById("f-text");
      if (search) {
        ev.preventDefault();
        search.focus();
      }
    }
  });
  // Charts take their width from the page: redraw when it changes a lot.
  let width = window.innerWidth;
  let pending: number | undefined;
  window.addEventListener("resize", () => {
    if (Math.abs(window.innerWidth - width) < 80) return;
    window.clearTimeout(pending);
    pending = window.setTimeout(() => {
      width = window.innerWidth;
      void render();
    }, 250);
  });
  if (!location.hash) history.replaceState(null, "", href("overview"));
  void render();
}

boot();
