// The support lead's dashboard: GET /api/insights drawn as charts (Chart.js, vendored), each with
// its table beside it or a button that shows it, for screen readers and for copying.
import { formatDate, h, humanize, prefersReducedMotion, safeHref } from "./dom.js";
import { ApiError, fetchJson } from "./http.js";

const Chart = globalThis.Chart; // set by /static/vendor/chartjs/chart.umd.min.js, loaded first

const root = document.querySelector("[data-insights]");
const form = root.querySelector("[data-range]");
const since = form.querySelector("[data-since]");
const until = form.querySelector("[data-until]");
const rangeError = form.querySelector("[data-range-error]");
const status = root.querySelector("[data-status]");
const numbers = new Intl.NumberFormat();
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

// What became of each question, in the order the stacks are drawn; the colours are the page's own.
const OUTCOMES = [
  ["answered", "Answered from a clause"],
  ["rule", "Answered by a rule"],
  ["follow_up", "Asked for a fact"],
  ["asked_for_person", "Asked for a person"],
  ["declined", "Declined"],
];
const RATES = [
  ["answered", "Answered", (d) => d.answered + d.rule],
  ["declined", "Declined", (d) => d.declined],
  ["handoffs", "Handed off", (d) => d.handoffs],
];

const style = getComputedStyle(root);
const colour = (name) => style.getPropertyValue(`--chart-${name}`).trim();

Chart.defaults.font.family = style.fontFamily;
Chart.defaults.color = style.getPropertyValue("--ink-soft").trim();
Chart.defaults.borderColor = style.getPropertyValue("--line").trim();
Chart.defaults.maintainAspectRatio = false;
if (prefersReducedMotion()) Chart.defaults.animation = false;

const charts = new Map(); // card name → its Chart, redrawn in place when the range changes

function card(name) {
  return root.querySelector(`[data-card="${name}"]`);
}

/** Draw `config` on the card's canvas, or give the chart already there its new data. */
function draw(name, config, label) {
  const canvas = card(name).querySelector("[data-chart]");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `${label} The table has the numbers.`);
  const chart = charts.get(name);
  if (chart) {
    chart.data = config.data;
    chart.options = config.options;
    chart.update();
  } else {
    charts.set(name, new Chart(canvas, config));
  }
}

/** A table of `rows` (arrays of cells: text, numbers or nodes) under `headers`. */
function table(caption, headers, rows) {
  const cell = (tag, value, index) =>
    h(tag, { class: index > 0 && typeof value === "number" ? "num" : null, scope: tag === "th" ? "col" : null }, typeof value === "number" ? numbers.format(value) : value);
  return h(
    "table",
    { class: "datatable" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, headers.map((text, index) => h("th", { scope: "col", class: index > 0 ? "num" : null }, text)))),
    h("tbody", {}, rows.length ? rows.map((row) => h("tr", {}, row.map((value, index) => cell("td", value, index)))) : h("tr", {}, h("td", { colspan: headers.length, class: "muted" }, "None in this range."))),
  );
}

function fillTable(name, node) {
  card(name).querySelector("[data-table]").replaceChildren(node);
}

function share(part, whole) {
  return whole ? percent.format(part / whole) : "–";
}

function shortDay(iso) {
  const [, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(2000, month - 1, day)).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
}

function renderTotals(totals, days) {
  const rated = totals.thumbs_up + totals.thumbs_down;
  const items = [
    ["questions", "Questions", `in ${numbers.format(days)} day${days === 1 ? "" : "s"}`],
    ["answered", "Answered from a clause", `${share(totals.answered, totals.questions)} of questions`],
    ["rule", "Answered by a rule", `${share(totals.rule, totals.questions)} of questions`],
    ["declined", "Declined", `${share(totals.declined, totals.questions)} of questions`],
    ["handoffs", "Handed off", `${share(totals.handoffs, totals.questions)} of questions`],
    ["thumbs_up", "Thumbs up", `${share(totals.thumbs_up, rated)} of ratings`],
    ["thumbs_down", "Thumbs down", `${share(totals.thumbs_down, rated)} of ratings`],
  ];
  root.querySelector("[data-totals]").replaceChildren(
    ...items.map(([key, label, note]) =>
      h(
        "div",
        { class: `total total--${key}`, dataset: { total: key } },
        h("dt", { class: "total__label" }, label),
        h("dd", { class: "total__value", dataset: { value: String(totals[key]) } }, numbers.format(totals[key])),
        h("dd", { class: "total__share" }, note),
      ),
    ),
  );
  root.querySelector("[data-totals-note]").textContent =
    `Besides: ${numbers.format(totals.follow_up)} asked for a fact a rule needed, ` +
    `${numbers.format(totals.asked_for_person)} asked for a person. “Handed off” counts the tickets opened.`;
}

function renderByDay(days) {
  const labels = days.map((d) => shortDay(d.day));
  draw(
    "by-day",
    {
      type: "bar",
      data: {
        labels,
        datasets: OUTCOMES.map(([key, label]) => ({ label, data: days.map((d) => d[key]), backgroundColor: colour(key), stack: "outcomes" })),
      },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: { x: { stacked: true, grid: { display: false } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    },
    "Bar chart of the questions of each day, stacked by outcome.",
  );
  fillTable(
    "by-day",
    table(
      "Questions per day, by outcome",
      ["Day", "Questions", ...OUTCOMES.map(([, label]) => label), "Handed off", "Thumbs up", "Thumbs down"],
      days.map((d) => [h("time", { datetime: d.day }, d.day), d.questions, ...OUTCOMES.map(([key]) => d[key]), d.handoffs, d.thumbs_up, d.thumbs_down]),
    ),
  );
}

function renderRates(days) {
  const rate = (d, count) => (d.questions ? (100 * count(d)) / d.questions : null);
  draw(
    "rates",
    {
      type: "line",
      data: {
        labels: days.map((d) => shortDay(d.day)),
        datasets: RATES.map(([key, label, count]) => ({
          label,
          data: days.map((d) => rate(d, count)),
          borderColor: colour(key),
          backgroundColor: colour(key),
          pointRadius: days.length > 60 ? 0 : 2,
          cubicInterpolationMode: "monotone", // a curve that never overshoots 0% or 100%
        })),
      },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: { x: { grid: { display: false } }, y: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.raw === null ? "no questions" : `${item.raw.toFixed(1)}%`}` } },
        },
      },
    },
    "Line chart of each day's answered, declined and handed-off shares of its questions.",
  );
  fillTable(
    "rates",
    table(
      "Answered, declined and handed-off rates per day",
      ["Day", "Questions", ...RATES.map(([, label]) => label)],
      days.map((d) => [h("time", { datetime: d.day }, d.day), d.questions, ...RATES.map(([, , count]) => share(count(d), d.questions))]),
    ),
  );
}

function horizontalBars(name, labels, data, key, label, onPick) {
  draw(
    name,
    {
      type: "bar",
      data: { labels, datasets: [{ label: "Replies", data, backgroundColor: colour(key), maxBarThickness: 26 }] },
      options: {
        indexAxis: "y",
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false }, ticks: { autoSkip: false } } },
        plugins: { legend: { display: false } },
        onClick: onPick ? (event, elements) => elements.length && onPick(elements[0].index) : undefined,
        onHover: onPick ? (event, elements) => (event.native.target.style.cursor = elements.length ? "pointer" : "default") : undefined,
      },
    },
    label,
  );
}

/** `text` cut to fit a bar chart's labels: shorter on a phone, where they share its width. */
function clip(text) {
  const length = matchMedia("(max-width: 520px)").matches ? 16 : 34;
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function renderClauses(clauses, questions) {
  // The title's last part names the clause; the whole title is in the table and the tooltip.
  const short = clauses.map((c) => clip(c.title.split(" › ").pop()));
  horizontalBars("clauses", short, clauses.map((c) => c.count), "clauses", "Bar chart of the clauses cited most.", (index) => {
    location.href = safeHref(clauses[index].url) || "/terms";
  });
  fillTable(
    "clauses",
    table(
      "Top cited clauses",
      ["Clause", "Replies", "Of questions"],
      clauses.map((c) => [
        h("a", { href: safeHref(c.url), title: c.id, dataset: { clause: c.id } }, c.title),
        c.count,
        share(c.count, questions),
      ]),
    ),
  );
}

function renderRules(rules) {
  const entries = Object.entries(rules);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  horizontalBars("rules", entries.map(([name]) => clip(humanize(name))), entries.map(([, count]) => count), "rule", "Bar chart of the replies each rule answered.");
  fillTable("rules", table("Rules used", ["Rule", "Replies", "Share"], entries.map(([name, count]) => [h("code", {}, name), count, share(count, total)])));
}

function languageName(tag) {
  try {
    return new Intl.DisplayNames(undefined, { type: "language" }).of(tag) || tag;
  } catch {
    return tag; // not a tag Intl knows
  }
}

function renderLanguages(languages) {
  const entries = Object.entries(languages);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const palette = ["answered", "rule", "follow_up", "asked_for_person", "declined", "clauses"].map(colour);
  draw(
    "languages",
    {
      type: "doughnut",
      data: {
        labels: entries.map(([tag]) => languageName(tag)),
        datasets: [{ data: entries.map(([, count]) => count), backgroundColor: entries.map((_, i) => palette[i % palette.length]) }],
      },
      options: { plugins: { legend: { position: "right" } }, cutout: "55%" },
    },
    "Doughnut chart of the languages questions were answered in.",
  );
  fillTable(
    "languages",
    table("Languages asked in", ["Language", "Questions", "Share"], entries.map(([tag, count]) => [h("span", {}, languageName(tag), " ", h("code", {}, tag)), count, share(count, total)])),
  );
}

function renderHours(hours) {
  const label = (hour) => `${String(hour).padStart(2, "0")}:00`;
  draw(
    "hours",
    {
      type: "bar",
      data: { labels: hours.map((x) => label(x.hour)), datasets: [{ label: "Questions", data: hours.map((x) => x.questions), backgroundColor: colour("hours") }] },
      options: { scales: { x: { grid: { display: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } },
    },
    "Bar chart of the questions asked in each hour of the day, UTC.",
  );
  const total = hours.reduce((sum, x) => sum + x.questions, 0);
  fillTable(
    "hours",
    table("Questions by hour of the day (UTC)", ["Hour (UTC)", "Questions", "Share"], hours.map((x) => [`${label(x.hour)}–${String(x.hour).padStart(2, "0")}:59`, x.questions, share(x.questions, total)])),
  );
}

function renderGaps(gaps) {
  const list = root.querySelector("[data-gaps]");
  if (!gaps.length) {
    list.replaceChildren(h("li", { class: "gaps__none" }, "No question was declined or rated down in this range."));
    return;
  }
  list.replaceChildren(
    ...gaps.map((gap) => {
      const replies = `/agent/replies?${gap.replies.map((id) => `id=${encodeURIComponent(id)}`).join("&")}`;
      const shown = gap.replies.length < gap.questions ? `Read the latest ${gap.replies.length} of its replies` : `Read its ${gap.replies.length === 1 ? "reply" : `${gap.replies.length} replies`}`;
      return h(
        "li",
        { class: "gap", dataset: { gap: String(gap.questions) } },
        h(
          "p",
          { class: "gap__head" },
          h("strong", { class: "gap__count" }, `${numbers.format(gap.questions)} question${gap.questions === 1 ? "" : "s"}`),
          ` · ${numbers.format(gap.declined)} declined · ${numbers.format(gap.rated_down)} rated down · last asked `,
          h("time", { datetime: gap.last_asked }, formatDate(gap.last_asked.slice(0, 10))),
        ),
        h("ul", { class: "gap__examples" }, gap.examples.map((e) => h("li", {}, h("q", {}, e.question), e.count > 1 ? h("span", { class: "gap__times" }, ` ×${e.count}`) : null))),
        h("a", { class: "gap__replies", href: safeHref(replies) }, shown),
      );
    }),
  );
}

function render(data) {
  const days = data.by_day.length;
  renderTotals(data.totals, days);
  renderByDay(data.by_day);
  renderRates(data.by_day);
  renderClauses(data.top_clauses, data.totals.questions);
  renderRules(data.rules);
  renderLanguages(data.languages);
  renderHours(data.hours);
  renderGaps(data.gaps);
  const range = `${formatDate(data.since)} to ${formatDate(data.until)}`;
  status.textContent = data.totals.questions ? `${range}.` : `${range}: no questions in this range.`;
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function todayUtc() {
  return isoDay(new Date());
}

let loading = null;

/** Show the range `since`–`until` (either may be empty: the server's defaults fill it). */
async function load(first, last) {
  loading?.abort();
  loading = new AbortController();
  const params = new URLSearchParams();
  if (first) params.set("since", first);
  if (last) params.set("until", last);
  root.setAttribute("aria-busy", "true");
  root.dataset.state = "loading";
  status.textContent = "Loading…";
  rangeError.hidden = true;
  try {
    const data = await fetchJson(`/api/insights?${params}`, { signal: loading.signal });
    since.value = data.since;
    until.value = data.until;
    const query = new URLSearchParams({ since: data.since, until: data.until });
    history.replaceState(null, "", `${location.pathname}?${query}`);
    root.querySelector("[data-csv]").href = `/api/insights.csv?${query}`;
    render(data);
    root.dataset.state = "done";
  } catch (error) {
    if (error.name === "AbortError") return;
    rangeError.textContent = error instanceof ApiError ? error.message : "Couldn’t load the insights. Please try again.";
    rangeError.hidden = false;
    status.textContent = charts.size ? "The numbers shown are from the range before." : "Choose a range to see its numbers.";
    root.dataset.state = "error";
  } finally {
    root.setAttribute("aria-busy", "false");
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!since.value || !until.value) {
    rangeError.textContent = "Give both days of the range.";
    rangeError.hidden = false;
    return;
  }
  load(since.value, until.value);
});

for (const button of form.querySelectorAll("[data-preset]")) {
  button.addEventListener("click", () => {
    const days = Number(button.dataset.preset);
    const last = new Date();
    const first = new Date(last.getTime() - (days - 1) * 86_400_000);
    load(isoDay(first), isoDay(last));
  });
}

for (const toggle of root.querySelectorAll("[data-toggle]")) {
  toggle.addEventListener("click", () => {
    const target = document.getElementById(toggle.getAttribute("aria-controls"));
    const show = target.hidden;
    target.hidden = !show;
    toggle.setAttribute("aria-expanded", String(show));
    toggle.textContent = show ? "Hide the table" : "Show the table";
  });
}

since.max = until.max = todayUtc();
const asked = new URLSearchParams(location.search);
load(asked.get("since"), asked.get("until")).then(() => {
  root.dataset.ready = "true"; // for tests and tools: the first range is drawn (or refused)
});
