"""Bytes to text: byte-order marks, UTF-8, a declared encoding, or a guess.

A guess among legacy single-byte encodings is made by the letters each
decoding yields (see `ingest_encodings.toml`): Portuguese "João" read as
cp1250 is "Joăo", a mix no alphabet has, so cp1252 wins; Polish "łąka" read
as cp1252 is "³¹ka", symbols inside a word, so cp1250 wins.
"""

from __future__ import annotations

import codecs
import re
import tomllib
import unicodedata
from functools import lru_cache

from pipeline.config import PACKAGE_DATA

# Below this share of fitting letters, the best single-byte decoding is not
# trusted and the statistical detector is asked instead (CJK encodings).
_MIN_FIT = 0.6
_WORD = re.compile(r"\S+")


class NotText(ValueError):
    """The bytes are not a text document."""


def check_encoding(name: str) -> str:
    """The codec's canonical name, or ValueError naming the unknown encoding."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (examples: utf-8, cp1252, cp1250, cp1251, latin-1)") from None


def decode(raw: bytes, declared: str = "") -> tuple[str, str, bool]:
    """Decode a file's bytes to text: (text, encoding, whether the encoding was guessed).

    A byte-order mark decides first, then a declared encoding, then strict
    UTF-8; anything else is guessed from the bytes, and the guess is
    flagged. Bytes that look like no text (NUL bytes, control characters)
    raise `NotText`.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return _checked(raw[3:].decode("utf-8")), "utf-8-sig", False
        except UnicodeDecodeError as error:
            raise NotText(f"UTF-8 byte-order mark but invalid UTF-8 at byte {error.start + 3}") from error
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(raw.decode("utf-16")), "utf-16", False
        except UnicodeDecodeError as error:
            raise NotText(f"UTF-16 byte-order mark but invalid UTF-16 at byte {error.start}") from error
    if declared:
        try:
            return _checked(raw.decode(declared)), check_encoding(declared), False
        except UnicodeDecodeError as error:
            raise NotText(f"not valid {declared} at byte {error.start} (the declared encoding)") from error
    if b"\x00" in raw:
        raise NotText("contains NUL bytes: not a text file")
    try:
        return _checked(raw.decode("utf-8")), "utf-8", False
    except UnicodeDecodeError:
        pass
    text, encoding = guess_encoding(raw)
    return _checked(text), encoding, True


def guess_encoding(raw: bytes) -> tuple[str, str]:
    """(text, encoding) for bytes that are not UTF-8: the single-byte
    decoding whose letters fit one alphabet best, else the detector's pick."""
    best, best_fit = None, -1.0
    for encoding in _settings()["candidates"]:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        fit = letter_fit(text)
        if fit > best_fit:  # strictly better: on a tie the earlier candidate stays
            best, best_fit = (text, encoding), fit
    if best is not None and best_fit >= _MIN_FIT:
        return best
    from charset_normalizer import from_bytes

    detected = from_bytes(raw).best()
    if detected is not None:
        return str(detected), detected.encoding
    if best is not None:
        return best
    raise NotText("not UTF-8, and no other text encoding fits the bytes")


def letter_fit(text: str) -> float:
    """The largest share of the text's non-ASCII letters and symbols that one
    alphabet holds (punctuation and spaces do not count); 1.0 for ASCII.
    A letter of another script inside a word of ASCII letters ("Uyanэю")
    fits no alphabet."""
    counts: dict[str, int] = {}
    misfits = 0
    for word in _WORD.findall(text):
        mixed = not word.isascii() and any(ch.isascii() and ch.isalpha() for ch in word)
        for ch in word:
            if ord(ch) <= 127 or unicodedata.category(ch)[0] in "PZ" or unicodedata.category(ch) == "Sc":
                continue
            if mixed and not unicodedata.name(ch, "").startswith("LATIN"):
                misfits += 1
            else:
                counts[ch] = counts.get(ch, 0) + 1
    total = sum(counts.values()) + misfits
    if not total:
        return 1.0
    return max(sum(n for ch, n in counts.items() if ch in alphabet) for alphabet in _settings()["alphabets"].values()) / total


@lru_cache(maxsize=1)
def _settings() -> dict:
    with open(PACKAGE_DATA / "ingest_encodings.toml", "rb") as handle:
        settings = tomllib.load(handle)
    settings["alphabets"] = {code: frozenset(letters) for code, letters in settings["alphabets"].items()}
    return settings


# Below the space character, all but tab, newline, carriage return, form feed and vertical tab.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f]")


def _checked(text: str) -> str:
    """Refuse text that is mostly control characters: a binary file that happened to decode."""
    sample = text[:65536]
    controls = len(_CONTROL_CHARACTERS.findall(sample))
    if sample and controls / len(sample) > 0.01:
        raise NotText(f"{controls} control characters in the first {len(sample)}: not a text file")
    return text
