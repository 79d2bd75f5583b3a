// The interface's words in the page's language: the server puts the translations of every `t("…")`
// below into the page (a JSON script element, from the same gettext catalogues as the answers).
// The agent console has none, and stays English.

const element = document.getElementById("interface-strings");
const strings = element ? JSON.parse(element.textContent) : {};

/** The page's language, as the server chose it (`?lang=`, `data-lang`, Accept-Language). */
export const language = document.documentElement.lang || "en";
/** The locale dates and counts are written in: its digits too (`hi-u-nu-deva`). */
export const locale = document.documentElement.dataset.locale || "en-US";

/** `message` in the page's language, with `{name}` placeholders filled from `values`. */
export function t(message, values = {}) {
  const text = strings[message] || message;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
