"""Prompt texts, one module per extraction task, each with its own PROMPT_VERSION.

Every task frames its document the same way (`frame_document`): between two markers taken from
the document's own SHA-256, which text inside the document cannot forge.
"""

from __future__ import annotations


def frame_document(template: str, text: str, document_sha256: str, max_chars: int) -> str:
    """`template` filled with the document (cut at `max_chars`) and its unforgeable marker.

    The marker is taken from the document's own SHA-256: text inside a document cannot contain
    the hash of the document that contains it, so it cannot close the frame early and pose as
    instructions outside it.
    """
    return template.format(marker=document_sha256[:16], text=text[:max_chars])
