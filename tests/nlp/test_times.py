"""kg.nlp.times: which time expressions are found and which way their values point."""

from __future__ import annotations

from datetime import date

import pytest

from kg.model import Article
from spacy.tokens import Span

from kg.nlp.time_spans import time_spans
from kg.nlp.times import extract_times

PUBLISHED = date(2022, 9, 7)  # a Wednesday


@pytest.fixture()
def times_of(nlp, rules):
    def run(text: str) -> dict[str, str | None]:
        article = Article("t", "t.txt", text, PUBLISHED)
        return {t.text: t.value for t in extract_times(nlp(text), article, rules)}

    return run


def test_future_tense_points_a_bare_weekday_forward(times_of):
    assert times_of("The board will meet on Monday to decide.")["Monday"] == "2022-09-12"


def test_a_day_a_present_tense_clause_schedules_is_ahead(times_of):
    found = times_of("The vote is set for Monday, and the talks are scheduled for Friday.")
    assert found["Monday"] == "2022-09-12" and found["Friday"] == "2022-09-09"


def test_past_tense_points_a_bare_weekday_back(times_of):
    assert times_of("The board met on Monday to decide.")["Monday"] == "2022-09-05"


def test_future_month_is_the_next_one(times_of):
    assert times_of("The company will publish its report in March.")["March"] == "2023-03"


def test_vague_references_the_model_misses_are_found(times_of):
    found = times_of("The forum is now offline, and it recently lost its host.")
    assert found["now"] == "PRESENT_REF"
    assert found["recently"] == "PAST_REF"


def test_a_range_becomes_its_two_ends(times_of):
    found = times_of("Sales grew every year between 1994 and 1997, the company said.")
    assert found.get("1994") == "1994" and found.get("1997") == "1997"


def test_a_year_earlier_is_the_period_in_focus_one_year_back(times_of):
    found = times_of("Profit rose in the third quarter of 2022, up from $5 million a year earlier.")
    assert found["the third quarter of 2022"] == "2022-Q3"
    assert found["a year earlier"] == "2021-Q3"


def test_a_year_ago_without_a_period_in_focus_is_last_year(times_of):
    assert times_of("The site went offline a year ago.")["a year ago"] == "2021"


def test_times_carry_their_timeml_type_and_value(nlp, rules):
    text = "The talks lasted 90 days and ended at 8 PM Friday; the board meets every morning."
    article = Article("t", "t.txt", text, PUBLISHED)
    found = {t.text: (t.timex_type, t.timex) for t in extract_times(nlp(text), article, rules)}
    assert found["90 days"] == ("DURATION", "P90D")
    assert found["8 PM Friday"] == ("TIME", "2022-09-02T20:00")
    assert found["every morning"] == ("SET", "XXXX-XX-XXTMO")


def test_ages_are_not_time_expressions(times_of):
    assert not any("old" in text for text in times_of("The 52-year-old chairman, 58, resigned on Monday."))


def test_today_opening_a_statement_of_the_present_is_present_ref(times_of):
    assert times_of("Women have few rights. And today, the right to work is the right to survive.")["today"] == "PRESENT_REF"


def test_today_of_a_reported_event_is_the_publication_day(times_of):
    assert times_of("The Pentagon said today it will review the case.")["today"] == "2022-09-07"


def test_a_weekday_and_the_date_after_it_tagged_apart_are_joined(nlp, rules):
    doc = nlp("Stocks plunged Friday Oct. 13 in heavy trading.")
    doc.ents = [Span(doc, 2, 3, label="DATE"), Span(doc, 3, 5, label="DATE")]  # as spaCy sometimes tags them
    assert [s.text for s in time_spans(doc, rules)] == ["Friday Oct. 13"]


def test_a_day_and_its_time_tagged_apart_are_one_time(nlp, rules):
    doc = nlp("The talks ended Friday evening in Paris.")
    doc.ents = [Span(doc, 3, 4, label="DATE"), Span(doc, 4, 5, label="TIME")]
    assert [(s.text, s.label_) for s in time_spans(doc, rules)] == [("Friday evening", "TIME")]


def test_that_year_and_the_following_year_refer_to_a_year_named_before(times_of):
    found = times_of("The plant opened in 1995. That year it hired 300 people, and the following year it closed.")
    assert found["That year"] == "1995"
    assert found["the following year"] == "1996"


def test_the_next_day_and_the_day_before_count_from_the_day_named_before(times_of):
    found = times_of("Police arrested him on Aug. 28. He was freed the next day.")
    assert found["the next day"] == "2022-08-29"
    assert times_of("Police arrested him on Aug. 28. The day before, he had fled.")["The day before"] == "2022-08-27"


def test_before_that_heads_a_phrase_stays_outside_the_expression(times_of):
    assert "the day before" not in times_of("They met on Aug. 3 and signed the deal the day before the vote.")


def test_the_next_day_with_no_day_named_before_counts_from_publication(times_of):
    assert times_of("He will be freed the next day.")["the next day"] == "2022-09-08"


def test_the_end_of_that_month_is_the_month_named_before(times_of):
    found = times_of("The plant opened in May 2020 and closed at the end of that month.")
    assert "2020-05" in found.values() and list(found.values()).count("2020-05") == 2


def test_the_previous_weekday_is_counted_from_the_day_named_before(times_of):
    found = times_of("The deal closed on Friday, Sept. 2. The previous Friday, the board had met.")
    assert found["The previous Friday"] == "2022-08-26"
    found = times_of("The deal closed on Friday, Sept. 2, and the following Monday the board sued.")
    assert found["the following Monday"] == "2022-09-05"


def test_a_year_earlier_after_the_year_ago_quarter_is_that_same_quarter(times_of):
    found = times_of("Profit rose in the third quarter from the year-ago quarter. Sales were flat from a year earlier.")
    assert found["the year-ago quarter"] == "2021-Q3"
    assert found["a year earlier"] == "2021-Q3"


def test_a_year_ago_after_this_years_period_counts_back(times_of):
    found = times_of("Profit rose in the third quarter. In the 2022 period, costs were lower than a year ago.")
    assert found["a year ago"] == "2021-Q3"


def test_the_same_period_last_year_is_the_period_in_focus_a_year_back(times_of):
    found = times_of("Exports rose 5 percent in January from the same period last year.")
    assert found["the same period last year"] == "2021-01"
    found = times_of("Sales in the first half of 2021 rose 8 percent over the same period of 2020.")
    assert found["the same period of 2020"] == "2020-H1"


def test_a_compared_period_and_its_year_tagged_apart_are_one_expression(times_of):
    found = times_of("Profit in the second quarter rose to $5 million from $4 million in the corresponding period last year.")
    assert found["the corresponding period last year"] == "2021-Q2"
    assert "last year" not in found


def test_the_same_period_with_none_named_before_is_last_year(times_of):
    assert times_of("Output rose 9 percent compared with the same month last year.")["the same month last year"] == "2021"


def test_an_anaphor_with_nothing_named_before_stays_unplaced(times_of):
    assert times_of("That year it hired 300 people.").get("That year") is None


def test_docstring_examples_hold():
    import doctest

    import kg.nlp.times

    assert doctest.testmod(kg.nlp.times).failed == 0


def test_a_year_ended_on_a_named_day_is_twelve_months(nlp, rules):
    text = "Revenue was $76 million for the year ended March 31, and $90 million for the year ended Dec. 31."
    found = [(t.text, t.timex_type, t.timex) for t in extract_times(nlp(text), Article("t", "t", text, PUBLISHED), rules)]
    assert found[0] == ("the year", "DURATION", "P1Y")
    assert ("the year", "DURATION", "P1Y") not in found[1:]


def test_a_bare_part_of_the_day_is_on_the_day_named_before(nlp, rules):
    text = "The plant closed on Sept. 1, 2022. By the morning, the workers had left."
    found = {t.text: t.timex for t in extract_times(nlp(text), Article("t", "t", text, PUBLISHED), rules)}
    assert found["the morning"] == "2022-09-01TMO"


def test_is_to_points_a_bare_weekday_forward(times_of):
    assert times_of("The shares are to resume trading in Paris Tuesday.")["Tuesday"] == "2022-09-13"


def test_current_before_a_noun_is_the_present_but_an_electric_current_is_not(times_of):
    found = times_of("Based on the current number of shares, the deal is worth $5 million.")
    assert found["current"] == "PRESENT_REF"
    assert "current" not in times_of("The wire carries a current of five amperes.")


def test_a_leading_article_before_a_date_is_left_out(times_of):
    found = times_of("The bank cited an Aug. 10, 1988 agreement.")
    assert found.get("Aug. 10, 1988") == "1988-08-10"


def test_the_day_is_the_day_named_before(times_of):
    found = times_of("Trading was halted on Oct. 13, 2021. Prices fell 5% during the day.")
    assert found["the day"] == "2021-10-13"


def test_a_range_of_counts_is_one_duration_of_its_first_count(nlp, rules):
    text = "Repairs will take two to three weeks."
    found = [(t.text, t.timex) for t in extract_times(nlp(text), Article("t", "t", text, PUBLISHED), rules)]
    assert found == [("two to three weeks", "P2W")]


def test_the_following_year_after_a_day_is_the_year_after_that_day(times_of):
    found = times_of("On May 22, 1995, Farkas was promoted, and the following year he was sent to Washington.")
    assert found["the following year"] == "1996"


def test_words_timeml_leaves_outside_an_expression_are_left_out(times_of):
    found = times_of("Sales fell sharply in the past. Earlier this month, last year's record fell just last month.")
    assert {"the past", "Earlier this month", "last year", "last month"} <= set(found)


def test_earlier_or_late_before_a_day_and_this_before_a_bare_unit_are_inside(nlp, rules):
    text = "Shares rose this year and fell late yesterday."
    doc = nlp(text)
    year = [t.i for t in doc if t.lower_ == "year"][0]
    yesterday = [t.i for t in doc if t.lower_ == "yesterday"][0]
    doc.ents = [Span(doc, year, year + 1, label="DATE"), Span(doc, yesterday, yesterday + 1, label="DATE")]
    found = {t.text: t.timex for t in extract_times(doc, Article("t", "t", text, PUBLISHED), rules)}
    assert found == {"this year": "2022", "late yesterday": "2022-09-06"}


def test_clock_times_the_model_leaves_untagged_are_found_on_the_day_in_focus(nlp, rules):
    text = "The jet made its first flight on Tuesday, Sept. 6, 2022, taking off at 18:00 UTC."
    doc = nlp(text)
    doc.ents = [e for e in doc.ents if e.label_ != "TIME"]  # as the model leaves "18:00 UTC" in wire copy
    found = {t.text: (t.timex_type, t.timex) for t in extract_times(doc, Article("t", "t", text, PUBLISHED), rules)}
    assert found["18:00 UTC"] == ("TIME", "2022-09-06T18:00Z")


def test_recent_before_a_noun_is_the_past_but_not_inside_a_compound(times_of):
    found = times_of("Analysts blamed recent losses on the now-cancelled deal.")
    assert found == {"recent": "PAST_REF"}


def test_a_headline_infinitive_points_a_weekday_forward(times_of):
    assert times_of("Russian markets to remain closed until Friday")["Friday"] == "2022-09-09"


def test_the_count_before_a_rate_is_left_out(nlp, rules):
    text = "The tankers will be delivered at a rate of 15 a year."
    doc = nlp(text)
    start = [t.i for t in doc if t.text == "15"][0]
    doc.ents = [Span(doc, start, start + 3, label="DATE")]  # as spaCy tags it
    found = [(t.text, t.timex_type, t.timex) for t in extract_times(doc, Article("t", "t", text, PUBLISHED), rules)]
    assert found == [("a year", "SET", "P1Y")]


def test_a_count_then_later_keeps_only_the_count(nlp, rules):
    text = "The plant closed on Monday. Three days later, it reopened."
    found = {t.text: t.timex for t in extract_times(nlp(text), Article("t", "t", text, PUBLISHED), rules)}
    assert found.get("Three days") == "P3D"


def test_a_unit_after_an_amount_is_a_rate_and_after_a_preposition_a_duration(nlp, rules):
    text = "Over 50,000 CDs a year are sold, and the plant will close within a year."
    doc = nlp(text)
    units = [i for i, token in enumerate(doc) if token.lower_ == "a" and doc[i + 1].lower_ == "year"]
    doc.ents = [Span(doc, i, i + 2, label="DATE") for i in units]  # as spaCy tags them in TimeBank
    found = [(t.text, t.timex_type, t.timex) for t in extract_times(doc, Article("t", "t", text, PUBLISHED), rules)]
    assert found == [("a year", "SET", "P1Y"), ("a year", "DURATION", "P1Y")]


def test_a_stretch_and_a_day_tagged_as_one_are_two_expressions(nlp, rules):
    text = "She took the stand for more than four hours Friday in a Tel Aviv court."
    doc = nlp(text)
    start = [t.i for t in doc if t.lower_ == "more"][0]
    doc.ents = [Span(doc, start, start + 5, label="DATE")]  # as spaCy tags it
    found = [(t.text, t.timex) for t in extract_times(doc, Article("t", "t", text, PUBLISHED), rules)]
    assert found == [("more than four hours", "PT4H"), ("Friday", "2022-09-02")]


def test_a_weekday_sharing_a_plural_part_of_the_day_recurs(nlp, rules):
    text = "Two new flights will leave Bombay on Monday and Tuesday nights."
    found = {t.text: (t.timex_type, t.timex) for t in extract_times(nlp(text), Article("t", "t", text, PUBLISHED), rules)}
    assert found["Monday"] == ("SET", "XXXX-WXX-1TNI")


def test_a_quarter_as_a_share_is_not_a_time(times_of):
    found = times_of("Funds hold more than a quarter of the market; sales rose in the first quarter of 2022.")
    assert not any("a quarter" in text for text in found)
    assert found["the first quarter of 2022"] == "2022-Q1"


def test_a_wire_service_clock_time_keeps_its_zone(nlp, rules):
    text = "The talks resumed at 1530 GMT on Tuesday."
    found = {t.text: (t.timex_type, t.timex) for t in extract_times(nlp(text), Article("t", "t", text, PUBLISHED), rules)}
    assert found["1530 GMT"][0] == "TIME" and found["1530 GMT"][1].endswith("T15:30Z")


def test_a_counted_stretch_the_model_leaves_untagged_is_found_with_its_hedge(nlp, rules):
    text = "The release is almost two and a half years behind schedule after several quarters of losses."
    doc = nlp(text)
    doc.ents = []  # as the model leaves them
    found = {t.text: (t.timex_type, t.timex, t.mod) for t in extract_times(doc, Article("t", "t", text, PUBLISHED), rules)}
    assert found == {"almost two and a half years": ("DURATION", "P2Y6M", "LESS_THAN"),
                     "several quarters": ("DURATION", "PXQ", None)}


def test_three_quarters_as_a_share_is_no_stretch(nlp, rules):
    text = "The party won about three-quarters of the vote."
    doc = nlp(text)
    doc.ents = []
    assert extract_times(doc, Article("t", "t", text, PUBLISHED), rules) == []


def test_a_date_and_a_stretch_that_only_a_comma_parts_are_two_expressions(nlp, rules):
    text = "The jet arrives on November 11, three days later than planned."
    doc = nlp(text)
    start = [t.i for t in doc if t.text == "November"][0]
    doc.ents = [Span(doc, start, start + 6, label="DATE")]  # "November 11, three days later", as spaCy tags it
    found = [(t.text, t.timex) for t in extract_times(doc, Article("t", "t", text, PUBLISHED), rules)]
    assert found[0] == ("November 11", "2022-11-11")
    assert found[1][1] == "P3D"


def test_a_part_of_the_day_naming_a_show_or_greeting_is_no_time(times_of):
    found = times_of("Good evening. She spoke on the morning talk show about overnight losses.")
    assert "evening" not in found and "morning" not in found


def _readings(nlp, rules, text: str, published: date = PUBLISHED) -> dict[str, tuple[str, str | None]]:
    article = Article("t", "t.txt", text, published)
    return {t.text: (t.timex_type, t.timex) for t in extract_times(nlp(text), article, rules)}


def test_a_stretch_and_the_year_it_lies_in_are_two_expressions(nlp, rules):
    found = _readings(nlp, rules, "Profit rose 10% in the first nine months of 2021, the company said.")
    assert found["the first nine months"] == ("DURATION", "P9M") and found["2021"] == ("DATE", "2021")


def test_a_reporting_period_is_the_quarter_in_focus_in_the_year_given(nlp, rules):
    text = ("Net income rose 5% in the third quarter. In the 2021 period, interest expense was lower. "
            "In the year-ago period, the company earned $5 million. The latest period had a profit of $4 million.")
    found = _readings(nlp, rules, text)
    assert found["the 2021 period"] == ("DATE", "2021-Q3")
    assert found["the year-ago period"] == ("DATE", "2021-Q3")
    assert found["The latest period"] == ("DATE", "2022-Q3")


def test_a_reporting_period_with_no_quarter_named_is_its_year(nlp, rules):
    assert _readings(nlp, rules, "In the 2020 period, the company lost money.")["the 2020 period"] == ("DATE", "2020")


def test_a_clock_time_in_utc_carries_z_and_one_in_local_time_does_not(nlp, rules):
    found = _readings(nlp, rules, "Trading halted at 16:08 UTC on Monday and resumed at 3 p.m. EST.")
    assert found["16:08 UTC"][1].endswith("T16:08Z") and not found["3 p.m. EST"][1].endswith("Z")


def test_soon_in_as_soon_as_is_a_conjunction_not_a_time(nlp, rules):
    text = "They could leave as soon as the threats end, and the talks will resume soon."
    found = [(t.start, t.timex) for t in extract_times(nlp(text), Article("t", "t.txt", text, PUBLISHED), rules)]
    assert found == [(text.rindex("soon"), "FUTURE_REF")]


@pytest.mark.parametrize("text, timex, mod", [("early next year", "2023", "START"), ("late last week", "2022-W35", "END"),
                                             ("mid next month", "2022-10", "MID"), ("over the past year", None, None)])
def test_early_mid_late_before_a_named_period_are_its_mod(text, timex, mod):
    from kg.nlp.timex import interpret

    reading = interpret(text, PUBLISHED)
    assert (reading.mod, reading.timex if timex else reading.mod) == (mod, timex)


@pytest.mark.parametrize(
    "text, expression, timex",
    [
        ("Today is the eighth day of the strike.", "the eighth day", "2022-09-07"),
        ("On Monday, trading was suspended for a second consecutive day.", "a second consecutive day", "2022-09-05"),
        ("Stocks rose for a fourth week in a row.", "a fourth week in a row", "2022-W36"),
        ("Prices rose for the third straight month.", "the third straight month", "2022-09"),
    ],
)
def test_an_ordinal_count_of_days_is_the_day_in_focus(nlp, rules, text, expression, timex):
    found = _readings(nlp, rules, text)
    assert found[expression] == ("DATE", timex)


def test_a_season_in_a_clause_about_the_future_is_the_coming_one(nlp, rules):
    found = _readings(nlp, rules, "Analysts expect the economy to recover in the summer.", date(2022, 10, 20))
    assert found["the summer"] == ("DATE", "2023-SU")


def test_a_reporting_quarter_with_a_year_is_the_quarter_in_focus_in_that_year(nlp, rules):
    found = _readings(nlp, rules, "Net income rose 5% in the third quarter. In the 2021 quarter, it earned $3 million.")
    assert found["the 2021 quarter"] == ("DATE", "2021-Q3")


def test_the_latest_period_with_no_quarter_named_is_the_latest_quarter_ended(nlp, rules):
    found = _readings(nlp, rules, "There were no one-time gains in the latest period, the company said.")
    assert found["the latest period"] == ("DATE", "2022-Q2")


def test_the_following_week_and_that_week_count_from_the_day_named_before(times_of):
    found = times_of("The deal was signed on March 3. Sales fell that week. The following week, shares rose.")
    assert found["that week"] == "2022-W09" and found["The following week"] == "2022-W10"


def test_a_stretch_from_now_is_one_day_counted_from_publication(nlp, rules):
    found = _readings(nlp, rules, "The law takes effect two weeks from now; the vote is three days from today.")
    assert found["two weeks from now"] == ("DATE", "2022-09-21")
    assert found["three days from today"] == ("DATE", "2022-09-10") and "today" not in found


def test_a_part_of_the_day_of_a_named_day_is_one_time(nlp, rules):
    found = _readings(nlp, rules, "The trial began on the morning of Sept. 5.")
    assert found["the morning of Sept. 5"] == ("TIME", "2022-09-05TMO")


def test_each_of_two_expressions_in_one_entity_is_cut_as_timeml_cuts_one(times_of):
    found = times_of("Earnings for its fourth quarter ended Sept. 30 fell 50%.")
    assert set(found) == {"fourth quarter", "Sept. 30"}


def test_the_article_of_a_noun_a_stretch_modifies_is_left_out(times_of):
    assert set(times_of("Supporters began a two day rally in the capital.")) == {"two day"}


def test_both_years_of_a_range_are_dates(times_of):
    assert times_of("He was jailed in 1992-1994.") == {"1992": "1992", "1994": "1994"}
    assert times_of("He served as mayor from 1990 to 1994.") == {"1990": "1990", "1994": "1994"}
    assert "2000" not in times_of("The score was 1999 to 2000 points.")


def test_a_decade_before_and_is_kept(times_of):
    assert times_of("In the 1980s and 1990s, crime rose.") == {"the 1980s": "198", "1990s": "199"}


def test_what_a_count_runs_since_lies_before_publication(nlp, rules):
    text = "They have met four times since January and prices have doubled since Dec. 20."
    article = Article("t", "t.txt", text, date(1999, 12, 15))
    found = {t.text: t.value for t in extract_times(nlp(text), article, rules)}
    assert found == {"January": "1999-01", "Dec. 20": "1998-12-20"}


def test_an_age_is_no_time(times_of):
    assert set(times_of("He died Monday at age 75.")) == {"Monday"}


def test_an_ordinal_before_a_noun_that_names_no_time_is_a_rank(times_of):
    assert times_of("Britain triumphed at the 15th annual British Comedy Awards.") == {}
    assert times_of("The deal closes on the 15th.") == {"the 15th": "2022-09-15"}


def test_the_day_or_week_with_none_named_is_publications_unless_a_clause_says_which(times_of):
    assert times_of("Voting continued throughout the day.") == {"the day": "2022-09-07"}
    assert times_of("The summit is later in the week.") == {"later in the week": "2022-W36"}
    assert times_of("He was in Milan on the day he is alleged to have met him.")["the day"] is None


def test_a_count_of_something_that_is_no_time_is_no_time(nlp, rules, times_of):
    assert times_of("For the past two polls, the manifesto was drafted by him.") == {}
    assert times_of("We have lost the past three elections.") == {}
    assert _readings(nlp, rules, "Prices rose in the past three years.") == {"the past three years": ("DURATION", "P3Y")}


@pytest.fixture()
def timex_of(nlp, rules):
    def run(text: str) -> dict[str, tuple[str, str | None]]:
        article = Article("t", "t.txt", text, PUBLISHED)
        return {t.text: (t.timex_type, t.timex) for t in extract_times(nlp(text), article, rules)}

    return run


def test_a_part_of_a_day_named_before_is_on_that_day_or_the_next(timex_of):
    found = timex_of("The rebels entered the town on March 3. That night, the army withdrew.")
    assert found["That night"] == ("TIME", "2022-03-03TNI")
    found = timex_of("The rebels entered the town on March 3. The following night, the army withdrew.")
    assert found["The following night"] == ("TIME", "2022-03-04TNI")
    found = timex_of("The rebels entered the town on March 3. The night before, the army had withdrawn.")
    assert found["The night before"] == ("TIME", "2022-03-02TNI")


def test_a_part_of_the_day_after_a_named_day_is_one_time(timex_of):
    assert timex_of("The police will search the area tomorrow morning.")["tomorrow morning"] == ("TIME", "2022-09-08TMO")


def test_a_clock_time_is_on_the_day_named_right_after_it(timex_of):
    found = timex_of("The law took effect at midnight on Sunday, and the train left at 7.45am on Monday.")
    assert found["midnight"] == ("TIME", "2022-09-04T24:00")
    assert found["7.45am"] == ("TIME", "2022-09-05T07:45")


def test_per_and_a_unit_is_a_set_and_a_verb_stays_out_of_a_stretch(timex_of):
    assert timex_of("She goes to three meetings per week.")["per week"] == ("SET", "P1W")
    assert timex_of("The trial is expected to last a few weeks.") == {"a few weeks": ("DURATION", "PXW")}


@pytest.mark.parametrize("text", ["Mr Knapman told BBC Radio 4's Today programme.", "Green Day's song is number two.",
                                  "Italy led 9-8 early in the second half.", "Rowlands has died at the age of 71.",
                                  "She spoke on ITV1's This Morning show."])
def test_names_scores_and_ages_are_no_times(timex_of, text):
    assert timex_of(text) == {}


def test_a_weekday_or_season_before_a_noun_still_dates_it(timex_of):
    assert "Monday" in timex_of("The ministers left before the Monday meeting.")
    assert "Autumn" in timex_of("The bank held its Autumn meetings.")


def test_a_bare_day_of_a_range_takes_the_month_of_its_other_end(timex_of):
    assert timex_of("CES runs officially from 6 to 9 January.")["6"] == ("DATE", "2023-01-06")
    found = timex_of("The talks ran from Jan. 6 to 9 in Geneva.")
    assert found["9"][1][:8] == found["Jan. 6"][1][:8] and found["9"][1].endswith("-09")


def test_the_recurring_season_a_count_counts_is_in_the_expression(timex_of):
    found = timex_of("They have provoked violence in Northern Ireland for the past three summers.")
    assert found == {"the past three summers": ("SET", "XXXX-SU")}


def test_a_timetable_in_the_present_and_a_reported_plan_point_forward(times_of):
    assert times_of("He and Arafat meet separately Monday with the secretary of state.")["Monday"] == "2022-09-12"
    assert times_of("The company said it would report results on Thursday.")["Thursday"] == "2022-09-08"
    assert times_of("The index follows Tuesday's declaration by Ford.")["Tuesday"] == "2022-09-06"
    assert times_of("Weak technology stocks hurt the composite on Friday.")["Friday"] == "2022-09-02"


def test_a_plural_unit_counted_from_another_time_is_a_vague_stretch(timex_of):
    assert timex_of("Hours later, the rebels withdrew.") == {"Hours": ("DURATION", "PTXH")}
    assert timex_of("Days earlier, the minister had resigned.") == {"Days": ("DURATION", "PXD")}
    assert timex_of("The plant was closed months ago.") == {"months ago": ("DURATION", "PXM")}


@pytest.mark.parametrize("text, found", [
    ("The store opened on Boxing Day.", {"Boxing Day": ("DATE", "2021-12-26")}),
    ("Revellers gathered on New Year's Eve.", {"New Year's Eve": ("DATE", "2021-12-31")}),
    ("Shops closed for Easter.", {"Easter": ("DATE", "2022-04-17")}),
    ("Profits for FY2004 rose.", {"FY2004": ("DATE", "2004")}),
])
def test_holidays_the_model_tags_as_events_and_fiscal_years_it_tags_as_numbers(timex_of, text, found):
    assert timex_of(text) == found


def test_a_year_in_a_name_is_no_time_but_a_holiday_of_a_year_is(timex_of):
    assert timex_of("The Russell 2000 Index of smaller companies dropped by four percent.") == {}
    assert timex_of("Christmas 2004 was the worst for retailers.") == {"Christmas 2004": ("DATE", "2004-12-25")}


def test_a_clock_time_and_its_conversion_are_on_the_day_after_them(timex_of):
    found = timex_of("The ceasefire took effect at 6 a.m. (0400 GMT) Monday.")
    assert found["6 a.m."] == ("TIME", "2022-09-05T06:00") and found["0400 GMT"] == ("TIME", "2022-09-05T04:00Z")


def test_a_clock_time_keeps_its_hedge_and_local_time(timex_of):
    found = timex_of("The announcement came at about 11:30 local time (0930 GMT).")
    assert found["about 11:30 local time"] == ("TIME", "2022-09-07T11:30")
    assert "around 7:15 p.m." in timex_of("Police arrived at around 7:15 p.m. on the scene.")


def test_a_unit_after_a_the_model_leaves_untagged_is_found_when_framed(timex_of):
    assert timex_of("The results will be known in a fortnight.") == {"a fortnight": ("DATE", "2022-W38")}  # ahead
    assert timex_of("He earns $50,000 a year.") == {"a year": ("SET", "P1Y")}


def test_a_weekend_ahead_and_a_recurring_evening_after_a_tagged_weekday(timex_of):
    assert timex_of("The vote will take place at the weekend.")["the weekend"] == ("DATE", "2022-W36-WE")
    assert timex_of("The ministers met over the weekend.")["the weekend"] == ("DATE", "2022-W35-WE")
    found = timex_of("The team trains on Tuesday and Thursday evenings.")
    assert found["Thursday evenings"] == ("SET", "XXXX-WXX-4TEV")


@pytest.mark.parametrize("text, found", [
    ('Fans hoping for a second "Nipple-gate" were disappointed.', {}),
    ("He came on with just over a quarter-of-an-hour on the clock.", {}),
    ("The Springboks won a penalty a minute later.", {"a minute": ("DURATION", "PT1M")}),
])
def test_an_ordinal_a_share_and_a_stretch_after_a_noun_are_no_units_or_rates(timex_of, text, found):
    assert timex_of(text) == found


def test_a_holiday_before_a_noun_still_dates_it(timex_of):
    assert timex_of("However, Christmas takings were down.")["Christmas"][0] == "DATE"


def test_a_day_or_month_dating_an_act_told_in_the_past_lies_before_publication(times_of):
    found = times_of("The deputy was killed on Oct. 24, and his killer fled in November.")
    assert found["Oct. 24"] == "2021-10-24" and found["November"] == "2021-11"


def test_a_past_act_may_set_a_day_ahead(times_of):
    assert times_of("They extended the deadline until Oct. 24.")["Oct. 24"] == "2022-10-24"
    assert times_of("The company said it would pay the dividend on Oct. 24.")["Oct. 24"] == "2022-10-24"
    assert times_of("The vote was set for Oct. 24.")["Oct. 24"] == "2022-10-24"


def test_a_list_of_years_tagged_as_one_entity_leaves_its_commas_out(timex_of):
    assert list(timex_of("She hosted in 1994, 1996, 1999 and 2002.")) == ["1994", "1996", "1999", "2002"]


def test_a_leading_preposition_is_a_signal_outside_the_expression(timex_of):
    assert "noon Tuesday" in timex_of("The clerk read the sentence shortly before noon Tuesday.")


def test_the_article_of_a_noun_a_full_date_modifies_stays_out(timex_of):
    assert "June 20, 2005" in timex_of("The case stemmed from the June 20, 2005 shooting of a man.")


def test_am_or_pm_after_a_clock_the_model_cut_off_is_taken_in(timex_of):
    assert timex_of("Posted August 8, 2012 - 4:43 pm")["August 8, 2012 - 4:43 pm"] == ("TIME", "2012-08-08T16:43")


def test_ages_listed_or_bounded_are_not_time_expressions(times_of):
    assert times_of("He assaulted two girls, ages 12 and 15, and 24 wives were under age 17.") == {}


def test_words_before_a_last_or_next_phrase_the_model_took_in_stay_out(timex_of):
    assert "last week" in timex_of("Monday's shooting follows two last week in public places.")
    assert "next Sunday" in timex_of("Indianapolis will close out the regular season next Sunday against Houston.")


def test_a_range_of_years_with_a_short_closing_year_is_two_years(timex_of):
    found = timex_of("Revenue rose in 1998-99 and fell in 1999-00.")
    assert (found["1998"], found["99"], found["00"]) == (("DATE", "1998"), ("DATE", "1999"), ("DATE", "2000"))


def test_financial_and_model_years_are_years_and_plural_ages_no_times(timex_of):
    found = timex_of("Nissan forecast a loss in its current financial year, on cars from the 2004 model year.")
    assert found["current financial year"] == ("DATE", "2022") and found["2004 model year"] == ("DATE", "2004")
    assert timex_of("The book won the award for six- to eight-year-olds after the age of 10 or 11.") == {}


def test_an_entity_ending_in_in_joins_the_year_after_it(timex_of):
    found = timex_of("On Tuesday, the government revised growth figures from earlier in 2004 which showed growth.")
    assert found["earlier in 2004"][0] == "DATE" and found["earlier in 2004"][1].startswith("2004")


def test_a_range_end_that_names_no_time_is_left_out(timex_of):
    found = timex_of("Growth was fuelled by a strong performance in the first few months - and is forecast to rise.")
    assert found == {"the first few months": ("DURATION", "PXM")}


def test_current_in_a_term_names_no_time(times_of):
    assert times_of("The current account deficit widened, and current affairs shows discussed it.") == {}
    assert times_of("The current rules apply.") == {"current": "PRESENT_REF"}


def test_a_stretch_stays_apart_from_a_time_after_it_and_half_hourly_is_thirty_minutes(timex_of):
    found = timex_of("Ratings peaked at 14.2 million in the last 15 minutes, overnight figures showed.")
    assert found["the last 15 minutes"] == ("DURATION", "PT15M")
    assert timex_of("A half-hourly service would cover its costs.")["half-hourly"] == ("SET", "PT30M")


def test_two_days_or_clock_times_a_parser_reads_as_one_are_two(timex_of):
    found = timex_of("Paintings go under the hammer in London on 22 and 23 June.")
    assert (found["22"][1][5:], found["23 June"][1][5:]) == ("06-22", "06-23")
    found = timex_of("Viewers tuned into EastEnders between 2000 and 2100 GMT, leaving ITV1 behind.")
    assert found["2000"] == ("TIME", "2022-09-07T20:00Z") and found["2100 GMT"] == ("TIME", "2022-09-07T21:00Z")
    assert timex_of("Just 17% of 18 to 24 year olds voted.") == {}


def test_a_year_to_a_month_other_than_december_is_twelve_months(timex_of):
    found = timex_of("Output grew 15.7% in the year to October.")
    assert found["the year"] == ("DURATION", "P1Y")


def test_late_in_the_day_is_one_expression(timex_of):
    assert "late in the day" in timex_of("The Dow rebounded late in the day after falling 250 points.")
    assert "earlier in the week" in timex_of("Google announced profits earlier in the week.")


def test_a_plan_told_in_the_past_perfect_does_not_point_ahead(times_of):
    assert times_of("The offer had been scheduled to expire at midnight Friday.")["midnight Friday"] == "2022-09-02"
    assert times_of("He had planned to leave on Monday, but stayed.")["Monday"] == "2022-09-05"
    assert times_of("He plans to leave on Monday.")["Monday"] == "2022-09-12"  # a plan in the present stays ahead
    assert times_of("The firm had expected to close the deal in October.")["October"] == "2022-10"  # the nearest


def test_uncounted_units_coordinated_are_one_vague_stretch(timex_of):
    assert timex_of("He probably died within weeks or months of his capture.") == {"weeks or months": ("DURATION", "PXW")}
    assert timex_of("It may take days or weeks to finish.") == {"days or weeks": ("DURATION", "PXD")}
    found = timex_of("The talks could take two weeks or three months.")  # counted: two stretches
    assert found == {"two weeks": ("DURATION", "P2W"), "three months": ("DURATION", "P3M")}


def test_a_stretch_after_in_that_will_or_may_be_counts_from_publication(timex_of):
    assert timex_of("The stock would be redeemed in five years.")["five years"] == ("DATE", "2027")
    assert timex_of("The plant will open in two weeks.")["two weeks"] == ("DATE", "2022-W38")
    assert timex_of("The deal should close in 30 days.")["30 days"] == ("DATE", "2022-10-07")
    assert timex_of("You may, in a year or two, save more lives.")["a year or two"] == ("DATE", "FUTURE_REF")
    assert timex_of("He will return in a few months.")["a few months"] == ("DATE", "FUTURE_REF")


def test_a_stretch_after_in_that_was_or_is_defined_stays_a_stretch(timex_of):
    assert timex_of("The index fell 3% in two weeks.")["two weeks"] == ("DURATION", "P2W")
    assert timex_of("Stocks closed at their lowest level in six years.")["six years"] == ("DURATION", "P6Y")
    assert timex_of("Prices will rise in the next two years.")["the next two years"] == ("DURATION", "P2Y")
    found = timex_of("Taxes would be minimal in a quarter that produced such a loss.")
    assert found["a quarter"] == ("DURATION", "P1Q")


def test_a_second_count_after_a_stretch_widens_it(timex_of):
    assert timex_of("It took a year or two to recover.") == {"a year or two": ("DURATION", "P1Y")}
    assert timex_of("The talks lasted a day or two days.") == {"a day": ("DURATION", "P1D"), "two days": ("DURATION", "P2D")}


def test_one_day_after_a_modal_is_the_future(timex_of):
    assert timex_of("Islam will one day be the second largest religion.")["one day"] == ("DATE", "FUTURE_REF")
    assert timex_of("The strike lasted one day.")["one day"] == ("DURATION", "P1D")


def test_a_short_zone_is_taken_in_only_after_a_clock(timex_of):
    assert timex_of("The game starts at 7 p.m. ET on Friday.")["7 p.m. ET"] == ("TIME", "2022-09-09T19:00")
    assert timex_of("Smith et al. reported it Tuesday.") == {"Tuesday": ("DATE", "2022-09-06")}


def test_a_window_back_after_an_ordinal_or_superlative_stays_a_stretch(timex_of):
    found = timex_of("US interest rates are to rise for the fourth time in five months.")
    assert found["five months"] == ("DURATION", "P5M")
    assert timex_of("The index will hit its highest level in six years.")["six years"] == ("DURATION", "P6Y")


def test_a_hedge_on_a_signal_is_no_time_and_stays_outside(times_of):
    assert times_of("He had probably been killed soon after being captured.") == {}
    assert times_of("The deal will close soon.") == {"soon": "FUTURE_REF"}
    assert list(times_of("The shops open shortly after midnight.")) == ["midnight"]
    assert list(times_of("Stores plan to open just after midnight on Tuesday.")) == ["midnight", "Tuesday"]


def test_a_bare_month_opening_a_range_takes_the_year_of_its_other_end(times_of):
    assert times_of("The survey was held between March and April 2004.") == {"March": "2004-03", "April 2004": "2004-04"}
    assert times_of("It ran from March to June 1990.")["March"] == "1990-03"
    assert times_of("Sales rose from December to February 2005.")["December"] == "2004-12"


def test_a_rank_is_no_year_and_a_count_in_a_row_keeps_its_row(timex_of):
    assert timex_of("Estelle came in at 39, Joss Stone was 40th and Jamelia took the 44th place.") == {}
    assert "the 21st month in a row" in timex_of("Production rose for the 21st month in a row in February.")


def test_recently_before_after_is_still_the_past(times_of):
    assert times_of("He moved to Israel recently after a brief stint in Africa.") == {"recently": "PAST_REF"}


def test_then_current_is_the_present_of_a_past_time(times_of):
    assert times_of("Holders may buy shares at 50% of the then current market price.") == {"then current": "PAST_REF"}
    assert times_of("The then-current chairman resigned.") == {"then-current": "PAST_REF"}


def test_a_vague_count_stays_with_its_unit_when_words_before_it_are_dropped(timex_of):
    found = timex_of("He said so in an interview several months before he took the post.")
    assert found["several months"] == ("DURATION", "PXM")


def test_an_open_end_closing_a_clause_is_the_mod(nlp, rules):
    text = "It won't be profitable until 1994 or later. It is confident about 1990 and beyond."
    found = {t.text: (t.timex, t.mod) for t in extract_times(nlp(text), Article("t", "t.txt", text, PUBLISHED), rules)}
    assert found == {"1994 or later": ("1994", "ON_OR_AFTER"), "1990 and beyond": ("1990", "ON_OR_AFTER")}
    text = "It will happen in 2005 or after the election."
    assert [t.text for t in extract_times(nlp(text), Article("t", "t.txt", text, PUBLISHED), rules)] == ["2005"]


def test_an_extent_ends_at_its_last_word_not_at_a_paragraph_break(timex_of):
    found = timex_of("Published on May 3, 2013\n\nPolice said a man was held.")
    assert list(found) == ["May 3, 2013"]
    assert timex_of("He left a couple hours after the hearing.")["a couple hours"] == ("DURATION", "PT2H")


def test_a_frequency_before_a_tagged_unit_makes_a_set(nlp, rules):
    text = "They met once a week for years. It happened once a year ago."
    found = {t.text: (t.timex_type, t.timex, t.freq) for t in extract_times(nlp(text), Article("t", "t.txt", text, PUBLISHED), rules)}
    assert found["once a week"] == ("SET", "P1W", "1X")
    assert found["a year ago"][0] == "DATE"


def test_a_change_measured_over_a_stretch_after_in_stays_a_stretch(timex_of):
    assert timex_of("Prices could fall 10% in two weeks.")["two weeks"] == ("DURATION", "P2W")


def test_how_soon_after_in_stays_a_stretch(timex_of):
    assert timex_of("The new tool could end discussions in minutes.")["minutes"] == ("DURATION", "PTXM")
    assert timex_of("You could download the song in a few minutes.")["a few minutes"] == ("DURATION", "PTXM")
    assert "days" in timex_of("But come late August, a few hot days in the stadium will herald it.")


def test_a_stretch_defined_after_it_or_what_can_happen_in_it_stays_a_stretch(timex_of):
    assert timex_of("Now we see this can disappear in a few days.")["a few days"] == ("DURATION", "PXD")
    assert timex_of("In a year with no new consoles, the market will still grow.")["a year"] == ("DURATION", "P1Y")


def test_in_a_stretchs_time_points_ahead_with_the_words_the_model_cuts_off(times_of):
    assert times_of("Viewing will be radically different in five years' time.") == {"five years' time": "2027"}
    assert times_of("The results will be known in a week's time.") == {"a week's time": "2022-W37"}


def test_the_months_of_a_quarter_tagged_apart_are_one_expression(times_of):
    assert times_of("Growth slowed in the July-to-September quarter.") == {"the July-to-September quarter": "2022-Q3"}


def test_a_wire_clock_before_local_time_tagged_as_a_date_is_a_time(nlp, rules):
    text = "Police raided the house at around 0630 local time."
    (found,) = extract_times(nlp(text), Article("t", "t.txt", text, PUBLISHED), rules)
    assert (found.text, found.timex_type, found.timex, found.mod) == ("around 0630 local time", "TIME", "2022-09-07T06:30", "APPROX")


@pytest.mark.parametrize(
    "text, found",
    [
        ("I have dealt with this six months ago.", {"six months ago": "2022-03"}),
        ("There is a meeting planned for 6 or 7 January.", {"6": "2023-01-06", "7 January": "2023-01-07"}),
        ("The fund lost money every quarter last year.", {"every quarter": None, "last year": "2021"}),
        ("The scheme excludes people who die before they reach 65 years of age.", {}),
        ("Universities deal with pupils between the ages of 16 and 18.", {}),
    ],
)
def test_extents_a_pronoun_two_days_a_set_and_a_year_ages(times_of, text, found):
    assert times_of(text) == found


@pytest.mark.parametrize(
    "text, found",
    [
        ("It will only save a day's work.", {"a day": None}),
        ("The value of trade in April-July rose threefold.", {"April": "2022-04", "July": "2022-07"}),
        ("Exports fell in November-February.", {"November": "2021-11", "February": "2022-02"}),
        ("He was killed in November 2004 several months after the threats.",
         {"November 2004": "2004-11", "several months": None}),
        ("He served in Parliament for 47 continuous years.", {"47 continuous years": None}),
    ],
)
def test_measures_month_ranges_and_a_date_before_a_stretch(times_of, text, found):
    assert times_of(text) == found


def test_a_score_before_a_count_back_is_no_date(times_of):
    assert "30-20 nine" not in times_of("England A beat France A 30-20 nine days ago.")


@pytest.mark.parametrize(
    "text, found",
    [
        ("The festival was held from 10-12 June.", {"10": "2022-06-10", "12 June": "2022-06-12"}),
        ("The US blocked its application for the 21st time.", {}),
    ],
)
def test_days_of_a_range_without_spaces_and_an_ordinal_of_times(times_of, text, found):
    assert times_of(text) == found


def test_a_word_written_twice_before_an_expression_is_left_out(times_of):
    assert times_of("The offer is scheduled to expire at the the end of November.") == {"the end of November": "2022-11"}


def test_a_list_of_times_tagged_as_one_is_one_expression_each(times_of):
    assert times_of("The Fed implemented rises in June, August, September and November.") == {
        "June": "2022-06", "August": "2022-08", "September": "2022-09", "November": "2021-11"}


def test_all_and_a_unit_is_that_whole_unit(nlp, rules):
    text = "He played so well all week."
    (found,) = extract_times(nlp(text), Article("t", "t.txt", text, PUBLISHED), rules)
    assert (found.text, found.timex_type, found.timex) == ("all week", "DURATION", "P1W")


def test_days_of_a_range_after_their_month(times_of):
    assert times_of("The summit was held on October 1-2.") == {"October 1": "2021-10-01", "2": "2021-10-02"}


def test_a_weekday_and_its_day_tagged_apart_from_the_month_are_one_date(nlp, rules):
    doc = nlp("It was published on Friday, 27 September 2013 in the capital.")
    start = next(t.i for t in doc if t.text == "Friday")
    doc.ents = [Span(doc, start, start + 3, label="DATE"), Span(doc, start + 3, start + 5, label="DATE")]
    assert [span.text for span in time_spans(doc, rules)] == ["Friday, 27 September 2013"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("The Pixies will headline the first day of Reading.", "the first day"),
        ("Many have not heard anything for 10 or more years - in all, 90% have lost someone.", "10 or more years"),
    ],
)
def test_a_preposition_conjunction_or_dash_never_ends_an_expression(times_of, text, found):
    assert found in times_of(text)


def test_a_list_joined_by_and_is_one_expression_each_and_a_range_stays_two_ends(times_of):
    assert times_of("The Fed raised rates in June, August and September.") == {
        "June": "2022-06", "August": "2022-08", "September": "2022-09"}
    assert times_of("The talks ran between 1994 and 1997.") == {"1994": "1994", "1997": "1997"}


def test_a_determiner_of_a_word_after_never_ends_an_expression(times_of):
    assert "the first year" in times_of("O'Brien just finished the first year of a three-year deal.")


def test_a_time_in_a_gerund_after_a_preposition_takes_the_tense_of_the_clause_it_hangs_off(times_of):
    found = times_of("The airline will add a third flight, with the third departing each Thursday from August 6.")
    assert found["August 6"] == "2023-08-06"
    assert times_of("He agreed a new deal with the Cubs after joining them in November.") == {"November": "2021-11"}


def test_a_stretch_of_a_month_is_the_stretch_and_the_month_without_of(times_of):
    assert times_of("Prices fell in the first two weeks of March.") == {"the first two weeks": None, "March": "2022-03"}


@pytest.mark.parametrize(
    "text, found",
    [
        ("The government has continued to hold all stock markets closed until Friday.", {"Friday": "2022-09-09"}),
        ("Their testimony has been delayed until Monday.", {"Monday": "2022-09-12"}),
        ("The festival runs until 24 January.", {"24 January": "2023-01-24"}),
        ("The markets remained closed until Friday.", {"Friday": "2022-09-02"}),
    ],
)
def test_the_end_of_a_state_that_holds_now_lies_ahead(times_of, text, found):
    assert times_of(text) == found


def test_a_week_counted_from_a_weekend_named_before_is_no_crash(times_of):
    text = ("The change involved moving the DJ from their weekend afternoon slot. "
            "Fans still want to know what is the most popular song of the week.")
    assert times_of(text)["the week"] is not None
