// The plain-text reply an agent pastes into a ticket.
import { allCitations } from "./reply.js";

/**
 * The answer, any follow-up question and options, then each quoted clause: number, title, the
 * quote, and its full link. The same text as the OpenAI-compatible API's (assistant/service/routes/openai.py `content`).
 */
export function ticketText(reply, origin) {
  const lines = [String(reply.answer).trim()];
  const followUp = reply.follow_up;
  if (followUp && followUp.question && !String(reply.answer).includes(followUp.question)) {
    lines.push("", followUp.question);
  }
  if (followUp && followUp.options && followUp.options.length) {
    lines.push("", "Options: " + followUp.options.join("; "));
  }
  const citations = allCitations(reply);
  if (citations.length) {
    lines.push("", "Sources:");
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
