"""`kg extract` shows every time expression with its TimeML type, value and attributes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import cli

TEXT = (
    "date 2022-03-10\n"
    "The company will open the plant in May. Talks lasted 90 days and ended at 8 PM Friday.\n"
    "Sales rose over the past two years. It pays a dividend annually, and the board meets every morning.\n"
)


def _extract(tmp_path, fmt: str) -> str:
    path = tmp_path / "article.txt"
    path.write_text(TEXT)
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", fmt], obj={})
    assert result.exit_code == 0, result.output
    return result.output


def test_text_output_gives_type_and_value_of_every_time(tmp_path):
    lines = {line.split("'")[1]: line.split("'")[2].split() for line in _extract(tmp_path, "text").splitlines()
             if line.startswith("  '")}
    assert lines["May"][:2] == ["DATE", "2022-05"]  # said in March about the coming May
    assert lines["90 days"][:2] == ["DURATION", "P90D"]
    assert lines["8 PM Friday"][:2] == ["TIME", "2022-03-04T20:00"]
    assert lines["the past two years"] == ["DURATION", "P2Y", "(endPoint=2022-03-10)"]
    assert lines["annually"][:2] == ["SET", "XXXX"]
    assert lines["every morning"] == ["SET", "XXXX-XX-XXTMO", "(quant=EVERY)"]


def test_json_output_carries_the_timeml_fields(tmp_path):
    times = {t["text"]: t for t in json.loads(_extract(tmp_path, "json"))["times"]}
    assert times["90 days"]["type"] == "DURATION" and times["90 days"]["value"] is None
    assert times["8 PM Friday"]["value"] == "2022-03-04" and times["8 PM Friday"]["granularity"] == "day"
    assert times["the past two years"]["end_point"] == "2022-03-10"
