"""Default folders follow the working directory, not the installed package."""

from pathlib import Path

from pipeline.cli import build_parser


def test_default_corpus_and_output_are_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["run"])
    assert args.corpus.resolve() == tmp_path / "corpus"
    assert args.out.resolve() == tmp_path / "outputs"
    assert not Path(args.corpus).is_absolute()


def test_a_dask_scheduler_from_the_environment_is_announced(monkeypatch, capsys):
    from pipeline import cli

    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://10.0.0.9:8786")
    assert cli._dask_from_environment() == "tcp://10.0.0.9:8786"
    assert "tcp://10.0.0.9:8786" in capsys.readouterr().err
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS")
    assert cli._dask_from_environment() == ""
    assert capsys.readouterr().err == ""


def test_an_explicit_empty_dask_option_stays_local(monkeypatch):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://10.0.0.9:8786")
    assert build_parser().parse_args(["run", "--dask", ""]).dask == ""
    assert build_parser().parse_args(["run"]).dask is None  # resolved, with the notice, when the command runs
