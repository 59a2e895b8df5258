"""The fast NFKC of glossary matching gives exactly unicodedata's NFKC."""

import unicodedata

import pytest

from transflow.glossary.matching import nfkc


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ASCII, nothing to do.",
        "他说，“我们要等多久？”",  # only full-width punctuation
        "比例：１２％（去年）！",  # full-width digits and percent too: full normalisation
        "Ａ\u0301，",  # a full-width letter before a combining accent composes to Á
        "e\u0301，x",  # decomposed é: composition needed after the punctuation fold
        "탈북민들은，　강제북송을；",  # ideographic space is a compatibility character
        "ﬁnal，",  # ligature
    ],
)
def test_nfkc_matches_unicodedata(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
