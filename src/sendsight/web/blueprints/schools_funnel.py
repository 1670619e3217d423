"""The LA funnel plot of the school profiles (ADR 1302): one row per school after disclosure
control, and the chart drawn as server-side SVG (kept apart from the blueprint's views)."""

from __future__ import annotations

from dataclasses import dataclass

from sendsight.disclosure import Protected
from sendsight.schools import method
from sendsight.web.charts import WIDTH, nice_ticks


@dataclass(frozen=True)
class FunnelRow:
    """One school on an LA's funnel, after disclosure control."""

    name: str
    urn: str
    pupils: int
    value: Protected
    raw: float
    expected: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    position: str
    z: float

    @property
    def texts(self) -> tuple[str, str, str]:
        """Expected value, 95% limits and 99.8% limits as the table shows them."""
        return (
            f"{self.expected:.1f}",
            f"{self.lower_95:.1f} to {self.upper_95:.1f}",
            f"{self.lower_998:.1f} to {self.upper_998:.1f}",
        )


def funnel_chart(rows: list[FunnelRow], *, title: str, measure_label: str) -> str:
    """A funnel plot as SVG. Each school's position against its own expected value is drawn
    against the LA's average expected value: the point is at that average plus the school's
    over-dispersed z-score times the average's standard error for the school's size, so a
    point is outside a drawn limit exactly when the school is outside its own (ADR 1302)."""
    from sendsight.web import charts

    shown = [r for r in rows if r.position != "hidden"]
    width, height, left, right, top, bottom = WIDTH, 376.0, 64.0, 16.0, 32.0, 48.0
    if not shown:
        return charts.document(
            charts.chart_id(title),
            (width, 80.0),
            title,
            "No schools to show.",
            [charts.text(left, 40, "No figures to show")],
        )
    total = sum(r.pupils for r in shown)
    centre = sum(r.expected * r.pupils for r in shown) / total
    base = max(centre * (100 - centre), 1e-6)
    max_n = max(r.pupils for r in shown) * 1.05

    def se(n: float) -> float:
        return float((base / max(n, 1.0)) ** 0.5)

    points = [(r.pupils, centre + r.z * se(r.pupils), r.position) for r in shown]
    curve_ns = [max_n * i / 60 for i in range(2, 61)]
    ys = [p[1] for p in points] + [centre + 3.1 * se(n) for n in curve_ns[:1]]
    low_y, high_y = max(0.0, min(min(ys), centre - 3.1 * se(curve_ns[5]))), max(ys)
    ticks = nice_ticks(low_y, high_y, max_ticks=6)
    x = charts.Scale(0.0, max_n, left, width - right)
    y = charts.Scale(ticks[0], ticks[-1], height - bottom, top)
    body: list[str] = []
    for tick in ticks:
        body.append(charts.rule(left, y(tick), width - right, y(tick)))
        body.append(charts.text(left - 6, y(tick) + 4, f"{tick:g}", anchor="end"))
    for z, dash in ((method.Z_95, "6 3"), (method.Z_998, "2 3")):
        for sign in (1, -1):
            pts = [
                (x(n), y(min(max(centre + sign * z * se(n), ticks[0]), ticks[-1])))
                for n in curve_ns
            ]
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{charts.DARK_GREY}" '
                f'stroke-width="1.5" stroke-dasharray="{dash}"/>'
            )
    for tick in nice_ticks(0.0, max_n, max_ticks=6):
        if tick <= max_n:
            body.append(charts.text(x(tick), height - bottom + 16, f"{tick:,.0f}", anchor="middle"))
    body.append(
        charts.text(
            width - right,
            14,
            "Dashed: 95% limits. Dotted: 99.8% limits. Filled: outside the 95% limits.",
            anchor="end",
        )
    )
    body.append(charts.rule(left, y(centre), width - right, y(centre), charts.BLACK))
    colours = {
        "above_998": charts.PURPLE,
        "above_95": charts.BLUE,
        "within": charts.DARK_GREY,
        "below_95": charts.ORANGE,
        "below_998": charts.RED,
    }
    for n, value, position in points:
        cy = min(max(value, ticks[0]), ticks[-1])
        body.append(
            charts.marker_shape(
                "circle", x(n), y(cy), colours[position], hollow=position == "within"
            )
        )
    body.append(
        charts.text((left + width - right) / 2, height - 12, "Pupils on roll", anchor="middle")
    )
    outside = len([p for p in points if p[2] != "within"])
    desc = (
        f"{measure_label} for {len(points)} schools against pupils on roll, adjusted to "
        f"the local average expected value of {centre:.1f}. Dashed lines are the 95% "
        f"limits and dotted lines the 99.8% limits; {outside} schools are outside the 95% "
        "limits. The table below has each school's figures."
    )
    return charts.document(charts.chart_id(title, len(points)), (width, height), title, desc, body)
