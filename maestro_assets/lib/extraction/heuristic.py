"""The rule-based extractor: the offline stand-in for the LLM, for any task.

It runs the task's deterministic rules (rules/<task>.py) over the document and answers like the
LLM would: the JSON of the task's extraction, validated and quote-checked downstream by the
same run. Its quotes are sentences sliced from the document, so they are verbatim. Every reply
says extractor = 'heuristic', model = RULES_MODEL and, as prompt version, the rules' version.
It costs nothing: no cache, no budget.
"""

from __future__ import annotations

from maestro_assets.lib.extraction.models import Document, ExtractionTask, Reply, Status
from maestro_assets.lib.extraction.tasks import OPPOSITION

RULES_MODEL = "heuristic-rules"


class HeuristicExtractor:
    """The task's rules behind the same interface as the LLM extractor."""

    extractor = "heuristic"
    model = RULES_MODEL
    billable = False

    def __init__(self, task: ExtractionTask = OPPOSITION) -> None:
        self.task = task
        self.prompt_version = task.rules_version

    def estimate_tokens(self, document: Document) -> int:
        return 0

    def extract(self, document: Document) -> Reply:
        extraction = self.task.extraction_model(events=self.task.rules(document.text))
        return Reply(Status.OK, content=extraction.model_dump_json())
