"""Actors stage: mentions of countries, organisations, agencies and people -> coded actors."""
