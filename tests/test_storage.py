"""Storage: corpus listing, metadata checks and atomic writes."""

import os

import pandas as pd
import pytest

from pipeline.storage import BackgroundWriter, InputError, csv_bytes, read_corpus, read_metadata, write_atomic, write_csv


def test_missing_corpus_folder_names_the_folder(tmp_path):
    with pytest.raises(InputError, match="missing.*not found"):
        read_corpus(tmp_path / "missing")


def test_folder_without_text_files_is_an_error(tmp_path):
    (tmp_path / "metadata.csv").write_text("doc_id\n")
    with pytest.raises(InputError, match="no text files"):
        read_corpus(tmp_path)


def test_two_files_with_one_stem_are_refused(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "a.md").write_text("two")
    with pytest.raises(InputError, match="same doc_id 'a'"):
        read_corpus(tmp_path)


def test_odd_file_names_are_read(tmp_path):
    for name in ("with space.txt", "-leading-dash.txt", "ünïcödé.txt"):
        (tmp_path / name).write_text("Some text.")
    assert sorted(s.doc_id for s in read_corpus(tmp_path)) == ["-leading-dash", "with space", "ünïcödé"]


def test_metadata_problems_are_warnings_naming_the_row(tmp_path):
    (tmp_path / "metadata.csv").write_text(
        "doc_id,date,title\nknown,2015-13-45,T\nghost,2015-01-01,G\nknown,2016-01-01,again\n"
    )
    with pytest.warns(UserWarning) as caught:
        table = read_metadata(tmp_path, {"known"})
    messages = " | ".join(str(w.message) for w in caught)
    assert "line 2: date '2015-13-45'" in messages
    assert "line 3: unknown doc_id 'ghost'" in messages
    assert "line 4: duplicate doc_id 'known'" in messages
    assert table.to_dict("records")[0]["date"] == ""
    assert len(table) == 1


def test_metadata_without_doc_id_column_is_ignored(tmp_path):
    (tmp_path / "metadata.csv").write_text("name,date\nx,2015\n")
    with pytest.warns(UserWarning, match="no doc_id column"):
        assert read_metadata(tmp_path).empty


def test_csv_round_trip_keeps_commas_quotes_and_newlines(tmp_path):
    table = pd.DataFrame({"text": ['a, "b"', "line\nbreak", "=1+1"], "n": [1, 2, 3]})
    write_csv(tmp_path / "t.csv", table)
    back = pd.read_csv(tmp_path / "t.csv", dtype={"text": str}, keep_default_na=False)
    assert back["text"].tolist() == table["text"].tolist()
    assert csv_bytes(table) == (tmp_path / "t.csv").read_bytes()


def test_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    write_atomic(target, b"old")

    def broken_replace(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_metadata_dates_with_a_time_of_day_keep_the_day(tmp_path):
    (tmp_path / "metadata.csv").write_text("doc_id,date\na,1998-02-27T07:56:00\nb,2001-05\n")
    assert read_metadata(tmp_path)["date"].tolist() == ["1998-02-27", "2001-05"]


def test_background_writer_has_written_every_file_when_its_block_ends(tmp_path):
    with BackgroundWriter() as writer:
        for number in range(50):
            writer.write(tmp_path / "cache" / f"{number}.bin", bytes([number]) * 3)
        writer.write(tmp_path / "cache" / "0.bin", b"last")  # a later write of one path wins
    assert (tmp_path / "cache" / "0.bin").read_bytes() == b"last"
    assert [(tmp_path / "cache" / f"{n}.bin").read_bytes() for n in (1, 49)] == [b"\x01" * 3, b"\x31" * 3]
    assert not list((tmp_path / "cache").glob(".*.tmp"))


def test_background_writer_raises_its_error_when_its_block_ends(tmp_path):
    (tmp_path / "not_a_folder").write_text("a file", encoding="utf-8")
    with pytest.raises(OSError):
        with BackgroundWriter() as writer:
            writer.write(tmp_path / "not_a_folder" / "entry.bin", b"data")
