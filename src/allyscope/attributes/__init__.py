"""Attributes stage: date, place, amount, aid kind and cited source of each candidate event."""
