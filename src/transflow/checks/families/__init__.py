"""The check families: one module per family of related checks."""
