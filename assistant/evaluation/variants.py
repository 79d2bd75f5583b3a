"""Retrieval variants measured side by side, and the calibration of the decline rule.

`assistant eval --variants` prints one row per variant and split; `assistant eval --calibrate`
prints how the decline threshold and the out-of-scope margin were chosen on the dev split.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant.conversation.chat import Chat
from assistant.evaluation import naive
from assistant.evaluation.golden import Golden, Lookup, OutOfScope
from assistant.evaluation.runner import Report, evaluate
from assistant.languages.supported import ENGLISH
from assistant.search.index import QUESTION, TITLED_SENTENCE, WHOLE
from assistant.search.retrieval import DEFAULTS, Mode, Retriever

# At most this share of the dev split's in-scope questions may be declined.
FALSE_DECLINE_BUDGET = 0.01


@dataclass(frozen=True)
class Variant:
    name: str
    mode: Mode | Literal["naive"]
    changes: dict[str, Any]


_PLAIN = {"bridge": False, "negatives": False}
_CLAUSE_ONLY = frozenset({WHOLE})
_SENTENCES = frozenset({WHOLE, TITLED_SENTENCE})
_ALL = frozenset({WHOLE, TITLED_SENTENCE, QUESTION})

VARIANTS = [
    Variant("naive: 1000-char windows, flat", "naive", {"negatives": False}),
    Variant("dense: clause vectors", "dense", {"grains": _CLAUSE_ONLY, **_PLAIN}),
    Variant("dense: + sentence vectors", "dense", {"grains": _SENTENCES, **_PLAIN}),
    Variant("dense: + questions (doc2query)", "dense", {"grains": _ALL, **_PLAIN}),
    Variant("bm25: text + heading", "bm25", _PLAIN),
    Variant("bm25: + vocabulary bridge", "bm25", {"bridge": True, "negatives": False}),
    Variant("hybrid rrf: sentences", "hybrid", {"grains": _SENTENCES, "fusion": "rrf", **_PLAIN}),
    Variant("hybrid rrf: + questions", "hybrid", {"grains": _ALL, "fusion": "rrf", **_PLAIN}),
    Variant(
        "hybrid rrf: + questions + bridge", "hybrid", {"grains": _ALL, "fusion": "rrf", "negatives": False}
    ),
    Variant(
        "hybrid weighted: + questions + bridge",
        "hybrid",
        {"grains": _ALL, "fusion": "weighted", "negatives": False},
    ),
    Variant(
        "hybrid rrf: all + out-of-scope examples",
        "hybrid",
        {"grains": _ALL, "fusion": "rrf", "negatives": True},
    ),
    Variant(
        "hybrid weighted: all + out-of-scope examples",
        "hybrid",
        {"grains": _ALL, "fusion": "weighted", "negatives": True},
    ),
]


@dataclass(frozen=True)
class Calibration:
    decline_below: float
    negative_margin: float
    false_declines: int
    in_scope: int
    declined: int
    out_of_scope: int
    lowest_in_scope: float  # the in-scope question nearest the threshold, from above
    highest_out_of_scope: float  # the out-of-scope question nearest the threshold, from below


def calibrate(retriever: Retriever, golden: Golden) -> Calibration:
    """Choose the decline rule on the dev split: decline the most out-of-scope questions while
    falsely declining at most FALSE_DECLINE_BUDGET of the in-scope ones, then, among the rules that
    do as well, keep the widest gap on both sides (the middle margin, the threshold halfway
    between the nearest questions either side)."""

    def signals(questions: list[str]) -> np.ndarray:
        results = [retriever.search(q) for q in questions]
        return np.array([(r.confidence, r.nearest_out_of_scope) for r in results])

    # In scope: the lookups, and each question of the messages that ask several (one of them
    # declined is an answer lost too).
    questions = [c.question for c in golden.lookups if c.split == "dev"]
    several = [c.question for c in golden.multi if c.split == "dev" and len(c.expected) > 1]
    if several:
        reader = Chat(retriever)
        questions += [question for message in several for question in reader.questions(message, ENGLISH)]
    inside = signals(questions)
    outside = signals([c.question for c in golden.out_of_scope if c.split == "dev"])
    return _chosen(inside, outside, retriever.config.negatives)


def calibrate_languages(retriever: Retriever, golden: Golden) -> dict[str, Calibration]:
    """The decline rule for the other languages, on their dev split, one per set of encoders that
    read them: the multilingual scores' scale depends on the encoders, not on the language, and a
    language's own few out-of-scope questions are too few to set a threshold on. "*" (a language
    without questions of its own) gets the rule of all of them together."""
    if retriever.multilingual is None:
        return {}
    multilingual = retriever.multilingual

    def signals(cases: list[Lookup] | list[OutOfScope]) -> np.ndarray:
        results = [retriever.search(c.question, language=c.language) for c in cases if c.split == "dev"]
        return np.array([(r.confidence, r.nearest_out_of_scope) for r in results]).reshape(-1, 2)

    def rule_for(languages: set[str]) -> Calibration:
        inside = signals([c for c in golden.translated if c.language in languages])
        outside = signals([c for c in golden.translated_out_of_scope if c.language in languages])
        return _chosen(inside, outside, retriever.config.negatives)

    languages = {c.language for c in golden.translated}
    groups: dict[tuple[int, ...], set[str]] = {}
    for code in languages:
        groups.setdefault(tuple(multilingual.for_language(code)), set()).add(code)
    rules = {"*": rule_for(languages)}
    for members in groups.values():
        rule = rule_for(members)
        rules |= dict.fromkeys(sorted(members), rule)
    return rules


def _chosen(inside: np.ndarray, outside: np.ndarray, negatives: bool) -> Calibration:
    """The decline rule for these in-scope and out-of-scope (confidence, nearest negative) pairs."""
    budget = int(FALSE_DECLINE_BUDGET * len(inside))
    values = np.unique(np.r_[inside[:, 0], outside[:, 0]])
    thresholds = np.r_[values[0] - 0.01, (values[1:] + values[:-1]) / 2, values[-1] + 0.01]
    margins = [m / 100 for m in range(-20, 31)] if negatives else [float("inf")]

    options = []  # (declined, false declines, gap, margin, threshold)
    for margin in margins:
        beaten_in = inside[:, 1] > inside[:, 0] + margin
        beaten_out = outside[:, 1] > outside[:, 0] + margin
        for threshold in thresholds:
            false = int((beaten_in | (inside[:, 0] < threshold)).sum())
            if false <= budget:
                declined = int((beaten_out | (outside[:, 0] < threshold)).sum())
                gap = float(np.abs(values - threshold).min())
                options.append((declined, false, gap, margin, float(threshold)))
    most = max(o[0] for o in options)
    fewest_false = min(o[1] for o in options if o[0] == most)
    best = [o for o in options if o[0] == most and o[1] == fewest_false]
    best_margins = sorted({o[3] for o in best})
    margin = best_margins[len(best_margins) // 2]
    declined, false, _, margin, threshold = max((o for o in best if o[3] == margin), key=lambda o: o[2])
    above = inside[inside[:, 0] >= threshold, 0]
    below = outside[outside[:, 0] < threshold, 0]
    return Calibration(
        decline_below=round(threshold, 4),
        negative_margin=margin,
        false_declines=false,
        in_scope=len(inside),
        declined=declined,
        out_of_scope=len(outside),
        lowest_in_scope=round(float(above.min()), 4) if above.size else float("nan"),
        highest_out_of_scope=round(float(below.max()), 4) if below.size else float("nan"),
    )


def variant_retriever(base: Retriever, variant: Variant, corpus_dir: Path) -> Retriever:
    """The retriever a variant describes, on the index and model of `base`."""
    if variant.mode == "naive":
        return naive.NaiveRetriever.over(base.index, base.embedder, corpus_dir).with_config(**variant.changes)
    return Retriever(
        base.index, base.embedder, variant.mode, replace(DEFAULTS[variant.mode], **variant.changes)
    )


def run_variant(
    base: Retriever, variant: Variant, golden: Golden, corpus_dir: Path
) -> tuple[Report, Calibration]:
    """Evaluate one variant with its own decline rule, calibrated on dev like the default's."""
    retriever = variant_retriever(base, variant, corpus_dir)
    calibration = calibrate(retriever, golden)
    retriever = retriever.with_config(
        decline_below=calibration.decline_below, negative_margin=calibration.negative_margin
    )
    base.embedder.clear_cache()  # each variant pays for its own query embeddings
    # The variants are retrieval ideas: measured on the single questions, as they were tuned.
    return evaluate(Chat(retriever), Golden(golden.lookups, golden.out_of_scope)), calibration


def format_variants(rows: list[tuple[Variant, Report, Calibration]]) -> str:
    """One line per variant and split: R@1, R@3, MRR@5, decline accuracy, median latency."""
    columns = ["R@1", "R@3", "MRR@5", "decl.acc", "oos", "false", "ms"]
    head = f"{'variant':<46} {'split':<5} " + " ".join(f"{c:>8}" for c in columns)
    lines = [head, "-" * len(head)]
    for variant, report, _ in rows:
        for split, metrics in report.metrics.items():
            f = metrics.as_dict()
            keys = ["recall@1", "recall@3", "mrr@5", "decline_accuracy", "decline_rate", "false_decline_rate"]
            values = " ".join(f"{f[key]:>8.3f}" for key in keys)
            lines.append(f"{variant.name:<46} {split:<5} {values} {f['median_ms']:>8.1f}")
    return "\n".join(lines)


def format_language_calibration(rules: dict[str, Calibration]) -> str:
    """Each language's rule, and the line for LANGUAGE_DECLINE in assistant/search/retrieval.py."""
    lines = []
    for code, c in sorted(rules.items()):
        lines.append(
            f"{code}: decline below {c.decline_below:.4f}, margin {c.negative_margin:+.2f}; dev "
            f"{c.false_declines}/{c.in_scope} falsely declined, {c.declined}/{c.out_of_scope} declined"
        )
    pairs = ", ".join(
        f'"{code}": ({c.decline_below}, {c.negative_margin})' for code, c in sorted(rules.items())
    )
    return "\n".join([*lines, f"LANGUAGE_DECLINE = {{{pairs}}}"])


def format_calibration(calibration: Calibration) -> str:
    c = calibration
    above, below = c.lowest_in_scope - c.decline_below, c.highest_out_of_scope - c.decline_below
    return (
        f"decline below cosine {c.decline_below:.4f}, or when an out-of-scope example is nearer than "
        f"the best clause by more than {c.negative_margin:+.2f}\n"
        f"dev: {c.false_declines}/{c.in_scope} in-scope falsely declined, "
        f"{c.declined}/{c.out_of_scope} out-of-scope declined\n"
        f"margins: nearest in-scope above the threshold {c.lowest_in_scope:.4f} ({above:+.4f}), "
        f"nearest out-of-scope below it {c.highest_out_of_scope:.4f} ({below:+.4f})"
    )
