"""Interface text per language: the labels of the HTML pages and the notice a draft carries."""

from __future__ import annotations

from transflow.project.languages import base_language

# Interface text of the HTML pages, per base language (English for the rest).
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "draft_notice": "Machine translation, not yet reviewed.",
        "languages": "Languages",
        "original": "(original)",
        "colon": ": ",
        "reviewed_by": "Reviewed by",
        "by": "By",
        "all_languages": "All languages",
        "articles": "Articles",
        "draft": "Draft",
    },
    "ko": {
        "draft_notice": "기계 번역입니다. 아직 검토되지 않았습니다.",
        "languages": "다른 언어",
        "original": "(원문)",
        "colon": ": ",
        "reviewed_by": "검토",
        "by": "글",
        "all_languages": "모든 언어",
        "articles": "기사",
        "draft": "초안",
    },
    "zh": {
        "draft_notice": "机器翻译，尚未经过审校。",
        "languages": "其他语言",
        "original": "（原文）",
        "colon": "：",
        "reviewed_by": "审校",
        "by": "作者",
        "all_languages": "所有语言",
        "articles": "文章",
        "draft": "草稿",
    },
    "ja": {
        "draft_notice": "機械翻訳です。まだ校閲されていません。",
        "languages": "他の言語",
        "original": "（原文）",
        "colon": "：",
        "reviewed_by": "校閲",
        "by": "筆者",
        "all_languages": "すべての言語",
        "articles": "記事",
        "draft": "下書き",
    },
}


def labels(lang: str) -> dict[str, str]:
    return {**LABELS["en"], **LABELS.get(base_language(lang), {})}


def draft_notice(lang: str) -> str:
    """The notice a draft carries, in its language and in English for the editors."""
    local = labels(lang)["draft_notice"]
    english = LABELS["en"]["draft_notice"]
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
