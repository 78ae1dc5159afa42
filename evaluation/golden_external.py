"""`make golden-external`: does a change alter what Dateline extracts? Compares, with a base
commit, every evaluation's prediction files and the tables of a `dateline run` over a sample of
BBC News articles, row by row.

    .venv/bin/python -m evaluation.golden_external [--base REV] [--bbc N] [--nouns quotes,...]

The base commit is checked out in a git worktree under `.golden-external/<sha>/` and its outputs
are kept there, so only the working tree is run again next time. Both trees run on this
checkout's virtual environment, with the gold data and scorers of `../shared` (read at run time,
never copied into the project). Table rows are compared on the columns both sides have: a new
column (a rule's name) is reported, not counted as a difference. Exit status 1 when anything
differs. A tool for moving code without changing behaviour, not a test: CI runs none of it.
"""
from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = {
    "quotes": SHARED / "eval-data" / "polnear" / "dev",
    "speakers": SHARED / "eval-data" / "gum-news" / "dep",
    "entities": SHARED / "eval-data" / "conll2003" / "valid.txt",
    "identity": SHARED / "eval-data" / "gum-news" / "dep",
    "events": SHARED / "eval-data" / "wikievents" / "dev.jsonl",
}
BBC = SHARED / "eval-data" / "bbc-news" / "bbc"
# Shared by the checkouts of one machine (GOLDEN_EXTERNAL_CACHE): a base is run once.
CACHE = Path(os.environ.get("GOLDEN_EXTERNAL_CACHE", REPO / ".golden-external"))
# Columns that differ between two runs of the same input (when, under which run).
VOLATILE = {"ingested_at", "first_seen", "last_seen"}
TABLES = ("articles", "mentions", "entities", "quotes", "events", "event_arguments")


def git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def base_tree(rev: str) -> tuple[Path, Path]:
    """(a checkout of ``rev``, the folder its outputs are kept in)."""
    sha = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    home = CACHE / sha
    tree = home / "tree"
    if not (tree / ".git").exists():
        shutil.rmtree(tree, ignore_errors=True)
        git("worktree", "prune")
        git("worktree", "add", "--detach", str(tree), sha)
    return tree, home / "out"


def bbc_sample(n: int) -> list[Path]:
    """``n`` articles spread evenly over the corpus (every k-th of the sorted files)."""
    files = sorted(p for p in BBC.rglob("*.txt") if p.parent != BBC)
    step = max(len(files) // n, 1)
    return files[::step][:n]


def run_tree(tree: Path, out: Path, nouns: list[str], bbc: int) -> None:
    """Every output of one tree into ``out``: `<noun>/...` prediction files and scores, and
    `tables/<table>.jsonl` from a run over the BBC sample."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in [out / noun for noun in nouns] + ([out / "tables", out / "bbc-input"] if bbc else []):
        shutil.rmtree(stale, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(tree), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    for noun in nouns:
        print(f"  {tree.name}: eval {noun}", flush=True)
        done = subprocess.run([sys.executable, "-m", "flows.cli", "eval", noun, "--gold", str(GOLD[noun]),
                               "--scorer-dir", str(SHARED / "eval"), "--out", str(out / noun)],
                              cwd=tree, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"eval {noun} failed in {tree}:\n{done.stderr[-3000:]}")
        (out / noun / "scores.json").write_text(done.stdout, encoding="utf-8")
    if bbc:
        print(f"  {tree.name}: dateline run over {bbc} BBC articles", flush=True)
        inputs = out / "bbc-input"
        for f in bbc_sample(bbc):
            dest = inputs / f.parent.name / f.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest)
        data = out / "bbc-data"
        done = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(inputs), "--data-dir", str(data)],
                              cwd=tree, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"dateline run failed in {tree}:\n{done.stderr[-3000:]}")
        dump_tables(data, out / "tables")
        shutil.rmtree(data)


def dump_tables(data: Path, dest: Path) -> None:
    """Each extracted table as sorted JSON lines, whatever version of Dateline wrote the lake."""
    dest.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((data / "lake" / "_manifest.json").read_text(encoding="utf-8"))["tables"]
    for table in TABLES:
        rows = [row for rel in manifest.get(table, []) for row in pq.read_table(data / "lake" / rel).to_pylist()]
        lines = sorted(json.dumps({k: v for k, v in row.items() if k not in VOLATILE}, default=str,
                                  ensure_ascii=False, sort_keys=True) for row in rows)
        (dest / f"{table}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def outputs(out: Path) -> dict[str, Path]:
    return {str(p.relative_to(out)): p for p in sorted(out.rglob("*")) if p.is_file()
            and p.suffix in {".jsonl", ".json"} and "bbc-input" not in p.parts}


def compare_lines(base: Path, new: Path, places: dict[str, str] | None = None) -> tuple[list[str], list[str], set[str]]:
    """Lines only in base, lines only in new (as sorted multisets), and columns only in new.
    JSON objects are compared on the keys both have. ``places``: folder -> the name it is
    compared under (each tree reads its own copy of the input: `source_uri` names that copy)."""
    def parsed(path: Path) -> list:
        text = path.read_text(encoding="utf-8")
        for folder, name in (places or {}).items():
            text = text.replace(json.dumps(folder)[1:-1], name)
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            return [json.loads(text)]

    old_rows, new_rows = parsed(base), parsed(new)
    old_keys = set().union(*(r.keys() for r in old_rows if isinstance(r, dict)))
    new_keys = set().union(*(r.keys() for r in new_rows if isinstance(r, dict)))
    added = new_keys - old_keys if old_rows else set()

    def keyed(rows: list) -> list[str]:
        return sorted(json.dumps({k: v for k, v in r.items() if k not in added} if isinstance(r, dict) else r,
                                 sort_keys=True, ensure_ascii=False) for r in rows)

    old_lines, new_lines = keyed(old_rows), keyed(new_rows)
    only_old, only_new = multiset_minus(old_lines, new_lines), multiset_minus(new_lines, old_lines)
    return only_old, only_new, added


def multiset_minus(a: list[str], b: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for x in b:
        counts[x] = counts.get(x, 0) + 1
    out = []
    for x in a:
        if counts.get(x):
            counts[x] -= 1
        else:
            out.append(x)
    return out


def report(base_out: Path, new_out: Path, nouns: list[str], bbc: int) -> int:
    """Compare what this call ran (the base may hold more)."""
    wanted = [*nouns, *(["tables"] if bbc else [])]
    base_files = {k: v for k, v in outputs(base_out).items() if k.split("/")[0] in wanted}
    new_files = outputs(new_out)
    differing = 0
    print(f"{'file':<40} {'base':>8} {'new':>8}  result")
    for name in sorted(set(base_files) | set(new_files)):
        if name not in base_files or name not in new_files:
            print(f"{name:<40} {'-' if name not in base_files else 'yes':>8} {'-' if name not in new_files else 'yes':>8}"
                  "  only on one side")
            differing += 1
            continue
        places = {str(base_out / "bbc-input"): "<bbc-input>", str(new_out / "bbc-input"): "<bbc-input>"}
        only_old, only_new, added = compare_lines(base_files[name], new_files[name], places)
        n_old = sum(1 for _ in base_files[name].open(encoding="utf-8"))
        n_new = sum(1 for _ in new_files[name].open(encoding="utf-8"))
        verdict = "identical" if not only_old and not only_new else f"DIFFERS: -{len(only_old)} +{len(only_new)}"
        if added:
            verdict += f" (new columns: {', '.join(sorted(added))})"
        print(f"{name:<40} {n_old:>8} {n_new:>8}  {verdict}")
        if only_old or only_new:
            differing += 1
            for line in only_old[:3]:
                print(f"    - {line[:300]}")
            for line in only_new[:3]:
                print(f"    + {line[:300]}")
    print("no difference" if not differing else f"{differing} files differ")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="golden-external", description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default="HEAD", help="commit to compare with (default: HEAD, i.e. the uncommitted change)")
    p.add_argument("--bbc", type=int, default=150, help="BBC articles to run through `dateline run` (0: none)")
    p.add_argument("--nouns", default=",".join(GOLD), help="evaluations to run (comma-separated)")
    args = p.parse_args(argv)
    nouns = [n for n in args.nouns.split(",") if n]
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "a") as lock:  # one checkout runs a base at a time; the others reuse it
        fcntl.flock(lock, fcntl.LOCK_EX)
        tree, base_out = base_tree(args.base)
        done_file = base_out / ".done.json"  # what the base has run: each noun, and the BBC size
        done = json.loads(done_file.read_text()) if done_file.exists() else {"nouns": [], "bbc": 0}
        missing = [n for n in nouns if n not in done["nouns"]]
        bbc = args.bbc if args.bbc and args.bbc != done["bbc"] else 0
        if missing or bbc:
            print(f"base {args.base} ({tree.parent.name[:10]}):", flush=True)
            run_tree(tree, base_out, missing, bbc)
            done = {"nouns": sorted(set(done["nouns"]) | set(missing)), "bbc": bbc or done["bbc"]}
            done_file.write_text(json.dumps(done))
    print(f"working tree {REPO}:", flush=True)
    new_out = CACHE / ("working-" + hashlib.sha256(str(REPO).encode()).hexdigest()[:12])
    shutil.rmtree(new_out, ignore_errors=True)
    run_tree(REPO, new_out, nouns, args.bbc)
    return report(base_out, new_out, nouns, args.bbc)


if __name__ == "__main__":
    sys.exit(main())
