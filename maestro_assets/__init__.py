"""maestro_assets: clean-energy market signals as Dagster assets over one DuckDB warehouse."""
