"""Content gaps: the questions the terms left unanswered, grouped by topic.

The questions declined, or answered and rated down, are embedded with the model that embeds
the clauses and grouped by agglomerative clustering on cosine distance with average linkage
(scikit-learn): two groups merge while their questions are, on average, closer than
`THRESHOLD`. No number of topics is fixed in advance, which is what a report of unknown gaps
needs, and a question unlike any other stays a topic of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np
from pydantic import BaseModel, Field

from assistant.search.embedder import normalise_query
from assistant.support.records import GapQuestion
from assistant.support.store import Store, now

# Cosine distance (1 - cosine similarity) under which groups of questions merge. Measured with
# MiniLM: rewordings of one question lie 0.1–0.5 apart, neighbouring topics ("pay in crypto",
# "a student discount") 0.5–0.8, unrelated ones 0.75 or more. Groups came out the same anywhere
# from 0.55 to 0.65; 0.6 sits in the middle of that plateau.
THRESHOLD = 0.6
# Average linkage holds every pairwise distance in memory: the report reads the latest ones only.
MAX_QUESTIONS = 1000
EXAMPLES = 3
# The replies a topic links to, the newest first: enough to read, few enough for one link.
REPLY_IDS = 50

Embed = Callable[[list[str]], np.ndarray]


class Example(BaseModel):
    question: str
    count: int = Field(description="How often it was asked, in these words give or take case and spacing.")


class Gap(BaseModel):
    """One topic the terms leave open: how often it came up, and how it was put."""

    questions: int
    declined: int
    rated_down: int
    last_asked: datetime
    examples: list[Example] = Field(description="The most asked first.")
    replies: list[str] = Field(
        default_factory=list, description=f"The ids of its replies, the newest first (at most {REPLY_IDS})."
    )


class GapReport(BaseModel):
    since: datetime
    questions: int = Field(description="Questions declined or rated down since then.")
    gaps: list[Gap] = Field(description="The biggest topic first.")


def cluster(vectors: np.ndarray) -> list[int]:
    """A group number for each unit-length vector."""
    if len(vectors) < 2:
        return [0] * len(vectors)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, distance_threshold=THRESHOLD, metric="cosine", linkage="average"
    )
    return [int(label) for label in model.fit_predict(vectors)]


def find_gaps(questions: list[GapQuestion], embed: Embed, since: datetime) -> GapReport:
    """Group `questions` (newest first, as the store gives them) into topics, biggest first."""
    # The same question asked again is one point with a count: the clustering stays small.
    asked: dict[str, list[GapQuestion]] = {}
    for question in questions:
        # Case and spacing do not make a different question (nor a different vector).
        asked.setdefault(normalise_query(question.question), []).append(question)
    keys = list(asked)
    vectors = embed([asked[key][0].question for key in keys]) if keys else np.zeros((0, 1))
    groups: dict[int, list[str]] = {}
    for key, label in zip(keys, cluster(vectors), strict=True):
        groups.setdefault(label, []).append(key)
    gaps = []
    for members in groups.values():
        members.sort(key=lambda key: -len(asked[key]))  # stable: equally asked, the newest first
        every = [question for key in members for question in asked[key]]
        gaps.append(
            Gap(
                questions=len(every),
                declined=sum(question.declined for question in every),
                rated_down=sum(question.rated_down for question in every),
                last_asked=max(question.created for question in every),
                examples=[
                    Example(question=asked[key][0].question, count=len(asked[key]))
                    for key in members[:EXAMPLES]
                ],
                replies=[
                    question.reply_id
                    for question in sorted(every, key=lambda question: question.created, reverse=True)
                ][:REPLY_IDS],
            )
        )
    gaps.sort(key=lambda gap: (-gap.questions, -gap.last_asked.timestamp()))
    return GapReport(since=since, questions=len(questions), gaps=gaps)


def gaps_between(
    store: Store, embed: Embed, since: datetime, until: datetime | None, limit: int
) -> GapReport:
    """The report from `since` to before `until` (None: until now): the latest `MAX_QUESTIONS`
    questions grouped, the `limit` biggest topics kept."""
    found = find_gaps(store.gap_questions(since, MAX_QUESTIONS, until), embed, since)
    return found.model_copy(update={"gaps": found.gaps[:limit]})


def gap_report(store: Store, embed: Embed, days: int, limit: int) -> GapReport:
    """The report on the last `days` days."""
    return gaps_between(store, embed, now() - timedelta(days=days), None, limit)
