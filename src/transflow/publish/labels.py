"""Interface text per language: the labels of the HTML pages and the notice a draft carries."""

from __future__ import annotations

from dataclasses import dataclass

from transflow.project.languages import base_language, display_name
from transflow.publish.reassemble import join_sentences

# Interface text of the HTML pages, per base language (English for the rest).
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "draft_notice": "Machine translation, not yet reviewed.",
        "draft_machine": "Draft: {machine} of {total} sentences are machine translations, "
        "not yet reviewed.",
        "draft_missing": "{missing} of {total} sentences are not translated yet and appear "
        "in {source}.",
        "draft_findings": "Draft: held back by {findings} error(s) of the quality checks.",
        "languages": "Languages",
        "original": "(original)",
        "colon": ": ",
        "reviewed_by": "Reviewed by",
        "by": "By",
        "all_languages": "All languages",
        "language_articles": "All articles in {language}",
        "drafts": "Drafts (not published)",
    },
    "ko": {
        "draft_notice": "기계 번역입니다. 아직 검토되지 않았습니다.",
        "draft_machine": "초안: 전체 {total}문장 중 {machine}문장은 기계 번역으로, 아직 검토되지 "
        "않았습니다.",
        "draft_missing": "전체 {total}문장 중 {missing}문장은 아직 번역되지 않아 {source} 원문 "
        "그대로 싣습니다.",
        "draft_findings": "초안: 품질 검사 오류 {findings}건이 해결되지 않았습니다.",
        "languages": "다른 언어",
        "original": "(원문)",
        "colon": ": ",
        "reviewed_by": "검토",
        "by": "글",
        "all_languages": "모든 언어",
        "language_articles": "{language} 기사 목록",
        "drafts": "초안 (게재 전)",
    },
    "zh": {
        "draft_notice": "机器翻译，尚未经过审校。",
        "draft_machine": "草稿：全文{total}句中有{machine}句为机器翻译，尚未经过审校。",
        "draft_missing": "全文{total}句中有{missing}句尚未翻译，以{source}原文显示。",
        "draft_findings": "草稿：质量检查仍有{findings}处错误未解决。",
        "languages": "其他语言",
        "original": "（原文）",
        "colon": "：",
        "reviewed_by": "审校",
        "by": "作者",
        "all_languages": "所有语言",
        "language_articles": "{language}文章列表",
        "drafts": "草稿（未发布）",
    },
    "ja": {
        "draft_notice": "機械翻訳です。まだ校閲されていません。",
        "draft_machine": "下書き：全{total}文のうち{machine}文は機械翻訳で、まだ校閲されて"
        "いません。",
        "draft_missing": "全{total}文のうち{missing}文はまだ翻訳されておらず、{source}の原文の"
        "まま掲載しています。",
        "draft_findings": "下書き：品質チェックのエラー{findings}件が未解決です。",
        "languages": "他の言語",
        "original": "（原文）",
        "colon": "：",
        "reviewed_by": "校閲",
        "by": "筆者",
        "all_languages": "すべての言語",
        "language_articles": "{language}の記事一覧",
        "drafts": "下書き（未公開）",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The interface text of a page in `lang` (English where the language has none), with
    `{language}` filled in with the language's name in English for English and in itself
    otherwise (한국어 기사 목록, 中文文章列表)."""
    text = {**LABELS["en"], **LABELS.get(base_language(lang), {})}
    name = display_name(lang, lang if base_language(lang) in LABELS else "en")
    text["language_articles"] = text["language_articles"].format(language=name)
    return text


@dataclass(frozen=True)
class DraftState:
    """What a draft is made of: sentences in all, machine translations not yet reviewed,
    sentences left in the source language, error findings of the checks."""

    total: int
    machine: int
    missing: int
    findings: int
    source: str  # the source language, whose text the untranslated sentences keep


def draft_notices(lang: str, state: DraftState) -> list[str]:
    """The sentences of a draft's notice in `lang`: which parts are machine translations,
    which are not translated (naming the source language in `lang`), or the findings that
    hold back an edition that is otherwise reviewed."""
    text = labels(lang)
    values = {
        "total": state.total,
        "machine": state.machine,
        "missing": state.missing,
        "findings": state.findings,
        "source": display_name(state.source, lang),
    }
    out = []
    if state.machine:
        out.append(text["draft_machine"].format(**values))
    if state.missing:
        out.append(text["draft_missing"].format(**values))
    if not out:
        out.append(text["draft_findings"].format(**values))
    return out


def draft_notice(lang: str, state: DraftState) -> str:
    """The notice a draft's front matter carries: in its language, then in English for the
    editors."""

    def joined(language: str) -> str:
        pieces = draft_notices(language, state)
        return join_sentences(pieces, [" "] * (len(pieces) - 1), language)

    local, english = joined(lang), joined("en")
    return local if local == english else f"{local} ({english})"


# The wording of correction notes (publish/corrections.py), per base language.
CORRECTION_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "correction": "Correction",
        "corrected_on": "This article was corrected on {date}.",
        "changed": "Corrected passages:",
        "removed": "Sentences removed: {count}.",
    },
    "ko": {
        "correction": "정정",
        "corrected_on": "이 기사는 {date}에 정정되었습니다.",
        "changed": "정정된 부분:",
        "removed": "삭제된 문장: {count}개.",
    },
    "zh": {
        "correction": "更正",
        "corrected_on": "本文已于{date}更正。",
        "changed": "更正内容：",
        "removed": "删除的句子：{count}句。",
    },
    "ja": {
        "correction": "訂正",
        "corrected_on": "この記事は{date}に訂正されました。",
        "changed": "訂正箇所：",
        "removed": "削除された文：{count}件。",
    },
}


def correction_labels(lang: str) -> dict[str, str]:
    return {**CORRECTION_LABELS["en"], **CORRECTION_LABELS.get(base_language(lang), {})}
