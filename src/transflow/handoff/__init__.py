"""Hand-off to other tools: XLIFF files for freelancers who work in a CAT tool (`xliff`)."""
