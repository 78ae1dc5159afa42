"""`dateline eval ... --parse-cache DIR`: a cached parse gives exactly the extraction of a full run."""
import json
from pathlib import Path

from evaluation.parse_cache import pipe

REPO = Path(__file__).resolve().parents[1]


def sample_texts() -> list[str]:
    texts = [(REPO / "seeds" / "articles" / "huawei-executive-order.txt").read_text(encoding="utf-8")]
    for line in (REPO / "seeds" / "articles" / "wikinews-2019.jsonl").read_text(encoding="utf-8").splitlines():
        texts.append(json.loads(line)["text"])
    return texts


def extracted(docs) -> list:
    """What Dateline's components leave on each doc, in a comparable form."""
    out = []
    for doc in docs:
        out.append({
            "ents": [(e.start_char, e.end_char, e.label_) for e in doc.ents],
            "quotes": json.dumps(doc._.dl_quotes, sort_keys=True, default=str),
            "events": json.dumps(doc._.dl_events, sort_keys=True, default=str),
        })
    return out


def test_a_cached_parse_gives_the_full_runs_extraction(nlp, tmp_path):
    texts = sample_texts()
    full = extracted(nlp.pipe(texts, batch_size=32))
    assert any(d["quotes"] != "[]" for d in full) and any(d["events"] != "[]" for d in full)

    first = extracted(pipe(nlp, texts, tmp_path, "sample"))  # parses and writes the cache
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) == 1 and written[0].startswith("sample-") and written[0].endswith(".spacy")
    second = extracted(pipe(nlp, texts, tmp_path, "sample"))  # reads it
    assert sorted(p.name for p in tmp_path.iterdir()) == written
    assert first == full
    assert second == full


def test_another_text_is_another_cache_file(nlp, tmp_path):
    texts = sample_texts()[:2]
    list(pipe(nlp, texts, tmp_path, "sample"))
    list(pipe(nlp, [texts[0], texts[1] + " One more sentence."], tmp_path, "sample"))
    assert len(list(tmp_path.glob("sample-*.spacy"))) == 2
    assert not list(tmp_path.glob("*.partial"))


def test_without_a_cache_folder_it_is_nlp_pipe(nlp):
    texts = sample_texts()[:1]
    assert extracted(pipe(nlp, texts, None, "sample")) == extracted(nlp.pipe(texts))


def test_a_damaged_cache_file_is_parsed_again_and_rewritten(nlp, tmp_path, capsys):
    texts = sample_texts()[:2]
    full = extracted(nlp.pipe(texts))
    list(pipe(nlp, texts, tmp_path, "sample"))
    (cached,) = tmp_path.glob("sample-*.spacy")
    cached.write_bytes(cached.read_bytes()[:100])  # cut short, as a full disk or a kill would
    assert extracted(pipe(nlp, texts, tmp_path, "sample")) == full
    err = capsys.readouterr().err
    assert "unreadable" in err and str(cached) in err
    assert extracted(pipe(nlp, texts, tmp_path, "sample")) == full  # the rewritten file reads
    assert "unreadable" not in capsys.readouterr().err
