"""Whole shell sessions through prompt_toolkit's pipe input, against a real in-memory store."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from kg.config import Settings, state_dir
from kg.shell import after_first_render, run_script, run_shell
from kg.shell.style import sparql_lexer

PEOPLE = "SELECT ?label WHERE { ?x a kg:Person ; skos:prefLabel ?label } ORDER BY ?label"


def run_typed(store, keys: str) -> None:
    with create_pipe_input() as inp:
        inp.send_text(keys)
        run_shell(store, Settings(), input=inp, output=DummyOutput())


def test_shell_runs_one_query_then_quits(store, capsys):
    run_typed(store, f"{PEOPLE};\n\\q\n")
    out = capsys.readouterr().out
    assert " label\n----------\n Jane Doe\n John Roe\n(2 rows)\n" in out


def test_enter_continues_an_incomplete_query_and_errors_do_not_end_the_shell(store, capsys):
    keys = (
        "SELECT ?label WHERE {\n"  # incomplete: Enter starts a new line
        "  ?x a kg:Organization ;\n"  # ';' inside braces does not run it either
        "     rdfs:label ?label }\n"  # balanced and ends with '}': runs
        "SELECT ?x WHERE { ?x zz:p ?y };\n"
        "ASK { ?x a kg:ReduceRelations }\n"
        "\x04"  # Ctrl-D on an empty prompt leaves the shell
    )
    run_typed(store, keys)
    lines = capsys.readouterr().out.splitlines()
    assert "(2 rows)" in lines
    errors = [line for line in lines if line.startswith("error:")]
    assert errors == ["error: unknown prefix 'zz:'; declare it with PREFIX zz: <...>"]
    assert lines.index("true") > lines.index(errors[0])  # the shell went on after the error


def test_history_is_saved_and_the_format_command_applies(store, capsys):
    run_typed(store, "\\T csv\nSELECT ?label WHERE { ?x a kg:Organization ; rdfs:label ?label } ORDER BY ?label\n\\q\n")
    assert "label\r\nAcme Corp\r\nGlobex\r\n" in capsys.readouterr().out
    history = (state_dir() / "shell-history").read_text(encoding="utf-8")
    assert "+\\T csv" in history and "+SELECT ?label" in history


def test_unwritable_history_falls_back_to_memory_with_a_warning(store, capsys, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    run_typed(store, "ASK {}\n\\q\n")
    out = capsys.readouterr().out
    assert "warning: cannot write shell history to" in out and "history will not be saved" in out
    assert "\ntrue\n" in out
    assert not Path(blocker).is_dir()


def test_run_script_prints_what_the_shell_prints_and_reports_failure(store):
    out = io.StringIO()
    status = run_script(store, Settings(), f"\\T vertical\n{PEOPLE};\nSELEC x;\n", out)
    text = out.getvalue()
    assert "-[ RECORD 2 ]" in text and "label | John Roe" in text
    assert text.count("error: ") == 1
    assert status == 1


def test_run_script_stops_at_quit_and_succeeds(store):
    out = io.StringIO()
    assert run_script(store, Settings(), "ASK {}\n\\q\nSELEC x", out) == 0
    assert out.getvalue() == "true\n"


def test_the_shell_loads_no_nlp_code(store_dir):
    """The shell must start fast on a machine without a spaCy model (DESIGN 2.3)."""
    script = (
        "import io, sys\n"
        "from kg.config import Settings\n"
        "from kg.shell import run_script\n"
        "from kg.store import open_store\n"
        f"store = open_store({str(store_dir)!r}, read_only=True)\n"
        "assert run_script(store, Settings(), '\\\\d', io.StringIO()) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy' or m.startswith(('kg.nlp', 'kg.pipeline'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_a_destructive_update_runs_only_after_yes(store, capsys):
    before = len(store)
    with create_pipe_input() as inp:
        inp.send_text("CLEAR ALL;\nn\n\\q\n")
        run_shell(store, Settings(), write=True, input=inp, output=DummyOutput())
    assert "not run" in capsys.readouterr().out and len(store) == before
    with create_pipe_input() as inp:
        inp.send_text("CLEAR ALL;\ny\n\\q\n")
        run_shell(store, Settings(), write=True, input=inp, output=DummyOutput())
    assert f"updated: -{before} triples, 0 in the store" in capsys.readouterr().out and len(store) == 0


def test_long_results_go_through_the_pager(store, capsys, monkeypatch, tmp_path):
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > {paged}")
    monkeypatch.setenv("LINES", "4")
    run_typed(store, f"{PEOPLE};\nASK {{}}\n\\q\n")
    assert " Jane Doe\n John Roe\n(2 rows)\n" in paged.read_text()
    out = capsys.readouterr().out
    assert "Jane Doe" not in out and "true" in out  # short output is printed, not paged


def test_edit_fills_the_next_prompt(store, capsys, monkeypatch):
    script = "import sys; open(sys.argv[1], 'w').write('ASK { ?x a kg:Person }')"
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c \"{script}\"")
    monkeypatch.delenv("VISUAL", raising=False)
    run_typed(store, "\\e\n\n\\q\n")  # Enter runs what the editor left at the prompt
    assert "true" in capsys.readouterr().out.splitlines()


def test_vi_mode_takes_vi_keys(store, capsys):
    # Esc, 0 (line start), i (insert) A: only vi keys turn "SK {}" into "ASK {}".
    run_typed(store, "\\vi on\nSK {}\x1b0iA\n\\q\n")
    assert "true" in capsys.readouterr().out.splitlines()
    run_typed(store, "SK {}\x1b0iA\n\\q\n")
    assert "true" not in capsys.readouterr().out.splitlines()


def test_the_completion_read_starts_once_the_first_prompt_is_drawn_and_only_once():
    started = []
    with create_pipe_input() as inp:
        prompt = PromptSession(input=inp, output=DummyOutput())
        after_first_render(prompt, lambda: started.append(len(started)))
        assert started == []  # not before the prompt is on the screen
        inp.send_text("first\nsecond\n")
        assert prompt.prompt() == "first"
        assert started == [0]
        assert prompt.prompt() == "second"
    assert started == [0]  # later prompts do not start it again


def test_sparql_is_highlighted_once_text_is_typed():
    lexer = sparql_lexer()
    assert lexer.lex_document(Document(""))(0) == [("", "")]  # the empty first prompt needs no pygments
    assert lexer.pygments is None
    styles = {text: style for style, text in lexer.lex_document(Document("SELECT ?x WHERE { }"))(0)}
    assert "keyword" in styles["SELECT"].lower() and "variable" in styles["?x"].lower()
