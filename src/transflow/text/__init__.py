"""Text analysis every stage shares: `inline` recognises the tokens copied untranslated."""
