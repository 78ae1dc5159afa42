"""Trend charts for the data-quality report as inline SVG: drawn here, no script, no external
file or URL, so a report renders the same offline, in a mail attachment or a headless browser
(Vega-Lite and most chart libraries load their code from a CDN)."""
from __future__ import annotations

import html

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 150, 48, 18, 22
PALETTE = ["#0969da", "#8250df", "#1a7f37", "#bf8700", "#cf222e", "#57606a", "#1b7c83", "#a475f9"]


def stacked_bars(title: str, bars: list[str], series: list[tuple[str, list[float], str]],
                 notes: list[str] | None = None) -> str:
    """One bar per entry of ``bars`` (its tooltip names it), each stacking the ``series``
    (name, one value per bar, colour) bottom up; a legend names the series; ``notes`` (one per
    bar, optional) are added to each bar's tooltip."""
    e = html.escape
    totals = [sum(values[i] for _, values, _ in series) for i in range(len(bars))]
    top = max(totals, default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / max(len(bars), 1)
    width = max(2.0, min(28.0, step * 0.7))
    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{e(title)}">',
           f'<text x="0" y="14" class="t">{e(title)}</text>',
           f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}" class="axis"/>',
           f'<text x="{LEFT - 6}" y="{TOP + 8}" class="y">{e(number(top))}</text>',
           f'<text x="{LEFT - 6}" y="{TOP + plot_h}" class="y">0</text>']
    for i, bar in enumerate(bars):
        x, y = LEFT + i * step + (step - width) / 2, TOP + plot_h
        tip = f"{bar}: " + ", ".join(f"{name} {number(values[i])}" for name, values, _ in series)
        if notes and notes[i]:
            tip += f" ({notes[i]})"
        out.append(f"<g><title>{e(tip)}</title>")
        for name, values, colour in series:
            h = plot_h * values[i] / top
            if h > 0:
                y -= h
                out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{colour}"/>')
        if totals[i] == 0:  # an empty bar still shows the run was there
            out.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - 1:.1f}" width="{width:.1f}" height="1" fill="#afb8c1"/>')
        out.append("</g>")
    x = LEFT
    for name, _, colour in series:
        out.append(f'<rect x="{x}" y="{HEIGHT - 10}" width="9" height="9" fill="{colour}"/>'
                   f'<text x="{x + 12}" y="{HEIGHT - 2}" class="l">{e(name)}</text>')
        x += 18 + 7 * len(name)
    out.append("</svg>")
    return "".join(out)


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


CHART_CSS = """
svg.chart{display:block;margin:.6rem 0 1.2rem;max-width:100%;height:auto;font-family:inherit}
svg.chart .t{font-size:13px;font-weight:600;fill:#1d2430} svg.chart .y{font-size:10px;fill:#57606a;text-anchor:end}
svg.chart .l{font-size:10px;fill:#57606a} svg.chart .axis{stroke:#d0d7de}
"""
