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
