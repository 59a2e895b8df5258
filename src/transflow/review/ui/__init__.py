"""The Textual review app; the only part of transflow that imports Textual."""
