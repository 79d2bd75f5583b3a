// The agent console's parts shared by the inspector and the tickets: titled panels and copy buttons.
import { h } from "./dom.js";
import { copyText } from "./ticket.js";

/** A panel: a section named `name` (for tests and styles) under an h3 `title`. */
export function panel(name, title, ...children) {
  return h("section", { class: "panel", dataset: { section: name } }, h("h3", { class: "panel__title" }, title), ...children);
}

/** "Copy reply" for `text`, with the status line that says whether it worked: a panel's actions. */
export function copyButton(text, props = {}) {
  const status = h("span", { class: "copy-status", role: "status" });
  const button = h("button", { type: "button", class: "button button--primary", ...props }, "Copy reply");
  button.addEventListener("click", async () => {
    try {
      await copyText(text);
      status.textContent = "Copied to the clipboard";
    } catch {
      status.textContent = "Couldn’t copy: select the text below and copy it";
    }
  });
  return h("div", { class: "panel__actions" }, status, button);
}
