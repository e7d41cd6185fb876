"""Input the pipeline did not prepare: every good file is processed, every bad
one reported, and nothing already written is lost."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import dates, entities, stance, workflow
from pipeline.cli import main
from pipeline.config import DEFAULT_MODEL, PROJECT_ROOT
from pipeline.ingest import ingest, read_document_text
from pipeline.parse import parse_documents
from pipeline.storage import SourceFile

GOOD_SENTENCES = [
    "The Labour Party of Sylvania condemned the ruling on 4 May 2019.",
    "Anna Berg founded the Green Union in Riga in 1990.",
    "The council met last week and supported the new law.",
    "Protesters gathered in the capital on Friday.",
]


def _bad_files() -> dict[str, bytes]:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    return {
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n ",
        "image.txt": png,
        "nul.txt": b"text with a \x00 byte",
        "controls.txt": bytes(range(1, 9)) * 100,
        "bad_bom.txt": b"\xef\xbb\xbf\xff\xfe\xfa broken",
    }


def _good_files() -> dict[str, bytes]:
    return {
        "bom.txt": "\ufeffThe Green Union met in Riga on 2 March 1990.".encode("utf-8"),
        "crlf.txt": "Title line\r\n\r\nThe party was banned in 2015.\r\nIt protested.\r\n".encode("utf-8"),
        "utf16.txt": "The court banned the party on 3 October 2004.".encode("utf-16"),
        "cp1251.txt": "Партия была запрещена решением суда. Руководство партии заявило протест.".encode("cp1251"),
        "latin1.txt": "Le café du quartier a fermé. Les élèves étaient très déçus de la décision.".encode("latin-1"),
        "kazakh.txt": "Партия сот шешімімен тыйым салынды және бұл оның бірінші жағдайы емес.".encode("utf-8"),
        "with space.txt": b"The union met in Leeds on Monday.",
        "-dash.txt": b"The union met in Leeds on Tuesday.",
        "\u00fcnic\u00f6de.txt": "The union met in Zürich on Wednesday.".encode("utf-8"),
    }


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory):
    """200 files: 150 ordinary texts, the odd encodings and names above, and bad files."""
    folder = tmp_path_factory.mktemp("mixed")
    files = {**_good_files(), **_bad_files()}
    for i in range(200 - len(files)):
        body = " ".join(GOOD_SENTENCES[(i + k) % len(GOOD_SENTENCES)] for k in range(3))
        files[f"doc_{i:03d}.txt"] = f"Report {i}\n\n{body}\n".encode("utf-8")
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    (folder / "metadata.csv").write_text(
        "doc_id,date,title\ndoc_000,2019-13-01,Bad date\nghost,2019-01-01,Unknown\ndoc_001,2019-05-01,Fine\ndoc_001,2019-06-01,Again\n",
        encoding="utf-8",
    )
    return folder, files


@pytest.mark.slow
def test_every_good_file_is_processed_and_every_bad_one_reported(mixed_corpus, tmp_path):
    folder, files = mixed_corpus
    with pytest.warns(UserWarning):
        workflow.run_all(folder, tmp_path, DEFAULT_MODEL, with_charts=False)
    documents = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    assert len(documents) == 200
    bad = {Path(name).stem for name in _bad_files()}
    for doc_id, row in documents.iterrows():
        if doc_id in bad:
            assert row["status"] in {"empty", "skipped"} and row["reason"], doc_id
        else:
            assert row["status"] == "ok", (doc_id, row["reason"])
    sentences = pd.read_csv(tmp_path / "sentences.csv", dtype=str, keep_default_na=False)
    assert set(sentences["doc_id"]) == set(documents.index) - bad
    assert documents.loc["cp1251", "encoding_guessed"] == "True"
    assert documents.loc["cp1251", "language"] == "ru"
    assert documents.loc["kazakh", "language"] == "kk"
    assert documents.loc["doc_000", "date"] == ""  # the bad date was ignored


@pytest.mark.slow
def test_decoded_offsets_hold_for_boms_crlf_and_utf16(mixed_corpus, tmp_path):
    folder, _ = mixed_corpus
    with pytest.warns(UserWarning, match="metadata.csv"):
        workflow.run_all(folder, tmp_path, DEFAULT_MODEL, with_charts=False)
    documents = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    crlf = (folder / "crlf.txt").read_bytes().decode("utf-8")
    for name in ("sentences.csv", "entities.csv", "dates.csv"):
        table = pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False)
        for row in table[table["doc_id"].isin(["bom", "crlf", "utf16"])].to_dict("records"):
            path = Path(documents.loc[row["doc_id"], "path"])
            assert read_document_text(path)[int(row["start"]) : int(row["end"])] == row["text"]
    assert "\r\n" in crlf


def test_a_folder_with_two_files_of_one_stem_exits_2(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "a.md").write_text("Two.")
    assert main(["ingest", "--corpus", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "same doc_id 'a'" in capsys.readouterr().err


def test_an_unwritable_output_folder_is_one_line_and_keeps_old_outputs(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The union met in Leeds.")
    out = tmp_path / "out"
    assert main(["ingest", "--corpus", str(corpus), "--out", str(out)]) == 0
    before = (out / "documents.csv").read_bytes()
    (corpus / "a.txt").write_text("A different text now.")

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr("tempfile.mkstemp", no_space)
    assert main(["ingest", "--corpus", str(corpus), "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "No space left" in error
    assert (out / "documents.csv").read_bytes() == before


@pytest.mark.slow
def test_a_killed_run_leaves_no_complete_looking_partial_output_and_the_next_run_finishes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(120):
        (corpus / f"d{i:03d}.txt").write_text(" ".join(GOOD_SENTENCES * 6) + f" Item {i}.", encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", str(out)]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parse_cache = out / "cache" / "parse"
    deadline = time.time() + 120
    while time.time() < deadline and not (parse_cache.exists() and len(list(parse_cache.iterdir())) >= 10):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (out / "entities.csv").exists(), "killed before the tables are written"
    for path in out.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert path.suffix in {".csv", ".spacy", ".json"} or (path.parent.name == "texts" and path.suffix == ".txt")
    finished = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    clean = tmp_path / "clean"
    subprocess.run([*command[:-1], str(clean)], cwd=PROJECT_ROOT, check=True, capture_output=True)
    for name in ("entities.csv", "dates.csv", "stances.csv", "sentences.csv"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_any_unicode_text_goes_through_every_step_with_exact_offsets(nlp, text):
    source = SourceFile(doc_id="h", path=Path("h.txt"), raw=text.encode("utf-8"))
    documents, sentences, infobox = ingest([source], pd.DataFrame(columns=["doc_id"]))
    if documents.loc[0, "status"] != "ok":
        return
    for row in sentences.itertuples():
        assert text[row.start : row.end] == row.text
    [(_, doc)] = parse_documents(nlp, [("h", text, sentences["start"].tolist())])
    assert doc.text == text
    mentions = entities.find_mentions("h", doc, sentences, infobox)
    found_dates, events = dates.find_dates("h", doc, sentences, infobox, mentions, document_date="2020-01-01")
    found_stances = stance.find_stances("h", doc, sentences, mentions, genre="statement")
    linked, _ = entities.link_mentions(mentions)
    for table in (mentions, found_dates):
        for row in table.to_dict("records"):
            assert text[row["start"] : row["end"]] == row["text"]
    assert set(found_stances["stance"]) <= {"FAVOR", "AGAINST", "NONE"}
    assert len(linked) == len(mentions)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",))), min_size=1, max_size=8))
def test_csv_round_trip_preserves_any_text(tmp_path_factory, values):
    from pipeline.storage import read_csv, write_csv

    path = tmp_path_factory.mktemp("csv") / "t.csv"
    table = pd.DataFrame({"doc_id": ["d"] * len(values), "text": values})
    write_csv(path, table)
    assert read_csv(path)["text"].tolist() == values
