"""Event coreference: mentions of one real-world event become one event, within a document
(`group_mentions`, a pipeline stage after attributes) and across documents (`absorb` for the
store at ingest, `cluster_events` for a batch). `dyad` is the key two events must share to be
one: their type and party codes, unordered where the type is symmetric."""

from .across import Absorption, absorb, cluster_events
from .facts import dyad
from .within import group_mentions

__all__ = ["Absorption", "absorb", "cluster_events", "dyad", "group_mentions"]
