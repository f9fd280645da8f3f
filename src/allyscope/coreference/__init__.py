"""Event coreference: mentions of one real-world event become one event, within a document
(`group_mentions`, a pipeline stage after attributes) and across documents (`absorb` for the
store at ingest, `cluster_events` for a batch)."""

from .across import Absorption, absorb, cluster_events
from .within import group_mentions

__all__ = ["Absorption", "absorb", "cluster_events", "group_mentions"]
