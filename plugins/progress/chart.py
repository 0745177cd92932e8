"""Coverage over time as an SVG line chart, drawn at build time: no charting script, no CDN."""

from xml.sax.saxutils import escape

from datafile.dates import date_zh


def line_chart(series, highlight, title, description, width=640, height=340, chart_id="chart"):
    """`series` is {name: [(date, percent)]}; the `highlight` series is drawn bold and labelled."""
    left, right, top, bottom = 52, 16, 16, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    dates = sorted({d for points in series.values() for d, _ in points})
    if not dates:
        return ""
    first, span = dates[0], max((dates[-1] - dates[0]).days, 1)

    def x(date):
        return left + plot_w * (date - first).days / span

    def y(value):
        return top + plot_h * (1 - min(max(value, 0), 100) / 100)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    for value in range(0, 101, 20):
        parts.append(f'<line class="chart__grid" x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>')
        parts.append(f'<text class="chart__tick" x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value}%</text>')
    for date in (dates[0], dates[len(dates) // 2], dates[-1]):
        parts.append(f'<text class="chart__tick" x="{x(date):.1f}" y="{height - bottom + 18}" text-anchor="middle">{date_zh(date, weekday=False)}</text>')
    parts.append(f'<text class="chart__axis" x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">报告日期</text>')
    parts.append(f'<text class="chart__axis" x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">全程接种率（%）</text>')
    for name, points in sorted(series.items(), key=lambda item: item[0] == highlight):
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        css = "chart__line chart__line--highlight" if name == highlight else "chart__line"
        parts.append(f'<g class="chart__series" data-series="{escape(name, {chr(34): "&quot;"})}">'
                     f'<title>{escape(name)}</title><polyline class="{css}" points="{path}"/></g>')
        if name == highlight and points:
            last_date, last_value = points[-1]
            parts.append(f'<text class="chart__label" x="{x(last_date) - 4:.1f}" y="{y(last_value) - 8:.1f}" '
                         f'text-anchor="end">{escape(name)} {last_value:.1f}%</text>')
    parts.append("</svg>")
    return "".join(parts)
