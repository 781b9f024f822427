"""Plain Python with no Dagster imports: HTTP, raw landing, parsers, warehouse helpers."""
