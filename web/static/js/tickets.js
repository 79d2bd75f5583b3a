// The agent console's tickets: conversations learners handed to a person, each with a suggested
// cited reply to send, and a button to close it once answered.
import { h } from "./dom.js";
import { fetchJson } from "./http.js";
import { copyButton, panel } from "./panels.js";
import { allCitations, renderAnswer, sourcesList } from "./reply.js";
import { ticketText } from "./ticket.js";

function when(iso) {
  const date = new Date(iso);
  return h("time", { datetime: iso }, date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
}

/** The list's status line for `count` open tickets. */
function openCount(count) {
  return count ? `${count} open, the longest waiting first.` : "No open tickets.";
}

function replyBlock(reply) {
  const answer = h("div", { class: "answer" });
  const citations = allCitations(reply);
  renderAnswer(answer, reply.answer, citations);
  return [answer, sourcesList(citations)];
}

function suggestedPanel(ticket) {
  const reply = ticket.suggested;
  if (!reply) return panel("suggested", "Suggested reply", h("p", { class: "muted" }, "The learner asked for a person, and no question to answer."));
  const text = ticketText(reply, location.origin);
  const asOf = reply.rule?.inputs?.as_of;
  const note = reply.abstained
    ? h("p", { class: "panel__hint" }, "The terms don’t cover the last question: the closest clauses are below, for a reply of your own.")
    : asOf
      ? h("p", { class: "panel__hint", dataset: { suggestedAsOf: "" } }, `Worked out as of ${asOf}, the day the learner asked: days left are counted to then.`)
      : null;
  const closest = reply.abstained && reply.retrieved?.length
    ? h("ol", { class: "ticket-view__closest" }, reply.retrieved.map((r) => h("li", {}, r.title)))
    : null;
  return h(
    "section",
    { class: "panel panel--ticket", dataset: { section: "suggested" } },
    h("div", { class: "panel__bar" }, h("h3", { class: "panel__title" }, "Suggested reply"), copyButton(text, { dataset: { copySuggested: "" } })),
    h("p", { class: "panel__hint" }, "To the learner’s last question: ", h("q", { dataset: { suggestedFor: "" } }, ticket.question)),
    note,
    ...replyBlock(reply),
    closest,
    h("pre", { class: "ticket", tabindex: "0", "aria-label": "Plain-text reply", dataset: { suggestedText: "" } }, text),
  );
}

/** The open tickets, listed in `root`; the one chosen is shown in `inspector`. */
export class Tickets {
  constructor(root, { inspector, empty }) {
    this.root = root;
    this.inspector = inspector;
    this.empty = empty;
    this.list = root.querySelector("[data-ticket-list]");
    this.status = root.querySelector("[data-tickets-status]");
    root.querySelector("[data-tickets-refresh]").addEventListener("click", () => this.load());
    this.load();
  }

  async load() {
    this.root.dataset.state = "loading";
    try {
      const tickets = await fetchJson("/api/tickets");
      this.list.replaceChildren(...tickets.map((ticket) => this.item(ticket)));
      this.status.textContent = openCount(tickets.length);
    } catch (error) {
      this.status.textContent = `Couldn’t load the tickets: ${error.message}`;
    } finally {
      this.root.dataset.state = "ready";
    }
  }

  item(ticket) {
    const open = h(
      "button",
      { type: "button", class: "ticket-item__open linkbutton", dataset: { openTicket: String(ticket.id) } },
      `Ticket #${ticket.id}`,
    );
    open.addEventListener("click", () => this.show(ticket));
    return h(
      "li",
      { class: "ticket-item", dataset: { ticket: String(ticket.id) } },
      h("p", { class: "ticket-item__head" }, open, " · ", when(ticket.created)),
      h("p", { class: "ticket-item__question" }, ticket.question || "Asked only for a person"),
    );
  }

  show(ticket) {
    for (const item of this.list.children) item.classList.toggle("is-inspected", item.dataset.ticket === String(ticket.id));
    const close = h("button", { type: "button", class: "button button--ghost", dataset: { closeTicket: String(ticket.id) } }, "Close ticket");
    const closed = h("span", { class: "copy-status", role: "status" });
    close.addEventListener("click", () => this.close(ticket, close, closed));
    const transcript = h(
      "ol",
      { class: "ticket-view__transcript" },
      ticket.transcript.map((turn) =>
        h(
          "li",
          { class: `ticket-turn ticket-turn--${turn.role}` },
          h("span", { class: "ticket-turn__who" }, turn.role === "user" ? "Learner" : "Assistant"),
          h("p", { class: "ticket-turn__text" }, turn.content),
        ),
      ),
    );
    const last = ticket.last_reply
      ? panel(
          "last-reply",
          "What the assistant last answered, cited",
          h("details", { class: "ticket-view__last" }, h("summary", {}, "Show it"), ...replyBlock(ticket.last_reply)),
        )
      : null;
    this.inspector.replaceChildren(
      h(
        "article",
        { class: "inspect ticket-view", dataset: { state: "done", ticketView: String(ticket.id) } },
        h(
          "header",
          { class: "inspect__head" },
          h("p", { class: "eyebrow" }, `Ticket #${ticket.id} · opened `, when(ticket.created)),
          h("p", { class: "ticket-view__email" }, ticket.email ? ["Reply to ", h("code", {}, ticket.email)] : "No email given."),
          h("div", { class: "inspect__badges" }, close, closed),
        ),
        panel("transcript", "Conversation", transcript),
        suggestedPanel(ticket),
        last,
      ),
    );
    this.inspector.hidden = false;
    this.empty.hidden = true;
  }

  async close(ticket, button, status) {
    button.disabled = true;
    try {
      await fetchJson(`/api/tickets/${ticket.id}/close`, { method: "POST" });
      status.textContent = "Closed";
      this.list.querySelector(`[data-ticket="${ticket.id}"]`)?.remove();
      this.status.textContent = openCount(this.list.children.length);
    } catch (error) {
      status.textContent = `Couldn’t close it: ${error.message}`;
      button.disabled = false;
    }
  }
}
