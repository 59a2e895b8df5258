"""Editions: the publication gate, reassembly of the translated document, Markdown and HTML."""
