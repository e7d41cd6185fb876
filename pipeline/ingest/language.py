"""The language of a document's text, for documents.csv's `language` column."""

from __future__ import annotations

import re
import string
import tomllib
from collections import Counter
from functools import lru_cache

from pipeline.config import PACKAGE_DATA

_WORD = re.compile(r"[^\W\d_]+")

# Letters of each script by code point range (counted with one regex each).
_SCRIPTS = {
    "Latin": re.compile(r"[a-z\u00c0-\u024f\u1e00-\u1eff]"),
    "Cyrillic": re.compile(r"[\u0400-\u052f]"),
    "Greek": re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"),
    "Arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "Hebrew": re.compile(r"[\u0590-\u05ff]"),
    "Devanagari": re.compile(r"[\u0900-\u097f]"),
    "Han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"),
    "Hangul": re.compile(r"[\uac00-\ud7af]"),
    "Kana": re.compile(r"[\u3040-\u30ff]"),
}


def detect_language(text: str) -> str:
    """An ISO 639-1 code for the text's language, or "und" when unsure.

    The dominant script narrows the candidates; among them, frequent short
    words and distinctive letters decide (profiles in ingest_languages.toml).
    """
    sample = text[:5000].lower()
    letters_by_script = _ascii_letters(sample) if sample.isascii() else {
        script: len(pattern.findall(sample)) for script, pattern in _SCRIPTS.items()
    }
    script, count = max(letters_by_script.items(), key=lambda item: item[1])
    if not count:
        return "und"
    words = _WORD.findall(sample)
    if not words:
        return "und"
    word_counts = Counter(words)
    best, best_score = "und", 0.0
    for code, profile in _language_profiles().items():
        if profile["script"] != script:
            continue
        score = sum(word_counts[w] for w in profile["words"]) / len(words)
        score += sum(sample.count(ch) for ch in profile["letters"]) / count
        if score > best_score:
            best, best_score = code, score
    if best == "und" and script == "Han":
        return "zh"
    return best if best_score >= 0.01 else "und"


def _ascii_letters(sample: str) -> dict[str, int]:
    """The letters per script of a lower-case ASCII text: all Latin, counted
    without a regex (most texts are ASCII, and this runs on every one)."""
    return {"Latin": sum(map(sample.count, string.ascii_lowercase))}


@lru_cache(maxsize=1)
def _language_profiles() -> dict[str, dict]:
    with open(PACKAGE_DATA / "ingest_languages.toml", "rb") as handle:
        table = tomllib.load(handle)
    return {
        code: {"script": entry["script"], "words": frozenset(entry.get("words", [])), "letters": entry.get("letters", "")}
        for code, entry in table.items()
    }
