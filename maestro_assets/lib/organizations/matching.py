"""Which two organization name keys name the same organization, found without comparing all pairs.

Two keys (see `names.name_key`) are the same organization when

- exact_key: they are equal;
- same words: after a trailing country qualifier is dropped ("EDP Renewables North America" →
  "edp renewable"; "US", "USA", "America", "Americas", but never after "of": "Bank of
  America" keeps it), they are the same letters without spaces ("Terra-Gen" / "TerraGen",
  "First Energy" / "FirstEnergy") or the same words in another order ("Lubbock, City of" /
  "City of Lubbock");
- truncation: one is the other plus a final "Energy" or "Power", the shorter has at least two
  words and ends in a word lists cut names after ("Clean", "Renewable", "Green",
  "Sustainable", "Alternative"), and that extension is the only one the shorter key has
  among the inputs ("Lincoln Clean" / "Lincoln Clean Energy"; "Berkshire Hathaway" never
  matches "Berkshire Hathaway Energy"; with both "Apex Green Energy" and "Apex Green Power"
  present, "Apex Green" matches neither);
- typo: all words are equal but one, and that word is misspelt by one edit (Damerau/OSA):
  words of 8 letters or more anywhere ("Oysercatcher Solar" / "Oystercatcher Solar"), or a
  common industry word of 5 letters or more after the first word ("Ranch Solor" / "Ranch
  Solar"). Names of one word, words with digits and short words (acronyms: "EDF" / "EDP")
  never match on a typo.

Everything else stays apart: another word ("NextEra Energy Partners", "Orsted Onshore", "AES
Clean Energy"), another number ("Sunridge Solar 1" / "Sunridge Solar 2"), another short word.

Blocking: every rule is an equality of derived strings, so candidates come from hash joins in
polars (the typo rule joins on the name with one word masked plus one deletion variant of that
word, the symmetric-deletion trick); rapidfuzz then verifies the edit distance and scores each
candidate pair (WRatio) with `process.cpdist` on all pairs at once. Nothing compares all pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from maestro_assets.lib.organizations.names import name_key

EXACT_KEY = "exact_key"
FUZZY = "fuzzy"
COUNTRY_QUALIFIERS = frozenset({"us", "america", "americas"})
EXTENSION_WORDS = frozenset({"energy", "power"})
# Words a name is cut after when a list truncates "… Clean Energy" to "… Clean".
TRUNCATED_ENDINGS = frozenset({"clean", "renewable", "green", "sustainable", "alternative"})
# Industry words common enough in names that a one-edit misspelling of them is a typo.
TYPO_VOCABULARY = frozenset(
    {"solar", "energy", "power", "storage", "renewable", "development", "project", "resource",
     "partner", "holding", "service", "electric", "utility", "generation", "generating",
     "battery", "center", "capital", "infrastructure", "transmission", "management",
     "technology", "solution", "system", "international", "national", "hydro", "offshore"}
)  # fmt: skip
MIN_TYPO_WORD = 8
MIN_VOCABULARY_TYPO_WORD = 5
MASK = "\x00"
LINK_SCHEMA = {"a": pl.UInt32, "b": pl.UInt32, "score": pl.Float64, "rule": pl.String}


def core_words(key: str) -> list[str]:
    """The words of a key without a trailing country qualifier ('north america', 'us',
    'america', 'americas'), unless it follows 'of' or is all there is."""
    tokens = key.split()
    if len(tokens) > 2 and tokens[-2:] == ["north", "america"] and tokens[-3] != "of":
        return tokens[:-2]
    if len(tokens) > 1 and tokens[-1] in COUNTRY_QUALIFIERS and tokens[-2] != "of":
        return tokens[:-1]
    return tokens


@lru_cache(maxsize=1 << 16)
def near_vocabulary(word: str) -> bool:
    """Whether a word is one edit from an industry word of the typo vocabulary."""
    return (
        process.extractOne(word, TYPO_VOCABULARY, scorer=OSA.distance, score_cutoff=1) is not None
    )


def typo_eligible(word: str, position: int) -> bool:
    if not word.isalpha() or len(word) < MIN_VOCABULARY_TYPO_WORD:
        return False
    if len(word) >= MIN_TYPO_WORD:
        return True
    return position > 0 and (word in TYPO_VOCABULARY or near_vocabulary(word))


def deletion_variants(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def key_features(keys: Sequence[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per key (index = position in `keys`): its core words compacted, sorted, and the base a
    truncated spelling would have; and the typo signatures (masked name, deletion variant)."""
    compact, ordered, core, base = [], [], [], []
    sig_index, sig_position, sig_masked, sig_variant, sig_word = [], [], [], [], []
    for index, key in enumerate(keys):
        tokens = core_words(key)
        core.append(" ".join(tokens))
        compact.append("".join(tokens))
        ordered.append(" ".join(sorted(tokens)))
        extended = (
            len(tokens) >= 3 and tokens[-1] in EXTENSION_WORDS and tokens[-2] in TRUNCATED_ENDINGS
        )
        base.append(" ".join(tokens[:-1]) if extended else None)
        if len(tokens) < 2:
            continue
        for position, word in enumerate(tokens):
            if not typo_eligible(word, position):
                continue
            masked = " ".join([*tokens[:position], MASK, *tokens[position + 1 :]])
            for variant in deletion_variants(word):
                sig_index.append(index)
                sig_position.append(position)
                sig_masked.append(masked)
                sig_variant.append(variant)
                sig_word.append(word)
    features = pl.DataFrame(
        {"idx": range(len(keys)), "compact": compact, "sorted": ordered, "core": core,
         "base": base},
        schema={"idx": pl.UInt32, "compact": pl.String, "sorted": pl.String, "core": pl.String,
                "base": pl.String},
    )  # fmt: skip
    signatures = pl.DataFrame(
        {"idx": sig_index, "position": sig_position, "masked": sig_masked,
         "variant": sig_variant, "word": sig_word},
        schema={"idx": pl.UInt32, "position": pl.UInt16, "masked": pl.String,
                "variant": pl.String, "word": pl.String},
    )  # fmt: skip
    return features, signatures


def _pairs(frame: pl.DataFrame, rule: str) -> pl.DataFrame:
    return frame.select(pl.col("a"), pl.col("b"), pl.lit(rule).alias("rule"))


def same_word_pairs(left: pl.DataFrame, right: pl.DataFrame) -> list[pl.DataFrame]:
    out = []
    for column in ("compact", "sorted"):
        joined = left.select(a="idx", on=column).join(right.select(b="idx", on=column), on="on")
        out.append(_pairs(joined, FUZZY))
    return out


def truncation_pairs(left: pl.DataFrame, right: pl.DataFrame, both: pl.DataFrame) -> pl.DataFrame:
    """(short, long) pairs where long = short + 'energy'/'power' and short has one extension."""
    unique_bases = (
        both.filter(pl.col("base").is_not_null())
        .group_by("base")
        .agg(pl.col("core").n_unique().alias("extensions"))
        .filter(pl.col("extensions") == 1)
        .select("base")
    )
    long_left = left.filter(pl.col("base").is_not_null()).join(unique_bases, on="base")
    long_right = right.filter(pl.col("base").is_not_null()).join(unique_bases, on="base")
    short_left = left.select(a="idx", base="core").join(
        long_right.select(b="idx", base="base"), on="base"
    )
    short_right = long_left.select(a="idx", base="base").join(
        right.select(b="idx", base="core"), on="base"
    )
    return pl.concat([_pairs(short_left, FUZZY), _pairs(short_right, FUZZY)])


def typo_pairs(left: pl.DataFrame, right: pl.DataFrame) -> pl.DataFrame:
    """Pairs whose names differ in one word at one position, that word misspelt by one edit."""
    candidates = (
        left.select(a="idx", position="position", masked="masked", variant="variant", wa="word")
        .join(
            right.select(b="idx", masked="masked", variant="variant", wb="word"),
            on=["masked", "variant"],
        )
        .filter(pl.col("wa") != pl.col("wb"))
        .unique(subset=["a", "b"])
    )
    if candidates.is_empty():
        return pl.DataFrame(schema={"a": pl.UInt32, "b": pl.UInt32, "rule": pl.String})
    wa, wb = candidates["wa"].to_list(), candidates["wb"].to_list()
    distance = process.cpdist(wa, wb, scorer=OSA.distance, workers=-1)
    vocabulary = list(TYPO_VOCABULARY)
    checked = candidates.with_columns(
        distance=pl.Series(distance),
        shorter=pl.min_horizontal(pl.col("wa").str.len_chars(), pl.col("wb").str.len_chars()),
        known=pl.col("wa").is_in(vocabulary).cast(pl.Int8)
        + pl.col("wb").is_in(vocabulary).cast(pl.Int8),
    )
    misspelt = checked.filter(
        (pl.col("distance") <= 1)
        & (pl.col("known") < 2)
        & (
            (pl.col("shorter") >= MIN_TYPO_WORD)
            | ((pl.col("position") > 0) & (pl.col("known") == 1))
        )
    )
    return _pairs(misspelt, FUZZY)


def scored(
    pairs: pl.DataFrame, left_keys: Sequence[str], right_keys: Sequence[str]
) -> pl.DataFrame:
    """One row per pair: exact_key (score 1.0) when the keys are equal, else fuzzy with the
    rapidfuzz WRatio of the two keys (0-1): how alike the spellings are, the rules having
    already decided that they match."""
    if pairs.is_empty():
        return pl.DataFrame(schema=LINK_SCHEMA)
    pairs = pairs.unique(subset=["a", "b"]).sort(["a", "b"])
    ka = [left_keys[i] for i in pairs["a"].to_list()]
    kb = [right_keys[j] for j in pairs["b"].to_list()]
    similarity = process.cpdist(ka, kb, scorer=fuzz.WRatio, workers=-1) / 100.0
    exact = pl.Series([x == y for x, y in zip(ka, kb, strict=True)])
    return pairs.select("a", "b").with_columns(
        score=pl.when(exact).then(1.0).otherwise(pl.Series(similarity, dtype=pl.Float64).round(4)),
        rule=pl.when(exact).then(pl.lit(EXACT_KEY)).otherwise(pl.lit(FUZZY)),
    )


def key_links(left_keys: Sequence[str], right_keys: Sequence[str] | None = None) -> pl.DataFrame:
    """Pairs (a, b, score, rule) of keys naming the same organization by the module's rules.

    With `right_keys`, a indexes `left_keys` and b `right_keys` (equal keys included, as
    exact_key). Without, the keys are matched among themselves: they must be distinct, and
    each pair is given once with a < b. Empty keys match nothing.
    """
    self_match = right_keys is None
    right_keys = left_keys if right_keys is None else right_keys
    if self_match and len(set(left_keys)) != len(left_keys):
        raise ValueError("key_links: keys matched among themselves must be distinct")
    left, left_signatures = key_features(left_keys)
    if self_match:
        right, right_signatures = left, left_signatures
        both = left
    else:
        right, right_signatures = key_features(right_keys)
        both = pl.concat([left, right])
    left = left.filter(pl.col("core") != "")
    right = right.filter(pl.col("core") != "")
    found = pl.concat(
        [
            *same_word_pairs(left, right),
            truncation_pairs(left, right, both),
            typo_pairs(left_signatures, right_signatures),
        ]
    )
    if self_match:
        found = found.select(
            a=pl.min_horizontal("a", "b"), b=pl.max_horizontal("a", "b"), rule="rule"
        ).filter(pl.col("a") != pl.col("b"))
    return scored(found, left_keys, right_keys)


def match_sets(left: Sequence[str], right: Sequence[str]) -> list[tuple[int, int, float]]:
    """Every (i, j, score) where the raw names left[i] and right[j] name the same organization
    by the module's rules; score 1.0 for equal keys, else the similarity of the keys (0-1).
    Sorted by i, then j."""
    left_keys = [name_key(name) for name in left]
    right_keys = [name_key(name) for name in right]
    left_distinct = sorted(set(left_keys) - {""})
    right_distinct = sorted(set(right_keys) - {""})
    links = key_links(left_distinct, right_distinct)
    left_rows = pl.DataFrame(
        {"i": range(len(left)), "key": left_keys}, schema={"i": pl.UInt32, "key": pl.String}
    )
    right_rows = pl.DataFrame(
        {"j": range(len(right)), "key": right_keys}, schema={"j": pl.UInt32, "key": pl.String}
    )
    left_index = pl.DataFrame(
        {"a": range(len(left_distinct)), "key": left_distinct},
        schema={"a": pl.UInt32, "key": pl.String},
    )
    right_index = pl.DataFrame(
        {"b": range(len(right_distinct)), "key": right_distinct},
        schema={"b": pl.UInt32, "key": pl.String},
    )
    matched = (
        links.join(left_index.join(left_rows, on="key").drop("key"), on="a")
        .join(right_index.join(right_rows, on="key").drop("key"), on="b")
        .select("i", "j", "score")
        .sort(["i", "j"])
    )
    return list(matched.iter_rows())
