"""Event coreference rules (kg/events.py) on hand-built reports: what merges, what never does, and dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.events import (INFERRED, PROPAGATED, STATED, EventRules, Interval, Report, load_event_rules, report_interval,
                       resolve_events, stated_interval)

PUBLISHED = date(2022, 9, 3)


def report(doc: str, start: int, cls: str = "ReduceRelations", agent: str | None = "org/cloudflare",
           target: str | None = "org/kiwi-farms", **kw) -> Report:
    fields = dict(lemma="block", trigger="blocked", tense=-1, published=PUBLISHED)
    fields.update(kw)
    return Report(doc, start, cls, agent=agent, target=target, **fields)


def groups(events) -> list[set[tuple[str, int]]]:
    return sorted(({r.key for r in e.reports} for e in events), key=lambda g: sorted(g))


def test_reports_of_one_act_in_several_articles_are_one_event_with_counts():
    reports = [report("a", 10, outlet="CNN"), report("b", 5, trigger="dropped", lemma="drop", outlet="AP"),
               report("c", 7, published=date(2022, 9, 4), outlet="AP"), report("a", 90)]
    [event] = resolve_events(reports)
    assert len(event.reports) == 4 and event.articles == 3 and event.outlets == 2
    assert event.first.key == ("a", 10) and event.key == ("a", 10)
    assert (event.agent, event.target) == ("org/cloudflare", "org/kiwi-farms")
    assert [m.rule for m in event.merges] == ["same-agent-and-target"] * 3


def test_a_statement_never_merges_with_a_physical_act():
    events = resolve_events([report("a", 1), report("b", 1, cls="Statement", lemma="say", trigger="said")])
    assert len(events) == 2


def test_generic_actions_merge_only_with_the_same_lemma():
    events = resolve_events([report("a", 1, cls="OtherAction", lemma="buy", generic=True),
                             report("b", 1, cls="OtherAction", lemma="buy", generic=True),
                             report("c", 1, cls="OtherAction", lemma="sell", generic=True)])
    assert groups(events) == [{("a", 1), ("b", 1)}, {("c", 1)}]


@pytest.mark.parametrize("other", [dict(negated=True), dict(modality="Possible")], ids=["negated", "possible"])
def test_a_denial_or_a_possibility_is_not_the_act(other):
    assert len(resolve_events([report("a", 1), report("b", 1, **other)])) == 2


def test_different_participants_in_a_role_keep_events_apart():
    events = resolve_events([report("a", 1), report("b", 1, target="org/8chan")])
    assert len(events) == 2


def test_one_unknown_side_merges_when_the_other_is_shared():
    [event] = resolve_events([report("a", 1), report("b", 1, agent=None)])
    assert event.agent == "org/cloudflare" and event.merges[0].rule == "same-target"


def test_two_reports_that_both_leave_the_target_unnamed_are_not_one_event():
    """"Labour said" twice shares a speaker, and nothing else."""
    statements = [report(doc, 1, cls="Statement", lemma="say", trigger="said", agent="org/labour", target=None)
                  for doc in "ab"]
    assert len(resolve_events(statements)) == 2
    assert len(resolve_events([*statements, report("c", 1, cls="Statement", agent="org/labour", target=None)])) == 3


def test_reports_of_one_act_on_one_target_merge_though_neither_names_the_agent():
    [event] = resolve_events([report("a", 1, cls="Harass", agent=None), report("b", 1, cls="Harass", agent=None)])
    assert event.merges[0].rule == "same-target"


def test_no_chain_of_weak_links():
    """A names only the agent, B only the target: each is compatible with C (both), but not with each other."""
    events = resolve_events([report("c", 1), report("a", 1, target=None), report("b", 1, agent=None)])
    clusters = groups(events)
    assert not any({("a", 1), ("b", 1)} <= g for g in clusters)
    for e in events:  # every pair in an event shares a participant
        for x in e.reports:
            for y in e.reports:
                assert (x.agent and x.agent == y.agent) or (x.target and x.target == y.target)


def test_times_that_cannot_overlap_keep_events_apart_and_the_undated_report_joins_one():
    events = resolve_events([report("a", 1, time_value="2019", granularity="year"),
                             report("b", 1, time_value="2022-09-03", granularity="day"),
                             report("c", 1)])
    assert len(events) == 2
    dated = {e.date_value: e for e in events}
    assert set(dated) == {"2019", "2022-09-03"}
    assert len(dated["2022-09-03"].reports) == 2  # the finer date forms the event first; the undated report joins


def test_the_most_specific_stated_date_wins_and_the_others_are_propagated():
    [event] = resolve_events([report("a", 1, time_value="2022-09", granularity="month"),
                              report("b", 1, time_value="2022-09-03", granularity="day"), report("c", 1)])
    assert (event.date_value, event.granularity, event.basis) == ("2022-09-03", "day", STATED)
    assert event.stated_dates == ("2022-09", "2022-09-03")
    assert event.report_basis == {("a", 1): STATED, ("b", 1): STATED, ("c", 1): PROPAGATED}


def test_an_undated_past_act_is_placed_on_its_first_publication_day_and_marked_inferred():
    [event] = resolve_events([report("b", 1, published=date(2022, 9, 5)), report("a", 1)])
    assert (event.date_value, event.basis) == ("2022-09-03", INFERRED)
    assert event.bounds == Interval(None, date(2022, 9, 3))


@pytest.mark.parametrize("kw", [dict(tense=1), dict(tense=-2), dict(modality="Intended")],
                         ids=["future", "past-perfect", "intended"])
def test_no_day_is_inferred_for_a_plan_or_an_act_further_back(kw):
    [event] = resolve_events([report("a", 1, **kw)])
    assert event.date_value is None and event.basis == INFERRED


def test_a_future_act_is_after_publication_and_never_merges_with_a_dated_past_one():
    assert report_interval(report("a", 1, tense=1)) == Interval(PUBLISHED, None)
    events = resolve_events([report("a", 1, tense=1), report("b", 1, time_value="2022-08-01", granularity="day")])
    assert len(events) == 2


def test_an_event_that_nothing_places_in_time_claims_no_basis():
    """An undated article's undated act: no day, no bound, so nothing was inferred and no basis is recorded."""
    [event] = resolve_events([report("a", 1, published=None)])
    assert (event.date_value, event.bounds, event.basis, event.report_basis) == (None, Interval(None, None), None, {})


def test_reports_that_nothing_places_in_time_merge_only_within_their_document():
    undated = dict(published=None)
    events = resolve_events([report("a", 1, **undated), report("a", 9, **undated), report("b", 1, **undated),
                             report("c", 1)])
    assert groups(events) == [{("a", 1), ("a", 9)}, {("b", 1)}, {("c", 1)}]


def test_an_undated_statement_was_made_within_a_week_before_it_was_published():
    said = dict(cls="Statement", lemma="tell", trigger="told", momentary=True)
    assert report_interval(report("a", 1, **said)) == Interval(date(2022, 8, 27), PUBLISHED)
    events = resolve_events([report("a", 1, **said), report("b", 1, published=date(2022, 9, 6), **said),
                             report("c", 1, published=date(2022, 11, 1), **said)])
    assert groups(events) == [{("a", 1), ("b", 1)}, {("c", 1)}]


def test_undated_reports_published_weeks_apart_are_two_events_unless_a_stated_date_joins_them():
    march, november = dict(published=date(2022, 3, 1)), dict(published=date(2022, 11, 1))
    assert len(resolve_events([report("a", 1, **march), report("b", 1, **november)])) == 2
    [event] = resolve_events([report("a", 1, **march), report("b", 1, **march, time_value="2022-02", granularity="month"),
                              report("c", 1, published=date(2022, 3, 6))])
    assert event.date_value == "2022-02" and event.articles == 3


def test_the_windows_come_from_the_data_file(tmp_path):
    from kg.errors import ConfigError
    from kg.events import EventRules, load_event_rules

    shipped = load_event_rules()
    assert (shipped.momentary_days, shipped.undated_days) == (7, 7) and ("die", "death", "dead") <= shipped.senses[0]
    custom = tmp_path / "events.yaml"
    custom.write_text("undated_days: 400\n", encoding="utf-8")
    rules = load_event_rules(custom)
    far = [report("a", 1, published=date(2022, 3, 1)), report("b", 1, published=date(2022, 11, 1))]
    assert len(resolve_events(far, rules=rules)) == 1
    custom.write_text("undated_dayz: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting undated_dayz"):
        load_event_rules(custom)
    custom.write_text("senses: [die, death]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="senses must be a list of lists of words"):
        load_event_rules(custom)


def test_within_a_story_undated_or_participant_less_reports_merge_but_undated_speech_stays_in_its_document():
    undated = dict(published=None, story="s1")
    assert len(resolve_events([report("a", 1, **undated), report("b", 1, **undated)])) == 1
    nobody = dict(agent=None, target=None, story="s1")
    assert len(resolve_events([report("a", 1, **nobody), report("b", 1, **nobody), report("c", 1, agent=None,
                                                                                        target=None, story="s2")])) == 2
    said = dict(cls="Statement", lemma="tell", trigger="told", momentary=True, target="org/bbc", **undated)
    assert len(resolve_events([report("a", 1, **said), report("b", 1, **said)])) == 2


def test_reports_without_participants_merge_only_within_their_document():
    events = resolve_events([report("a", 1, agent=None, target=None), report("a", 50, agent=None, target=None),
                             report("b", 1, agent=None, target=None)])
    assert groups(events) == [{("a", 1), ("a", 50)}, {("b", 1)}]


def test_resolution_does_not_depend_on_the_order_of_its_input():
    reports = [report("a", 1), report("b", 2, agent=None), report("c", 3, target=None),
               report("d", 4, time_value="2022-09-03", granularity="day"), report("e", 5, target="org/8chan")]
    assert groups(resolve_events(reports)) == groups(resolve_events(list(reversed(reports))))


def test_merge_evidence_names_the_participants_and_times():
    [event] = resolve_events([report("a", 1), report("b", 2)], {"org/cloudflare": "Cloudflare", "org/kiwi-farms": "Kiwi Farms"})
    assert "same agent Cloudflare; same target Kiwi Farms; times overlap (..2022-09-03 and ..2022-09-03)" in event.merges[0].evidence


@pytest.mark.parametrize("value, granularity, first, last", [
    ("2022-09-03", "day", date(2022, 9, 3), date(2022, 9, 3)),
    ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
    ("2019", "year", date(2019, 1, 1), date(2019, 12, 31)),
    ("2022-W35", "week", date(2022, 8, 29), date(2022, 9, 4)),
])
def test_stated_intervals(value, granularity, first, last):
    assert stated_interval(value, granularity) == Interval(first, last)


STORY = dict(story="s1", published=None)


def test_events_of_one_lemma_in_one_story_merge_when_their_participants_and_times_agree():
    """"Smith died" and "the death" (no participant) in two documents of one story: one event."""
    died = dict(cls="OtherAction", generic=True, lemma="die", trigger="died", target=None, **STORY)
    events = resolve_events([report("a", 1, agent="per/smith", **died), report("b", 1, agent=None, **died)])
    [event] = events
    assert event.merges[0].rule == "same-lemma-in-story" and "lemma 'die' in one story" in event.merges[0].evidence


def test_same_lemma_events_in_a_story_stay_apart_when_participants_or_times_conflict():
    died = dict(cls="OtherAction", generic=True, lemma="die", trigger="died", target=None, **STORY)
    assert len(resolve_events([report("a", 1, agent="per/smith", **died), report("b", 1, agent="per/jones", **died)])) == 2
    dated = [report("a", 1, agent=None, time_value="2019", granularity="year", **died),
             report("b", 1, agent=None, time_value="2021", granularity="year", **died)]
    assert len(resolve_events(dated)) == 2
    other_story = dict(died, story="s2")
    assert len(resolve_events([report("a", 1, agent=None, **died), report("b", 1, agent=None, **other_story)])) == 2


def test_a_generic_report_joins_a_specific_class_of_its_lemma_but_two_specific_classes_never_merge():
    shot = dict(lemma="shoot", trigger="shot", agent=None, target="per/smith", **STORY)
    [event] = resolve_events([report("a", 1, cls="Assault", **shot),
                              report("b", 1, cls="OtherAction", generic=True, **dict(shot, target=None))])
    assert event.action_class == "Assault"
    assert len(resolve_events([report("a", 1, cls="Assault", **shot),
                               report("b", 1, cls="Fire", **dict(shot, target=None))])) == 2


def test_words_of_one_sense_join_events_in_a_story():
    """"the quake" and "the earthquake" (a group in events.yaml); "the shooting" and "shot" (an -ing noun)."""
    nobody = dict(cls="OtherAction", generic=True, agent=None, target=None, **STORY)
    [event] = resolve_events([report("a", 1, lemma="earthquake", trigger="earthquake", **nobody),
                              report("b", 1, lemma="quake", trigger="quake", **nobody)],
                             rules=load_event_rules())
    assert event.merges[0].rule == "same-sense-in-story"
    assert len(resolve_events([report("a", 1, lemma="shoot", trigger="shot", **nobody),
                               report("b", 1, lemma="shooting", trigger="shooting", **nobody)])) == 1
    assert len(resolve_events([report("a", 1, lemma="quake", trigger="quake", **nobody),
                               report("b", 1, lemma="earthquake", trigger="earthquake", **nobody)])) == 2


def test_speech_acts_do_not_join_by_lemma_in_a_story():
    said = dict(cls="Statement", lemma="say", trigger="said", momentary=True, target=None, story="s1")
    assert len(resolve_events([report("a", 1, agent="per/smith", **said), report("b", 1, agent=None, **said)])) == 2


def test_an_event_told_with_two_words_joins_others_by_its_main_word_only():
    """"shot" and "killed" of one victim are one report each of an event; a "killing" elsewhere in the story
    does not join through "killed" when the event's main word is "shoot" (no bridge between two happenings)."""
    victim = dict(cls="Assault", agent=None, target="per/ortiz", **STORY)
    reports = [report("a", 1, lemma="shoot", trigger="shot", **victim), report("b", 1, lemma="kill", trigger="killed", **victim),
               report("c", 1, cls="OtherAction", generic=True, lemma="kill", trigger="killing", agent=None, target=None,
                      **STORY)]
    assert groups(resolve_events(reports)) == [{("a", 1), ("b", 1)}, {("c", 1)}]


def test_names_that_share_a_word_or_differ_in_kind_do_not_conflict_in_a_story():
    checked = dict(cls="OtherAction", generic=True, lemma="check", trigger="checked", target=None, **STORY)
    assert len(resolve_events([report("a", 1, agent="person/lindsay-lohan", **checked),
                               report("b", 1, agent="person/lohan", **checked)])) == 1
    assert len(resolve_events([report("a", 1, agent="person/lindsay-lohan", **checked),
                               report("b", 1, agent="place/malibu", **checked)])) == 1  # a misread agent
    assert len(resolve_events([report("a", 1, agent="person/lindsay-lohan", **checked),
                               report("b", 1, agent="person/amy-winehouse", **checked)])) == 2


def test_a_word_of_several_senses_joins_the_words_of_each_but_an_event_settled_on_one_does_not_bridge():
    """"fire" names a blaze and a dismissal: it joins "blaze" in one story and "sack" in another, but an event
    told as "fire" and "blaze" does not take in a "sack" of its story."""
    rules = EventRules(senses=(("fire", "blaze"), ("dismiss", "fire", "sack")))
    nobody = dict(cls="OtherAction", generic=True, agent=None, target=None, published=None)

    def said(doc: str, lemma: str, story: str) -> Report:
        return report(doc, 1, lemma=lemma, trigger=lemma, story=story, **nobody)

    assert len(resolve_events([said("a", "fire", "s1"), said("b", "blaze", "s1")], rules=rules)) == 1
    assert len(resolve_events([said("a", "fire", "s1"), said("b", "sack", "s1")], rules=rules)) == 1
    assert len(resolve_events([said("a", "blaze", "s1"), said("b", "sack", "s1")], rules=rules)) == 2
    settled = [said("a", "fire", "s1"), said("b", "blaze", "s1"), said("c", "blaze", "s1"), said("d", "sack", "s1")]
    assert groups(resolve_events(settled, rules=rules)) == [{("a", 1), ("b", 1), ("c", 1)}, {("d", 1)}]


def test_a_derived_noun_joins_its_verb_in_a_story_without_any_sense_group():
    nobody = dict(cls="OtherAction", generic=True, agent=None, target=None, **STORY)
    [event] = resolve_events([report("a", 1, lemma="investigate", trigger="investigated", **nobody),
                              report("b", 1, lemma="investigation", trigger="investigation", **nobody)])
    assert event.merges[0].rule == "same-sense-in-story" and "sense 'investigate'" in event.merges[0].evidence
    assert len(resolve_events([report("a", 1, lemma="investigation", trigger="investigation", **nobody),
                               report("b", 1, lemma="station", trigger="station", **nobody)])) == 2


@pytest.mark.parametrize("enabled", [True, False])
def test_resolution_leaves_the_garbage_collector_as_it_found_it(enabled):
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        resolve_events([report("a", 1), report("b", 2)])
        assert gc.isenabled() is enabled
        with pytest.raises(AttributeError):
            resolve_events([object()])  # type: ignore[list-item]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_commonest_place_wins_ties_go_by_name_and_a_lone_report_keeps_its_own():
    reports = [report("a", 1, place="gpe/paris", time_value="2022-09", granularity="month"),
               report("b", 1, place="gpe/lyon", time_value="2022-09", granularity="month"),
               report("c", 1, place="gpe/lyon", time_value="2022-09-03", granularity="day")]
    [event] = resolve_events(reports)
    assert (event.place, event.date_value, event.granularity) == ("gpe/lyon", "2022-09-03", "day")
    [alone] = resolve_events(reports[:1])
    assert (alone.place, alone.date_value, alone.granularity) == ("gpe/paris", "2022-09", "month")
    [tie] = resolve_events([reports[0], replace(reports[1], place="gpe/berlin")])
    assert tie.place == "gpe/berlin"


KILL_DIE = EventRules(senses=(("die", "death", "dead"), ("kill", "murder")), outcomes=(("kill", "die"),))


def test_an_act_and_its_outcome_are_one_event_when_the_one_it_befalls_is_the_target():
    """"gunmen killed Jane Doe" and "Jane Doe died" in one story: one event, joined as an act and its outcome."""
    killed = report("a", 1, cls="Assault", lemma="kill", trigger="killed", agent="person/john-roe",
                    target="person/jane-doe", **STORY)
    died = report("b", 1, cls="OtherAction", generic=True, lemma="die", trigger="died", agent="person/jane-doe",
                  target=None, **STORY)
    [event] = resolve_events([killed, died], rules=KILL_DIE)
    assert event.merges[0].rule == "act-and-outcome-in-story"
    assert "an act and its outcome 'die'" in event.merges[0].evidence
    assert (event.agent, event.action_class) == ("person/john-roe", "Assault")  # the event's own roles are kept
    the_death = replace(died, doc_id="c", agent=None, lemma="death", trigger="death")
    assert len(resolve_events([killed, the_death], rules=KILL_DIE)) == 1


def test_an_outcome_that_befalls_someone_else_or_the_killer_is_another_event():
    killed = report("a", 1, cls="Assault", lemma="kill", trigger="killed", agent="person/john-roe",
                    target="person/jane-doe", **STORY)
    died = dict(cls="OtherAction", generic=True, lemma="die", trigger="died", target=None, **STORY)
    assert len(resolve_events([killed, report("b", 1, agent="person/max-mustermann", **died)], rules=KILL_DIE)) == 2
    assert len(resolve_events([killed, report("b", 1, agent="person/john-roe", **died)], rules=KILL_DIE)) == 2
    assert len(resolve_events([killed, report("b", 1, agent="person/jane-doe", **died)], rules=EventRules(
        senses=KILL_DIE.senses))) == 2  # without the outcome, "kill" and "die" are two kinds of happening


def test_two_deaths_stay_one_sense_not_an_act_and_its_outcome():
    nobody = dict(cls="OtherAction", generic=True, agent=None, target=None, **STORY)
    [event] = resolve_events([report("a", 1, lemma="die", trigger="died", **nobody),
                              report("b", 1, lemma="death", trigger="death", **nobody)], rules=KILL_DIE)
    assert event.merges[0].rule == "same-sense-in-story"


def test_outcomes_in_the_data_file_must_pair_two_groups(tmp_path):
    from kg.errors import ConfigError

    assert ("kill", "die") in load_event_rules().outcomes
    custom = tmp_path / "events.yaml"
    custom.write_text("senses: [[die, death], [kill, murder]]\noutcomes: [[kill, die]]\n", encoding="utf-8")
    assert load_event_rules(custom).outcomes == (("kill", "die"),)
    custom.write_text("senses: [[die, death]]\noutcomes: [[kill, die]]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="outcomes name no group of senses: kill"):
        load_event_rules(custom)
    custom.write_text("senses: [[die, death], [kill, murder]]\noutcomes: [kill, die]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"outcomes must be a list of \[act, outcome\] pairs"):
        load_event_rules(custom)


_NAMES = ("person/lindsay-lohan", "person/lohan", "person/amy-winehouse", "place/malibu", "organization/lohan-group",
          "organization/bbc", "person/x")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(("kill", "killing", "die", "shoot", "quake", "earthquake")),
                          st.sampled_from(("OtherAction", "Assault", "Fire")),
                          st.none() | st.sampled_from(_NAMES), st.none() | st.sampled_from(_NAMES),
                          st.none() | st.sampled_from(("2019", "2021"))), max_size=40))
def test_the_story_index_joins_as_a_scan_of_every_event_of_a_sense(drawn):
    """kg/events.py _Hosts offers the events a newcomer may agree with; the first that agrees is the one comparing
    it with every event of its senses finds (what a long document, one story, made quadratic)."""
    import kg.events

    reports = [report(f"d{i % 3}", i, cls=cls, generic=cls == "OtherAction", lemma=lemma, trigger=lemma, agent=agent,
                      target=target, time_value=year, granularity=year and "year", **STORY)
               for i, (lemma, cls, agent, target, year) in enumerate(drawn)]
    rules = load_event_rules()
    indexed = resolve_events(reports, rules=rules)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(kg.events._Hosts, "candidates",
                        lambda self, keys, cluster: sorted({i for key in keys if key in self.ids
                                                            for i in self.of_key[self.ids[key]]}))
        scanned = resolve_events(reports, rules=rules)
    assert [(e.key, [r.key for r in e.reports], e.merges) for e in indexed] == \
        [(e.key, [r.key for r in e.reports], e.merges) for e in scanned]
