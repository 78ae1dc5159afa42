"""`make bench`: how fast and how big a Dateline run is, next to bare spaCy on the same texts.

    .venv/bin/python -m benchmarks.bench [--corpus PATH] [--limit N] [--processes N] [--pairs N] [--keep]

Every measurement runs as a child process of this one (one process tree, one go), one after
the other, on the articles of the corpus (default: the BBC News corpus under ../shared, read at
run time; a `--limit` takes N articles round-robin over its category folders):

  prefect_first_use  one `dateline run` on one article, which migrates its data dir's Prefect
                database and keeps it as the template later data dirs copy, as a user's first
                run on a machine does (`flows.prefect_api`); reported, not counted in the figures
  bare@P        `nlp.pipe` with the model alone (`load_model(None)`), P processes
  bare_compiled@P  the same with the model's attribute ruler and lemmatizer swapped for Dateline's
                twins (`transforms.attributes`, `transforms.lemmas`, which every run uses): `ratio` counts that saving for
                Dateline, `ratio_vs_bare_compiled` does not (Dateline's overhead alone)
  components@P  extraction as a run does it (`flows.workers.extract_stream`: the model and
                Dateline's components, rows out of the workers, worker start-up included), no
                Prefect, Parquet, Great Expectations or DuckDB: the extraction cost alone
  e2e@P         `dateline run` into a fresh data dir, wall time of the whole command
  rerun@P       `dateline run` again on the same input and data dir (nothing new to extract)
  doubled@P     `dateline run` on the corpus twice over (each copy gets a unique last line)
  server_e2e@P, server_rerun@P  the same as e2e@P and rerun@P against a long-lived Prefect server
                (`prefect server start`, as `dateline serve` runs it), started before them

for P in 1 and --processes (default: 2, capped at the cores); then `--pairs` - 1 repeats (default:
one) of bare@P, e2e@P and rerun@P back to back (keys 'bare@2#2', ...). `ratio` and `rerun_fraction`
are means over the pairs, each pair's own figures beside them: this machine's speed drifts by
±10 % over minutes, as much as the margin to a target. Wall and CPU time come from the
child; peak memory is the summed RSS (and PSS) of the child's whole process tree, polled from
/proc, and the largest single process's max RSS from wait4. Prefect's own timestamps split an
end-to-end run into start-up, the wait for the temporary Prefect server, each task, and
shut-down.

It prints a table and, as its last line, one JSON object (ratio, two_process_speedup,
rerun_fraction, peak_rss_mb, peak_rss_mb_doubled, machine, raw timings). A tool, not a test:
nothing in CI times anything.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "eval-data" / "bbc-news" / "bbc"
TARGETS = {"ratio": (">=", 0.90), "two_process_speedup": (">=", 1.6), "rerun_fraction": ("<=", 0.05),
           "peak_rss_mb": ("<=", 2048), "peak_rss_mb_doubled": ("<=", 2048), "quotes_share_of_spacy": ("<=", 0.10)}
MB = 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Pure helpers (tested in tests/test_bench.py)
# ---------------------------------------------------------------------------------------------

def round_robin(files: list[Path], limit: int | None) -> list[Path]:
    """Up to `limit` files taken in turn from each folder (sorted), so a small sample spans all
    categories; every file when `limit` is None. Deterministic."""
    groups: dict[Path, list[Path]] = {}
    for f in sorted(files):
        groups.setdefault(f.parent, []).append(f)
    queues = [groups[k] for k in sorted(groups)]
    out: list[Path] = []
    i = 0
    while queues and (limit is None or len(out) < limit):
        alive = [q for q in queues if i < len(q)]
        if not alive:
            break
        for q in alive:
            if limit is not None and len(out) >= limit:
                break
            out.append(q[i])
        i += 1
    return out


def rate(n: int, seconds: float | None) -> float | None:
    return n / seconds if n and seconds and seconds > 0 else None


def safe_div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


LOG_LINE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) \| (\w+)\s*\| (.*)$")
TASK_DONE = re.compile(r"^Task run '(.+?)-[0-9a-f]{3,}' - Finished in state (\w+)")
SERVER_READY = re.compile(r"^dateline - temporary Prefect server .* ready ([\d.]+) s after start \(waited ([\d.]+) s")


def parse_prefect_log(text: str, started: datetime) -> list[tuple[float, str, str]]:
    """(seconds since `started`, kind, detail) for the Prefect log lines that mark phases.

    Prefect stamps lines with local HH:MM:SS.mmm only: they are placed on `started`'s day,
    rolling over midnight when the clock goes backwards."""
    events: list[tuple[float, str, str]] = []
    day = started.replace(hour=0, minute=0, second=0, microsecond=0)
    last = None
    for line in text.splitlines():
        m = LOG_LINE.match(line)
        if not m:
            continue
        h, mi, s, ms, _level, msg = m.groups()
        t = day + timedelta(hours=int(h), minutes=int(mi), seconds=int(s), milliseconds=int(ms))
        if last is not None and t < last - timedelta(hours=1):
            day += timedelta(days=1)
            t += timedelta(days=1)
        last = t
        at = (t - started).total_seconds()
        if (ready := SERVER_READY.match(msg)):
            events.append((at, "server_ready", ready.group(2)))
        elif msg.startswith("Flow run") and "Beginning flow run" in msg:
            events.append((at, "flow_begin", ""))
        elif msg.startswith("Flow run") and "Finished in state" in msg:
            events.append((at, "flow_end", ""))
        elif (t_m := TASK_DONE.match(msg)):
            events.append((at, "task_done", t_m.group(1)))
    return events


def phase_split(events: list[tuple[float, str, str]], wall: float) -> dict[str, float]:
    """Seconds per phase of one `dateline run` from its Prefect events.

    startup: process start to the flow's first line (imports, settings, flow run creation),
    less prefect_server: the time the run waited for its temporary Prefect server, which boots
    beside the imports; task:<name>: from the previous marker to the task's finish line, summed
    over the task's runs (tasks run one after another, so this includes flow code between
    tasks); flow_tail: last task to flow end; shutdown: flow end to process exit (summary,
    server stop).
    """
    out: dict[str, float] = {}
    kinds = {k: at for at, k, _ in events if k in ("flow_begin", "flow_end")}
    begin = kinds.get("flow_begin")
    if begin is None:
        return out
    waited = next((float(detail) for _, kind, detail in events if kind == "server_ready"), 0.0)
    out["startup"] = begin - waited
    out["prefect_server"] = waited
    prev = begin
    for at, kind, name in events:
        if kind == "task_done":
            out[f"task:{name}"] = out.get(f"task:{name}", 0.0) + max(0.0, at - prev)
            prev = at
    end = kinds.get("flow_end")
    if end is not None:
        out["flow_tail"] = max(0.0, end - prev)
        out["shutdown"] = max(0.0, wall - end)
    return out


def summarise(runs: dict[str, dict], processes: int) -> dict:
    """The headline figures from the phase results (keys like 'bare@2', 'e2e@1', 'rerun@2')."""
    p = processes
    bare, comp, e2e, e2e1 = runs.get(f"bare@{p}", {}), runs.get(f"components@{p}", {}), runs.get(f"e2e@{p}", {}), runs.get("e2e@1", {})
    rerun, doubled = runs.get(f"rerun@{p}", {}), runs.get(f"doubled@{p}", {})
    bare_c = runs.get(f"bare_compiled@{p}", {})
    server_e2e, server_rerun = runs.get(f"server_e2e@{p}", {}), runs.get(f"server_rerun@{p}", {})
    bare_rate = rate(bare.get("docs", 0), bare.get("pipe_s"))
    e2e_rate = rate(e2e.get("articles", 0), e2e.get("wall_s"))
    server = (e2e.get("phases") or {}).get("prefect_server")
    e2e_rate_no_server = rate(e2e.get("articles", 0), e2e["wall_s"] - server) if server is not None and e2e.get("wall_s") else None
    pairs = repeated_pairs(runs, p)
    out = {
        "ratio": mean([r for r, _ in pairs]),
        "ratio_pairs": [r for r, _ in pairs] if len(pairs) > 1 else None,
        "ratio_excl_prefect_server": safe_div(e2e_rate_no_server, bare_rate),
        "ratio_vs_bare_compiled": safe_div(e2e_rate, rate(bare_c.get("docs", 0), bare_c.get("pipe_s"))),
        "ratio_components": safe_div(rate(comp.get("docs", 0), comp.get("pipe_s")), bare_rate),
        "two_process_speedup": safe_div(e2e1.get("wall_s"), e2e.get("wall_s")) if p > 1 else None,
        "bare_two_process_speedup": safe_div(runs.get("bare@1", {}).get("pipe_s"), bare.get("pipe_s")) if p > 1 else None,
        "rerun_fraction": mean([f for _, f in pairs]),
        "rerun_fraction_pairs": [f for _, f in pairs] if len(pairs) > 1 else None,
        "ratio_long_lived_server": safe_div(rate(server_e2e.get("articles", 0), server_e2e.get("wall_s")), bare_rate),
        "rerun_fraction_long_lived_server": safe_div(server_rerun.get("wall_s"), server_e2e.get("wall_s")),
        "peak_rss_mb": e2e.get("peak_rss_mb"),
        "peak_rss_mb_doubled": doubled.get("peak_rss_mb"),
        "peak_pss_mb": e2e.get("peak_pss_mb"),
        "peak_pss_mb_doubled": doubled.get("peak_pss_mb"),
    }
    shares = runs.get("shares@1", {})
    for name in ("entities", "quotes", "events"):
        out[f"{name}_share_of_spacy"] = safe_div(shares.get(f"{name}_cpu_s"), shares.get("spacy_cpu_s"))
    # CPU-time views: robust to other load on the machine (wall time is not), blind to idle waits.
    out["ratio_cpu"] = safe_div(safe_div(bare.get("pipe_cpu_s"), bare.get("docs")), safe_div(e2e.get("cpu_s"), e2e.get("articles")))
    out["ratio_components_cpu"] = safe_div(bare.get("pipe_cpu_s"), comp.get("pipe_cpu_s")) if comp.get("docs") == bare.get("docs") else None
    if p > 1 and "bare@1" in runs and "e2e@1" in runs:
        b1 = runs["bare@1"]
        out["ratio_1_process"] = safe_div(rate(e2e1.get("articles", 0), e2e1.get("wall_s")), rate(b1.get("docs", 0), b1.get("pipe_s")))
    return out


def mean(values: list) -> float | None:
    """The mean of the values that are there; None when none is."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def repeated_pairs(runs: dict[str, dict], p: int) -> list[tuple[float | None, float | None]]:
    """(ratio, rerun_fraction) of each bare/end-to-end pair at ``p`` processes: the main one
    ('bare@2', 'e2e@2', 'rerun@2') and the repeats ('bare@2#2', 'e2e@2#2', 'rerun@2#2', ...),
    each repeat a bare pass run right before its end-to-end run and rerun. The machine's speed
    drifts by ±10 % over minutes, so one pair can land on either side of a target; the headline
    figures are the means over the pairs, and every pair's own figures are reported."""
    out, k = [], 1
    while True:
        tag = "" if k == 1 else f"#{k}"
        bare, e2e = runs.get(f"bare@{p}{tag}"), runs.get(f"e2e@{p}{tag}")
        if bare is None or e2e is None:
            return out or [(None, None)]
        ratio = safe_div(rate(e2e.get("articles", 0), e2e.get("wall_s")), rate(bare.get("docs", 0), bare.get("pipe_s")))
        out.append((ratio, safe_div(runs.get(f"rerun@{p}{tag}", {}).get("wall_s"), e2e.get("wall_s"))))
        k += 1


def verdicts(summary: dict) -> dict[str, str]:
    out = {}
    for key, (op, target) in TARGETS.items():
        v = summary.get(key)
        if v is None:
            out[key] = "n/a"
        else:
            ok = v >= target if op == ">=" else v <= target
            out[key] = "ok" if ok else "MISSED"
    return out


def fmt(v, digits: int = 2) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, list):
        return " ".join(fmt(x, digits + 1) for x in v)
    return str(v)


def table(header: list[str], rows: list[list]) -> str:
    """A plain text table: first column left-aligned, the others right-aligned."""
    cells = [header] + [[fmt(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Process-tree memory from /proc
# ---------------------------------------------------------------------------------------------

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def descendants(parents: dict[int, int], root: int) -> set[int]:
    """`root` and every process whose parent chain reaches it."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    out, stack = set(), [root]
    while stack:
        pid = stack.pop()
        if pid in out:
            continue
        out.add(pid)
        stack += children.get(pid, [])
    return out


def _parents() -> dict[int, int]:
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        out[int(entry.name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
    return out


def _rss_pss(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            rss = int(fh.read().split()[1]) * PAGE
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            args = fh.read().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in args if a]
    return " ".join(Path(w).name if i == 0 else w for i, w in enumerate(words))[:60]


class TreeMemory(threading.Thread):
    """Polls the summed RSS and PSS of a process tree until stopped; keeps the peaks."""

    def __init__(self, root: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_rss = self.peak_pss = self.peak_procs = 0
        self.per_process: dict[str, float] = {}  # "pid command" -> its own peak RSS in MB
        self._halt = threading.Event()

    def sample(self) -> None:
        pids = descendants(_parents(), self.root)
        rss = pss = 0
        for pid in pids:
            r, p = _rss_pss(pid)
            rss, pss = rss + r, pss + p
            key = f"{pid} {_command(pid)}"
            self.per_process[key] = max(self.per_process.get(key, 0.0), r / MB)
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
        self.peak_procs = max(self.peak_procs, len(pids))

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# ---------------------------------------------------------------------------------------------
# Running one measurement
# ---------------------------------------------------------------------------------------------

def child_env(cache: Path, api_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    # Each run's Prefect database in its data dir, as by default; the template a new data dir's
    # is copied from in this benchmark's own cache folder, made once by the warm-up step, as a
    # first run on a machine makes the user's. The user's own runs and cache stay untouched.
    env.pop("PREFECT_HOME", None)
    env["XDG_CACHE_HOME"] = str(cache)
    env.pop("PREFECT_API_URL", None)  # the temporary server, as `dateline run` does by default,
    if api_url:  # unless the step is about a long-lived server
        env["PREFECT_API_URL"] = api_url
    env["PYTHONUNBUFFERED"] = "1"
    env["DATELINE_VERBOSE"] = "1"  # the phase split reads Prefect's per-task lines (`-v`)
    return env


def measure(cmd: list[str], log: Path, api_url: str | None = None, cwd: Path = REPO) -> dict:
    """Run `cmd` from `cwd` (the checkout whose code runs), its output to `log`; wall, CPU, peak
    tree memory and exit status."""
    started = datetime.now()
    t0 = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=child_env(log.parent / "cache", api_url))
        mem = TreeMemory(proc.pid)
        mem.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        mem.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return {"cmd": cmd, "log": str(log), "returncode": proc.returncode, "started": started, "wall_s": wall,
            "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": mem.peak_rss / MB,
            "peak_pss_mb": mem.peak_pss / MB, "max_single_rss_mb": usage.ru_maxrss / 1024,
            "peak_procs": mem.peak_procs, "loadavg": os.getloadavg(),
            "per_process_mb": {k: round(v, 1) for k, v in sorted(mem.per_process.items(), key=lambda kv: -kv[1])[:8]}}


def run_worker(kind: str, inputs: Path, processes: int, log: Path) -> dict:
    res = measure([sys.executable, "-m", "benchmarks.bench", "_worker", kind, str(inputs), "--processes", str(processes)], log)
    lines = [ln for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.startswith("{")]
    if res["returncode"] != 0 or not lines:
        raise RuntimeError(f"{kind}@{processes} failed (exit {res['returncode']}): see {log}")
    res.update(json.loads(lines[-1]))
    return res


RUN_LINE = re.compile(r"^run \S+: (\d+) articles read, (\d+) new")


def run_dateline(inputs: Path, data_dir: Path, processes: int, log: Path, api_url: str | None = None,
                 cwd: Path = REPO) -> dict:
    cmd = [sys.executable, "-m", "flows.cli", "run", str(inputs), "--data-dir", str(data_dir), "--processes", str(processes)]
    res = measure(cmd, log, api_url, cwd)
    text = log.read_text(encoding="utf-8", errors="replace")
    if res["returncode"] != 0:
        raise RuntimeError(f"`{' '.join(cmd)}` failed (exit {res['returncode']}): see {log}")
    m = next((RUN_LINE.match(ln) for ln in text.splitlines() if RUN_LINE.match(ln)), None)
    res["articles_read"], res["articles"] = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    res["phases"] = phase_split(parse_prefect_log(text, res["started"]), res["wall_s"])
    return res


def worker(kind: str, inputs: Path, processes: int) -> None:
    """In a child: read the articles as `dateline run` does, then time bare nlp.pipe over their
    bodies, or extraction as the run does it (`components`)."""
    import spacy

    from flows.ingest import read_articles
    from flows.settings import Settings
    from flows.workers import extract_stream
    from transforms.pipeline import load_model, model_identity

    settings = Settings()
    seen, articles = set(), []
    for item in read_articles((inputs,)):
        if isinstance(item, dict) and item["article_id"] not in seen:
            seen.add(item["article_id"])
            articles.append(item)
    bodies = [a["body"] for a in articles]

    docs = tokens = 0
    if kind == "shares":
        print(json.dumps(component_shares(bodies, settings)))
        return
    if kind == "components":
        c0, t0 = cpu(), time.perf_counter()
        for batch in extract_stream(None, settings.reference_dir, articles, settings.batch_size, processes,
                                    settings.batch_chars):
            docs += len(batch["results"])
        pipe_s, pipe_cpu_s = time.perf_counter() - t0, cpu() - c0
        print(json.dumps({"docs": docs, "words": sum(len(b.split()) for b in bodies), "pipe_s": pipe_s,
                          "pipe_cpu_s": pipe_cpu_s, "model": "-".join(batch["model"]), "spacy": spacy.__version__}))
        return
    t0 = time.perf_counter()
    nlp = load_model(None)
    if kind == "bare_compiled":
        from transforms.attributes import swap_attribute_ruler
        from transforms.lemmas import swap_lemmatizer

        swap_attribute_ruler(nlp)
        swap_lemmatizer(nlp)
    load_s = time.perf_counter() - t0
    c0, t0 = cpu(), time.perf_counter()
    for doc in nlp.pipe(bodies, batch_size=settings.batch_size, n_process=processes):
        docs += 1
        tokens += len(doc)
    pipe_s, pipe_cpu_s = time.perf_counter() - t0, cpu() - c0
    name, version = model_identity(nlp)
    print(json.dumps({"docs": docs, "tokens": tokens, "words": sum(len(b.split()) for b in bodies),
                      "load_s": load_s, "pipe_s": pipe_s, "pipe_cpu_s": pipe_cpu_s, "model": f"{name}-{version}",
                      "spacy": spacy.__version__, "pipes": nlp.pipe_names}))


def cpu() -> float:
    """CPU seconds of this process and its finished children (a worker's spaCy processes)."""
    import resource

    return sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))


def component_shares(bodies: list[str], settings) -> dict:
    """CPU seconds of the spaCy pass as a run has it (the model with the compiled attribute
    ruler), then of each Dateline component alone over the same Docs, in one process: what
    each component adds to the spaCy pass (the quotes issue allows quotes 10 %)."""
    from transforms.pipeline import build_pipeline

    nlp = build_pipeline(None, settings.reference_dir)
    ours = [name for name in nlp.pipe_names if name.startswith("dateline_")]
    out = {"docs": 0, "spacy_cpu_s": 0.0, **{f"{name.removeprefix('dateline_')}_cpu_s": 0.0 for name in ours}}
    for i in range(0, len(bodies), 256):  # a chunk of Docs at a time: memory stays flat
        c0 = cpu()
        docs = list(nlp.pipe(bodies[i : i + 256], batch_size=settings.batch_size, disable=ours))
        out["spacy_cpu_s"] += cpu() - c0
        out["docs"] += len(docs)
        for name in ours:  # in pipeline order: quotes and events read the entities' mentions
            component, c0 = nlp.get_pipe(name), cpu()
            if hasattr(component, "pipe"):  # in batches, as nlp.pipe runs it
                for _ in component.pipe(docs, batch_size=settings.batch_size):
                    pass
            else:
                for doc in docs:
                    component(doc)
            out[f"{name.removeprefix('dateline_')}_cpu_s"] += cpu() - c0
    return out


# ---------------------------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------------------------

def corpus_files(corpus: Path) -> list[Path]:
    """Article files under `corpus`: .txt below its top level (the top holds README.TXT)."""
    if corpus.is_file():
        return [corpus]
    return [p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"
            and p.parent != corpus and not p.name.startswith(".")]


def copy_inputs(files: list[Path], corpus: Path, dest: Path) -> Path:
    """A folder of copies of the chosen files: a run does not follow links out of an input
    folder (the inbox rule), so links to the corpus would all be skipped."""
    for f in files:
        rel = f.relative_to(corpus) if corpus.is_dir() else Path(f.name)
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest / rel)
    return dest


def doubled_inputs(files: list[Path], corpus: Path, dest: Path) -> Path:
    """The corpus twice over: the originals, and copies each ending in a unique line."""
    copy_inputs(files, corpus, dest / "a")
    for n, f in enumerate(files):
        rel = f.relative_to(corpus) if corpus.is_dir() else Path(f.name)
        out = dest / "b" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        text = f.read_bytes().decode("utf-8-sig", errors="replace").rstrip("\n")
        out.write_text(f"{text}\n\nBenchmark copy {n}.\n", encoding="utf-8")
    return dest


def machine() -> dict:
    cpu = ""
    try:
        cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                    if ln.startswith("model name")), "")
    except OSError:
        pass
    mem = None
    try:
        mem = int(next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
                       if ln.startswith("MemTotal"))) // 1024
    except (OSError, StopIteration):
        pass
    return {"cores": os.cpu_count(), "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "cpu": cpu or platform.processor(), "memory_mb": mem, "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_start": os.getloadavg()}


def raw(res: dict) -> dict:
    keep = ("wall_s", "cpu_s", "pipe_s", "pipe_cpu_s", "per_process_mb", "load_s", "docs", "tokens", "words", "articles", "articles_read",
            "peak_rss_mb", "peak_pss_mb", "max_single_rss_mb", "peak_procs", "loadavg", "phases", "returncode")
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in res.items() if k in keep}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_worker"]:
        w = argparse.ArgumentParser(prog="benchmarks.bench _worker")
        w.add_argument("kind", choices=["bare", "bare_compiled", "components", "shares"])
        w.add_argument("inputs", type=Path)
        w.add_argument("--processes", type=int, default=1)
        a = w.parse_args(argv[1:])
        worker(a.kind, a.inputs, a.processes)
        return 0

    p = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"article folder (default: {DEFAULT_CORPUS})")
    p.add_argument("--limit", type=int, help="use N articles (round-robin over the corpus's folders)")
    p.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1), help="processes of the main configuration (default: 2, capped at the cores)")
    p.add_argument("--skip", default="", help="comma-separated phases to skip: one-process, doubled, components, compiled, server, shares")
    p.add_argument("--pairs", type=int, default=2,
                   help="bare and end-to-end runs (with a rerun) at --processes, each pair back to back; "
                        "ratio and rerun_fraction are the means over the pairs (default: 2)")
    p.add_argument("--keep", action="store_true", help="keep the temporary data dirs and logs")
    args = p.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    if not args.corpus.exists():
        print(f"bench: corpus not found at {args.corpus}: pass --corpus", file=sys.stderr)
        return 1
    files = round_robin(corpus_files(args.corpus), args.limit)
    if not files:
        print(f"bench: no .txt articles under {args.corpus}", file=sys.stderr)
        return 1
    P = max(1, args.processes)
    counts = sorted({1, P}) if "one-process" not in skip else [P]
    work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    info = machine()
    print(f"dateline bench: {len(files)} files from {args.corpus}, processes {counts}, work dir {work}", flush=True)
    print(f"machine: {info['cores']} cores ({info['cpu']}), {info['memory_mb']} MB, Python {info['python']}, "
          f"load average {info['loadavg_start'][0]:.2f}", flush=True)

    runs: dict[str, dict] = {}

    def step(key: str, fn, *a, **kw) -> dict:
        print(f"  {key} ...", end=" ", flush=True)
        res = fn(*a, work / f"{key.replace('@', '-')}.log", **kw)
        runs[key] = res
        print(f"{res['wall_s']:.1f} s", flush=True)
        return res

    try:
        inputs = copy_inputs(files, args.corpus, work / "input")
        # Creates Prefect's database (once per machine for a user); not counted in the figures.
        step("prefect_first_use", run_dateline, copy_inputs(files[:1], args.corpus, work / "input-one"),
             work / "data-warmup", 1)
        for n in counts:
            step(f"bare@{n}", run_worker, "bare", inputs, n)
            if "compiled" not in skip and n == P:
                step(f"bare_compiled@{n}", run_worker, "bare_compiled", inputs, n)
            if "components" not in skip:
                step(f"components@{n}", run_worker, "components", inputs, n)
            step(f"e2e@{n}", run_dateline, inputs, work / f"data-{n}", n)
        step(f"rerun@{P}", run_dateline, inputs, work / f"data-{P}", P)
        for k in range(2, args.pairs + 1):  # repeats, each bare pass right before its run
            step(f"bare@{P}#{k}", run_worker, "bare", inputs, P)
            step(f"e2e@{P}#{k}", run_dateline, inputs, work / f"data-{P}-{k}", P)
            step(f"rerun@{P}#{k}", run_dateline, inputs, work / f"data-{P}-{k}", P)
        if "server" not in skip:
            from flows.prefect_api import free_port
            from flows.serve import PrefectServer

            with PrefectServer(work / "prefect-server", free_port()) as server:  # its start is not timed
                for key in (f"server_e2e@{P}", f"server_rerun@{P}"):
                    step(key, run_dateline, inputs, work / "data-server", P, api_url=server.api_url)
        if "shares" not in skip:
            step("shares@1", run_worker, "shares", inputs, 1)
        if "doubled" not in skip:
            doubled = doubled_inputs(files, args.corpus, work / "input-doubled")
            step(f"doubled@{P}", run_dateline, doubled, work / "data-doubled", P)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    summary = summarise(runs, P)
    bare = runs[f"bare@{P}"]
    model = bare.get("model")
    print()
    rows = []
    for key, r in runs.items():
        n = r.get("docs") if "docs" in r else r.get("articles")
        timed = r.get("pipe_s", r["wall_s"])
        rows.append([key, n, r["wall_s"], r.get("pipe_s"), rate(n or 0, timed), r["cpu_s"], r.get("pipe_cpu_s"),
                     r["peak_rss_mb"], r["peak_pss_mb"], r["max_single_rss_mb"], r["peak_procs"]])
    print(table(["phase", "articles", "wall s", "nlp.pipe s", "articles/s", "cpu s", "pipe cpu s", "tree RSS MB",
                 "tree PSS MB", "max proc MB", "procs"], rows))
    print("(articles/s: over nlp.pipe time for bare/components, over the whole command's wall time for dateline runs;\n"
          " rerun and doubled count only new articles; RSS sums the tree, counting pages shared by forked workers twice)")

    print()
    print(table(["largest processes (own peak RSS)", "MB"],
                [[f"{key} {proc}", mb] for key, r in runs.items() if not key.startswith(("bare", "components"))
                 for proc, mb in list(r["per_process_mb"].items())[:4]]))

    phase_rows = []
    for key, r in runs.items():
        if r.get("phases"):
            for name, secs in r["phases"].items():
                phase_rows.append([f"{key} {name}", secs, 100 * secs / r["wall_s"]])
    if phase_rows:
        print()
        print(table(["dateline run phase (Prefect log)", "s", "% of wall"], phase_rows))

    print()
    marks = verdicts(summary)
    print(table(["figure", "value", "target", ""],
                [[k, v, " ".join(map(str, TARGETS[k])) if k in TARGETS else "", marks.get(k, "")]
                 for k, v in summary.items()]))
    print("(ratio: end-to-end articles/s incl. start-up, Prefect server, GX and DuckDB, over bare nlp.pipe's;"
          " ratio_excl_prefect_server: the same minus the wait for the temporary Prefect server;"
          " ratio_vs_bare_compiled: over bare nlp.pipe with the compiled attribute ruler the run uses;"
          " ratio_components: extraction as the run does it (workers, rows) over bare nlp.pipe, no orchestration;\n"
          " *_cpu: the same on CPU seconds (bare nlp.pipe's vs the whole run tree's), for a machine under other load)")

    result = {k: (round(v, 4) if isinstance(v, float) else [round(x, 4) for x in v if x is not None]
                  if isinstance(v, list) else v) for k, v in summary.items()}
    result.update({
        "targets_met": {k: v == "ok" for k, v in marks.items()},
        "articles": bare.get("docs"), "files": len(files), "words": bare.get("words"), "limit": args.limit,
        "corpus": str(args.corpus), "processes": P,
        "machine": {**info, "loadavg_end": os.getloadavg(), "model": model, "spacy": bare.get("spacy")},
        "timings": {k: raw(v) for k, v in runs.items()},
    })
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
