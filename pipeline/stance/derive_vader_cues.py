"""Derive predicative evaluation cues from the VADER sentiment lexicon.

Reads `vader_lexicon.txt` from the vaderSentiment package (VADER 3.3.2,
MIT licence; C.J. Hutto and E. Gilbert, ICWSM 2014), keeps single words
whose mean valence is strong and whose raters agreed, tags each as an
adjective or a noun by how the parser reads it in two frames ("It is very
W." / "It was a W."), and prints rows for `pipeline/data/stance_cues.csv`
(frame `predicative`: the word evaluates what a clause says it of, "the
ruling is wrong", "called it a betrayal", not a noun it merely modifies).
Words the lexicon already has are left out.

usage: python -m pipeline.stance.derive_vader_cues VADER_LEXICON STANCE_CUES > rows.csv
(not imported by the pipeline: it is how the VADER rows of the lexicon were made)
"""

import csv
import re
import sys

from pipeline.config import DEFAULT_MODEL
from pipeline.parse import load_model

MIN_VALENCE = 1.5
MAX_DISAGREEMENT = 1.2  # standard deviation of the ten raters' scores
# Words whose rated sense is not the one political texts use, or that rate a
# person's plight rather than judge the person ("a victim of the regime").
OTHER_SENSE = {"party", "prisoner", "victim", "hostage", "refugee"}


def strong_words(path: str) -> list[tuple[str, float]]:
    words = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, mean, std = line.split("\t")[:3]
            if re.fullmatch(r"[a-z][a-z-]{2,}", word) and abs(float(mean)) >= MIN_VALENCE and float(std) <= MAX_DISAGREEMENT:
                words.append((word, float(mean)))
    return words


def part_of_speech(nlp, word: str) -> str:
    """ADJ or NOUN when the parser agrees across two frames, else ""."""
    if not re.search(r"[aeiouy]", word) or len(word) <= 3:
        return ""  # chat abbreviations ("lol", "thx")
    predicative, attributive = nlp(f"It is very {word}."), nlp(f"They took the {word} decision.")
    if predicative[3].pos_ == "ADJ" and attributive[3].pos_ == "ADJ" and attributive[3].dep_ == "amod":
        return "ADJ"
    complement, subject = nlp(f"It was a {word}."), nlp(f"The {word} was there.")
    if all(t.pos_ == "NOUN" and t.lemma_ == word for t in (complement[3], subject[1])):
        return "NOUN"
    return ""


def main() -> None:
    vader_path, cues_path = sys.argv[1:3]
    with open(cues_path, encoding="utf-8") as handle:
        known = {row["lemma"] for row in csv.DictReader(handle)}
    nlp = load_model(DEFAULT_MODEL)
    out = csv.writer(sys.stdout, lineterminator="\n")
    for word, mean in strong_words(vader_path):
        pos = part_of_speech(nlp, word)
        if not pos or word in known or word in OTHER_SENSE:
            continue
        confidence = round(min(0.7, 0.45 + 0.08 * abs(mean)), 2)
        polarity = "FAVOR" if mean > 0 else "AGAINST"
        out.writerow([word, pos, polarity, "predicative", "", "", confidence, f"VADER 3.3.2 (MIT): valence {mean}", ""])


if __name__ == "__main__":
    main()
