"""The app factory: configuration sources in order, one engine per process."""

from __future__ import annotations

import coach
from coach.web import create_app, extensions


def test_factory_is_exported_from_the_package():
    assert coach.create_app is create_app


def test_defaults_apply_without_any_configuration(monkeypatch):
    monkeypatch.delenv("COACH_SECRET_KEY", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["MAX_CONTENT_LENGTH"] == 64 * 1024
    assert len(app.config["SECRET_KEY"]) >= 32


def test_environment_overrides_defaults_and_test_config_overrides_both(monkeypatch):
    monkeypatch.setenv("COACH_MAX_BATCH_GOALS", "7")
    monkeypatch.setenv("COACH_SECRET_KEY", "from the environment")
    app = create_app({"TESTING": True})
    assert app.config["MAX_BATCH_GOALS"] == 7
    assert app.config["SECRET_KEY"] == "from the environment"
    assert create_app({"TESTING": True, "MAX_BATCH_GOALS": 3}).config["MAX_BATCH_GOALS"] == 3


def test_random_secret_keys_differ_per_app_without_configuration(monkeypatch):
    monkeypatch.delenv("COACH_SECRET_KEY", raising=False)
    first, second = create_app({"TESTING": True}), create_app({"TESTING": True})
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]


def test_creating_an_app_loads_no_engine():
    app = create_app({"TESTING": True})
    assert app.extensions[extensions.ANALYSIS_KEY] is None
    assert app.extensions[extensions.CATALOGUE_KEY] is None


def test_the_engine_is_loaded_once_and_shared(engine):
    app = create_app({"TESTING": True})
    assert extensions.get_engine(app) is engine
    assert extensions.get_engine(app) is extensions.get_engine(create_app({"TESTING": True}))


def test_instance_config_sits_between_defaults_and_environment(monkeypatch, tmp_path):
    settings = 'MAX_BATCH_GOALS = 9\nMAX_GAP_CHARS = 500\nSECRET_KEY = "i"\n'
    (tmp_path / "config.py").write_text(settings)
    monkeypatch.setenv("COACH_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("COACH_MAX_GAP_CHARS", "300")
    app = create_app()
    assert app.config["MAX_BATCH_GOALS"] == 9
    assert app.config["MAX_GAP_CHARS"] == 300
    assert app.config["SECRET_KEY"] == "i"


def test_the_catalogue_is_loaded_once_and_shared(app):
    catalogue = extensions.get_catalogue(app)
    assert len(catalogue) >= 60
    assert extensions.get_catalogue(app) is catalogue
    assert extensions.get_catalogue(create_app({"TESTING": True})) is catalogue


def test_preload_loads_engine_and_catalogue_as_serve_does_before_forking(engine):
    app = create_app({"TESTING": True})
    extensions.preload(app)
    assert app.extensions[extensions.ANALYSIS_KEY] is engine
    assert app.extensions[extensions.CATALOGUE_KEY] is not None


def test_no_issue_types_means_no_catalogue(engine, tmp_path):
    app = create_app({"TESTING": True, "RULES_DIR": str(tmp_path)})
    extensions.init_analysis(app, engine)
    assert extensions.get_catalogue(app) is None


def test_the_issue_types_are_read_once_per_rules_folder_and_shared(app, monkeypatch):
    issue_types = extensions.get_issue_types(app)
    assert issue_types["performance_metrics"] == "Performance metrics"

    def fail(directory):
        raise AssertionError(f"issue types read again from {directory}")

    monkeypatch.setattr("coach.resources.load_issue_types", fail)
    other = create_app({"TESTING": True})
    assert extensions.get_issue_types(other) == issue_types
    extensions.get_issue_types(other)["performance_metrics"] = "changed"  # each app has a copy
    assert extensions.get_issue_types(app)["performance_metrics"] == "Performance metrics"
