// The terms viewer: `/terms#<clause id>` scrolls to that clause and highlights it.
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

function highlight({ smooth }) {
  const id = targetId();
  current?.classList.remove("is-target");
  current = null;
  notice.hidden = true;
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) {
    notice.textContent = `No clause has the id “${id}”. The terms may have changed since the link was made; the contents below list every section.`;
    notice.hidden = false;
    return;
  }
  if (target.matches("[data-clause]")) {
    target.classList.add("is-target");
    current = target;
  }
  // On a phone the contents sit above the text: fold them so the clause is what you see.
  if (window.matchMedia("(max-width: 900px)").matches) toc.open = false;
  target.scrollIntoView({ block: "start", behavior: smooth && !prefersReducedMotion() ? "smooth" : "auto" });
  target.focus({ preventScroll: true });
}

if (window.matchMedia("(max-width: 900px)").matches) toc.open = false;
highlight({ smooth: false });
window.addEventListener("hashchange", () => highlight({ smooth: true }));

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
