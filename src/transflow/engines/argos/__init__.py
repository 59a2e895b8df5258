"""Argos Translate packages run offline with CTranslate2: the engine, installed packages, and
the package index client."""
