"""Rule-based extractors, one module per extraction task, each with its own RULES_VERSION."""
