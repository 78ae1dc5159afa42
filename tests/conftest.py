import os
from pathlib import Path

import pytest
import spacy

# Prefect reads settings at import; tests never reach a network or a user's server.
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
os.environ.pop("PREFECT_API_URL", None)

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "seeds" / "articles" / "huawei-executive-order.txt"


# The slow lane, `e2e` (`make test-fast` leaves it out): tests that load the spaCy model or run a
# flow. A test using one of these fixtures is marked by that alone; a test that loads the model
# itself carries the mark in its own file. One that loads it unmarked fails (see below).
SLOW_FIXTURES = {"nlp", "full_nlp", "prefect_harness", "prefect_api"}
MODEL_LOADS: list[str] = []  # every spacy.load of the session, in order
LOADING_FIXTURES: set[str] = set()  # fixtures seen loading the model (their value is cached)
_spacy_load = spacy.load


def counted_load(name, *args, **kwargs):
    model = _spacy_load(name, *args, **kwargs)  # a name that cannot load costs nothing: not counted
    MODEL_LOADS.append(str(name))
    return model


spacy.load = counted_load


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    before = len(MODEL_LOADS)
    try:
        return (yield)
    finally:
        if len(MODEL_LOADS) > before:
            LOADING_FIXTURES.add(fixturedef.argname)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    item.stash[LOADS_BEFORE] = len(MODEL_LOADS)
    return (yield)


LOADS_BEFORE = pytest.StashKey[int]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a test that loads the model (in its body, or through a fixture, now or cached) without
    the `e2e` mark: `make test-fast` would otherwise pay for the model it promises to skip."""
    result = yield
    loaded = len(MODEL_LOADS) > item.stash.get(LOADS_BEFORE, len(MODEL_LOADS))
    through = LOADING_FIXTURES & set(item.fixturenames)
    if (loaded or through) and item.get_closest_marker("e2e") is None:
        pytest.fail(f"loads the spaCy model ({', '.join(sorted(through)) or 'in its body'}) but is not marked "
                    "e2e: add @pytest.mark.e2e, or name the fixture in tests/conftest.py SLOW_FIXTURES",
                    pytrace=False)
    return result


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from this run")


@pytest.fixture(scope="session")
def update_golden(request):
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def prefect_harness():
    """Prefect's testing guide: one temporary server and database for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def nlp():
    from transforms.pipeline import build_pipeline

    return build_pipeline(None, REPO / "seeds" / "reference")


@pytest.fixture(scope="module")
def ref():
    """The entities component's reference data (seeds/reference)."""
    from transforms.entities.reference import Reference

    return Reference.load(REPO / "seeds" / "reference")


@pytest.fixture(scope="module")
def vocab():
    import spacy

    return spacy.blank("en").vocab
