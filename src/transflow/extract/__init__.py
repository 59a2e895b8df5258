"""Source articles to PO catalogs: reading sources, splitting sentences, msgmerge-style update."""
