// The plain-text reply an agent pastes into a ticket.
import { allCitations } from "./reply.js";

/** The answer, then each quoted clause: number, title, the quote, and its full link. */
export function ticketText(reply, origin) {
  const lines = [String(reply.answer).trim()];
  const citations = allCitations(reply);
  if (citations.length) {
    lines.push("", citations.length === 1 ? "Source:" : "Sources:");
    citations.forEach((citation, index) => {
      if (index) lines.push("");
      lines.push(`[${citation.n}] ${citation.title}`, `“${citation.quote}”`, origin + citation.url);
    });
  }
  return lines.join("\n");
}

/** Put `text` on the clipboard; off a secure context, fall back to a selected hidden textarea. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}
