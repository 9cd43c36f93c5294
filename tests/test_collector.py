import gc

import pytest

from kg.collector import paused, sparing


def test_paused_collector_is_restored_even_when_the_step_fails():
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused():
            assert not gc.isenabled()
            raise ValueError
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_sparing_function_froze_is_unfrozen_when_it_returns():
    kept = []

    @sparing
    def build():
        kept.append([object() for _ in range(100)])
        gc.freeze()
        return gc.get_freeze_count()

    assert gc.get_freeze_count() == 0
    assert build() >= 100
    assert gc.get_freeze_count() == 0


def test_what_the_caller_froze_stays_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        sparing(gc.freeze)()
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()
