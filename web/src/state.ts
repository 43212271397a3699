// Every view's state lives in the URL fragment, so a link reproduces it:
//   #/overview?text=talks&from=2024-01-01&quad=3&page=2
//   #/dyad?a=IRQ&b=USA&interval=month      #/event/123      #/article/DOC?event=123
export type View = "overview" | "dyad" | "network" | "map" | "event" | "article" | "add";
export const VIEWS: View[] = ["overview", "dyad", "network", "map", "event", "article", "add"];

export interface Route {
  view: View;
  id: string; // event or document id
  params: URLSearchParams;
}

// The event filters, named as the API names them.
export const FILTER_KEYS = ["text", "from", "to", "actor", "dyad", "code", "plover", "quad", "polarity", "modality", "site"] as const;

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, "");
  const q = body.indexOf("?");
  const path = q >= 0 ? body.slice(0, q) : body;
  const params = new URLSearchParams(q >= 0 ? body.slice(q + 1) : "");
  const [first, ...rest] = path.split("/");
  const view = (VIEWS as string[]).includes(first) ? (first as View) : "overview";
  return { view, id: decodeURIComponent(rest.join("/")), params };
}

export function href(view: View, params?: URLSearchParams | Record<string, string>, id?: string): string {
  const p = params instanceof URLSearchParams ? params : new URLSearchParams(params ?? {});
  for (const [k, v] of [...p.entries()]) if (v === "") p.delete(k);
  const qs = p.toString();
  return `#/${view}${id !== undefined ? "/" + encodeURIComponent(id) : ""}${qs ? "?" + qs : ""}`;
}

export function currentRoute(): Route {
  return parseHash(location.hash);
}

// Moves to a new state; `replace` keeps the history entry (for typing in filters).
export function go(url: string, replace = false): void {
  if (url === location.hash) return;
  if (replace) {
    history.replaceState(null, "", url);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = url;
  }
}

// The filter parameters of a route (for the API and for links between views).
export function filters(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out.set(k, v);
  }
  return out;
}

export function withParams(base: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const p = new URLSearchParams(base);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") p.delete(k);
    else p.set(k, v);
  }
  return p;
}
