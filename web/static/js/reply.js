// Render the parts of a Reply: answer text with citation links, sources, rule result, follow-up.
import { language, locale, t } from "./i18n.js";
import { formatDate, h, humanize, safeHref } from "./dom.js";

/** Every clause a reply rests on, numbered as in the answer: its citations, then any the rule adds. */
export function allCitations(reply) {
  const seen = new Set();
  const out = [];
  for (const citation of [...(reply.citations || []), ...((reply.rule && reply.rule.citations) || [])]) {
    if (seen.has(citation.id)) continue;
    seen.add(citation.id);
    out.push(citation);
  }
  return out;
}

/** The numbered link to a clause: opens the terms at it, in a new tab so the conversation stays. */
export function citeLink(citation) {
  return h(
    "a",
    {
      class: "cite",
      href: safeHref(citation.url),
      target: "_blank",
      rel: "noopener",
      "aria-label": t("Source {n}: {title} (opens the terms in a new tab)", { n: citation.n, title: citation.title }),
      dataset: { cite: String(citation.n), clause: citation.id },
    },
    String(citation.n),
  );
}

// A quotation of a cited clause stands out, so the verbatim part of an answer reads as one. Only
// text that is exactly a citation's quote is marked: other “…” (an example date) stays plain.
function withQuotes(text, quotes) {
  return text
    .split(/(“[^”]*”)/)
    .filter(Boolean)
    .map((part) => (quotes.has(part.slice(1, -1)) ? h("span", { class: "quoted", lang: "en", dir: "ltr" }, part) : part));
}

/** Fill `container` with the answer: paragraphs, quotes, and `[n]` markers as links once known. */
export function renderAnswer(container, text, citations = []) {
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  const quotes = new Set(citations.map((c) => c.quote));
  const paragraphs = String(text)
    .split(/\n{2,}/)
    .filter((p) => p.trim());
  container.replaceChildren(
    ...paragraphs.map((paragraph) =>
      h(
        "p",
        {},
        paragraph.split(/(\[\d+\])/).map((part) => {
          const marker = /^\[(\d+)\]$/.exec(part);
          if (!marker) return withQuotes(part, quotes);
          const citation = byNumber.get(Number(marker[1]));
          return citation ? citeLink(citation) : h("span", { class: "cite cite--pending" }, marker[1]);
        }),
      ),
    ),
  );
}

/** The list of sources under an answer: number, clause title, link. */
export function sourcesList(citations) {
  if (!citations.length) return null;
  return h(
    "nav",
    { class: "sources", "aria-label": t("Sources") },
    h("h3", { class: "sources__title" }, citations.length === 1 ? t("Source") : t("Sources")),
    h(
      "ol",
      { class: "sources__list" },
      citations.map((citation) =>
        h(
          "li",
          {},
          h(
            "a",
            { class: "source", href: safeHref(citation.url), target: "_blank", rel: "noopener", dataset: { clause: citation.id } },
            h("span", { class: "cite", "aria-hidden": "true" }, String(citation.n)),
            h("span", { class: "source__title" }, citation.title),
            h("span", { class: "visually-hidden" }, t(" (opens the terms in a new tab)")),
            h("span", { class: "source__go", "aria-hidden": "true" }, "↗"),
          ),
        ),
      ),
    ),
  );
}

const VERDICTS = {
  refund_eligibility: {
    true: t("Eligible for a refund"),
    false: t("Not eligible for a refund"),
    null: t("Someone else decides this refund"),
  },
  minimum_age: { true: t("Old enough to use Coursera"), false: t("Not old enough yet"), null: t("Can’t tell yet") },
};

const RULE_TITLES = {
  refund_eligibility: t("Refund eligibility"),
  registration_expiry: t("Registration expiry"),
  specialization_deadline: t("Specialization deadline"),
  liability_cap: t("Liability cap"),
  claim_deadline: t("Claim deadline"),
  minimum_age: t("Minimum age"),
};
const ruleTitle = (name) => RULE_TITLES[name] || humanize(name);

/** Tone and headline of a rule's outcome: yes, no, or someone else decides (null). */
export function verdict(rule) {
  const outcome = rule.outcome || {};
  const key = ["eligible", "allowed"].find((k) => k in outcome);
  if (!key) return { tone: "info", icon: "i", label: ruleTitle(rule.name) };
  const value = outcome[key];
  const labels = VERDICTS[rule.name] || { true: t("Yes"), false: t("No"), null: t("Someone else decides") };
  if (value === true) return { tone: "yes", icon: "✓", label: labels.true };
  if (value === false) return { tone: "no", icon: "✕", label: labels.false };
  return { tone: "maybe", icon: "?", label: labels.null };
}

function daysLeft(days) {
  // Other languages count days their own way (один день, два дня, пять дней): Intl knows how.
  if (language !== "en") return new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(days, "day");
  if (days > 1) return `${days} days left`;
  if (days === 1) return "1 day left";
  if (days === 0) return "Today is the last day";
  return days === -1 ? "Passed yesterday" : `Passed ${-days} days ago`;
}

function dollars(amount) {
  if (language === "en") return `US$${amount}`;
  return new Intl.NumberFormat(locale, { style: "currency", currency: "USD", maximumFractionDigits: 2 }).format(amount);
}

/** The outcome's key facts, labelled, in the order a learner needs them. */
export function facts(outcome) {
  const out = [];
  const date = (label, key) => {
    if (outcome[key]) out.push({ key, label, value: h("time", { datetime: outcome[key] }, formatDate(outcome[key])) });
  };
  date(t("Deadline"), "deadline");
  if (Number.isInteger(outcome.days_left)) out.push({ key: "days_left", label: t("Time left"), value: daysLeft(outcome.days_left) });
  date(t("Expires"), "expires");
  date(t("Allowed from"), "allowed_from");
  if (typeof outcome.cap_usd === "number") out.push({ key: "cap_usd", label: t("Liability cap"), value: dollars(outcome.cap_usd) });
  if (outcome.eligible === null && outcome.decided_by) out.push({ key: "decided_by", label: t("Who decides"), value: outcome.decided_by });
  return out;
}

/**
 * The prominent card for a rule answer: the verdict, deadline, days left, who decides; the
 * explanation unless the answer already says it; the working folded away (`open` unfolds it).
 */
export function verdictCard(rule, answerText = "", { open = false } = {}) {
  if (!rule) return null;
  const outcome = rule.outcome || {};
  const { tone, icon, label } = verdict(rule);
  const shown = facts(outcome);
  const why = outcome.explanation && !String(answerText).includes(outcome.explanation) ? outcome.explanation : null;
  const steps = Array.isArray(outcome.steps) ? outcome.steps : [];
  return h(
    "section",
    { class: `verdict verdict--${tone}`, "aria-label": t("{rule} result", { rule: ruleTitle(rule.name) }), dataset: { rule: rule.name, tone } },
    h("p", { class: "verdict__rule" }, ruleTitle(rule.name)),
    h("p", { class: "verdict__status" }, h("span", { class: "verdict__icon", "aria-hidden": "true" }, icon), label),
    shown.length
      ? h(
          "dl",
          { class: "verdict__facts" },
          shown.map((fact) => h("div", { dataset: { fact: fact.key } }, h("dt", {}, fact.label), h("dd", {}, fact.value))),
        )
      : null,
    why ? h("p", { class: "verdict__explanation" }, why) : null,
    steps.length
      ? h(
          "details",
          { class: "verdict__working", open },
          h("summary", {}, t("How this was worked out")),
          h("ol", { class: "verdict__steps" }, steps.map((step) => h("li", {}, step))),
        )
      : null,
  );
}

/** A follow-up question's quick replies; `choose(option)` sends one. */
export function followUpBlock(followUp, answerText, choose) {
  if (!followUp) return null;
  const options = followUp.options || [];
  const repeat = followUp.question && !String(answerText).includes(followUp.question);
  if (!options.length && !repeat) return null;
  return h(
    "div",
    { class: "followup", dataset: { slot: followUp.slot } },
    repeat ? h("p", { class: "followup__question" }, followUp.question) : null,
    options.length
      ? h(
          "div",
          { class: "quick-replies", role: "group", "aria-label": followUp.question || t("Quick replies") },
          options.map((option) =>
            h(
              "button",
              {
                type: "button",
                class: "chip quick-reply",
                dataset: { quickReply: option },
                onclick: (event) => choose(option, event.currentTarget),
              },
              option,
            ),
          ),
        )
      : null,
  );
}
