"""Dagster objects only: resources, source assets, checks, dbt, automation."""
