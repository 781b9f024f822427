"""The extraction tasks, one declaration each, and their registry by name.

Every task runs through the same run, cache, LLM client and evaluation. Prompt versions and
rules versions are distinct across tasks: they key the extraction cache, so a reply extracted
for one task is never served to another.
"""

from __future__ import annotations

from maestro_assets.lib.extraction.models import ExtractionTask
from maestro_assets.lib.extraction.tasks.opposition import OPPOSITION
from maestro_assets.lib.extraction.tasks.procurement import PROCUREMENT

TASKS: dict[str, ExtractionTask] = {task.name: task for task in (OPPOSITION, PROCUREMENT)}


def task_named(name: str) -> ExtractionTask:
    try:
        return TASKS[name]
    except KeyError:
        raise ValueError(f"no extraction task {name!r}; known: {sorted(TASKS)}") from None


__all__ = ["OPPOSITION", "PROCUREMENT", "TASKS", "task_named"]
