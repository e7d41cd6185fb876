"""Scoring against gold: hand-counted cases, and the same figures as the
gold's own scorer when it is at hand."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from pipeline import evaluate

TEXT = "The Green League met Anna Berg in Oslo. The Green League left."


def _gold(rows, columns=("doc_id", "text", "label", "required")):
    return pd.DataFrame(rows, columns=list(columns))


def _predicted(rows):
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "text", "label"])


def test_gold_mentions_are_found_in_order_after_the_previous_one():
    gold = _gold([("a", "Green League", "ORG", "1"), ("a", "Green League", "ORG", "1"), ("a", "Mars", "LOC", "1")])
    located, missing = evaluate.locate_gold(gold, {"a": TEXT})
    assert located["start"].tolist() == [4, 44]
    assert missing["text"].tolist() == ["Mars"]


def test_span_scores_count_labels_strictness_and_optional_gold():
    gold, _ = evaluate.locate_gold(_gold([
        ("a", "Green League", "ORG", "1"), ("a", "Anna Berg", "PERSON", "1"), ("a", "Oslo", "GPE|LOC", "0"),
    ]), {"a": TEXT})
    predicted = _predicted([
        ("a", 0, 16, "The Green League", "ORG"),  # overlaps: relaxed only
        ("a", 21, 30, "Anna Berg", "ORG"),        # exact span, wrong label
        ("a", 34, 38, "Oslo", "GPE"),             # optional gold: not counted
        ("a", 40, 43, "The", "ORG"),              # false
    ])
    scores = evaluate.score_spans(gold, predicted, "label")
    assert scores["relaxed"] == evaluate.Score(0.667, 1.0, 0.8)
    assert scores["relaxed_label"] == evaluate.Score(0.333, 0.5, 0.4)
    assert scores["strict"] == evaluate.Score(0.333, 0.5, 0.4)
    assert scores["strict_label"] == evaluate.Score(0.0, 0.0, 0.0)
    errors = evaluate.span_errors(gold, predicted, "label")
    assert errors[["kind", "text"]].values.tolist() == [["false", "Anna Berg"], ["missed", "Anna Berg"], ["false", "The"]]


STANCE_GOLD = pd.DataFrame([
    ("a", "Green League|GL", "ban", "AGAINST", "1"),
    ("a", "Anna Berg|Berg", "Green League", "FAVOR", "1"),
    ("a", "Ministry", "ban", "FAVOR", "0"),
    ("a", "Oslo Council", "ban", "NONE", "1"),
], columns=["doc_id", "holder", "target", "stance", "required"])


def test_stance_triples_match_contained_aliases_and_ban_words():
    predicted = pd.DataFrame([
        ("a", "the Green League", "dissolution of Green League", "AGAINST"),  # alias contained, ban word
        ("a", "Ministry of Justice", "ban of Green League", "FAVOR"),         # optional gold: correct
        ("a", "Anna Berg", "Green League", "AGAINST"),                         # wrong polarity: false
        ("a", "Anna Berg", "Green League", "AGAINST"),                         # a duplicate counts once
        ("a", "Oslo Council", "Oslo", "NONE"),                                 # NONE: never false
    ], columns=["doc_id", "holder", "target", "stance"])
    assert evaluate.score_stances(STANCE_GOLD, predicted) == evaluate.Score(0.667, 0.333, 0.444)
    errors = evaluate.stance_errors(STANCE_GOLD, predicted)
    assert errors[["kind", "holder"]].values.tolist() == [["missed", "Anna Berg"], ["missed", "Oslo Council"], ["false", "Anna Berg"]]


def test_an_alias_must_match_whole_words():
    assert evaluate.alias_in("GL|Green League", "the Green League, in a statement")
    assert not evaluate.alias_in("Green League", "the Green League’s council")
    assert not evaluate.alias_in("GL", "GLOBAL Fund")


def test_figures_equal_the_gold_folders_own_scorer(shared_dir, tmp_path):
    scorer = shared_dir / "checks" / "score.py"
    corpus, out, gold_dir = tmp_path / "texts", tmp_path / "out", tmp_path / "gold"
    for folder in (corpus, out, gold_dir):
        folder.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    _gold([("a", "Green League", "ORG", "1"), ("a", "Anna Berg", "PERSON", "1"), ("a", "Green League", "ORG", "1")]).to_csv(gold_dir / "entities.csv", index=False)
    STANCE_GOLD.to_csv(gold_dir / "stances.csv", index=False)
    entities = _predicted([("a", 4, 16, "Green League", "ORG"), ("a", 21, 30, "Anna Berg", "GPE"), ("a", 34, 38, "Oslo", "GPE")])
    entities.to_csv(out / "entities.csv", index=False)
    stances = pd.DataFrame([("a", "GL", "ban of it", "AGAINST"), ("a", "Berg", "Oslo", "FAVOR")], columns=["doc_id", "holder", "target", "stance"])
    stances.to_csv(out / "stances.csv", index=False)

    theirs = json.loads(subprocess.run([sys.executable, str(scorer), str(corpus), str(out), str(gold_dir), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    gold, _ = evaluate.locate_gold(pd.read_csv(gold_dir / "entities.csv", dtype=str), {"a": TEXT})
    ours = evaluate.score_spans(gold, entities, "label")
    for measure, score in ours.items():
        assert theirs["entities"][measure] == {"p": score.precision, "r": score.recall, "f": score.f1}
    stance = evaluate.score_stances(STANCE_GOLD, stances)
    assert (theirs["stances"]["p"], theirs["stances"]["r"], theirs["stances"]["f"]) == (stance.precision, stance.recall, stance.f1)


@pytest.mark.slow
def test_bench_gold_runs_the_pipeline_and_lists_errors(tmp_path):
    from pipeline import bench
    from pipeline.config import DEFAULT_MODEL

    texts, gold_dir = tmp_path / "texts", tmp_path / "gold"
    texts.mkdir(), gold_dir.mkdir()
    (texts / "a.txt").write_text("Anna Berg condemned the ban of the Green League in Oslo.\n", encoding="utf-8")
    _gold([("a", "Anna Berg", "PERSON", "1"), ("a", "Green League", "WORK_OF_ART", "1")]).to_csv(gold_dir / "entities.csv", index=False)
    scores, errors = bench.score_gold(texts, gold_dir, DEFAULT_MODEL)
    relaxed = scores.set_index("measure").loc["relaxed_label"]
    assert relaxed["recall"] == 0.5
    assert errors.query("kind == 'missed'")["text"].tolist() == ["Green League"]
