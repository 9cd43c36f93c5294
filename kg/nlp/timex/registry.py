"""The registry the calendar rules of kg.nlp.timex.dates and kg.nlp.timex.periods are written into."""

from __future__ import annotations

import re
from datetime import date
from typing import Callable

from kg.nlp.timex.calendar import Value

Rule = Callable[[re.Match, date | None], "Value | None"]


def registry(rules: list[tuple[re.Pattern, Rule]]) -> Callable[[str], Callable[[Rule], Rule]]:
    """A decorator that registers a rule for texts that fully match its pattern into `rules`, in file order.

    A rule returns a value, UNPLACED to stop, or None to let the later rules try.
    """

    def rule(pattern: str) -> Callable[[Rule], Rule]:
        def register(fn: Rule) -> Rule:
            rules.append((re.compile(pattern), fn))
            return fn

        return register

    return rule
