"""Terminology at decode time: the glossary's forbidden variants of a sentence's terms are
passed to the engine, which suppresses their tokens (CTranslate2 `suppress_sequences`).

The models are tiny real CTranslate2 copy models, shaped (`argos_fixtures`, `shape`) so that
on copying `defector` they prefer the forbidden 탈북자, then the approved 탈북민, and on
copying `Seoul` the forbidden 汉城, then 首尔: every decode below is exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from transflow.engines.argos.engine import ArgosEngine, PivotEngine
from transflow.engines.argos.packages import read_package
from transflow.engines.ct2.core import suppress_sequences
from transflow.glossary.korean import with_particles
from transflow.glossary.model import Concept, Glossary
from transflow.po.catalog import load_catalog
from transflow.project.config import load_project
from transflow.translate.selection import select_hypothesis, suppression
from transflow.translate.translate import translate_project

from .argos_fixtures import make_package, train_sentencepiece, training_lines
from .conftest import run_cli, write

TERMS = ("defector", "Seoul", "탈북자", "탈북민", "汉城", "首尔")
SHAPE = (
    ("defector", "탈북자", 1.5),  # forbidden: the model's favourite
    ("defector", "탈북민", 1.25),  # approved: its next best
    ("Seoul", "汉城", 1.5),
    ("Seoul", "首尔", 1.25),
)
DEFECTOR = Concept({"en": ("defector",), "ko": ("탈북민", "북한이탈주민")}, {"ko": ("탈북자",)})
SEOUL = Concept({"en": ("Seoul",), "ko": ("서울",), "zh": ("首尔",)}, {"zh": ("汉城",)})


@pytest.fixture(scope="module")
def shaped(tmp_path_factory) -> Path:
    """Installed packages en-ko, en-zh (shaped) and ko-en (a plain copy, for the pivot)."""
    root = tmp_path_factory.mktemp("shaped-packages")
    sp = train_sentencepiece(training_lines(), symbols=TERMS)
    make_package(root, "en", "ko", sp_model=sp, shape=SHAPE)
    make_package(root, "en", "zh", sp_model=sp, shape=SHAPE)
    make_package(root, "ko", "en", sp_model=sp)
    return root


def engine(root: Path, pair: str) -> ArgosEngine:
    return ArgosEngine(read_package(root / f"translate-{pair.replace('-', '_')}-1_0"))


def texts(hyps) -> list[list[str]]:
    return [[h.text for h in hs] for hs in hyps]


# --- which variants: the glossary side ---------------------------------------------------


def test_forbidden_variants_of_the_terms_a_sentence_holds() -> None:
    glossary = Glossary([DEFECTOR, SEOUL])
    # the English matcher finds the inflected source term; Korean gets particle forms
    plan = suppression(glossary.find_terms("Two defectors reached Seoul."), "ko")
    assert plan.variants == ["탈북자"] and not plan.kept
    assert plan.strings[0] == "탈북자"
    assert {"탈북자는", "탈북자를", "탈북자들은", "탈북자와"} <= set(plan.strings)
    assert "탈북자은" not in plan.strings  # particles follow the last syllable
    plan = suppression(glossary.find_terms("Two defectors reached Seoul."), "zh")
    assert plan.strings == plan.variants == ["汉城"]  # Chinese: no particles
    # nothing for a sentence without the term, nor for a language without forbidden variants
    assert suppression(glossary.find_terms("Officials met in Beijing."), "ko").strings == []
    assert suppression(glossary.find_terms("A defector spoke."), "zh").strings == []


def test_particles_follow_the_last_syllable() -> None:
    assert with_particles("탈북자")[:4] == ["탈북자는", "탈북자가", "탈북자를", "탈북자의"]
    assert with_particles("단동")[:4] == ["단동은", "단동이", "단동을", "단동의"]
    assert "단동으로" in with_particles("단동") and "서울로" in with_particles("서울")
    forms = with_particles("탈북자")
    assert "탈북자들로" in forms and "탈북자들으로" not in forms
    assert with_particles("北韩") == [] and with_particles("") == []


def test_a_variant_approved_for_another_term_of_the_sentence_is_left_to_the_reranker() -> None:
    seoul = Concept({"en": ("Seoul",), "ko": ("서울", "한국")}, {"ko": ("한성",)})
    korea = Concept({"en": ("South Korea",), "ko": ("한국",)}, {"ko": ("서울",)})
    glossary = Glossary([seoul, korea])
    plan = suppression(glossary.find_terms("South Korea said in Seoul."), "ko")
    assert plan.variants == ["한성"] and plan.kept == ["서울"]
    # alone, the term's forbidden variant is suppressed
    assert suppression(glossary.find_terms("South Korea said."), "ko").variants == ["서울"]


def test_a_forbidden_variant_whose_tokens_begin_an_approved_term_is_not_suppressed() -> None:
    """Forbidden 탈북 vs approved 탈북민: suppressing ▁탈북 would block ▁탈북 민 too."""
    concept = Concept({"en": ("defector",), "ko": ("탈북민",)}, {"ko": ("탈북", "탈북자")})
    terms = Glossary([concept]).find_terms("A defector spoke.")
    pieces = {"탈북": [["▁탈북"]], "탈북민": [["▁탈북", "민"]], "탈북자": [["▁탈북", "자"]]}

    def tokens(text: str) -> list[list[str]]:
        return pieces.get(text, [["▁" + text]])

    plan = suppression(terms, "ko", tokens)
    assert plan.variants == ["탈북자"] and plan.kept == ["탈북"]
    assert not any(s.startswith("탈북") and s[2:3] != "자" for s in plan.strings)
    # a tokenizer with a piece of its own for 탈북민 leaves it reachable: 탈북 is suppressed
    pieces["탈북민"] = [["▁탈북민"]]
    assert suppression(terms, "ko", tokens).variants == ["탈북", "탈북자"]
    # without the engine's tokens, the text decides: 탈북 is inside 탈북민
    assert suppression(terms, "ko").kept == ["탈북"]
    # a variant the engine's vocabulary cannot write is not counted as suppressed
    pieces["탈북자"] = []
    assert suppression(terms, "ko", tokens).kept == ["탈북자"]


def test_the_caveat_on_a_real_sentencepiece_model() -> None:
    """Byte-level Korean pieces: 탈북 is ▁ + its bytes, a prefix of 탈북민's tokens."""
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_proto=train_sentencepiece(training_lines()))
    concept = Concept({"en": ("defector",), "ko": ("탈북민",)}, {"ko": ("탈북", "탈북자")})
    terms = Glossary([concept]).find_terms("A defector spoke.")
    plan = suppression(terms, "ko", lambda t: suppress_sequences(sp, t, glued=False))
    assert plan.variants == ["탈북자"] and plan.kept == ["탈북"]


def test_particles_are_blocked_only_where_tokenization_agrees() -> None:
    """What SentencePiece does: with a piece 자는 (as in 기자는, 학자는), 탈북자는 is cut as
    ...북 자는, so the tokens of bare 탈북자 (...북 자) do not occur in it, and suppressing
    them would not block it; the particle form's own tokens do."""
    import sentencepiece

    lines = [*training_lines(), *["탈북자 탈북민 기자는 학자는 말했다"] * 20]
    sp = sentencepiece.SentencePieceProcessor(
        model_proto=train_sentencepiece(lines, symbols=("자는",))
    )
    sentence = sp.encode("그 탈북자는 말했다", out_type=str)
    [bare] = suppress_sequences(sp, "탈북자", glued=False)
    [form] = suppress_sequences(sp, "탈북자는", glued=False)
    assert form[-1] == "자는" and bare[-1] != "자는"

    def inside(seq: list[str]) -> bool:
        return any(sentence[i : i + len(seq)] == seq for i in range(len(sentence)))

    assert not inside(bare) and inside(form)
    # without the piece, the bare form's tokens begin the particle form's: blocked by both
    plain = sentencepiece.SentencePieceProcessor(model_proto=train_sentencepiece(lines))
    [bare] = suppress_sequences(plain, "탈북자", glued=False)
    [form] = suppress_sequences(plain, "탈북자는", glued=False)
    assert form[: len(bare)] == bare


# --- decoding: the engine side ----------------------------------------------------------


def test_a_form_the_vocabulary_cannot_spell_is_not_suppressed() -> None:
    """Without byte fallback (many Argos models), a character the vocabulary lacks is <unk>:
    suppressing a form holding it would block <unk>, and in the glued form the unknown 汉
    merges with the glue character, leaving 城 alone, which would block every 城."""
    import io

    import sentencepiece

    out = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter([*training_lines(), *["首尔城 城市 首都"] * 5]),
        model_writer=out,
        vocab_size=700,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    sp = sentencepiece.SentencePieceProcessor(model_proto=out.getvalue())
    assert sp.encode("\ue000汉城", out_type=str)[-1] == "城"  # the trap
    assert suppress_sequences(sp, "汉城", glued=True) == []
    assert suppress_sequences(sp, "城", glued=True) == [["▁", "城"], ["城"]]


def test_suppression_changes_the_exact_decode(shaped: Path) -> None:
    ko = engine(shaped, "en-ko")
    source = ["A defector arrived in Seoul.", "No term here."]
    before = texts(ko.translate(source, 2))
    assert before[0] == ["A 탈북자 arrived in 汉城.", "A 탈북민 arrived in 汉城."]
    after = texts(ko.translate(source, 2, suppress=[["탈북자"], []]))
    assert after[0][0] == "A 탈북민 arrived in 汉城."
    assert not any("탈북자" in text for text in after[0])
    assert after[1] == before[1]  # decoded in a group of its own, without suppression


def test_a_glued_variant_is_suppressed_where_words_have_no_spaces(shaped: Path) -> None:
    """In Chinese a term is glued to the text before it (他在汉城说): its tokens without
    SentencePiece's word-start mark are suppressed too; a Korean engine, whose words are
    spaced, suppresses the word-start form only."""
    zh, ko = engine(shaped, "en-zh"), engine(shaped, "en-ko")
    assert zh.suppress_sequences("汉城") == [["▁", "汉城"], ["汉城"]]
    assert ko.suppress_sequences("汉城") == [["▁", "汉城"]]
    glued = ["他在Seoul说"]
    assert texts(zh.translate(glued, 1)) == [["他在汉城说"]]
    assert texts(zh.translate(glued, 1, suppress=[["汉城"]])) == [["他在首尔说"]]
    assert texts(ko.translate(glued, 1, suppress=[["汉城"]])) == [["他在汉城说"]]


def test_the_pivot_suppresses_on_its_final_leg(shaped: Path) -> None:
    pivot = PivotEngine(engine(shaped, "ko-en"), engine(shaped, "en-zh"))
    source = ["A defector arrived in Seoul."]
    assert texts(pivot.translate(source, 1)) == [["A 탈북자 arrived in 汉城."]]
    assert texts(pivot.translate(source, 1, suppress=[["汉城"]])) == [["A 탈북자 arrived in 首尔."]]
    assert pivot.suppress_sequences("汉城") == [["▁", "汉城"], ["汉城"]]


# --- the pipeline ------------------------------------------------------------------------

GLOSSARY = """\
en,ko,zh,ko.forbidden,zh.forbidden
defector,탈북민|북한이탈주민,脱北者,{forbidden},
Seoul,서울,首尔,,汉城
"""
SOURCE = "defector-arrives\n\nDefector arrives\n\nA defector arrived in Seoul.\n"


def translated(project: Path, forbidden: str) -> dict[str, str]:
    write(project / "glossary" / "terms.csv", GLOSSARY.format(forbidden=forbidden))
    for old in (project / "sources").iterdir():
        old.unlink()
    write(project / "sources" / "defector-arrives.txt", SOURCE)
    assert run_cli("extract", cwd=project).code == 0
    translate_project(load_project(project), langs=["ko"])
    po = load_catalog(project / "translations" / "ko" / "defector-arrives.po")
    return {e.msgid: f"{e.msgstr} | {' '.join(e.comment.split())}" for e in po}


def test_translate_suppresses_and_says_how_the_hypothesis_was_chosen(
    project: Path, shaped: Path, monkeypatch
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(shaped))
    out = translated(project, "탈북자")
    # suppressed at decode time: the 1-best already follows the glossary
    assert out["A defector arrived in Seoul."].startswith("A 탈북민 arrived in 汉城. | ")
    assert "glossary=1/2 suppressed=1/1 pick=1/4" in out["A defector arrived in Seoul."]
    # the title's term is found, but the model does not translate `Defector`
    assert "glossary=0/1 suppressed=1/1 pick=1/4" in out["Defector arrives"]


def test_without_a_forbidden_variant_the_reranker_alone_picks(
    project: Path, shaped: Path, monkeypatch
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(shaped))
    out = translated(project, "")
    assert out["A defector arrived in Seoul."].startswith("A 탈북민 arrived in 汉城. | ")
    assert "glossary=1/2 pick=2/4" in out["A defector arrived in Seoul."]


def test_review_retranslation_suppresses_forbidden_variants_too(
    project: Path, shaped: Path, monkeypatch
) -> None:
    from transflow.review.assist import Assistant

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(shaped))
    write(project / "glossary" / "terms.csv", GLOSSARY.format(forbidden="탈북자"))
    suggestions = Assistant(load_project(project), "ko").retranslate("A defector arrived in Seoul.")
    found = [s.text for s in suggestions]
    assert found[0] == "A 탈북민 arrived in 汉城."
    assert not any("탈북자" in text for text in found)


def test_selection_records_suppression_in_the_provenance() -> None:
    glossary = Glossary([DEFECTOR])
    terms = glossary.find_terms("A defector spoke.")
    plan = suppression(terms, "ko")

    class Hyp:
        def __init__(self, text: str, score: float) -> None:
            self.text, self.score = text, score

    pick = select_hypothesis(
        "A defector spoke.", [Hyp("탈북민이 말했다.", -0.2)], "ko", glossary, terms, plan
    )
    assert pick.provenance() == "glossary=1/1 suppressed=1/1"
    kept = suppression(terms, "ko", lambda t: [["▁탈북"]])  # every variant blocks 탈북민
    pick = select_hypothesis(
        "A defector spoke.",
        [Hyp("탈북자가 말했다.", -0.1), Hyp("탈북민이 말했다.", -0.2)],
        "ko",
        glossary,
        terms,
        kept,
    )
    assert pick.provenance() == "glossary=1/1 suppressed=0/1 pick=2/2"
