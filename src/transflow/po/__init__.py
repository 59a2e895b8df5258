"""The PO catalog: the conventions every stage shares (entry state, provenance, reviewer),
the one line-numbered reader, and merging and writing with polib."""
