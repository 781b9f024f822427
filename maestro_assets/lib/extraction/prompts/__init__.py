"""Prompt texts, one module per extraction task, each with its own PROMPT_VERSION."""
