// Under an answer: thumbs up or down (POST /api/feedback), and the offer of a person (POST /api/handoff).
import { t } from "./i18n.js";
import { h } from "./dom.js";
import { fetchJson } from "./http.js";

let fields = 0; // ids for the email fields: several offers may be on the page at once

// The thumb is a CSS mask over /static/thumb.svg, not an emoji (fonts differ) nor markup in the
// thread (which holds nothing but text and our own plain elements).
function thumb(down) {
  return h("span", { class: down ? "feedback__icon feedback__icon--down" : "feedback__icon", "aria-hidden": "true" });
}

/** Thumbs up and down for the reply `replyId`; a second click on the other thumb changes the rating. */
export function feedbackBar(replyId) {
  const status = h("span", { class: "feedback__status", role: "status" });
  const buttons = [];
  const rate = async (rating, button) => {
    if (button.getAttribute("aria-pressed") === "true") return;
    for (const other of buttons) other.disabled = true;
    try {
      await fetchJson("/api/feedback", { body: { reply_id: replyId, rating } });
      for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
      status.textContent = rating === "up" ? t("Thanks for the feedback.") : t("Thanks: this helps us improve the answers.");
    } catch {
      status.textContent = t("Couldn’t send that. Please try again.");
    } finally {
      for (const other of buttons) other.disabled = false;
    }
  };
  for (const [rating, label] of [
    ["up", t("Helpful")],
    ["down", t("Not helpful")],
  ]) {
    const button = h(
      "button",
      { type: "button", class: "feedback__button", "aria-pressed": "false", "aria-label": label, title: label, dataset: { rating } },
      thumb(rating === "down"),
    );
    button.addEventListener("click", () => rate(rating, button));
    buttons.push(button);
  }
  return h(
    "div",
    { class: "feedback", role: "group", "aria-label": t("Was this answer helpful?"), dataset: { feedback: replyId } },
    h("span", { class: "feedback__label", "aria-hidden": "true" }, t("Helpful?")),
    ...buttons,
    status,
  );
}

/**
 * The offer of a person: an optional email and a button that hands the conversation over.
 * `conversation()` gives the messages so far, when the learner accepts.
 */
export function handoffOffer(conversation) {
  fields += 1;
  const id = `handoff-email-${fields}`;
  const email = h("input", {
    id,
    class: "field__input handoff__email",
    type: "email",
    name: "email",
    autocomplete: "email",
    maxlength: "254",
    placeholder: "you@example.com",
  });
  const send = h("button", { type: "submit", class: "button button--primary handoff__send", dataset: { handoffSend: "" } }, t("Talk to a person"));
  const status = h("p", { class: "handoff__status", role: "status" });
  const form = h(
    "form",
    { class: "handoff", novalidate: true, "aria-label": t("Talk to a person"), dataset: { handoff: "" } },
    h("p", { class: "handoff__lede" }, t("Want a person from the support team to look at this?")),
    h("label", { class: "field__label", for: id }, t("Your email, if you’d like the answer there (optional)")),
    h("div", { class: "handoff__row" }, email, send),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (send.getAttribute("aria-disabled") === "true") return;
    const address = email.value.trim();
    if (address && !email.checkValidity()) {
      status.textContent = t("That email address doesn’t look right: check it, or leave it empty.");
      email.focus();
      return;
    }
    send.setAttribute("aria-disabled", "true");
    status.textContent = t("Sending the conversation…");
    try {
      const body = { messages: conversation() };
      if (address) body.email = address;
      const handed = await fetchJson("/api/handoff", { body });
      form.dataset.state = "sent";
      form.dataset.ticket = String(handed.ticket);
      form.replaceChildren(h("p", { class: "handoff__done", role: "status" }, handed.answer));
    } catch (error) {
      status.textContent = t("Couldn’t hand this over: {problem}", { problem: error.message });
      send.removeAttribute("aria-disabled");
    }
  });
  return form;
}
