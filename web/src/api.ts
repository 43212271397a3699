// Fetching from the dyad API, with one loading indicator for the page: it
// appears when a request has been pending for 200 ms.
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let pending = 0;
let timer: number | undefined;

function busy(delta: number): void {
  pending += delta;
  const el = document.getElementById("busy");
  if (!el) return;
  if (pending > 0 && timer === undefined && el.hidden) {
    timer = window.setTimeout(() => {
      timer = undefined;
      if (pending > 0) {
        el.hidden = false;
        document.body.setAttribute("aria-busy", "true");
      }
    }, 200);
  } else if (pending === 0) {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
    el.hidden = true;
    document.body.removeAttribute("aria-busy");
  }
}

export function pendingRequests(): number {
  return pending;
}

export async function api<T>(path: string, params?: URLSearchParams | Record<string, string>, init?: RequestInit): Promise<T> {
  const p = params instanceof URLSearchParams ? params : new URLSearchParams(params ?? {});
  const url = path + (p.toString() ? "?" + p.toString() : "");
  busy(+1);
  try {
    const res = await fetch(url, { ...init, headers: { Accept: "application/json", ...(init?.headers ?? {}) } });
    const text = await res.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(res.status, `${path}: the server sent something that is not JSON`);
    }
    if (!res.ok) throw new ApiError(res.status, body?.error ?? `${path}: HTTP ${res.status}`);
    return body as T;
  } finally {
    busy(-1);
  }
}

// The shapes the views read (docs/api.md).
export interface Actor {
  code: string;
  country: string;
  sector: string;
  text: string;
  span: [number, number];
  entry?: string;
}

export interface ApiEvent {
  id: number;
  doc_id: string;
  sentence: number;
  sentence_text: string;
  sentence_begin?: number;
  date: string | null;
  date_rule?: string;
  source: Actor | null;
  target: Actor | null;
  cameo: string;
  plover: string | null;
  plover_mode: string;
  quad_class: number;
  goldstein: number;
  polarity: string;
  modality: string;
  modality_cue?: string;
  trigger: { text?: string; span: [number, number] };
  pattern: string | { id: string; text: string };
  confidence: number;
  url: string;
  site: string;
  num_mentions?: number;
  num_sources?: number;
  [extra: string]: unknown;
}

export interface EventsPage {
  count: number;
  limit: number;
  offset: number;
  next_offset: number | null;
  events: ApiEvent[];
}

export interface TimelinePeriod {
  period: string;
  count: number;
  q1: number;
  q2: number;
  q3: number;
  q4: number;
  mean_goldstein: number;
}

export interface Timeline {
  interval: string;
  events: number;
  undated: number;
  by_quad: Record<string, number>;
  mean_goldstein: number;
  periods: TimelinePeriod[];
}

export interface Mention {
  kind: string;
  sentence: number;
  span: [number, number];
  text: string;
  code: string;
  country: string;
  sector: string;
  entry: string;
}

export interface RemovedBlock {
  at: number;
  reason: string;
  text: string;
}

export interface DocumentView {
  id: string;
  url: string;
  site: string;
  title: string;
  author: string;
  date: string | null;
  text: string;
  sentences: [number, number][];
  mentions: Mention[];
  events: ApiEvent[];
  unknown_names: { name: string; span: [number, number] }[];
  removed?: RemovedBlock[];
}
