// The chat inside the embed script's iframe: the host's accent colour, and closing from inside.
import { Chat } from "./chat.js";

const accent = document.body.dataset.accent;
// The server lets only a hex colour through; set through the CSSOM, which the CSP allows.
if (/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(accent || "")) {
  document.documentElement.style.setProperty("--accent", accent);
  document.documentElement.style.setProperty("--focus", accent);
}

const framed = window.parent !== window;
const close = () => window.parent.postMessage({ type: "terms-assistant:close" }, "*");
const closeButton = document.querySelector("[data-close]");
if (framed) {
  closeButton.hidden = false;
  closeButton.addEventListener("click", close);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
}

new Chat(document.querySelector("[data-chat]"));

// Browsers ignore autofocus in a cross-origin frame: when the launcher focuses the frame, pass it on.
window.addEventListener("focus", () => {
  if (document.activeElement === document.body) document.querySelector("#question").focus();
});
