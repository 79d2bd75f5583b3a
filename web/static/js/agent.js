// The agent console: ask on a learner's behalf, inspect why the assistant answered, copy the reply.
import { ApiError } from "./http.js";
import { chatStream } from "./stream.js";
import { formatDate, h, humanize, safeHref } from "./dom.js";
import { MAX_MESSAGES } from "./chat.js";
import { copyButton, panel } from "./panels.js";
import { allCitations, followUpBlock, renderAnswer, verdictCard } from "./reply.js";
import { ticketText } from "./ticket.js";
import { Tickets } from "./tickets.js";

const root = document.querySelector("[data-console]");
const form = root.querySelector("[data-ask]");
const input = form.querySelector("textarea");
const asOf = form.querySelector("[data-as-of]");
const sendButton = form.querySelector("[data-send]");
const errorLine = form.querySelector("[data-error]");
const transcript = root.querySelector("[data-transcript]");
const empty = root.querySelector("[data-empty]");
const inspector = root.querySelector("[data-inspector]");

const today = new Date();
asOf.value = [today.getFullYear(), String(today.getMonth() + 1).padStart(2, "0"), String(today.getDate()).padStart(2, "0")].join("-");

let messages = [];
let turns = []; // {question, reply, item}
let busy = false;
let controller = null;

function value(v) {
  if (v === null || v === undefined) return h("span", { class: "kv__none" }, "not given");
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return h("time", { datetime: v }, `${formatDate(v)} (${v})`);
  if (typeof v === "object") return h("code", {}, JSON.stringify(v));
  return String(v);
}

function keyValues(object, skip = []) {
  const entries = Object.entries(object || {}).filter(([key]) => !skip.includes(key));
  if (!entries.length) return h("p", { class: "muted" }, "None.");
  return h(
    "dl",
    { class: "kv" },
    entries.map(([key, v]) => h("div", { class: "kv__row", dataset: { key } }, h("dt", {}, humanize(key)), h("dd", {}, value(v)))),
  );
}

function badges(reply, done) {
  const list = [];
  if (!done) list.push(h("span", { class: "badge badge--live" }, "Answering…"));
  else if (reply.abstained) list.push(h("span", { class: "badge badge--declined" }, "Declined: not covered by the terms"));
  else if (reply.rule) list.push(h("span", { class: "badge badge--rule" }, `Rule: ${reply.rule.name}`));
  else if (reply.follow_up) list.push(h("span", { class: "badge badge--followup" }, `Needs: ${reply.follow_up.slot}`));
  else list.push(h("span", { class: "badge badge--ok" }, "Answered from the terms"));
  if (reply.rule && reply.follow_up) list.push(h("span", { class: "badge badge--followup" }, `Needs: ${reply.follow_up.slot}`));
  return h("div", { class: "inspect__badges" }, list);
}

const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language" });

/** "Spanish", or "Spanish, answered in English" when the assistant doesn't write the detected one. */
function languageText(detected, answered) {
  if (!detected) return `Language not told (too short), answered in ${LANGUAGE_NAMES.of(answered)}`;
  const name = LANGUAGE_NAMES.of(detected);
  return detected === answered ? name : `${name}, answered in ${LANGUAGE_NAMES.of(answered)}`;
}

// One line on how the turn was read: its language, the earlier turns it was read with, and the
// questions found in it.
function understoodLine(understood, answered = "en") {
  const context = understood?.context || [];
  const questions = understood?.questions || [];
  const parts = [];
  if (context.length) {
    parts.push(h("span", {}, `Read with the earlier turn${context.length > 1 ? "s" : ""}: `), ...context.map((t, i) => h("q", { class: "understood__turn" }, i ? ` ${t}` : t)));
  } else {
    parts.push(h("span", {}, "Read on its own"));
  }
  if (questions.length) {
    parts.push(h("span", {}, ` · ${questions.length} question${questions.length > 1 ? "s" : ""} found: `));
    questions.forEach((q, i) => parts.push(h("span", { class: "understood__question" }, `${i + 1}. `, h("q", {}, q), " ")));
  }
  parts.push(h("span", { "data-language": understood?.language || "" }, ` · ${languageText(understood?.language, answered)}`));
  return h("p", { class: "inspect__understood", "data-understood": "" }, parts);
}

function citationsPanel(citations) {
  if (!citations.length) return null;
  return panel(
    "citations",
    "Quoted clauses",
    h(
      "ol",
      { class: "quotes" },
      citations.map((c) =>
        h(
          "li",
          { class: "quote", dataset: { clause: c.id } },
          h(
            "div",
            { class: "quote__head" },
            h("span", { class: "cite", "aria-hidden": "true" }, String(c.n)),
            h("a", { href: safeHref(c.url), target: "_blank", rel: "noopener", class: "quote__title" }, c.title),
          ),
          h("blockquote", { class: "quote__text" }, c.quote),
          h("p", { class: "quote__link" }, h("code", {}, location.origin + c.url)),
        ),
      ),
    ),
  );
}

function retrievedPanel(retrieved, cited) {
  if (!retrieved || !retrieved.length) return null;
  const top = Math.max(...retrieved.map((r) => r.score), 1e-9);
  return panel(
    "retrieved",
    "Retrieved clauses",
    h("p", { class: "panel__hint" }, "The five best-ranked clauses for the question, by fused score (0.7 × the best cosine + 0.3 × saturated BM25)."),
    h(
      "table",
      { class: "retrieved" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), h("th", { scope: "col" }, "Clause"), h("th", { scope: "col", class: "num" }, "Score"))),
      h(
        "tbody",
        {},
        retrieved.map((r, index) => {
          const meter = h("span", { class: "meter__fill" });
          meter.style.width = `${Math.max(4, Math.round((100 * r.score) / top))}%`;
          return h(
            "tr",
            { dataset: { clause: r.id }, class: cited.has(r.id) ? "is-cited" : null },
            h("td", { class: "rank" }, String(index + 1)),
            h(
              "td",
              {},
              h(
                "details",
                { class: "retrieved__details" },
                h(
                  "summary",
                  {},
                  h("span", { class: "retrieved__title" }, r.title),
                  cited.has(r.id) ? h("span", { class: "badge badge--ok" }, "cited") : null,
                ),
                h("p", { class: "retrieved__id" }, h("a", { href: safeHref(`/terms#${r.id}`), target: "_blank", rel: "noopener" }, r.id)),
                h("p", { class: "retrieved__text" }, r.text),
              ),
            ),
            h("td", { class: "num" }, h("span", { class: "score" }, r.score.toFixed(4)), h("span", { class: "meter", "aria-hidden": "true" }, meter)),
          );
        }),
      ),
    ),
  );
}

function rulePanel(rule) {
  if (!rule) return null;
  const outcome = rule.outcome || {};
  const steps = Array.isArray(outcome.steps) ? outcome.steps : [];
  return panel(
    "rule",
    `Rule: ${humanize(rule.name)}`,
    h(
      "div",
      { class: "rule-grid" },
      h("div", { dataset: { part: "inputs" } }, h("h4", { class: "panel__sub" }, "Inputs"), keyValues(rule.inputs)),
      h("div", { dataset: { part: "outcome" } }, h("h4", { class: "panel__sub" }, "Outcome"), keyValues(outcome, ["steps", "explanation"])),
    ),
    outcome.explanation ? h("p", { class: "rule__explanation" }, outcome.explanation) : null,
    steps.length ? h("div", { dataset: { part: "steps" } }, h("h4", { class: "panel__sub" }, "Steps"), h("ol", { class: "rule__steps" }, steps.map((s) => h("li", {}, s)))) : null,
  );
}

function ticketPanel(reply, done) {
  const text = done ? ticketText(reply, location.origin) : "";
  const copy = copyButton(text, { "data-copy": "", disabled: !done });
  return h(
    "section",
    { class: "panel panel--ticket", dataset: { section: "ticket" } },
    h("div", { class: "panel__bar" }, h("h3", { class: "panel__title" }, "Reply for the ticket"), copy),
    h("pre", { class: "ticket", "data-ticket": "", tabindex: "0", "aria-label": "Plain-text reply" }, done ? text : "…"),
  );
}

function render(turn, done) {
  const { question, reply } = turn;
  const citations = allCitations(reply);
  const answer = h("div", { class: "answer" });
  renderAnswer(answer, reply.answer || "", citations);
  const followUp = done ? followUpBlock(reply.follow_up, reply.answer, (option) => ask(option)) : null;
  inspector.replaceChildren(
    h(
      "article",
      { class: "inspect", dataset: { state: done ? "done" : "streaming" } },
      h(
        "header",
        { class: "inspect__head" },
        h("p", { class: "eyebrow" }, "Learner asked"),
        h("blockquote", { class: "inspect__question", "data-question": "" }, question),
        done ? understoodLine(reply.understood, reply.language) : null,
        badges(reply, done),
      ),
      panel("answer", "Answer", verdictCard(reply.rule, reply.answer), reply.answer ? answer : h("p", { class: "muted" }, "Searching the terms…"), followUp),
      ticketPanel(reply, done),
      rulePanel(reply.rule),
      citationsPanel(citations),
      retrievedPanel(reply.retrieved, new Set(citations.map((c) => c.id))),
    ),
  );
  inspector.hidden = false;
  empty.hidden = true;
  for (const t of turns) t.item?.classList.toggle("is-inspected", t === turn);
}

function transcriptItem(turn) {
  const summary = h("span", { class: "turn__answer" }, "…");
  const inspect = h("button", { type: "button", class: "linkbutton", disabled: true }, "Show details");
  inspect.addEventListener("click", () => render(turn, true));
  turn.summary = summary;
  turn.inspect = inspect;
  turn.item = h(
    "li",
    { class: "turn" },
    h("p", { class: "turn__question" }, turn.question),
    h("p", { class: "turn__reply" }, summary, " ", inspect),
  );
  return turn.item;
}

function setBusy(value) {
  busy = value;
  sendButton.setAttribute("aria-disabled", String(value));
  form.setAttribute("aria-busy", String(value));
}

async function ask(text) {
  const question = String(text).trim();
  if (!question || busy) return;
  errorLine.hidden = true;
  const turn = { question, reply: { answer: "", citations: [], retrieved: [], rule: null, follow_up: null, abstained: false } };
  messages.push({ role: "user", content: question });
  turns.push(turn);
  transcript.append(transcriptItem(turn));
  if (input.value.trim() === question) input.value = "";
  setBusy(true);
  render(turn, false);
  controller = new AbortController();
  const request = { messages: messages.slice(-MAX_MESSAGES) };
  if (asOf.value) request.as_of = asOf.value;
  try {
    for await (const { event, data } of chatStream(request, { signal: controller.signal })) {
      if (event === "retrieved") Object.assign(turn.reply, data);
      else if (event === "answer") turn.reply.answer += data.text;
      else if (event === "citations") Object.assign(turn.reply, data);
      else if (event === "done") turn.reply = data;
      render(turn, event === "done");
    }
    messages.push({ role: "assistant", content: turn.reply.answer });
    turn.summary.textContent = turn.reply.abstained
      ? "Declined: not covered by the terms."
      : turn.reply.answer.length > 140 ? `${turn.reply.answer.slice(0, 140)}…` : turn.reply.answer;
    turn.inspect.disabled = false;
  } catch (error) {
    if (error.name === "AbortError") return;
    messages.pop();
    turns.pop();
    turn.item.remove();
    if (!input.value.trim()) input.value = question;
    errorLine.textContent = error instanceof ApiError ? error.message : "Something went wrong. Please try again.";
    errorLine.hidden = false;
    const last = turns[turns.length - 1];
    if (last) render(last, true);
    else {
      inspector.hidden = true;
      empty.hidden = false;
    }
  } finally {
    setBusy(false);
    if (document.activeElement === document.body) input.focus();
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  ask(input.value);
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ask(input.value);
  }
});
root.querySelector("[data-reset]").addEventListener("click", () => {
  controller?.abort();
  messages = [];
  turns = [];
  transcript.replaceChildren();
  inspector.replaceChildren();
  inspector.hidden = true;
  empty.hidden = false;
  errorLine.hidden = true;
  setBusy(false);
  input.focus();
});
new Tickets(root.querySelector("[data-tickets]"), { inspector, empty });
root.dataset.ready = "true"; // for tests and tools: the console now answers input
