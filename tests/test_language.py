"""The body's language: declared, else detected (py3langid) when the body is long enough to tell;
an article not in the model's language is stored with its language and not extracted."""
import os
import subprocess
import sys

import duckdb
import pytest

from conftest import REPO
from transforms.language import MIN_WORDS, SAMPLE_CHARS, body_language, detect, detected_language, language_name, model_language

# Written for these tests: a few sentences each, on one made-up story.
FRENCH = ("Le conseil municipal de Lyon a voté mardi soir un nouveau plan pour les transports publics de la ville.\n"
          "Selon le maire, les lignes de tramway seront prolongées vers les quartiers du nord avant la fin de "
          "l'année prochaine.\n"
          "Les associations de cyclistes se sont félicitées de cette décision, mais elles demandent davantage de "
          "pistes sécurisées.\n")
GERMAN = ("Der Stadtrat von Hamburg hat am Dienstag beschlossen, den Hafen in den kommenden Jahren umfassend zu "
          "modernisieren.\n"
          "Nach Angaben der Behörden sollen die neuen Anlagen weniger Strom verbrauchen und mehr Container "
          "abfertigen können.\n"
          "Vertreter der Gewerkschaften begrüßten den Plan, forderten jedoch Garantien für die Arbeitsplätze im "
          "Hafen.\n")
ENGLISH = ("The city council of Leeds voted on Tuesday to expand its bus network into the northern suburbs.\n"
           "\"This is the biggest investment in public transport the city has seen in a generation,\" said Mayor "
           "Alice Turner.\n"
           "Cycling groups welcomed the decision but asked for more protected lanes along the main roads.\n")


@pytest.mark.parametrize("text, code", [(FRENCH, "fr"), (GERMAN, "de"), (ENGLISH, "en")])
def test_a_body_of_a_few_sentences_is_read_in_its_language(text, code):
    assert len(text.split()) >= MIN_WORDS
    assert detected_language(text) == code


@pytest.mark.parametrize("text, code", [("Le maire a parlé hier soir devant le conseil.", "fr"),
                                        ("Der Hafen wird in den kommenden Jahren modernisiert.", "de")])
def test_a_short_body_is_too_short_to_tell_though_the_model_guesses(text, code):
    assert len(text.split()) < MIN_WORDS and detect(text)[0] == code  # the model's guess is right here...
    assert detected_language(text) is None  # ...but under the floor a guess is not taken


def test_a_long_body_the_model_is_unsure_of_is_left_to_the_run():
    scores = " ".join(f"{n}-{n + 3}" for n in range(30))  # 30 "words", no language in them
    assert len(scores.split()) >= MIN_WORDS
    assert detected_language(scores) is None


def test_only_the_start_of_a_long_body_is_read():
    opening = FRENCH * (SAMPLE_CHARS // len(FRENCH) + 1)
    assert detected_language(opening + GERMAN * 200) == "fr"
    assert len(FRENCH) < SAMPLE_CHARS / 2 and detected_language(FRENCH + GERMAN * 200) == "de"


def test_a_declared_language_wins_over_the_body():
    assert body_language({"language": "en", "body": FRENCH}) == "en"
    assert body_language({"body": FRENCH}) == "fr"
    assert body_language({"body": "Le maire a parlé."}) is None


def test_names_for_the_summary_line():
    assert language_name(model_language("en_core_web_sm")) == "English"
    assert language_name("de") == "German"
    assert language_name("xx") == "xx"


@pytest.mark.e2e
def test_articles_in_other_languages_are_stored_not_extracted(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, text in (("lyon.txt", FRENCH), ("hamburg.txt", GERMAN), ("leeds.txt", ENGLISH)):
        (inbox / name).write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    # A real `dateline run` (its own temporary Prefect server), importing this checkout's code.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(inbox), "--data-dir", str(data)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "2 articles not in English: stored, not extracted" in done.stdout.splitlines()
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        extracted = {t: dict(con.execute(f"SELECT a.source_uri, count(x.article_id) FROM articles a "
                                         f"LEFT JOIN {t} x USING (article_id) GROUP BY 1").fetchall())
                     for t in ("mentions", "quotes", "events")}
        languages = dict(con.execute("SELECT source_uri, language FROM articles").fetchall())
        run = con.execute("SELECT articles_new, articles_other_language FROM runs").fetchall()
    finally:
        con.close()
    uri = {name: str(inbox / name) for name in ("lyon.txt", "hamburg.txt", "leeds.txt")}
    assert languages == {uri["lyon.txt"]: "fr", uri["hamburg.txt"]: "de", uri["leeds.txt"]: "en"}
    for table, counts in extracted.items():
        assert counts[uri["lyon.txt"]] == counts[uri["hamburg.txt"]] == 0, table
    assert extracted["mentions"][uri["leeds.txt"]] > 0 and extracted["quotes"][uri["leeds.txt"]] > 0
    assert extracted["events"][uri["leeds.txt"]] > 0
    assert run == [(3, 2)]
