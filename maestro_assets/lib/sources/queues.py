"""Interconnection-queue sources implement the general source adapter."""

from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single, no_stated_vintage

QueueSource = SourceAdapter  # the name the queue modules use

__all__ = ["QueueSource", "fetch_single", "no_stated_vintage"]
