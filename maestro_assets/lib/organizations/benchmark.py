"""How fast and how well names are matched: the project's blocked matcher against all pairs.

`synthetic_names(n, seed)` writes n organization names with the organization each belongs to:
developers ("Belarvia Clean Energy, LLC"), project companies ("Cedar Ridge Solar 2 LLC"),
corporate buyers ("Torvant Foods, Inc.") and utilities ("Central Power & Light Company"),
each spelled a few ways as sources spell them (suffix and case variants, SEC conformed names
with "/DE/" and tickers, a country qualifier, a truncated "Energy", a typo, an abbreviation, a
hyphenated brand) and a few ways no rule can catch (a dropped or inserted word). Hard
negatives are built in: brands with several descriptors ("X Energy" / "X Energy Partners" /
"X Realty"), numbered project companies, three-letter brands one letter apart, subsidiaries
("X Onshore"), and 3% of developer brands have a twin one letter apart. Brands are random
two-syllable stems with a common ending ("Korvafield"), so two unrelated brands are rarely
one edit apart, as in a real register of names; the twins are where they are.

`bench_matching` times `match_sets` on n × n names and, on a smaller set, the project's
matcher against `all_pairs_baseline`, the naive comparison of every pair with rapidfuzz.

    python -m maestro_assets.lib.organizations.benchmark --names 100000

A benchmark, not a test: it reports numbers and fails nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from maestro_assets.lib.organizations.matching import TYPO_VOCABULARY, match_sets
from maestro_assets.lib.organizations.names import name_key

SEED = 20260101
MATCH_SETS_TARGET_SECONDS = 30.0
PRECISION_TARGET = 0.97
BASELINE_CUTOFF = 90  # token_sort_ratio of the name keys
BASELINE_CHUNK = 2_000
# Share of developer brands with a twin brand one letter apart under the same descriptor
# ("Dominion Energy" / "Dominium Energy"): pairs the typo rule cannot tell apart.
NEAR_BRAND_SHARE = 0.03

ONSETS = (
    "b", "br", "c", "cl", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pr", "r",
    "s", "st", "t", "tr", "v", "z", "qu", "sh", "th", "w",
)  # fmt: skip
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "io")
CODAS = ("", "", "", "n", "r", "l", "s", "x", "m", "nt")
TAILS = (
    "ra", "tis", "vo", "nex", "gen", "dia", "lon", "via", "tek", "ris", "mont", "field", "stone",
    "ridge", "wood", "crest", "haven", "brook", "tera", "lux", "vant", "sys", "ion", "ova", "ent",
    "ark", "ell", "ima", "ora", "une",
)  # fmt: skip
ADJECTIVES = (
    "Blue", "Red", "Green", "Silver", "Golden", "Clear", "Bright", "Iron", "Cedar", "Granite",
    "Summit", "Prairie", "Harbor", "Eagle", "Falcon", "Sunrise", "Northwind", "Stone", "River",
    "Canyon", "Pioneer", "Liberty", "Heritage", "Frontier", "Keystone", "Lone Star", "Atlas",
    "Beacon", "Cardinal", "Crescent", "Evergreen", "Highland", "Horizon", "Juniper", "Meridian",
    "Mosaic", "Onward", "Patriot", "Sterling", "Tidewater",
)  # fmt: skip
NOUNS = (
    "Creek", "Ridge", "Point", "Peak", "Rock", "Valley", "Field", "Bay", "Grove", "Mesa", "Trail",
    "Harbor", "Oak", "Pine", "Sky", "Wind", "Sun", "Light", "Path", "Gate", "Bridge", "Crest",
    "Forge", "Haven", "Lake", "Mill", "Park", "Rise", "Spring", "Stream", "Way", "Works", "Yard",
    "Arc", "Line", "Star", "Vista", "Wave", "Hill", "Shore",
)  # fmt: skip
DEVELOPER_DESCRIPTORS = (
    "Energy", "Power", "Renewables", "Clean Energy", "Solar", "Wind", "Energy Partners",
    "Renewable Energy", "Green Energy", "Power Partners", "Energy Storage",
    "Infrastructure Partners", "Sustainable Energy", "Energy Group", "Capital", "Development",
)  # fmt: skip
SUBSIDIARY_WORDS = ("Onshore", "Offshore Wind", "Solar Holdings", "Realty", "Trading")
PLACE_FIRST = (
    "Oak", "Cedar", "Pine", "Maple", "Willow", "Hickory", "Aspen", "Juniper", "Sage", "Bluebonnet",
    "Prairie", "Buffalo", "Eagle", "Hawk", "Fox", "Deer", "Elk", "Bison", "Heron", "Quail",
    "Sparrow", "Meadow", "Stone", "Granite", "Iron", "Copper", "Silver", "Red", "Blue", "Green",
    "Golden", "White", "Black", "North", "South", "East", "West", "High", "Long", "Big", "Cotton",
    "Sandy", "Rocky", "Crooked", "Twin", "Lost", "Bear", "Wolf", "Turkey", "Pecan",
)  # fmt: skip
PLACE_SECOND = (
    "Ridge", "Creek", "Hollow", "Prairie", "Valley", "Springs", "Mesa", "Flats", "Hill", "Lake",
    "River", "Run", "Bend", "Point", "Grove", "Meadow", "Field", "Canyon", "Butte", "Crossing",
    "Station", "Gap", "Fork", "Branch", "Bluff", "Pass", "Landing", "Trail", "Plains", "Knob",
)  # fmt: skip
ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
TECHNOLOGIES = (
    "Solar", "Wind", "Solar Project", "Wind Farm", "Energy Storage", "BESS", "Energy Center",
    "Solar Park", "Storage", "Solar Farm", "Wind Energy",
)  # fmt: skip
INDUSTRIES = (
    "Foods", "Logistics", "Systems", "Pharmaceuticals", "Motors", "Semiconductor", "Retail",
    "Health", "Networks", "Brands", "Industries", "Technologies", "Materials", "Hospitality",
    "Financial", "Data Centers", "Cloud", "Beverages", "Airlines", "Chemicals",
)  # fmt: skip
REGIONS = (
    "Northern", "Southern", "Central", "Western", "Eastern", "Pacific", "Atlantic", "Gulf",
    "Mountain", "Lakes", "Valley", "Coastal", "Plains", "Delta", "Tri-County", "River", "Texas",
    "Ohio", "Kansas", "Iowa", "Dakota", "Carolina", "Georgia", "Indiana", "Missouri", "Arizona",
    "Nevada", "Oregon", "Vermont", "Maine",
)  # fmt: skip
UTILITY_FORMS = (
    "Electric Company", "Power & Light Company", "Electric Cooperative", "Public Service Company",
    "Gas & Electric Company", "Power Company", "Energy Cooperative", "Electric Membership Corp.",
)  # fmt: skip
LEGAL_FORMS = {
    "LLC": ("LLC", ", LLC", "L.L.C.", ", L.L.C.", "", "LLC."),
    "Inc.": ("Inc.", ", Inc.", "Inc", "Incorporated", ""),
    "Corp.": ("Corp.", "Corporation", ", Corp.", ""),
    "LP": ("LP", ", L.P.", "L.P.", ""),
    "": ("",),
}
ABBREVIATED = {"Development": "Dev.", "International": "Intl", "Management": "Mgmt",
               "Services": "Svcs", "Partners": "Ptnrs", "Holdings": "Hldgs"}  # fmt: skip
TRUNCATABLE = ("Clean Energy", "Renewable Energy", "Green Energy", "Sustainable Energy")


# Descriptors that name one business: a brand does not have one company under each.
SYNONYMS = ({"Renewables", "Renewable Energy"}, {"Energy Storage", "Storage"})


def synonyms(a: str, b: str) -> bool:
    return a == b or any({a, b} <= group for group in SYNONYMS)


class Org:
    """One synthetic organization: its words (without legal form) and its legal form."""

    def __init__(self, words: str, legal: str, kind: str, ticker: str | None = None) -> None:
        self.words, self.legal, self.kind, self.ticker = words, legal, kind, ticker
        self.brand_parts: tuple[str, str] | None = None

    def canonical(self) -> str:
        return f"{self.words} {self.legal}".strip() if self.legal else self.words


def brand(rng: random.Random) -> tuple[str, tuple[str, str] | None]:
    if rng.random() < 0.15:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}", None
    syllables = (rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(2))
    head = "".join(syllables).capitalize()
    tail = rng.choice(TAILS)
    return head + tail, (head, tail)


def acronym(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXZ") for _ in range(3))


def one_edit(word: str, rng: random.Random) -> str:
    """The word with one random substitution, deletion, insertion or transposition (letters
    only, never the first)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    i = rng.randrange(1, len(word))
    action = rng.randrange(4)
    if action == 0:
        return word[:i] + rng.choice(letters.replace(word[i].lower(), "")) + word[i + 1 :]
    if action == 1:
        return word[:i] + word[i + 1 :]
    if action == 2:
        return word[:i] + rng.choice(letters) + word[i:]
    if i < len(word) - 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(letters.replace(word[i].lower(), "")) + word[i + 1 :]


class Universe:
    """Organizations with distinct name keys, built with their hard negatives."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.orgs: list[Org] = []
        self.keys: set[str] = set()

    def add(self, org: Org) -> Org | None:
        key = name_key(org.canonical())
        if not key or key in self.keys:
            return None
        self.keys.add(key)
        self.orgs.append(org)
        return org

    def developer(self) -> None:
        rng = self.rng
        if rng.random() < 0.1:
            name, parts = acronym(rng), None
        else:
            name, parts = brand(rng)
        descriptor = rng.choice(DEVELOPER_DESCRIPTORS)
        legal = rng.choice(("LLC", "LLC", "LLC", "Inc.", "LP", "Corp.", "", ""))
        org = self.add(Org(f"{name} {descriptor}", legal, "developer"))
        if org is None:
            return
        org.brand_parts = parts
        if rng.random() < 0.25:  # the same brand with another descriptor
            other = rng.choice([d for d in DEVELOPER_DESCRIPTORS if not synonyms(d, descriptor)])
            self.add(Org(f"{name} {other}", rng.choice(("LLC", "Inc.", "")), "developer"))
        if rng.random() < 0.1:  # a subsidiary
            words = f"{name} {descriptor} {rng.choice(SUBSIDIARY_WORDS)}"
            self.add(Org(words, "LLC", "developer"))
        if len(name) == 3 and rng.random() < 0.3:  # "EDF" / "EDP"
            i = rng.randrange(3)
            twin = (
                name[:i] + rng.choice("ABCDEFGHJKLMNPRSTUVWXZ".replace(name[i], "")) + name[i + 1 :]
            )
            self.add(Org(f"{twin} {descriptor}", legal, "developer"))
        if descriptor in TRUNCATABLE and rng.random() < 0.1:  # "X Green Energy" / "X Green Power"
            self.add(Org(f"{name} {descriptor.replace('Energy', 'Power')}", legal, "developer"))
        if parts and len(name) >= 8 and rng.random() < NEAR_BRAND_SHARE:  # one letter apart
            self.add(Org(f"{one_edit(name, rng)} {descriptor}", legal, "developer"))

    def project_company(self) -> None:
        rng = self.rng
        place = f"{rng.choice(PLACE_FIRST)} {rng.choice(PLACE_SECOND)}"
        technology = rng.choice(TECHNOLOGIES)
        numbered = rng.random() < 0.6
        roman = rng.random() < 0.2
        numbers = rng.sample(range(1, 9), 3 if rng.random() < 0.35 else 1)
        for number in numbers if numbered else [None]:
            label = ""
            if number is not None:
                label = " " + (ROMAN_NUMERALS[number - 1] if roman else str(number))
            self.add(Org(f"{place} {technology}{label}", "LLC", "project_company"))

    def corporate(self) -> None:
        rng = self.rng
        name, parts = brand(rng)
        ticker = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") for _ in range(rng.randint(2, 4)))
        legal = rng.choice(("Inc.", "Inc.", "Corp.", "LLC"))
        org = self.add(Org(f"{name} {rng.choice(INDUSTRIES)}", legal, "corporate", ticker))
        if org is not None:
            org.brand_parts = parts

    def utility(self) -> None:
        rng = self.rng
        words = f"{rng.choice(REGIONS)} {rng.choice(UTILITY_FORMS)}"
        self.add(Org(words, "", "utility"))


def variant(org: Org, universe: Universe, rng: random.Random) -> str:
    """One spelling of an organization's name, as some source writes it."""
    words = org.words
    roll = rng.random()
    if roll < 0.04 and org.kind == "developer":  # a dropped or inserted word: no rule finds it
        parts = words.split()
        words = (
            " ".join(parts[:-1])
            if len(parts) > 2
            else f"{parts[0]} Renewable {' '.join(parts[1:])}"
        )
    elif roll < 0.12:
        words = typo(words, universe, rng)
    elif roll < 0.17:
        for long, short in ABBREVIATED.items():
            words = words.replace(long, short)
    elif roll < 0.25 and org.kind == "developer":
        words += rng.choice((" North America", " US", " USA"))
    elif roll < 0.31 and org.kind == "developer" and any(words.endswith(t) for t in TRUNCATABLE):
        words = words.rsplit(" ", 1)[0]
    elif roll < 0.35 and org.brand_parts:
        head, tail = org.brand_parts
        words = words.replace(head + tail, f"{head}{rng.choice(('-', ' '))}{tail.capitalize()}", 1)
    legal = rng.choice(LEGAL_FORMS.get(org.legal, (org.legal,)))
    name = f"{words}{legal}" if legal.startswith(",") else f"{words} {legal}".strip()
    if "&" in name and rng.random() < 0.4:
        name = name.replace("&", "and")
    style = rng.random()
    if org.kind == "corporate" and style < 0.15:  # an SEC conformed name
        name = name.upper().replace(".", "").replace(",", "")
        name += rng.choice((" /DE/", " /NV/", "", f"  ({org.ticker})"))
    elif style < 0.2:
        name = name.upper()
    elif org.kind in ("corporate", "utility") and style < 0.25:
        name = "The " + name
    return name


def typo(words: str, universe: Universe, rng: random.Random) -> str:
    """One edit in a word the matcher may correct (8+ letters, or an industry word after the
    first); the words unchanged if none, or if the typo spells another organization."""
    parts = words.split()
    eligible = [
        i
        for i, w in enumerate(parts)
        if w.isalpha() and (len(w) >= 8 or (i > 0 and w.lower() in TYPO_VOCABULARY))
    ]
    if not eligible or len(parts) < 2:
        return words
    i = rng.choice(eligible)
    parts[i] = one_edit(parts[i], rng)
    misspelt = " ".join(parts)
    return words if name_key(misspelt) in universe.keys else misspelt


VARIANTS_PER_ORG = (1, 2, 2, 3, 3, 3, 4, 4, 5, 6)


def synthetic_names(n: int, seed: int = SEED) -> tuple[list[str], list[int]]:
    """n organization names in shuffled order and, for each, the id of its organization."""
    rng = random.Random(seed)
    universe = Universe(rng)
    makers: list[tuple[float, Callable[[], None]]] = [
        (0.40, universe.developer),
        (0.35, universe.project_company),
        (0.20, universe.corporate),
        (0.05, universe.utility),
    ]
    names: list[str] = []
    truth: list[int] = []
    made = 0
    while len(names) < n:
        roll, maker = rng.random(), makers[-1][1]
        for share, candidate in makers:
            if roll < share:
                maker = candidate
                break
            roll -= share
        maker()
        for org_id in range(made, len(universe.orgs)):
            for _ in range(rng.choice(VARIANTS_PER_ORG)):
                names.append(variant(universe.orgs[org_id], universe, rng))
                truth.append(org_id)
        made = len(universe.orgs)
    order = list(range(n))  # the last organization may lose some spellings
    rng.shuffle(order)
    return [names[i] for i in order], [truth[i] for i in order]


def all_pairs_baseline(
    names: Sequence[str], cutoff: int = BASELINE_CUTOFF
) -> list[tuple[int, int, float]]:
    """Every pair (i < j) whose name keys score token_sort_ratio >= cutoff: the naive
    comparison of all n² / 2 pairs with rapidfuzz (cdist in row chunks, both cores)."""
    keys = [name_key(name) for name in names]
    pairs: list[tuple[int, int, float]] = []
    for start in range(0, len(keys), BASELINE_CHUNK):
        stop = min(start + BASELINE_CHUNK, len(keys))
        scores = process.cdist(
            keys[start:stop],
            keys[start:],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=cutoff,
            dtype=np.uint8,
            workers=-1,
        )
        rows, cols = np.nonzero(scores)
        keep = cols > rows  # column c is name start + c; keep j > i
        for r, c in zip(rows[keep].tolist(), cols[keep].tolist(), strict=True):
            pairs.append((start + r, start + c, scores[r, c] / 100.0))
    return pairs


def within_set_pairs(names: Sequence[str]) -> list[tuple[int, int, float]]:
    """The project's matcher on one list: every pair (i < j) of names of one organization."""
    return [(i, j, score) for i, j, score in match_sets(names, names) if i < j]


def pair_quality(
    pairs: Sequence[tuple[int, int, float]], left: Sequence[int], right: Sequence[int], within: bool
) -> dict[str, float | int]:
    """Precision and recall of predicted pairs against the truth ids."""
    if within:
        sizes = Counter(left)
        true_total = sum(k * (k - 1) // 2 for k in sizes.values())
    else:
        left_sizes, right_sizes = Counter(left), Counter(right)
        true_total = sum(k * right_sizes[org] for org, k in left_sizes.items())
    hits = sum(1 for i, j, _ in pairs if left[i] == right[j])
    return {
        "pairs": len(pairs),
        "true_pairs": true_total,
        "precision": round(hits / len(pairs), 4) if pairs else 0.0,
        "recall": round(hits / true_total, 4) if true_total else 0.0,
    }


def timed(run: Callable[[], list[tuple[int, int, float]]]) -> tuple[float, list]:
    """Seconds of one run, with the name-key cache emptied first (no run is helped by
    keys an earlier one computed)."""
    name_key.cache_clear()
    started = time.perf_counter()
    result = run()
    return round(time.perf_counter() - started, 2), result


def bench_matching(n_names: int, all_pairs_names: int = 20_000) -> dict[str, dict]:
    """{method: {seconds, precision, recall, pairs, …}} for match_sets on n × n names, and
    for the project's matcher and the all-pairs baseline within one set of all_pairs_names."""
    names, truth = synthetic_names(2 * n_names, SEED)
    left, right = names[0::2], names[1::2]
    left_truth, right_truth = truth[0::2], truth[1::2]
    seconds, pairs = timed(lambda: match_sets(left, right))
    results: dict[str, dict] = {
        f"match_sets_{n_names}x{n_names}": {
            "seconds": seconds,
            **pair_quality(pairs, left_truth, right_truth, within=False),
            "target_seconds": MATCH_SETS_TARGET_SECONDS,
            "target_precision": PRECISION_TARGET,
        }
    }
    small, small_truth = synthetic_names(all_pairs_names, SEED + 1)
    for method, run in (
        (f"project_matcher_within_{all_pairs_names}", lambda: within_set_pairs(small)),
        (f"all_pairs_baseline_within_{all_pairs_names}", lambda: all_pairs_baseline(small)),
    ):
        seconds, pairs = timed(run)
        results[method] = {
            "seconds": seconds,
            **pair_quality(pairs, small_truth, small_truth, within=True),
        }
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=100_000, help="names per side of match_sets")
    parser.add_argument("--all-pairs-names", type=int, default=20_000)
    args = parser.parse_args(argv)
    print(json.dumps(bench_matching(args.names, args.all_pairs_names), indent=2))


if __name__ == "__main__":
    main()
