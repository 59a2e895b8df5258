"""Filling catalogs: translation memory first, then machine translation with glossary-aware
choice among the engine's hypotheses."""
