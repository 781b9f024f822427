"""One identity per organization across every source (no Dagster imports).

    records = [NameRecord("sec_edgar", "Tesla, Inc.", cik="1318605", tickers=("TSLA",)), ...]
    result = resolve(records, load_overrides(), Registry.from_rows(stored_rows))
    result.aliases, result.organizations, result.registry.rows()

- `names`: `name_key`, `is_project_company`, `alternate_names`, `former_names`
  (pure functions of a raw name);
- `matching`: the rules that call two keys one organization, `match_sets` for two lists;
- `overrides`: the curated merge / split / parent_of file that always wins;
- `registry`: stable org ids across rebuilds;
- `resolve`: records → aliases, organizations, registry;
- `evaluation`: precision and recall on the labelled pairs (data/eval/entity_resolution);
- `benchmark`: synthetic names and the timing of the matcher against all-pairs comparison.
"""

from maestro_assets.lib.organizations.evaluation import (
    LabelledPair,
    evaluate_pairs,
    evaluation_rows,
    load_pairs,
)
from maestro_assets.lib.organizations.matching import key_links, match_sets
from maestro_assets.lib.organizations.names import (
    alternate_names,
    former_names,
    is_project_company,
    name_key,
)
from maestro_assets.lib.organizations.overrides import (
    OVERRIDES_PATH,
    Action,
    Override,
    load_overrides,
    parse_overrides,
)
from maestro_assets.lib.organizations.registry import Registry, RegistryRow
from maestro_assets.lib.organizations.resolve import (
    METHODS,
    Alias,
    NameRecord,
    Organization,
    Resolution,
    resolve,
)

__all__ = [
    "METHODS",
    "OVERRIDES_PATH",
    "Action",
    "Alias",
    "LabelledPair",
    "NameRecord",
    "Organization",
    "Override",
    "Registry",
    "RegistryRow",
    "Resolution",
    "alternate_names",
    "evaluate_pairs",
    "evaluation_rows",
    "former_names",
    "is_project_company",
    "key_links",
    "load_overrides",
    "load_pairs",
    "match_sets",
    "name_key",
    "parse_overrides",
    "resolve",
]
