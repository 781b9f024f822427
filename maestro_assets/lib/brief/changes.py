"""What changed since last week: each brief's signals are kept, the next brief compares.

Every brief appends one snapshot of every signal (as_of, type, subject, score, confidence) to
meta.brief_signal_history, replacing an earlier snapshot of the same as_of (re-running a brief
changes nothing). A brief compares with the latest snapshot at least BASELINE_MIN_AGE_DAYS
older than its own as_of, so a brief rebuilt mid-week never compares with itself or with
yesterday. CHANGE_RULES below is the one declaration of what counts as new, rising and fading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import polars as pl

from maestro_assets.lib.brief.facts import Signal, SignalKey
from maestro_assets.lib.warehouse import relation_exists, replace_partition

HISTORY = "meta.brief_signal_history"
HISTORY_SCHEMA = {
    "as_of": pl.Date,
    "signal_type": pl.String,
    "subject_type": pl.String,
    "subject_key": pl.String,
    "subject_name": pl.String,
    "score": pl.Float64,
    "confidence": pl.Float64,
}


@dataclass(frozen=True)
class ChangeRules:
    baseline_min_age_days: int = 7  # compare with a brief at least a week older
    rising_share: float = 0.20  # score up by at least 20% of the baseline score…
    fading_share: float = 0.20  # …or down by at least 20% (a vanished signal always fades)
    min_score_change: float = 0.05  # …and by at least this many points (tiny scores are noise)


CHANGE_RULES = ChangeRules()
MAX_CHANGES_SHOWN = 5  # per kind of change, largest first; the counts cover them all
NEW, RISING, FADING = "new", "rising", "fading"


@dataclass(frozen=True)
class SignalChange:
    kind: str  # new | rising | fading
    signal_type: str
    subject_type: str
    subject_key: str
    subject_name: str
    previous_score: float | None  # None: not in the baseline (new)
    current_score: float | None  # None: no longer a signal (faded out)

    @property
    def key(self) -> SignalKey:
        return (self.signal_type, self.subject_type, self.subject_key)

    @property
    def change_pct(self) -> float | None:
        if self.previous_score is None or self.current_score is None or not self.previous_score:
            return None
        return (self.current_score - self.previous_score) / self.previous_score * 100

    @property
    def magnitude(self) -> float:
        return abs((self.current_score or 0.0) - (self.previous_score or 0.0))


@dataclass(frozen=True)
class Changes:
    baseline_as_of: str | None  # None: no earlier brief old enough to compare with
    new: tuple[SignalChange, ...]
    rising: tuple[SignalChange, ...]
    fading: tuple[SignalChange, ...]
    steady: int

    @property
    def has_baseline(self) -> bool:
        return self.baseline_as_of is not None

    def counts(self) -> dict[str, int]:
        return {NEW: len(self.new), RISING: len(self.rising), FADING: len(self.fading)}


@dataclass(frozen=True)
class SnapshotRow:
    signal_type: str
    subject_type: str
    subject_key: str
    subject_name: str
    score: float
    confidence: float | None

    @property
    def key(self) -> SignalKey:
        return (self.signal_type, self.subject_type, self.subject_key)


def snapshot_frame(as_of: date, signals: Iterable[Signal]) -> pl.DataFrame:
    rows = [
        {
            "as_of": as_of,
            "signal_type": s.signal_type,
            "subject_type": s.subject_type,
            "subject_key": s.subject_key,
            "subject_name": s.subject_name,
            "score": s.score,
            "confidence": s.confidence,
        }
        for s in signals
    ]
    return pl.DataFrame(rows, schema=HISTORY_SCHEMA)


def record_snapshot(
    connection: duckdb.DuckDBPyConnection, as_of: date, signals: Iterable[Signal]
) -> int:
    """Replace the history's snapshot for `as_of` with these signals (idempotent)."""
    frame = snapshot_frame(as_of, signals)
    connection.execute("BEGIN TRANSACTION")
    try:
        rows = replace_partition(connection, HISTORY, frame, "as_of", as_of)
        connection.execute("COMMIT")
    except Exception:
        connection.execute("ROLLBACK")
        raise
    return rows


def baseline_snapshot(
    connection: duckdb.DuckDBPyConnection, as_of: date, rules: ChangeRules = CHANGE_RULES
) -> tuple[date | None, dict[SignalKey, SnapshotRow]]:
    """The latest snapshot at least `baseline_min_age_days` before `as_of`, by signal key."""
    if not relation_exists(connection, HISTORY):
        return None, {}
    cutoff = as_of - timedelta(days=rules.baseline_min_age_days)
    ((baseline,),) = connection.execute(
        f"SELECT max(as_of) FROM {HISTORY} WHERE as_of <= ?", [cutoff]
    ).fetchall()
    if baseline is None:
        return None, {}
    rows = connection.execute(
        "SELECT signal_type, subject_type, subject_key, subject_name, score, confidence "
        f"FROM {HISTORY} WHERE as_of = ?",
        [baseline],
    ).fetchall()
    snapshot = {row.key: row for row in (SnapshotRow(*r) for r in rows)}
    return baseline, snapshot


def classify(
    previous: float | None, current: float | None, rules: ChangeRules = CHANGE_RULES
) -> str | None:
    """new, rising, fading, or None (steady) for one signal's baseline and current score."""
    if previous is None:
        return NEW if current is not None else None
    if current is None:
        return FADING
    delta = current - previous
    if abs(delta) < rules.min_score_change:
        return None
    share = delta / previous if previous else float("inf")
    if share >= rules.rising_share:
        return RISING
    if -share >= rules.fading_share:
        return FADING
    return None


def compare(
    current: Mapping[SignalKey, Signal],
    baseline: Mapping[SignalKey, SnapshotRow],
    baseline_as_of: date | None,
    rules: ChangeRules = CHANGE_RULES,
) -> Changes:
    if baseline_as_of is None:
        return Changes(None, (), (), (), 0)
    found: dict[str, list[SignalChange]] = {NEW: [], RISING: [], FADING: []}
    steady = 0
    for key in sorted(set(current) | set(baseline)):
        now, before = current.get(key), baseline.get(key)
        kind = classify(before.score if before else None, now.score if now else None, rules=rules)
        subject = now or before
        if kind is None or subject is None:
            steady += 1
            continue
        found[kind].append(
            SignalChange(
                kind=kind,
                signal_type=key[0],
                subject_type=key[1],
                subject_key=key[2],
                subject_name=subject.subject_name,
                previous_score=before.score if before else None,
                current_score=now.score if now else None,
            )
        )

    def ordered(changes: list[SignalChange]) -> tuple[SignalChange, ...]:
        return tuple(sorted(changes, key=lambda c: (-c.magnitude, c.key)))

    return Changes(
        baseline_as_of=baseline_as_of.isoformat(),
        new=ordered(found[NEW]),
        rising=ordered(found[RISING]),
        fading=ordered(found[FADING]),
        steady=steady,
    )


def changes_since_baseline(
    connection: duckdb.DuckDBPyConnection,
    as_of: date,
    current: Mapping[SignalKey, Signal],
    rules: ChangeRules = CHANGE_RULES,
) -> Changes:
    baseline_as_of, baseline = baseline_snapshot(connection, as_of, rules)
    return compare(current, baseline, baseline_as_of, rules)
