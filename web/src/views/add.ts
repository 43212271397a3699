// Add text: paste an article or upload a file and see it coded at once
// (POST /api/code, nothing stored); storing it (POST /api/documents) needs the
// server's token, typed here and kept only in this tab's memory.
import { api, ApiError, type DocumentView } from "../api";
import { clear, h, message, panel } from "../dom";
import { href } from "../state";
import { articleBody, eventList } from "./article";
import type { ViewContext } from "./view";

let token = "";

export async function renderAdd(ctx: ViewContext): Promise<void> {
  clear(ctx.root);
  const result = h("div", { id: "coded", "aria-live": "polite" });
  const text = h("textarea", { id: "add-text", name: "text", rows: 12, required: true, placeholder: "Paste an article here…" });
  const title = h("input", { id: "add-title", name: "title" });
  const date = h("input", { id: "add-date", name: "date", type: "date" });
  const file = h("input", { id: "add-file", type: "file", accept: ".txt,.html,.htm,text/plain,text/html" });
  let html = "";
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    const content = await f.text();
    if (/\.html?$/i.test(f.name) || /^\s*<(!doctype|html)/i.test(content)) {
      html = content;
      text.value = "";
      text.placeholder = `${f.name}: HTML page (${content.length} characters); its article text is extracted when coded.`;
      text.required = false;
    } else {
      html = "";
      text.value = content;
    }
  });
  text.addEventListener("input", () => {
    if (text.value) html = "";
  });
  const status = h("p", { class: "muted", role: "status" });
  let coded: DocumentView | null = null;
  const form = h(
    "form",
    { class: "add-form", "aria-label": "Code a text" },
    h("div", { class: "field wide" }, h("label", { for: "add-text" }, "Article text"), text),
    h("div", { class: "row" }, h("div", { class: "field" }, h("label", { for: "add-file" }, "…or upload a file"), file), h("div", { class: "field" }, h("label", { for: "add-title" }, "Title"), title), h("div", { class: "field" }, h("label", { for: "add-date" }, "Publication date"), date)),
    h("div", { class: "field buttons" }, h("button", { type: "submit", id: "code-button" }, "Code it"), status),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body: Record<string, string> = html ? { html } : { text: text.value };
    if (!html && !text.value.trim()) {
      status.textContent = "Paste a text or choose a file first.";
      return;
    }
    if (title.value) body.title = title.value;
    if (date.value) body.date = date.value;
    status.textContent = "Coding…";
    try {
      coded = await api<DocumentView>("/api/code", undefined, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
      status.textContent = `${coded.events.length} events coded (not stored).`;
      show(coded);
    } catch (e) {
      status.textContent = "";
      clear(result);
      result.append(message(e instanceof Error ? e.message : String(e), "error"));
    }
  });
  const show = (doc: DocumentView) => {
    clear(result);
    result.append(
      h(
        "div",
        { class: "article-layout" },
        panel("Coded text", articleBody(doc, doc.removed ?? [])),
        panel(`Events (${doc.events.length})`, eventList(doc.events, null)),
      ),
      storePanel(doc),
    );
  };
  const storePanel = (doc: DocumentView) => {
    const tokenInput = h("input", { id: "add-token", type: "password", autocomplete: "off", value: token });
    const id = h("input", { id: "add-id", name: "id", placeholder: "optional" });
    const out = h("p", { role: "status" });
    const store = h(
      "form",
      { class: "store-form", "aria-label": "Store the text" },
      h("div", { class: "row" }, h("div", { class: "field" }, h("label", { for: "add-token" }, "API token (DYAD_TOKEN)"), tokenInput), h("div", { class: "field" }, h("label", { for: "add-id" }, "Document id"), id), h("div", { class: "field buttons" }, h("button", { type: "submit" }, "Store it"))),
      out,
    );
    store.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      token = tokenInput.value;
      const body: Record<string, string> = { text: html ? doc.text : text.value };
      if (doc.title || title.value) body.title = title.value || doc.title;
      if (date.value || doc.date) body.date = date.value || doc.date!;
      if (id.value) body.id = id.value;
      try {
        const r = await api<{ id: string; outcome: string; events: number }>("/api/documents", undefined, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` } });
        clear(out);
        out.append(`${r.outcome}: ${r.events} events. `, h("a", { href: href("article", undefined, r.id) }, "Open the stored article"));
      } catch (e) {
        clear(out);
        out.append(message(e instanceof ApiError && (e.status === 401 || e.status === 403) ? `Not stored: ${e.message}` : `Not stored: ${(e as Error).message}`, "error"));
      }
    });
    return panel("Store it", store);
  };
  ctx.root.append(panel("Add a text", h("p", { class: "muted" }, "The text is coded by the same pipeline as the store, at once, and nothing is kept until you store it."), form), result);
}
