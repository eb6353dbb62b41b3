"""Bilingual report generator for East–West cooperation medical aid articles."""

__version__ = "0.1.0"
