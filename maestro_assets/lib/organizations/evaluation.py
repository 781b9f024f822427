"""Precision and recall of entity resolution on labelled name pairs.

data/eval/entity_resolution/pairs.csv holds name_a, name_b, cik_a, cik_b, same (1 = one
organization, 0 = two), kind (suffix_variant, abbreviation, former_name, hard_negative,
project_company, parent_subsidiary, …). A parent and its subsidiary are two organizations
(same = 0): they are linked by parent_org_id, not merged.

Every distinct (name, CIK) of the file is resolved in one `resolve` call with the overrides, as
the pipeline would resolve them, and a pair is predicted "same" when both names get one
org_id. Chains through other pairs' names count, as they would in the warehouse. A pair
labelled same and predicted same is a true positive; predicted same but labelled 0 a false
merge (false positive); labelled same but predicted apart a miss (false negative).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from maestro_assets.lib.errors import SchemaError
from maestro_assets.lib.organizations.overrides import Override
from maestro_assets.lib.organizations.resolve import NameRecord, resolve
from maestro_assets.lib.settings import BUNDLED_DATA_DIR

PAIRS_PATH = BUNDLED_DATA_DIR / "eval" / "entity_resolution" / "pairs.csv"
SOURCE_ID = "entity_resolution_pairs"
COLUMNS = ("name_a", "name_b", "cik_a", "cik_b", "same", "kind")
TASK = "entity_resolution"
FIELD = "same_org"
RESOLVER = "organizations.resolve"
RESOLVER_MODEL = "rules+rapidfuzz"
RULES_VERSION = "1"  # bump when the name key or the matching rules change
EVAL_SOURCE = "eval"


@dataclass(frozen=True)
class LabelledPair:
    name_a: str
    name_b: str
    cik_a: str | None
    cik_b: str | None
    same: bool
    kind: str


def parse_pairs(text: str, origin: str) -> list[LabelledPair]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        raise SchemaError(SOURCE_ID, origin, f"missing the columns {', '.join(missing)}")
    pairs = []
    for row in reader:
        where = f"{origin}, line {reader.line_num}"
        same = (row["same"] or "").strip()
        if same not in ("0", "1"):
            raise SchemaError(SOURCE_ID, where, f"same must be 0 or 1, found {same!r}")
        if not (row["name_a"] or "").strip() or not (row["name_b"] or "").strip():
            raise SchemaError(SOURCE_ID, where, "name_a and name_b must both be given")
        pairs.append(
            LabelledPair(
                row["name_a"].strip(),
                row["name_b"].strip(),
                (row["cik_a"] or "").strip() or None,
                (row["cik_b"] or "").strip() or None,
                same == "1",
                (row["kind"] or "").strip(),
            )
        )
    return pairs


def load_pairs(path: Path = PAIRS_PATH) -> list[LabelledPair]:
    """The labelled pairs (default: the bundled file)."""
    return parse_pairs(path.read_text(encoding="utf-8-sig"), str(path))


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def predicted_same(pairs: Sequence[LabelledPair], overrides: Sequence[Override]) -> list[bool]:
    """For each pair, whether one `resolve` over all names of the pairs puts both in one org."""
    records = [
        NameRecord(EVAL_SOURCE, name, cik)
        for pair in pairs
        for name, cik in ((pair.name_a, pair.cik_a), (pair.name_b, pair.cik_b))
    ]
    resolution = resolve(records, overrides)
    org = {(alias.raw_name, alias.cik): alias.org_id for alias in resolution.aliases}
    return [
        org[(pair.name_a, NameRecord(EVAL_SOURCE, pair.name_a, pair.cik_a).cik)]
        == org[(pair.name_b, NameRecord(EVAL_SOURCE, pair.name_b, pair.cik_b).cik)]
        for pair in pairs
    ]


def evaluate_pairs(
    pairs: Sequence[LabelledPair], overrides: Sequence[Override] = ()
) -> dict[str, Any]:
    """{precision, recall, f1, n_pairs, true_positives, false_positives, false_negatives,
    false_merges: [...], missed: [...], errors_by_kind: {kind: count}} of "same organization"."""
    predictions = predicted_same(pairs, overrides)
    false_merges, missed = [], []
    true_positives = 0
    for pair, predicted in zip(pairs, predictions, strict=True):
        if predicted and pair.same:
            true_positives += 1
        elif predicted:
            false_merges.append(_described(pair))
        elif pair.same:
            missed.append(_described(pair))
    precision = _ratio(true_positives, true_positives + len(false_merges))
    recall = _ratio(true_positives, true_positives + len(missed))
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    errors = Counter(item["kind"] for item in false_merges + missed)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "n_pairs": len(pairs),
        "true_positives": true_positives,
        "false_positives": len(false_merges),
        "false_negatives": len(missed),
        "false_merges": false_merges,
        "missed": missed,
        "errors_by_kind": dict(sorted(errors.items())),
    }


def _described(pair: LabelledPair) -> dict[str, str]:
    return {"name_a": pair.name_a, "name_b": pair.name_b, "kind": pair.kind}


def evaluation_rows(result: dict[str, Any], evaluated_at: datetime) -> list[dict[str, Any]]:
    """Rows for meta.extraction_eval (the layout of extraction's `Evaluation.rows`): one row,
    task 'entity_resolution', field 'same_org', n_docs = the number of pairs."""
    return [
        {
            "extractor": RESOLVER,
            "model": RESOLVER_MODEL,
            "prompt_version": RULES_VERSION,
            "task": TASK,
            "field": FIELD,
            "precision": result["precision"],
            "recall": result["recall"],
            "f1": result["f1"],
            "n_docs": result["n_pairs"],
            "evaluated_at": evaluated_at,
        }
    ]
