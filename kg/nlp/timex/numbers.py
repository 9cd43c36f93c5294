"""Read counts written in words or digits: "two", "twenty four", "2 1/2", "one and a half"."""

from __future__ import annotations

import re
from fractions import Fraction

_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_VALUES = {w: n for n, w in enumerate(["zero", *_ONES, *_TEENS])} | {w: 10 * n for n, w in enumerate(_TENS, 2)} | {"single": 1}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "dozen": 12}
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")  # "6,000"
NUMBER_WORDS = tuple(sorted([*_VALUES, *_MULTIPLIERS, "a", "an", "and"], key=len, reverse=True))


def amount(text: str, vague: tuple[str, ...] = ()) -> Fraction | None:
    """The number `text` says, or None when it is vague ("several", "a few").

    >>> amount("twenty four"), amount("2 1/2"), amount("one and a half"), amount("a hundred"), amount("6,000")
    (Fraction(24, 1), Fraction(5, 2), Fraction(3, 2), Fraction(100, 1), Fraction(6000, 1))
    >>> amount("a couple of", ("a couple of",)), amount("several", ("several",)), amount("two and three")
    (Fraction(2, 1), None, Fraction(2, 1))
    """
    text = text.strip()
    if "couple" in text:
        return Fraction(2)
    if text in vague:
        return None
    total = Fraction(0)
    current = Fraction(0)
    words = text.split()
    for i, word in enumerate(words):
        word = word.replace(",", "") if _THOUSANDS.fullmatch(word) else word
        if word == "and" and current and 0 < i < len(words) - 1 and words[i - 1] not in _MULTIPLIERS \
                and words[i + 1] not in ("a", "an", "half"):
            break  # "two and three hours": a range, written as its first count
        if "/" in word:
            top, bottom = word.split("/")
            current += Fraction(int(top), int(bottom))
        elif word.replace(".", "", 1).isdigit():
            current += Fraction(word)
        elif word in ("a", "an", "and"):
            continue  # "a hundred", "a three-year period": the article counts only when alone
        elif word == "half":
            current += Fraction(1, 2)
        elif word in _VALUES:
            current += _VALUES[word]
        elif word in _MULTIPLIERS:
            current = (current or 1) * _MULTIPLIERS[word]
            if _MULTIPLIERS[word] >= 1000:
                total, current = total + current, Fraction(0)
        else:
            return None
    return total + current or (Fraction(1) if text in ("a", "an") else Fraction(0))
