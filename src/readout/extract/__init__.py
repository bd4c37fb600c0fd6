"""Extraction: a parsed article -> plain facts (facts.py dataclasses) with their spans."""
