"""The words of calendar expressions, and the clean-up a text gets before the date rules read it (pure)."""

from __future__ import annotations

import re


def one_of(words: list[str] | str) -> str:
    return "|".join(words.split() if isinstance(words, str) else words)


# --- vocabulary ----------------------------------------------------------------------------

MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
MONTH_NAME = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
MONTH = rf"(?P<month>{MONTH_NAME})\.?"
MONTH_ONLY = re.compile(rf"{MONTH_NAME}\.?")  # "March", "Sept.": a month without its year
WEEKDAYS = "mon tues wednes thurs fri satur sun".split()
WEEKDAY = rf"(?P<weekday>{one_of(WEEKDAYS)})day"
UNIT = r"(?P<unit>day|week|weekend|month|quarter|year|decade|centur(?:y|ie)|hour|minute|second)"
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
ORDINALS |= {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": -1, "final": -1}  # "the last half of 1989": the second
ORDINAL = rf"(?P<ordinal>{one_of(list(ORDINALS))})"
ONES = "one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBERS = {w: n for n, w in enumerate(["zero", *ONES, *TEENS])} | {
    w: 10 * n for n, w in enumerate(TENS, 2)
}
QTY = (
    r"(?P<qty>\d+(?:\.\d+)?|(?:a )?(?:few|couple(?: of)?|number of)|several|some|many|an?"
    rf"|half an?|(?:{one_of(list(NUMBERS))})(?: (?:{one_of(list(NUMBERS))}))?)"
)
OFFSETS = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1,
            "this past": -1, "latest": -1, "most recent": -1,
            "next": 1, "coming": 1, "upcoming": 1, "this coming": 1,
            "this": 0, "current": 0, "present": 0}  # fmt: skip
REL = rf"(?P<rel>{one_of(sorted(OFFSETS, key=len, reverse=True))})"
# "the year", "the fiscal year": this one, in the news.
YEAR_REF = rf"(?P<year>\d{{4}}|'\d\d|(?:{one_of(list(OFFSETS))}|the) (?:fiscal |calendar )?year)"
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
DECADES = "twenties thirties forties fifties sixties seventies eighties nineties".split()
PARTS_OF_DAY = re.compile(r"\b(?:morning|afternoon|evening|night|overnight|noon|midnight|midday|dawn|dusk)\b")
ZONE = r"(?:[ecmp][sd]t|gmt|utc|bst|ces?t|local time)"
_WORD_HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# "3 p.m.", "7.45am", "15:30", "1530 GMT" (a wire service's clock: four digits before a time zone), "EST"; "ET" only
# after a clock ("7 p.m. ET"), as "et" is a word of its own elsewhere.
CLOCK = re.compile(rf"\d{{1,2}}(?:[:.]\d\d)? ?[ap]\.?m\b\.?(?: [ecmp]t\b)?|\d{{1,2}}:\d\d|(?:\b(?:\d{{1,2}}|{_WORD_HOURS}) )?o'clock"
                   rf"|\b(?:\d{{1,2}}|{_WORD_HOURS}) (?=in the (?:morning|afternoon|evening)\b|at night\b)"
                   rf"|\b(?:[01]\d|2[0-3])\.?[0-5]\d ?(?:{ZONE}|[ecmp]t)\b|\b{ZONE}\b")
SPOKEN_YEAR = re.compile(
    rf"\b(?P<century>eighteen|nineteen) (?:(?P<teen>{one_of(TEENS)})"
    rf"|(?P<tens>{one_of(TENS)})(?: (?P<one>{one_of(ONES)}))?|hundred)\b"
    rf"|\btwo thousand(?: and)?(?: (?P<small>{one_of(ONES + TEENS)}))?\b"
)
# Days of the month written as ordinal words ("March eighth", "the twenty first of May").
_ORDINAL_ONES = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINAL_TEENS = ("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth"
                  " nineteenth").split()
ORDINAL_DAYS = {w: n for n, w in enumerate(_ORDINAL_ONES + _ORDINAL_TEENS, 1)} | {"twentieth": 20, "thirtieth": 30}
ORDINAL_DAYS |= {f"{tens} {w}": 10 * n + i for n, tens in ((2, "twenty"), (3, "thirty"))
                 for i, w in enumerate(_ORDINAL_ONES, 1) if 10 * n + i <= 31}
_DAY_WORD = one_of(sorted(ORDINAL_DAYS, key=len, reverse=True))
_SPOKEN_DAY = re.compile(
    rf"\b(?P<month>{MONTH_NAME})\.? (?:the )?(?P<day>{_DAY_WORD})\b"
    rf"|\b(?:the )?(?P<day_first>{_DAY_WORD}) of (?P<month_after>{MONTH_NAME})\b"
)
# Holidays on a fixed (month, day), and movable ones on the nth (-1: last) weekday of a month.
HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
             "new year day": (1, 1), "new year eve": (12, 31), "independence day": (7, 4),
             "fourth of july": (7, 4), "halloween": (10, 31), "valentine day": (2, 14)}  # fmt: skip
MOVABLE = {"thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4),
            "labor day": (9, 0, 1), "memorial day": (5, 0, -1)}  # fmt: skip
# Days counted from Easter Sunday.
EASTER = {"easter": 0, "easter sunday": 0, "easter day": 0, "good friday": -2, "easter monday": 1}
HOLIDAY_NAMES = frozenset(HOLIDAYS) | frozenset(MOVABLE) | frozenset(EASTER)

# Leading words that hedge or frame an expression without changing what it refers to.
FRAMES = re.compile(
    r"(?:as (?:early|late|soon) as|as (?:early|late|recently|of)|(?:each|all|much|most|part) of|(?:the )?(?:end|beginning|start|middle|rest|close"
    r"|turn|remainder|course) of|(?:more|less|no (?:later|earlier)) than|at least|some time"
    r"|in|on|by|since|at|during|from|until|till|through|throughout|of|for|before|after|over"
    r"|around|about|approximately|roughly|nearly|almost|sometime|just|only|early|earlier|late"
    r"|later|mid|the|its|their|our|his|her|again|starting|beginning|ending|full|barely|between|,) "
)
# First words that tie an expression to some other time than publication, or make it a set.
ANAPHORA = re.compile(r"(?:that|those|following|same|such|each|every|any|which|what|then)\b")
# dateparser guesses wildly; it only sees texts that name something on the calendar.
ANCHOR = re.compile(
    rf"\d{{4}}|\d[/.-]\d|\d(?:st|nd|rd|th)\b|\b{MONTH}|\b{WEEKDAY}\b"
    r"|\b(?:today|tonight|yesterday|tomorrow|ago|hence)\b"
)
# Expressions whose year or week the tense decides: a weekday, a month, a month and day.
BARE = re.compile(rf"{WEEKDAY}|(?:\d\d?(?:st|nd|rd|th)? (?:of )?)?{MONTH}(?: \d\d?(?:st|nd|rd|th)?)?")
# A season named without its year ("the summer"): the tense of the clause decides which year's ("will open in the
# summer", said in October, is next year's; "was built in the summer", said in February, last year's).  Quarters and
# halves are left as they are: "expects to report third-quarter results" is the quarter just ended.
BARE_SEASON = re.compile(one_of(list(SEASONS)))
REFERENCE_WORDS = {
    # Keys are what is left once `strip_frames` has dropped "at", "in", "the"...
    "PRESENT_REF": "now|right now|currently|presently|nowadays|present|these days|moment|current|time being",
    "PAST_REF": "recently|more recently|most recently|lately|previously|formerly|past|recent|then current|those days",
    "FUTURE_REF": "future|near future|soon|near term|short term|later date|a later date",
}
REFERENCE_OF = {word: ref for ref, words in REFERENCE_WORDS.items() for word in words.split("|")}
_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z\d])|(?<=\d)-(?=[a-z])")
_FRACTION_HYPHEN = re.compile(r"(?<=\b\d)-(?=\d/\d)|(?<=\b\d\d)-(?=\d/\d)")  # "4-1/2-month": 4 1/2 month
_FRACTIONS = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3"}
_VULGAR = re.compile(rf" ?([{''.join(_FRACTIONS)}])")  # "7 ½ minutes", "4½ months": 7 1/2
_DECADE_POSSESSIVE = re.compile(r"(?<=\d0)'s\b")  # "the 1990's" is a decade, "1998's second half" a year's
_POSSESSIVE = re.compile(r"'s\b")
_LEADING_QUOTE = re.compile(r"^'(?!\d\d\b)")
_PARENTHESES = re.compile(r"[()]")
_COUNTED_UNIT = re.compile(rf"\b{QTY} (?:more |full |straight |consecutive )?{UNIT}s?\b|\b{UNIT}s\b".replace(
    "(?P<qty>", "(?:").replace("(?P<unit>", "(?:"))


def clean(text: str) -> str:
    """Lower-case `text`, split hyphenated words, write spoken years as digits, trim punctuation.

    >>> clean("Third-Quarter"), clean("  last year's ")
    ('third quarter', 'last year')
    >>> clean("the mid-1990s."), clean("'89"), clean("nineteen ninety-six")
    ('the mid 1990s', "'89", '1996')
    >>> clean("March eighth"), clean("the twenty-first of May")
    ('march 8', 'may 21')
    >>> clean("7 ½ minutes"), clean("4½ months"), clean("a 4-1/2-month term")
    ('7 1/2 minutes', '4 1/2 months', 'a 4 1/2 month term')
    """
    text = " ".join(text.lower().replace("\u2019", "'").split())
    if not text.isascii():
        text = _VULGAR.sub(lambda m: f" {_FRACTIONS[m[1]]}", text)
    text = _HYPHEN.sub(" ", text)
    if "/" in text:
        text = _FRACTION_HYPHEN.sub(" ", text)
    text = _POSSESSIVE.sub("", _DECADE_POSSESSIVE.sub("s", text))
    text = SPOKEN_YEAR.sub(_spoken_year, text)
    text = _SPOKEN_DAY.sub(_spoken_day, text)
    return _LEADING_QUOTE.sub("", text.strip(" .,;:!?\"()[]`")).rstrip("'")






def _spoken_day(m: re.Match) -> str:
    """Write "march eighth" and "the eighth of march" as "march 8"."""
    return f"{m['month'] or m['month_after']} {ORDINAL_DAYS[m['day'] or m['day_first']]}"


def _spoken_year(m: re.Match) -> str:
    """Write "nineteen ninety six" and "two thousand one" as digits."""
    if m["century"] is None:
        return str(2000 + NUMBERS.get(m["small"], 0))
    tens = NUMBERS.get(m["teen"] or m["tens"], 0) + NUMBERS.get(m["one"], 0)
    return str(100 * NUMBERS[m["century"]] + tens)


def strip_frames(text: str) -> str:
    """Drop leading prepositions, determiners and hedges that keep the referent unchanged.

    >>> strip_frames("since the end of last year"), strip_frames("approximately mid october")
    ('last year', 'october')
    """
    while (match := FRAMES.match(text)) is not None:
        text = text[match.end() :]
    return text


def split_time_of_day(text: str) -> tuple[str, str | None]:
    """Remove clock times and parts of the day; say which kind there was ("clock" or "part").

    >>> split_time_of_day("9 a.m. est tuesday"), split_time_of_day("friday night")
    (('tuesday', 'clock'), ('friday', 'part'))
    >>> split_time_of_day("friday")
    ('friday', None)
    >>> split_time_of_day("1530 gmt"), split_time_of_day("2 p.m. (1900 gmt) tuesday")
    (('', 'clock'), ('tuesday', 'clock'))
    """
    rest = CLOCK.sub(" ", text)
    rest = _PARENTHESES.sub(" ", rest) if rest != text else rest  # "2 p.m. (1900 gmt)"
    kind = "clock" if rest != text else "part"
    rest = PARTS_OF_DAY.sub(" ", rest)
    if rest == text:
        return text, None
    rest = strip_frames(" ".join(rest.replace(",", " ").split()) + " ").strip()
    return rest.removesuffix(" the").removesuffix("the"), kind


def is_duration(text: str) -> bool:
    """Say whether `text` measures a stretch of time rather than naming one.

    >>> is_duration("two weeks"), is_duration("recent weeks"), is_duration("last week")
    (True, True, False)
    """
    return _COUNTED_UNIT.search(text) is not None


def quantity(text: str) -> int | None:
    """Read a small cardinal ("a", "two", "twenty four", "18"); None when vague.

    >>> quantity("twenty four"), quantity("an"), quantity("several")
    (24, 1, None)
    """
    if text in ("a", "an"):
        return 1
    if text.replace(".", "", 1).isdigit():
        return round(float(text))
    words = text.split()
    if words and all(w in NUMBERS for w in words):
        return sum(NUMBERS[w] for w in words)
    return None
