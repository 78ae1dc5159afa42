"""The data-quality report: self-contained HTML pages (inline CSS and SVG, no scripts, no
network), because GX Data Docs load their styles from CDNs and render unstyled offline.

    index.html        every run and audit, newest first; what is failing now (each check's
                      latest result); trends across the last runs
    <run_id>.html     one run or audit: failures first with the offending values, published and
                      quarantined rows per table, inputs skipped, passed checks folded, trends
    latest.html       the latest recorded run's or audit's page (a run with nothing new records none)
"""
from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

from warehouse.charts import CHART_CSS, PALETTE, stacked_bars
from warehouse.quality import CheckResult

if TYPE_CHECKING:
    from warehouse.history import History

TREND_RUNS = 30  # runs the trend charts show
e = html.escape

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem;color:#1d2430;max-width:75rem}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem} th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa} td.n,th.n{text-align:right} .pass{color:#1a7f37;font-weight:600} .fail{color:#cf222e;font-weight:600} .warn{color:#9a6700;font-weight:600}
.summary{display:flex;gap:1rem;flex-wrap:wrap} .card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.4rem} code{font-size:.85rem;background:#f6f8fa;padding:0 .2rem;border-radius:3px}
.banner{border-radius:6px;padding:.6rem 1rem;margin:1rem 0} .banner.fail{background:#ffebe9;border:1px solid #ff8182}
.banner.warn{background:#fff8c5;border:1px solid #d4a72c} .banner.pass{background:#dafbe1;border:1px solid #4ac26b}
details{margin:1rem 0} summary{cursor:pointer;font-weight:600} a{color:#0969da} .muted{color:#57606a}
ul.sample{margin:0;padding-left:1rem} ul.sample li{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-all}
""" + CHART_CSS


def verdict(run: dict, results: list[CheckResult]) -> tuple[str, str]:
    """(what to say, css class) of a run or audit: red when it failed at any stage (the load
    too: its batch is published, the warehouse behind it until the next command) or a critical
    check failed, amber with warnings (a failed warning check, a skipped input), green otherwise."""
    failed = [r for r in results if not r.passed]
    if run.get("status") == "failed":
        return "FAILED", "fail"
    if run.get("status") == "failed_validation" or any(r.critical for r in failed):
        return "FAILED validation", "fail"
    if run.get("warehouse_error"):
        return "PUBLISHED, warehouse NOT loaded", "fail"
    if failed or run.get("input_errors"):
        return "PASSED with warnings", "warn"
    return "PASSED", "pass"


def page(title: str, body: list[str]) -> str:
    generated = datetime.now().astimezone().isoformat(timespec="seconds")
    return "\n".join([f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{e(title)}</title>",
                      f"<style>{CSS}</style></head><body>", *body,
                      f'<p class="muted">Generated {e(generated)} by Dateline.</p></body></html>'])


def cards(items: list[tuple[str, str]]) -> str:
    return '<div class="summary">' + "".join(f'<div class="card">{e(k)}<b>{v}</b></div>' for k, v in items) + "</div>"


def sample_list(r: CheckResult, limit: int = 20) -> str:
    return '<ul class="sample">' + "".join(f"<li>{e(s)}</li>" for s in r.failing_sample[:limit]) + "</ul>"


def measure(r: CheckResult) -> str:
    if r.observed is None:
        return ""
    expected = "no history yet" if r.expected is None else f"recent median {r.expected:.3g}"
    return f"<br><span class=muted>measured {r.observed:.3g}; {e(expected)}</span>"


def failures_table(rows: list[tuple[dict | None, CheckResult]], with_run: bool = False,
                   pages: set[str] | None = None) -> str:
    head = "<th>run</th>" if with_run else ""
    out = [f"<table><tr>{head}<th>table</th><th>check</th><th>severity</th><th class=n>rows</th>"
           "<th class=n>failing</th><th>failing rows and their values</th></tr>"]
    for run, r in rows:
        where = f"<td>{run_link(run, pages)}</td>" if with_run else ""
        severity = '<span class="fail">critical</span>' if r.critical else '<span class="warn">warning</span>'
        out.append(f"<tr>{where}<td>{e(r.table_name)}</td><td>{e(r.check_name)}{measure(r)}</td><td>{severity}</td>"
                   f"<td class=n>{r.element_count}</td><td class=n>{r.unexpected_count}</td><td>{sample_list(r)}</td></tr>")
    return "\n".join(out + ["</table>"])


def passes_folded(results: list[CheckResult]) -> str:
    passed = [r for r in results if r.passed]
    if not passed:
        return ""
    out = [f"<details><summary>{len(passed)} checks passed</summary><table>"
           "<tr><th>table</th><th>check</th><th>severity</th><th class=n>rows checked</th></tr>"]
    out += [f"<tr><td>{e(r.table_name)}</td><td>{e(r.check_name)}{measure(r)}</td>"
            f"<td>{'critical' if r.critical else 'warning'}</td><td class=n>{r.element_count}</td></tr>" for r in passed]
    return "\n".join(out + ["</table></details>"])


def run_link(run: dict | None, pages: set[str] | None = None) -> str:
    """A link to the run's page; its name alone when ``pages`` (run ids with a page) lacks it."""
    if run is None:
        return ""
    name = f'{e(run["kind"])} <code>{e(run["run_id"])}</code>'
    return name if pages is not None and run["run_id"] not in pages else f'<a href="{e(run["run_id"])}.html">{name}</a>'


def rows_table(run: dict, quarantined: dict[str, int], quarantine_dir: str = "quarantine") -> str:
    counts = run.get("row_counts") or {}
    counts = dict(counts) if not isinstance(counts, dict) else counts
    tables = list(dict.fromkeys([*counts, *quarantined]))
    if not tables:
        return ""
    out = ["<h2>Rows per table</h2><table><tr><th>table</th><th class=n>published</th><th class=n>quarantined</th><th>held back in</th></tr>"]
    for t in tables:
        held = quarantined.get(t, 0)
        where = f"<code>{e(quarantine_dir)}/{e(t)}/part-{e(run['run_id'])}.parquet</code>" if held else ""
        out.append(f"<tr><td>{e(t)}</td><td class=n>{counts.get(t, 0)}</td>"
                   f"<td class=n>{f'<span class=warn>{held}</span>' if held else 0}</td><td>{where}</td></tr>")
    return "\n".join(out + ["</table>"])


def trends(history: History, upto: str | None = None) -> str:
    """Rows published per table, rows quarantined and failed checks across the last runs (up to
    ``upto``): bars in run order, a failed run's tooltip says so."""
    runs = [r for r in history.runs if r["kind"] == "run"]
    if upto is not None:
        runs = runs[: next((i + 1 for i, r in enumerate(runs) if r["run_id"] == upto), len(runs))]
    runs = runs[-TREND_RUNS:]
    if not runs:
        return ""
    names = [r["run_id"] for r in runs]
    notes = [r["status"] if r["status"] != "published" else "" for r in runs]
    counts = [dict(r.get("row_counts") or {}) for r in runs]
    tables = list(dict.fromkeys(t for c in counts for t in c))
    published = [(t, [c.get(t, 0) for c in counts], PALETTE[i % len(PALETTE)]) for i, t in enumerate(tables)]
    held = [(t, [history.quarantined.get(n, {}).get(t, 0) for n in names], PALETTE[i % len(PALETTE)])
            for i, t in enumerate(tables)]
    checks = [history.checks.get(n, []) for n in names]
    failed = [("critical", [sum(not r.passed and r.critical for r in c) for c in checks], "#cf222e"),
              ("warning", [sum(not r.passed and not r.critical for r in c) for c in checks], "#d4a72c")]
    span = f"{len(runs)} runs, {runs[0]['started_at']:%Y-%m-%d %H:%M} to {runs[-1]['started_at']:%Y-%m-%d %H:%M} UTC"
    return "\n".join([f"<h2>Trends</h2><p class=muted>The last {e(span)}; hover a bar for its run.</p>",
                      stacked_bars("Rows published per run", names, published, notes),
                      stacked_bars("Rows quarantined per run", names, held, notes),
                      stacked_bars("Failed checks per run", names, failed, notes)])


def render(run: dict, results: list[CheckResult], history: History | None = None) -> str:
    """One run's or audit's page."""
    failed = sorted((r for r in results if not r.passed), key=lambda r: (not r.critical, r.table_name, r.check_name))
    status, css = verdict(run, results)
    kind = run.get("kind", "run")
    quarantined = history.quarantined.get(run["run_id"], {}) if history else {}
    errors = run.get("input_errors", 0)
    items = [("status", f'<span class="{css}">{e(status)}</span>'),
             ("checks", f"{len(results) - len(failed)}/{len(results)} passed")]
    if kind == "audit":
        items.append(("articles checked", str(run.get("articles_seen", 0))))
    else:
        items += [("articles read", str(run.get("articles_seen", 0))), ("articles new", str(run.get("articles_new", 0))),
                  ("rows published", str(sum(dict(run.get("row_counts") or {}).values()))),
                  ("rows quarantined", f'<span class="warn">{sum(quarantined.values())}</span>' if quarantined else "0"),
                  ("inputs skipped", f'<span class="warn">{errors}</span>' if errors else "0")]
    body = ['<p><a href="index.html">All runs and audits</a></p>',
            f"<h1>Dateline data quality: {e(kind)} <code>{e(run['run_id'])}</code></h1>",
            f"<p class=muted>Started {e(str(run.get('started_at')))}; model {e(str(run.get('model_name')))} "
            f"{e(str(run.get('model_version')))}; inputs {e(', '.join(run.get('inputs') or []))}.</p>", cards(items)]
    if run.get("message"):
        body.append(f'<div class="banner {css}">{e(run["message"])}</div>')
    if run.get("warehouse_error"):
        body.append(f'<div class="banner fail">The batch is published in the lake, but the warehouse was not loaded: '
                    f'{e(run["warehouse_error"])}. The next run, query or report loads it.</div>')
    if failed:
        body += [f"<h2>Failed checks ({len(failed)})</h2>", failures_table([(None, r) for r in failed])]
    if run.get("errors"):
        body.append("<h2>Inputs skipped</h2><table><tr><th>input</th><th>reason</th></tr>")
        body += [f"<tr><td>{e(src)}</td><td>{e(reason)}</td></tr>" for src, reason in run["errors"]]
        body.append("</table>")
    if kind == "run":
        body.append(rows_table(run, quarantined))
    body.append(passes_folded(results))
    if history is not None and kind == "run":
        body.append(trends(history, run["run_id"]))
    return page(f"Dateline data quality {run['run_id']}", body)


def render_index(history: History, warehouse_errors: dict[str, str | None] | None = None,
                 pages: set[str] | None = None) -> str:
    """Every run and audit, newest first; what is failing now; trends. ``pages``: the run ids
    with a page in the reports folder (None: all), the others shown unlinked."""
    warehouse_errors = warehouse_errors or {}
    latest = history.latest_results()
    failing = [(run, r) for run, r in latest if not r.passed]
    newest = {}
    for run in history.runs:
        newest[run["kind"]] = run
    broken = [r for r in newest.values() if r["status"] != "published" or warehouse_errors.get(r["run_id"])]
    critical = [x for x in failing if x[1].critical]
    css = "fail" if broken or critical else ("warn" if failing else "pass")
    said = {"fail": "FAILING", "warn": "PASSING with warnings", "pass": "PASSING"}[css]
    body = ["<h1>Dateline data quality</h1>",
            f'<div class="banner {css}"><b>{said}</b>: {len(latest) - len(failing)}/{len(latest)} checks pass '
            f"at their latest result ({len(critical)} critical failing, {len(failing) - len(critical)} warnings)"
            + "".join(f"; the latest {e(r['kind'])} {run_link(r, pages)} {e(r['status'])}"
                      + (" (warehouse NOT loaded)" if warehouse_errors.get(r["run_id"]) else "") for r in broken)
            + "</div>"]
    if failing:
        body += ["<h2>Failing now</h2><p class=muted>Each check's latest result, from the newest run that checked "
                 "it (its batch) or the newest audit (the whole lake): it stays here until a later check of it passes.</p>",
                 failures_table(failing, with_run=True, pages=pages)]
    body.append(trends(history))
    body += ["<h2>Runs and audits</h2>", runs_table(history, warehouse_errors, pages)]
    return page("Dateline data quality", body)


def runs_table(history: History, warehouse_errors: dict[str, str | None], pages: set[str] | None) -> str:
    out = ["<table><tr><th>run</th><th>started (UTC)</th><th>status</th><th class=n>articles read / new</th>"
           "<th class=n>rows published</th><th class=n>quarantined</th><th class=n>checks passed</th>"
           "<th class=n>inputs skipped</th><th>message</th></tr>"]
    for run in reversed(history.runs):
        results = history.checks.get(run["run_id"], [])
        status, css = verdict({**run, "warehouse_error": warehouse_errors.get(run["run_id"])}, results)
        held = sum(history.quarantined.get(run["run_id"], {}).values())
        read = (f"{run['articles_seen']} / {run['articles_new']}" if run["kind"] == "run"
                else f"{run['articles_seen']} checked")
        published = sum(dict(run.get("row_counts") or {}).values()) if run["kind"] == "run" else ""
        out.append(f"<tr><td>{run_link(run, pages)}</td><td>{run['started_at']:%Y-%m-%d %H:%M:%S}</td>"
                   f'<td class="{css}">{e(status)}</td><td class=n>{read}</td><td class=n>{published}</td>'
                   f"<td class=n>{held or ''}</td><td class=n>{sum(r.passed for r in results)}/{len(results)}</td>"
                   f"<td class=n>{run['input_errors'] or ''}</td><td>{e(run.get('message') or '')}</td></tr>")
    return "\n".join(out + ["</table>"])


def quality_markdown(run: dict, results: list[CheckResult]) -> str:
    failed = [r for r in results if not r.passed]
    lines = [f"# Dateline data quality: `{run['run_id']}`", "",
             f"**{run['status']}, {verdict(run, results)[0]}**: {len(results) - len(failed)}/{len(results)} checks passed; "
             f"{run.get('articles_seen', 0)} articles seen, {run.get('articles_new', 0)} new; "
             f"model {run.get('model_name')} {run.get('model_version')}.", ""]
    if run.get("message"):
        lines += [f"> {run['message']}", ""]
    lines += ["| table | check | critical | passed | rows | failing | sample |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in sorted(results, key=lambda r: (r.passed, r.table_name, r.check_name)):
        sample = ", ".join(r.failing_sample[:3]).replace("|", "\\|")
        check = r.check_name.replace("|", "\\|")
        lines.append(f"| {r.table_name} | {check} | {'yes' if r.critical else 'no'} | "
                     f"{'yes' if r.passed else '**NO**'} | {r.element_count} | {r.unexpected_count} | {sample} |")
    return "\n".join(lines) + "\n"
