"""Prometheus metrics: requests and latency by route, replies by kind, cache hits, tickets opened.

Each app has a registry of its own (tests make many apps in one process). Counters that other
parts keep anyway (the caches' hits) are read when scraped, so they cost the requests nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import get_args

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from assistant.support.records import Rating

# The `_created` timestamp of every series doubles the page and tells Prometheus nothing it needs.
disable_created_metrics()

# Seconds: from a cached reply (well under a millisecond) to a slow first answer.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    """The app's metrics and the registry `/metrics` reads them from."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "assistant_http_requests",
            "HTTP requests, by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "assistant_http_request_duration_seconds",
            "Time from a request's arrival to the end of its response, by route template and method.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.feedback = Counter(
            "assistant_feedback", "Ratings given to replies.", ["rating"], registry=self.registry
        )
        self.tickets = Counter(
            "assistant_tickets_opened", "Conversations handed to a person.", registry=self.registry
        )
        for rating in get_args(Rating):
            self.feedback.labels(rating)
        # Children by label values, so a request pays a dict look-up rather than `.labels()`.
        self._timers: dict[tuple[str, str], Histogram] = {}
        self._counts: dict[tuple[str, str, int], Counter] = {}

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one request and its latency."""
        timer = self._timers.get((route, method))
        if timer is None:
            timer = self._timers[(route, method)] = self.latency.labels(route, method)
        timer.observe(seconds)
        count = self._counts.get((route, method, status))
        if count is None:
            count = self._counts[(route, method, status)] = self.requests.labels(route, method, str(status))
        count.inc()

    def watch(self, app: FastAPI) -> None:
        """Expose the counters the app keeps elsewhere: the caches' and the recorder's."""
        self.registry.register(_AppCounters(app))


class _AppCounters:
    """Read at scrape time from the app's state."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def describe(self) -> list[Metric]:
        return []  # nothing to check at registration: the engine opens later, in the lifespan

    def collect(self) -> Iterator[Metric]:
        state = self.app.state
        yield CounterMetricFamily(
            "assistant_reply_cache_hits",
            "Chat requests answered from the reply cache.",
            value=state.replies.hits,
        )
        yield CounterMetricFamily(
            "assistant_reply_cache_misses",
            "Chat requests the reply cache did not hold.",
            value=state.replies.misses,
        )
        engine = getattr(state, "engine", None)
        if engine is not None:
            yield CounterMetricFamily(
                "assistant_query_embedding_cache_hits",
                "Questions whose embedding came from the query cache.",
                value=engine.embedder.cache_hits,
            )
        recorder = state.recorder
        replies = CounterMetricFamily("assistant_replies", "Replies recorded, by kind.", labels=["kind"])
        for kind, count in recorder.recorded.items():
            replies.add_metric([kind], count)
        yield replies
        yield CounterMetricFamily(
            "assistant_records_dropped",
            "Replies that could not be recorded (the database unreachable or too slow).",
            value=recorder.dropped,
        )
        yield GaugeMetricFamily(
            "assistant_records_pending",
            "Records waiting for the database writer.",
            value=recorder.pending,
        )
