"""Raw source assets: fetch, call a pure parser, land, report."""
