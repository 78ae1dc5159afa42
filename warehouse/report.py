"""The data-quality report: one self-contained HTML page (inline CSS, no scripts, no network),
because GX Data Docs load their styles from CDNs and render unstyled offline."""
from __future__ import annotations

import html
from datetime import datetime

from warehouse.quality import CheckResult

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem;color:#1d2430;max-width:70rem}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem} th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa} .pass{color:#1a7f37;font-weight:600} .fail{color:#cf222e;font-weight:600} .warn{color:#9a6700;font-weight:600}
.summary{display:flex;gap:1rem;flex-wrap:wrap} .card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.4rem} code{font-size:.85rem;background:#f6f8fa;padding:0 .2rem;border-radius:3px}
"""


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


def render(run: dict, results: list[CheckResult]) -> str:
    e = html.escape
    failed = [r for r in results if not r.passed]
    status, css_status = verdict(run, results)
    errors = run.get("input_errors", 0)
    cards = [("status", f'<span class="{css_status}">{e(status)}</span>'),
             ("checks", f"{len(results) - len(failed)}/{len(results)} passed"),
             ("articles seen", run.get("articles_seen", 0)), ("articles new", run.get("articles_new", 0)),
             ("input errors", f'<span class="warn">{errors}</span>' if errors else 0)]
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Dateline data quality {e(run['run_id'])}</title>",
             f"<style>{CSS}</style></head><body>",
             f"<h1>Dateline data quality: run <code>{e(run['run_id'])}</code></h1>",
             f"<p>Model {e(str(run.get('model_name')))} {e(str(run.get('model_version')))}; "
             f"generated {e(datetime.now().astimezone().isoformat(timespec='seconds'))}.</p>",
             '<div class="summary">' + "".join(f'<div class="card">{e(k)}<b>{v}</b></div>' for k, v in cards) + "</div>"]
    if run.get("message"):
        parts.append(f'<p class="{css_status}">{e(run["message"])}</p>')
    if run.get("warehouse_error"):
        parts.append(f'<p class="warn">The warehouse was not loaded: {e(run["warehouse_error"])}; '
                     "the next run or query loads it.</p>")
    if run.get("errors"):
        parts.append("<h2>Inputs skipped</h2><table><tr><th>input</th><th>reason</th></tr>")
        parts += [f"<tr><td>{e(src)}</td><td>{e(reason)}</td></tr>" for src, reason in run["errors"]]
        parts.append("</table>")
    for table in dict.fromkeys(r.table_name for r in results):
        rows = [r for r in results if r.table_name == table]
        parts.append(f"<h2>{e(table)}</h2><table><tr><th>check</th><th>result</th><th>rows</th><th>failing</th><th>sample of failing rows</th></tr>")
        for r in rows:
            css = "pass" if r.passed else ("fail" if r.critical else "warn")
            label = "passed" if r.passed else ("FAILED (critical)" if r.critical else "failed (warning)")
            sample = "<br>".join(f"<code>{e(s)}</code>" for s in r.failing_sample)
            parts.append(f"<tr><td>{e(r.check_name)}</td><td class={css}>{label}</td><td>{r.element_count}</td>"
                         f"<td>{r.unexpected_count}</td><td>{sample}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


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
