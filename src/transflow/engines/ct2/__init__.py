"""CTranslate2 models of every family (Argos packages, OPUS-MT, NLLB, M2M100): the shared
decode core (`core`) and the families' tokenization on top of it."""
