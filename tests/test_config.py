"""Default folders follow the working directory, not the installed package."""

from pathlib import Path

from pipeline.cli import build_parser


def test_default_corpus_and_output_are_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["run"])
    assert args.corpus.resolve() == tmp_path / "corpus"
    assert args.out.resolve() == tmp_path / "outputs"
    assert not Path(args.corpus).is_absolute()
