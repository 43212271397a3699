// CSV (RFC 4180) and JSON downloads of what a view shows.
import { h } from "./dom";

export function csv(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\r\n") + "\r\n";
}

export function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Two buttons; `rows` is called on click (it may fetch more).
export function exportButtons(name: string, columns: string[], rows: () => Promise<Record<string, unknown>[]>): HTMLElement {
  const run = (kind: "csv" | "json") => async (ev: Event) => {
    const button = ev.currentTarget as HTMLButtonElement;
    button.disabled = true;
    try {
      const data = await rows();
      if (kind === "csv") download(`${name}.csv`, "text/csv", csv(data, columns));
      else download(`${name}.json`, "application/json", JSON.stringify(data, null, 1));
    } finally {
      button.disabled = false;
    }
  };
  return h(
    "div",
    { class: "export", role: "group", "aria-label": "Export the selection" },
    h("button", { type: "button", onclick: run("csv"), "data-export": "csv" }, "Export CSV"),
    h("button", { type: "button", onclick: run("json"), "data-export": "json" }, "Export JSON"),
  );
}

// Flat columns of an event for CSV.
export const EVENT_COLUMNS = ["id", "date", "source_code", "source_text", "target_code", "target_text", "cameo", "plover", "quad_class", "goldstein", "polarity", "modality", "trigger", "sentence_text", "doc_id", "url", "site"];

export function flatEvent(e: any): Record<string, unknown> {
  return {
    ...e,
    source_code: e.source?.code ?? "",
    source_text: e.source?.text ?? "",
    target_code: e.target?.code ?? "",
    target_text: e.target?.text ?? "",
    trigger: e.trigger?.text ?? "",
  };
}
