// The terms viewer: `/terms#<clause id>` scrolls to that clause and highlights it;
// `/terms?quote=<start>-<end>#<clause id>` also marks the quoted words (offsets in the clause's text).
import { t } from "./i18n.js";
import { prefersReducedMotion } from "./dom.js";

const notice = document.querySelector("[data-target-notice]");
const toc = document.querySelector("[data-toc]");
let current = null;

// Ids hold `/` and `#` (`terms-of-use/limitation-of-liability#2`): the whole fragment, decoded, is the id.
function targetId() {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return location.hash.slice(1);
  }
}

// The quoted span, when the link names one: `quote=120-245`.
function quotedSpan() {
  const match = /^(\d+)-(\d+)$/.exec(new URLSearchParams(location.search).get("quote") || "");
  return match ? [Number(match[1]), Number(match[2])] : null;
}

function unmark() {
  for (const mark of document.querySelectorAll("mark[data-quoted]")) mark.replaceWith(...mark.childNodes);
}

// Wrap the clause's characters [start, end) in marks, block by block; each block's text node holds
// the block's text exactly, and `data-at` says where the block starts in the clause's text.
function mark(clause, [start, end]) {
  const marks = [];
  for (const block of clause.querySelectorAll("[data-at]")) {
    const text = block.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    const at = Number(block.dataset.at);
    const from = Math.max(start, at) - at;
    const to = Math.min(end, at + text.length) - at;
    if (from >= to) continue;
    const range = document.createRange();
    range.setStart(text, from);
    range.setEnd(text, to);
    const quoted = document.createElement("mark");
    quoted.className = "quoted";
    quoted.dataset.quoted = "";
    range.surroundContents(quoted);
    marks.push(quoted);
  }
  return marks;
}

function highlight({ smooth, withQuote }) {
  const id = targetId();
  current?.classList.remove("is-target");
  current = null;
  unmark();
  notice.hidden = true;
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) {
    notice.textContent = t("No clause has the id “{id}”. The terms may have changed since the link was made; the contents below list every section.", { id });
    notice.hidden = false;
    return;
  }
  let marks = [];
  if (target.matches("[data-clause]")) {
    target.classList.add("is-target");
    current = target;
    const span = withQuote ? quotedSpan() : null;
    if (span) marks = mark(target, span);
  }
  // On a phone the contents sit above the text: fold them so the clause is what you see.
  if (window.matchMedia("(max-width: 900px)").matches) toc.open = false;
  const behavior = smooth && !prefersReducedMotion() ? "smooth" : "auto";
  if (marks.length) marks[0].scrollIntoView({ block: "center", behavior });
  else target.scrollIntoView({ block: "start", behavior });
  target.focus({ preventScroll: true });
}

if (window.matchMedia("(max-width: 900px)").matches) toc.open = false;
// The quote belongs to the clause the link was made for: after a jump elsewhere it is not marked.
highlight({ smooth: false, withQuote: true });
window.addEventListener("hashchange", () => highlight({ smooth: true, withQuote: false }));

// Mark the contents entry of the section being read.
const links = new Map();
for (const link of document.querySelectorAll("[data-toc-link]")) {
  links.set(decodeURIComponent(link.hash.slice(1)), link);
}
const spy = new IntersectionObserver(
  (records) => {
    const seen = records.filter((r) => r.isIntersecting).map((r) => r.target);
    if (!seen.length) return;
    for (const link of links.values()) link.classList.remove("is-current");
    links.get(seen[0].id)?.classList.add("is-current");
  },
  { rootMargin: "-64px 0px -75% 0px" },
);
for (const id of links.keys()) {
  const element = document.getElementById(id);
  if (element) spy.observe(element);
}
