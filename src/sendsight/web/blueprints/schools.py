"""School inclusion profiles: each school against similar schools, with funnel plots.

Care not to shame, by design (ADR 1301): local-authority roles (``VIEW_AGGREGATES``) see their
own LAs' schools by name and the LA's funnels; a school user sees only its own profile, against
anonymised similar schools (any other URN is "not found" and written to the audit log as
``schools.refused``); nobody else sees anything unless an administrator turns the public view
on. No page ranks schools: lists are by name, and wording asks questions. Every figure passes
through :mod:`sendsight.disclosure` (the figures are published ones, but small counts are still
hidden and their percentages with them, ADR 0301). The school–LA "school and settings" page
for EHC needs assessments is ``/settings`` (linked, not repeated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextArea
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse
from wtforms import BooleanField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from sendsight.access import policy
from sendsight.access import queries as access_queries
from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.principal import Principal
from sendsight.access.roles import has_permission
from sendsight.core.errors import NotFound, PermissionDenied
from sendsight.core.safe_io import write_csv
from sendsight.disclosure import Protected, protect_count, protect_published, protect_rate
from sendsight.schools import local, localdata, method, profiles, queries
from sendsight.schools.shipped import SOURCE
from sendsight.web import current, settings_of
from sendsight.web.access import requires
from sendsight.web.blueprints.schools_funnel import FunnelRow, funnel_chart
from sendsight.web.db import db
from sendsight.web.downloads import csv_download
from sendsight.web.params import choice_arg

bp = Blueprint("schools", __name__, url_prefix="/schools")
TITLE = "School inclusion profiles"
URN = re.compile(r"[0-9]{6,7}")
#: A question for each position on the funnel: conversation starters, not verdicts.
QUESTIONS = {
    "above_998": "well above similar schools: what is working here, and what support is needed?",
    "above_95": "above similar schools: is this expected, given what we know about the school?",
    "within": "in line with similar schools.",
    "below_95": "below similar schools: is this expected, given what we know about the school?",
    "below_998": "well below similar schools: are needs being identified, and what would help?",
}
ALL_KEYS = (*method.MEASURE_KEYS, *local.LOCAL_KEYS)
LABELS = {
    **{m.key: m.label for m in method.MEASURES},
    **{m.key: m.label for m in local.LOCAL_MEASURES},
}
POSITION_WORDS = {
    "above_998": "Above the 99.8% limit",
    "above_95": "Above the 95% limit",
    "within": "Within the limits",
    "below_95": "Below the 95% limit",
    "below_998": "Below the 99.8% limit",
    "hidden": "Not shown (small numbers)",
}


class NoteForm(FlaskForm):  # type: ignore[misc]
    """A context note on a school's profile."""

    body = TextAreaField(
        "Context note",
        widget=GovTextArea(),
        validators=[
            InputRequired("Enter the context note"),
            Length(max=2000, message="Keep the note to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Add the note", widget=GovSubmitInput())


class OptionsForm(FlaskForm):  # type: ignore[misc]
    """The administrator's choice about the public view."""

    public_view = BooleanField(
        "Let anyone see school profiles without signing in", widget=GovCheckboxInput()
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


# --- who may see what ----------------------------------------------------------------------


def _la_wide(user: Principal) -> bool:
    return has_permission(user, Permission.VIEW_AGGREGATES)


def _check_profile(user: Principal, urn: str) -> profiles.Profile:
    """The profile ``user`` may see, or ``NotFound``; a refused school user is audited."""
    try:
        policy.require_view_setting(user, urn)
    except (NotFound, PermissionDenied):
        record(
            db(),
            actor=user,
            action="schools.refused",
            object_type="school",
            object_id=urn[:64],
            la_code=user.la_codes[0] if user.la_codes else None,
            detail={"own_urn": user.urn},
            ip=request.remote_addr,
        )
        db().commit()
        raise
    if not URN.fullmatch(urn):
        raise NotFound("No such school")
    found = profiles.profile(db(), urn, partnership_id=user.partnership_id)
    if _la_wide(user) and found.la_code not in user.la_codes:
        raise NotFound("No such school in your local authorities")
    return localdata.with_local(db(), found, partnership_id=user.partnership_id)


def _check_la(user: Principal, la_code: str) -> None:
    if la_code not in user.la_codes:
        raise NotFound("No such local authority in your partnership")


# --- figures after disclosure control --------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One measure of a profile as shown: protected value, expected, limits and the question."""

    key: str
    label: str
    value: Protected
    expected: str
    limits_95: str
    limits_998: str
    position: str
    question: str


def _threshold() -> int:
    return settings_of(current_app).disclosure_threshold


def _protected_value(line: profiles.MeasureLine, counts: dict[str, int | None]) -> Protected:
    measure = method.BY_KEY[line.measure]
    if measure.count is not None:
        return protect_rate(counts.get(measure.count), line.pupils, threshold=_threshold())
    return protect_published(line.value, None, decimals=1)


def _local_value(line: profiles.MeasureLine, counts: dict[str, int | None]) -> Protected:
    """A local measure's value as this reader may see it: counts of requests about children
    go through the reader's viewpoint (ADR 0301)."""
    return current.viewpoint().rate(counts.get(local.LOCAL_BY_KEY[line.measure].count), line.pupils)


def _lines(found: profiles.Profile, *, local_measures: bool = False) -> list[Line]:
    out = []
    chosen = found.local if local_measures else found.measures
    for m in chosen:
        value = (
            _local_value(m, found.local_counts)
            if local_measures
            else _protected_value(m, found.counts)
        )
        position = "hidden" if value.symbol is not None else m.position
        out.append(
            Line(
                m.measure,
                m.label,
                value,
                f"{m.expected:.1f}",
                f"{m.lower_95:.1f} to {m.upper_95:.1f}",
                f"{m.lower_998:.1f} to {m.upper_998:.1f}",
                position,
                QUESTIONS.get(position, ""),
            )
        )
    return out


def _counts(found: profiles.Profile) -> list[tuple[str, Protected]]:
    round_to = settings_of(current_app).disclosure_round_to
    shown = [("Pupils on roll", protect_count(found.pupils, threshold=_threshold()))]
    words = {
        "ehc_plan": "Pupils with an EHC plan",
        "sen_support": "Pupils on SEN support",
        "eal": "Pupils with English as an additional language",
        "fsm": "Pupils eligible for free school meals",
    }
    for key, label in words.items():
        shown.append(
            (label, protect_count(found.counts.get(key), threshold=_threshold(), round_to=round_to))
        )
    return shown


def _peers(found: profiles.Profile, *, named: bool) -> list[tuple[str, str, str]]:
    """(label, LA, how near) for each similar school: named for LA roles, anonymised else."""
    out = []
    names = (
        profiles.school_names(
            db(), [p.urn for p in found.peers], partnership_id=current.principal().partnership_id
        )
        if named
        else {}
    )
    for number, peer in enumerate(found.peers, start=1):
        where = "Same local authority" if peer.same_la else "Another local authority"
        if named:
            label = f"{names[peer.urn]} (URN {peer.urn})"
            where = f"{where} ({peer.la_code})"
        else:
            label = f"Similar school {number}"
        out.append((label, where, f"{peer.distance:.2f}"))
    return out


# --- pages -------------------------------------------------------------------------------------


@bp.get("/")
@requires(Permission.SIGNED_IN)
def index() -> BaseResponse | str:
    """LA roles: their LAs' schools by name; a school user: straight to its own profile."""
    user = current.principal()
    if not _la_wide(user):
        if not has_permission(user, Permission.VIEW_OWN_SETTING):
            raise PermissionDenied("Your role does not include this")
        if not user.urn:
            raise NotFound("Your organisation has no URN")
        return redirect(url_for("schools.profile", urn=user.urn))
    year, schools = profiles.la_schools(
        db(), partnership_id=user.partnership_id, la_codes=tuple(user.la_codes)
    )
    return render_template(
        "schools/index.html",
        title=TITLE,
        schools=schools,
        year=year,
        la_codes=user.la_codes,
        measures=method.MEASURES,
        is_admin=has_permission(user, Permission.ADMIN),
    )


@bp.get("/<urn>")
@requires(Permission.SIGNED_IN)
def profile(urn: str) -> str:
    """One school's profile: each measure against similar schools, trends and context notes."""
    user = current.principal()
    found = _check_profile(user, urn)
    return _render_profile(found, named=_la_wide(user))


def _render_profile(found: profiles.Profile, *, named: bool) -> str:
    partnership_id = current.principal().partnership_id
    notes = queries.list_notes(session=db(), urn=found.urn, partnership_id=partnership_id)
    trend = profiles.trend(db(), found.urn, partnership_id=partnership_id)
    trend_rows = [
        [
            str(year),
            which,
            *_trend_cells(lines, _trend_counts(year, which, partnership_id)),
        ]
        for year, which, lines in trend
    ]
    return render_template(
        "schools/profile.html",
        title=f"Inclusion profile: {found.name}",
        found=found,
        lines=_lines(found),
        local_lines=_lines(found, local_measures=True),
        counts=_counts(found),
        peers=_peers(found, named=named),
        named=named,
        notes=notes,
        can_add_note=True,
        trend_rows=trend_rows,
        trend_labels=[m.label for m in method.MEASURES],
        source=SOURCE,
        public=False,
        local_peers=sum(p.same_la for p in found.peers),
    )


def _trend_counts(year: int, urn: str, partnership_id: str) -> dict[str, int | None]:
    result = profiles.year_result(db(), partnership_id=partnership_id, year=year)
    row = result.schools.row(result.urn_row[urn], named=True)
    return {m.count: row[m.count] for m in method.MEASURES if m.count is not None}


def _trend_cells(lines: list[profiles.MeasureLine], counts: dict[str, int | None]) -> list[str]:
    """One cell per measure, in the order of the headings ("" where the year has no figure)."""
    by_key = {line.measure: line for line in lines}
    return [
        str(_protected_value(by_key[m.key], counts)) if m.key in by_key else ""
        for m in method.MEASURES
    ]


@bp.route("/<urn>/notes", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def add_note(urn: str) -> BaseResponse | str:
    """Add a context note that travels with the school's profile (the school or the LA)."""
    user = current.principal()
    found = _check_profile(user, urn)
    form = NoteForm()
    if not form.validate_on_submit():
        return render_template(
            "schools/note.html",
            title="Add a context note",
            form=form,
            urn=urn,
            name=found.name,
        )
    organisation = access_queries.get_organisation(
        session=db(), organisation_id=user.organisation_id
    )
    queries.add_note(
        session=db(),
        urn=urn,
        body=str(form.body.data).strip(),
        partnership_id=user.partnership_id,
        author_role=user.role,
        author_organisation=organisation.name,
    )
    record(
        db(),
        actor=user,
        action="schools.note.add",
        object_type="school",
        object_id=urn,
        la_code=found.la_code or None,
    )
    db().commit()
    return redirect(url_for("schools.profile", urn=urn, _anchor="notes"))


@bp.get("/<urn>/profile.csv")
@requires(Permission.SIGNED_IN)
def profile_csv(urn: str) -> Response:
    """The profile's measures as CSV, after disclosure control."""
    found = _check_profile(current.principal(), urn)
    rows = [
        [
            found.urn,
            found.year,
            line.key,
            str(line.value),
            line.expected,
            line.limits_95,
            line.limits_998,
            POSITION_WORDS[line.position],
        ]
        for line in [*_lines(found), *_lines(found, local_measures=True)]
    ]
    header = [
        "urn",
        "year",
        "measure",
        "value",
        "expected_from_similar_schools",
        "limits_95",
        "limits_99_8",
        "position",
    ]
    return csv_download(write_csv(rows, header=header), f"school-profile-{urn}.csv")


@bp.get("/la/<la_code>/funnel")
@requires(Permission.VIEW_AGGREGATES)
def funnel(la_code: str) -> str:
    """A funnel plot of one measure across an LA's schools, with the table and both lists."""
    user = current.principal()
    _check_la(user, la_code)
    measure = choice_arg("measure", ALL_KEYS, "ehc_plan_pct")
    rows = _funnel_rows(user.partnership_id, la_code, measure)
    label = LABELS[measure]
    chart = Markup(
        funnel_chart(
            rows,
            title=f"{label}: schools in LA {la_code} against similar schools",
            measure_label=label,
        )
    )
    above = [r for r in rows if r.position in ("above_95", "above_998")]
    below = [r for r in rows if r.position in ("below_95", "below_998")]
    return render_template(
        "schools/funnel.html",
        title=f"Funnel plot: {label}, LA {la_code}",
        la_code=la_code,
        measure=measure,
        measures=[*method.MEASURES, *local.LOCAL_MEASURES],
        rows=rows,
        chart=chart,
        above=above,
        below=below,
        questions=QUESTIONS,
        words=POSITION_WORDS,
    )


@bp.get("/la/<la_code>/funnel.csv")
@requires(Permission.VIEW_AGGREGATES)
def funnel_csv(la_code: str) -> Response:
    """The funnel table as CSV (by name; never ranked)."""
    user = current.principal()
    _check_la(user, la_code)
    measure = choice_arg("measure", ALL_KEYS, "ehc_plan_pct")
    rows = _funnel_rows(user.partnership_id, la_code, measure)
    body = write_csv(
        [
            [
                r.name,
                r.urn,
                r.pupils,
                str(r.value),
                *[
                    f"{v:.1f}"
                    for v in (r.expected, r.lower_95, r.upper_95, r.lower_998, r.upper_998)
                ],
                POSITION_WORDS[r.position],
            ]
            for r in rows
        ],
        header=[
            "school",
            "urn",
            "pupils",
            "value",
            "expected",
            "lower_95",
            "upper_95",
            "lower_998",
            "upper_998",
            "position",
        ],
    )
    return csv_download(body, f"schools-funnel-{la_code}-{measure}.csv")


def _funnel_values(
    partnership_id: str, la_code: str, measure: str
) -> tuple[pl.DataFrame, list[Protected]]:
    """The funnel frame of ``measure`` for the LA and each school's value as shown."""
    if measure in local.LOCAL_BY_KEY:
        frame = localdata.funnel_frame(
            db(), partnership_id=partnership_id, la_code=la_code, measure=measure
        )
        seen = current.viewpoint()
        return frame, [
            seen.rate(c, int(n)) for c, n in zip(frame["count"], frame["pupils"], strict=True)
        ]
    frame = profiles.funnel_frame(
        db(), partnership_id=partnership_id, la_code=la_code, measure=measure
    )
    count_column = method.BY_KEY[measure].count
    values = [
        protect_rate(n, int(pupils), threshold=_threshold())
        if count_column is not None
        else protect_published(value, None, decimals=1)
        for n, pupils, value in zip(frame["count"], frame["pupils"], frame["value"], strict=True)
    ]
    return frame, values


def _funnel_rows(partnership_id: str, la_code: str, measure: str) -> list[FunnelRow]:
    frame, values = _funnel_values(partnership_id, la_code, measure)
    out = []
    names = profiles.school_names(db(), frame["urn"].to_list(), partnership_id=partnership_id)
    for r, value in zip(frame.iter_rows(named=True), values, strict=True):
        width = (
            (r["upper_95"] - r["expected"]) / method.Z_95 if r["upper_95"] > r["expected"] else 0.0
        )
        z = (r["value"] - r["expected"]) / width if width > 0 else 0.0
        out.append(
            FunnelRow(
                names[r["urn"]],
                r["urn"],
                int(r["pupils"]),
                value,
                r["value"],
                r["expected"],
                r["lower_95"],
                r["upper_95"],
                r["lower_998"],
                r["upper_998"],
                "hidden" if value.symbol is not None else r["position"],
                z,
            )
        )
    return sorted(out, key=lambda row: (row.name, row.urn))


# --- administrators' option and the public view ------------------------------------------------


@bp.route("/options", methods=["GET", "POST"])
@requires(Permission.ADMIN)
def options() -> BaseResponse | str:
    """Turn the public view of the partnership's school profiles on or off (off by default)."""
    user = current.principal()
    form = OptionsForm()
    if request.method == "GET":
        form.public_view.data = queries.public_view(
            session=db(), partnership_id=user.partnership_id
        )
    elif form.validate_on_submit():
        queries.set_public_view(
            session=db(), on=bool(form.public_view.data), partnership_id=user.partnership_id
        )
        record(
            db(),
            actor=user,
            action="schools.public_view",
            detail={"on": bool(form.public_view.data)},
        )
        db().commit()
        return redirect(url_for("schools.options"))
    return render_template("schools/options.html", title="School profile options", form=form)


def _public_partnership(la_code: str) -> str:
    found = access_queries.partnership_for_la_or_none(session=db(), la_code=la_code)
    if found is None or not queries.public_view(session=db(), partnership_id=found.id):
        raise NotFound("No such page")
    return found.id


@bp.get("/public/<urn>")
@requires(Permission.PUBLIC)
def public_profile(urn: str) -> str:
    """A school's profile for anyone, only where the partnership covering its LA turned the
    public view on; similar schools are anonymised and notes are left out."""
    if not URN.fullmatch(urn):
        abort(404)
    from sendsight.schools.shipped import school_level_2019

    shipped = school_level_2019().filter(pl.col("urn") == urn)
    if shipped.height == 0:
        abort(404)
    partnership_id = _public_partnership(str(shipped["la_code"][0]))
    found = profiles.profile(db(), urn, partnership_id=partnership_id)
    return render_template(
        "schools/profile.html",
        title=f"Inclusion profile: {found.name}",
        found=found,
        lines=_lines(found),
        local_lines=[],
        counts=_counts(found),
        peers=_peers(found, named=False),
        named=False,
        notes=[],
        can_add_note=False,
        trend_rows=[],
        trend_labels=[],
        source=SOURCE,
        public=True,
        local_peers=sum(p.same_la for p in found.peers),
    )


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
