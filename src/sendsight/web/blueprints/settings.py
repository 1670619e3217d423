"""A school or setting's own page: its EHC needs assessment figures, after disclosure control.

Who may see a setting's page is an object-level question, so the routes declare only
``SIGNED_IN`` and ask :func:`sendsight.access.policy.require_view_setting`:

* a **school** user (``VIEW_OWN_SETTING``) sees only the setting whose URN their organisation
  has; asking for any other URN is "not found" (404, never another organisation's figures)
  and is written to the audit log as ``setting.refused``;
* anyone who sees the LA's aggregates (``VIEW_AGGREGATES``: analysts, admins, caseworkers,
  partners) may see any setting, because a setting's figures are a part of figures they
  already see, after the same disclosure control;
* every figure is counted only from requests received by the viewer's own local authorities,
  so nobody sees another LA's children through a shared URN.

Every figure goes through :mod:`sendsight.disclosure` whoever looks (the page is made for a
role without case-level access). Viewing is not audited: the page holds no personal data.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    Flask,
    Response,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from sendsight.access import policy
from sendsight.access import queries as access_queries
from sendsight.access.audit import record
from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission
from sendsight.core.errors import NotFound, PermissionDenied
from sendsight.core.safe_io import write_csv
from sendsight.demo.ehc_settings import school_name
from sendsight.ehc import queries
from sendsight.ehc.setting import (
    PLAN_TABLE,
    REQUEST_TABLE,
    SettingTables,
    csv_header,
    setting_tables,
)
from sendsight.web import current
from sendsight.web.access import requires
from sendsight.web.charts import Series, bar_chart, line_chart
from sendsight.web.db import db
from sendsight.web.downloads import csv_download

bp = Blueprint("settings", __name__, url_prefix="/settings")
TITLE = "Schools and settings"


def _check_access(urn: str) -> None:
    """Raise unless the user may see ``urn``'s page; a refusal is written to the audit log."""
    user = current.principal()
    try:
        policy.require_view_setting(user, urn)
    except (NotFound, PermissionDenied):
        record(db(), actor=user, action="setting.refused", object_type="setting",
               object_id=urn[:64], la_code=user.la_codes[0] if user.la_codes else None,
               detail={"own_urn": user.urn}, ip=request.remote_addr)  # fmt: skip
        db().commit()
        raise
    if not _is_urn(urn) or not _is_known(urn):
        raise NotFound("No such setting")


def _is_known(urn: str) -> bool:
    """A URN is known when the user's LAs have a request naming it or their partnership has an
    organisation with it; any other URN is "not found" rather than a page of empty tables."""
    named = queries.list_setting_urns(session=db(), la_codes=current.principal().la_codes)
    return urn in named or _setting_name(urn) is not None


def _is_urn(text: str) -> bool:
    return re.fullmatch(r"[0-9]{6}", text) is not None


def _tables(urn: str) -> SettingTables:
    settings = current.settings()
    return setting_tables(session=db(), urn=urn, la_codes=current.principal().la_codes,
                          threshold=settings.disclosure_threshold,
                          round_to=settings.disclosure_round_to,
                          boundary=settings.ehc_deadline_boundary)  # fmt: skip


def _setting_name(urn: str) -> str | None:
    """The name of the organisation with ``urn`` in the user's partnership, if there is one."""
    return _organisation_names([urn]).get(urn)


def _organisation_names(urns: list[str]) -> dict[str, str]:
    return access_queries.organisation_names_by_urn(
        session=db(), partnership_id=current.principal().partnership_id, urns=urns
    )


def _names(urns: list[str]) -> list[tuple[str, str | None]]:
    """Each URN with its school's name: the partnership's organisation, else a demo school's."""
    known = _organisation_names(urns)
    return [(urn, known.get(urn) or school_name(urn)) for urn in urns]


@bp.get("/")
@requires(Permission.SIGNED_IN)
def index() -> BaseResponse | str:
    """A school user's own setting; for LA-wide roles, the settings named on their requests."""
    user = current.principal()
    if has_permission(user, Permission.VIEW_AGGREGATES):
        urns = queries.list_setting_urns(session=db(), la_codes=user.la_codes)
        return render_template("settings/index.html", title=TITLE, settings=_names(urns))
    if not has_permission(user, Permission.VIEW_OWN_SETTING):
        raise PermissionDenied("Your role does not include this")
    if not user.urn:
        raise NotFound("Your organisation has no URN")
    return redirect(url_for("settings.setting", urn=user.urn))


@bp.get("/<urn>")
@requires(Permission.SIGNED_IN)
def setting(urn: str) -> str:
    """Requests for EHC needs assessment about children at this setting, and plans issued."""
    _check_access(urn)
    tables = _tables(urn)
    name = _setting_name(urn) or school_name(urn)
    title = f"EHC needs assessments: {name or 'URN ' + urn}"
    charts = [Markup(_request_chart(tables)), Markup(_plan_chart(tables))] if tables.plans else []
    return render_template("settings/setting.html", title=title, urn=urn, name=name,
                           tables=tables, request_labels=[label for _, label in REQUEST_TABLE],
                           plan_labels=[label for _, label in PLAN_TABLE],
                           charts=charts)  # fmt: skip


@bp.get("/<urn>/figures.csv")
@requires(Permission.SIGNED_IN)
def setting_csv(urn: str) -> Response:
    """The setting's figures by year as CSV, after disclosure control, with the symbols' notes."""
    _check_access(urn)
    tables = _tables(urn)
    notes = [[f"Note: {line}"] for line in tables.notes]
    body = write_csv([*tables.csv_rows(), *notes], header=csv_header())
    return csv_download(body, f"ehc-setting-{urn}.csv")


def _years(tables: SettingTables) -> list[str]:
    return [row[0] for row in tables.requests]


def _request_chart(tables: SettingTables) -> str:
    return bar_chart(_years(tables), tables.chart_values("requests", 1),
                     title="Requests for an EHC needs assessment received, by year",
                     desc="Requests about children at this setting; the table below has each "
                          "figure, and hidden figures are left out.",
                     sort="none", decimals=0)  # fmt: skip


def _plan_chart(tables: SettingTables) -> str:
    return line_chart(_years(tables),
                      [Series("Within 20 weeks", tables.chart_values("plans", 2))],
                      title="Plans issued within 20 weeks, excluding exceptions, by year",
                      desc="Percentage of plans issued within 20 weeks; hidden years are gaps. "
                           "The table below has each figure.",
                      y_label="Per cent", unit="%", include_zero=True)  # fmt: skip


def register(app: Flask) -> None:
    """Attach this blueprint."""
    app.register_blueprint(bp)
