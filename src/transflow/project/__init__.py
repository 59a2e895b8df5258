"""The project: transflow.toml, its folders and catalogs, languages, user errors, file writes.

Everything else builds on this package; it imports no other stage at module level.
"""
