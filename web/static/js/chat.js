// The conversation on the learner page and in the widget: send, stream, render, recover from errors.
import { t } from "./i18n.js";
import { ApiError } from "./http.js";
import { chatStream } from "./stream.js";
import { h } from "./dom.js";
import { allCitations, followUpBlock, renderAnswer, sourcesList, verdictCard } from "./reply.js";
import { feedbackBar, handoffOffer } from "./support.js";

// The API takes at most 50 messages; older turns matter least, so they go first.
export const MAX_MESSAGES = 50;

function typing() {
  return h(
    "div",
    { class: "waiting", role: "status" },
    h("span", { class: "dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
    h("span", { "data-waiting-text": "" }, t("Searching the terms…")),
  );
}

/** Wires one chat UI (`[data-chat]`): its thread, question box, suggestions and error line. */
export class Chat {
  constructor(root) {
    this.root = root;
    this.thread = root.querySelector("[data-thread]");
    this.form = root.querySelector("[data-composer]");
    this.input = this.form.querySelector("textarea");
    this.sendButton = this.form.querySelector("[data-send]");
    this.error = this.form.querySelector("[data-error]");
    this.resetButton = this.form.querySelector("[data-reset]");
    this.scroller = root.querySelector("[data-scroll]") || document.scrollingElement;
    this.placeholder = this.input.placeholder;
    this.messages = [];
    this.busy = false;

    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.ask(this.input.value);
    });
    this.input.addEventListener("keydown", (event) => {
      // Enter sends; Shift+Enter is a new line; Enter while composing (IME) is left alone.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.ask(this.input.value);
      }
    });
    this.input.addEventListener("input", () => this.fit());
    this.resetButton?.addEventListener("click", () => this.reset());
    for (const button of root.querySelectorAll("[data-suggestion]")) {
      button.addEventListener("click", () => this.ask(button.textContent.trim()));
    }
    root.dataset.ready = "true"; // for tests and tools: the page now answers input
  }

  /** Grow the question box with its text, up to its CSS max-height. */
  fit() {
    this.input.style.height = "auto";
    this.input.style.height = `${this.input.scrollHeight}px`;
  }

  /**
   * Bring a question and its reply into view: all of it when it fits, else from the question down,
   * so a long answer is read from its start (the verdict) rather than its end.
   */
  reveal(first, last) {
    const page = this.scroller === document.scrollingElement;
    const frame = page ? { top: 0, bottom: window.innerHeight } : this.scroller.getBoundingClientRect();
    // On the page, the sticky top bar and question box cover part of the window.
    const top = frame.top + (page ? (document.querySelector(".topbar")?.offsetHeight ?? 0) : 0) + 12;
    const bottom = frame.bottom - (page ? (this.form.closest(".dock")?.offsetHeight ?? 0) : 0) - 12;
    const start = first.getBoundingClientRect().top;
    const end = last.getBoundingClientRect().bottom;
    if (end - start > bottom - top) this.scroller.scrollTop += start - top;
    else if (end > bottom) this.scroller.scrollTop += end - bottom;
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = false;
  }

  setBusy(busy) {
    this.busy = busy;
    this.sendButton.setAttribute("aria-disabled", String(busy));
    this.form.setAttribute("aria-busy", String(busy));
    this.root.classList.toggle("is-busy", busy);
  }

  reset() {
    this.controller?.abort();
    this.messages = [];
    this.thread.replaceChildren();
    this.error.hidden = true;
    this.input.placeholder = this.placeholder;
    this.root.classList.remove("is-started");
    if (this.resetButton) this.resetButton.hidden = true;
    this.input.focus();
  }

  /** Send `text` as the next user turn and render the streamed reply. */
  async ask(text) {
    const question = String(text).trim();
    if (!question || this.busy) return;
    this.error.hidden = true;
    this.root.classList.add("is-started");
    if (this.resetButton) this.resetButton.hidden = false;
    for (const button of this.thread.querySelectorAll(".quick-reply:not([disabled])")) button.disabled = true;

    const userItem = h("li", { class: "msg msg--user" }, h("div", { class: "msg__bubble" }, question));
    const card = h(
      "div",
      { class: "msg__card" },
      h("div", { class: "msg__who" }, h("span", { class: "brand__mark", "aria-hidden": "true" }, "§"), t("Terms assistant")),
      typing(),
    );
    const replyItem = h("li", { class: "msg msg--assistant streaming", "aria-busy": "true", dataset: { state: "waiting" } }, card);
    this.thread.append(userItem, replyItem);
    this.messages.push({ role: "user", content: question });
    if (this.input.value.trim() === question) this.input.value = "";
    this.fit();
    this.setBusy(true);
    this.reveal(userItem, replyItem);

    this.controller = new AbortController();
    try {
      const reply = await this.stream(card, replyItem, () => this.reveal(userItem, replyItem), this.controller.signal);
      this.messages.push({ role: "assistant", content: reply.answer });
      this.input.placeholder = reply.follow_up && /date/.test(reply.follow_up.slot)
        ? t("e.g. “10 days ago” or “2025-03-01”")
        : this.placeholder;
    } catch (error) {
      if (error.name === "AbortError") return;
      // Nothing was answered: take the turn back and give the person their words to fix or resend.
      this.messages.pop();
      userItem.remove();
      replyItem.remove();
      if (!this.input.value.trim()) this.input.value = question;
      this.fit();
      this.showError(error instanceof ApiError ? error.message : t("Something went wrong. Please try again."));
      if (!this.thread.children.length) this.root.classList.remove("is-started");
    } finally {
      this.setBusy(false);
      if (document.activeElement === document.body || !document.activeElement) this.input.focus();
    }
  }

  async stream(card, item, reveal, signal) {
    const body = { messages: this.messages.slice(-MAX_MESSAGES) };
    // The language the page was asked for (?lang=, the widget's data-lang); else it is detected.
    if (this.root.dataset.language) body.language = this.root.dataset.language;
    const answer = h("div", { class: "answer" });
    let text = "";
    let started = false;
    let final = null;
    const start = () => {
      if (started) return;
      started = true;
      card.querySelector(".waiting")?.remove();
      card.append(answer);
      item.dataset.state = "streaming";
    };
    for await (const { event, data } of chatStream(body, { signal })) {
      if (event === "retrieved") {
        const waiting = card.querySelector("[data-waiting-text]");
        if (waiting) waiting.textContent = t("Reading the clauses…");
        if (data.abstained) item.dataset.abstained = "true";
      } else if (event === "answer") {
        start();
        text += data.text;
        renderAnswer(answer, text);
      } else if (event === "citations" || event === "done") {
        start();
        final = event === "done" ? data : { ...data, answer: text };
        this.finish(card, answer, final);
      }
      reveal();
    }
    item.classList.remove("streaming");
    item.removeAttribute("aria-busy");
    item.dataset.state = "done";
    return final;
  }

  /** Lay out a complete reply: rule result first, then the answer, follow-up and sources, then
   * the offer of a person (after a decline, or when asked) and the thumbs. */
  finish(card, answer, reply) {
    for (const node of card.querySelectorAll(".verdict, .followup, .sources, .badge--declined, .handoff, .feedback")) node.remove();
    const citations = allCitations(reply);
    renderAnswer(answer, reply.answer, citations);
    const who = card.querySelector(".msg__who");
    if (reply.abstained) who.append(h("span", { class: "badge badge--declined" }, t("Not covered by the terms")));
    const verdict = verdictCard(reply.rule, reply.answer);
    if (verdict) answer.before(verdict);
    const followUp = followUpBlock(reply.follow_up, reply.answer, (option, button) => {
      button.classList.add("is-chosen");
      this.ask(option);
      this.input.focus();
    });
    card.append(...[followUp, sourcesList(citations)].filter(Boolean));
    // The whole reply (the `done` event) carries the id the thumbs and the handoff need.
    if (reply.id) {
      if (reply.handoff) card.append(handoffOffer(() => this.messages.slice(-MAX_MESSAGES)));
      // An answer can be rated; the bare offer of a person (asked for one) is not an answer.
      if (!reply.handoff || reply.abstained) card.append(feedbackBar(reply.id));
    }
  }
}
