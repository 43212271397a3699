// What every view gets: the route, its element, and a way to know whether it
// is still the current render (answers of an older render are dropped).
import type { Route } from "../state";

export interface ViewContext {
  route: Route;
  root: HTMLElement;
  current(): boolean;
}

export type ViewRender = (ctx: ViewContext) => Promise<void>;
