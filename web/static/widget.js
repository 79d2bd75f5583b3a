/*
 * Terms assistant embed script. On any page:
 *
 *   <script src="https://ASSISTANT_HOST/widget.js" defer
 *           data-title="Ask about our terms" data-accent="#0b6bcb" data-corner="bottom-right"></script>
 *
 * adds a chat launcher that opens the assistant in an iframe (/widget). Everything it draws lives
 * in one shadow root, so the host page's styles and ours never meet; the only global it adds is
 * `window.TermsAssistantWidget` ({open, close, toggle}).
 */
(function () {
  "use strict";

  var NAME = "TermsAssistantWidget";
  if (window[NAME]) return; // included twice: the first one stays in charge

  var script = document.currentScript;
  if (!script || !script.src) return;

  var origin = new URL(script.src, location.href).origin;
  var data = script.dataset;
  var ownTitle = (data.title || "").trim().slice(0, 80);
  var title = ownTitle || "Ask about the terms";
  // data-lang="es": the chat's own words in that language (without it, the browser's language).
  var lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(data.lang || "") ? data.lang : "";
  var accent = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(data.accent || "") ? data.accent : "#2450d3";
  var corners = ["bottom-right", "bottom-left", "top-right", "top-left"];
  var corner = corners.indexOf(data.corner) >= 0 ? data.corner : "bottom-right";

  var CSS = [
    // `all: initial` and !important keep the host page's rules (`div {…}`, `* {…}`) off our box.
    ":host { all: initial !important; position: fixed !important; z-index: 2147483000 !important;",
    "  display: block !important; width: 0 !important; height: 0 !important; }",
    ":host([data-corner='bottom-right']) { right: 20px !important; bottom: 20px !important; }",
    ":host([data-corner='bottom-left']) { left: 20px !important; bottom: 20px !important; }",
    ":host([data-corner='top-right']) { right: 20px !important; top: 20px !important; }",
    ":host([data-corner='top-left']) { left: 20px !important; top: 20px !important; }",
    "* { box-sizing: border-box; }",
    ".launcher { position: absolute; width: 56px; height: 56px; padding: 0; border: 0; border-radius: 50%;",
    "  background: var(--tas-accent); color: #fff; cursor: pointer; display: grid; place-items: center;",
    "  box-shadow: 0 6px 20px rgba(16, 24, 40, .22), 0 2px 6px rgba(16, 24, 40, .14);",
    "  transition: transform .15s ease; -webkit-tap-highlight-color: transparent; }",
    ".launcher:hover { transform: scale(1.05); }",
    ".launcher:focus-visible { outline: 3px solid var(--tas-accent); outline-offset: 3px; }",
    ".launcher svg { width: 26px; height: 26px; fill: none; stroke: currentColor; stroke-width: 2;",
    "  stroke-linecap: round; stroke-linejoin: round; }",
    ".icon-close { display: none; }",
    ".launcher[aria-expanded='true'] .icon-open { display: none; }",
    ".launcher[aria-expanded='true'] .icon-close { display: block; }",
    ".panel { position: absolute; width: min(400px, calc(100vw - 32px)); height: min(640px, calc(100vh - 108px));",
    "  border-radius: 16px; overflow: hidden; background: #f5f7fa;",
    "  box-shadow: 0 16px 48px rgba(16, 24, 40, .22), 0 2px 8px rgba(16, 24, 40, .12); }",
    ".panel[hidden] { display: none; }",
    ".panel iframe { display: block; width: 100%; height: 100%; border: 0; }",
    ":host([data-corner$='right']) .launcher { right: 0; } :host([data-corner$='left']) .launcher { left: 0; }",
    ":host([data-corner^='bottom']) .launcher { bottom: 0; } :host([data-corner^='top']) .launcher { top: 0; }",
    ":host([data-corner$='right']) .panel { right: 0; } :host([data-corner$='left']) .panel { left: 0; }",
    ":host([data-corner^='bottom']) .panel { bottom: 72px; } :host([data-corner^='top']) .panel { top: 72px; }",
    // On a phone the chat takes the whole screen; its own header has the close button.
    "@media (max-width: 480px) { .panel { position: fixed; inset: 0 !important; width: 100vw; height: 100vh;",
    "  height: 100dvh; border-radius: 0; } .is-open .launcher { display: none; } }",
    "@media (prefers-reduced-motion: reduce) { .launcher { transition: none; } }",
  ].join("\n");

  var SVG = "http://www.w3.org/2000/svg";
  function icon(className, paths) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", className);
    paths.forEach(function (d) {
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      svg.appendChild(path);
    });
    return svg;
  }

  // An element name no page styles by accident; its shadow root holds everything we draw.
  var host = document.createElement("terms-assistant-widget");
  host.setAttribute("data-corner", corner);
  host.style.setProperty("--tas-accent", accent);
  var root = host.attachShadow({ mode: "open" });

  try {
    // A constructed sheet is not a <style> element, so a host page's strict style-src still lets it in.
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (error) {
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }

  var box = document.createElement("div");
  var panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.title = title;
  launcher.setAttribute("aria-label", title);
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "panel");
  launcher.appendChild(icon("icon-open", ["M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"]));
  launcher.appendChild(icon("icon-close", ["M6 6l12 12", "M18 6L6 18"]));

  box.appendChild(panel);
  box.appendChild(launcher);
  root.appendChild(box);

  var frame = null;

  function open() {
    if (!frame) {
      // Created on first open, so a page that never opens the chat never loads it.
      frame = document.createElement("iframe");
      frame.title = title;
      // Without a title of its own, the chat shows its default in its language.
      var query = { title: ownTitle, accent: accent };
      if (lang) query.lang = lang;
      frame.src = origin + "/widget?" + new URLSearchParams(query).toString();
      frame.setAttribute("allow", "clipboard-write");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    box.className = "is-open";
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    box.className = "";
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function toggle() {
    if (panel.hidden) open();
    else close();
  }

  launcher.addEventListener("click", toggle);
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
  // The chat asks to close (its × button, or Escape inside it): only our own iframe is heard.
  window.addEventListener("message", function (event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    if (event.data && event.data.type === "terms-assistant:close") close();
  });

  function mount() {
    document.body.appendChild(host);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window[NAME] = Object.freeze({ open: open, close: close, toggle: toggle });
})();
