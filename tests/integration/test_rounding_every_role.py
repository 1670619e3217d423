"""The same figure reads the same to every reader: one rounding rule (halves away from zero)
whether the figure went through disclosure control (a partner) or not (an analyst)."""

from __future__ import annotations

import csv
import io
import re

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.ehc.models import FtEhcMonthly
from tests.conftest import sign_in

ROLES = ("analyst", "partner")
MONTHLY_CSV = "/ehc/monthly.csv?la=354"


def _latest_month_at_81_25_percent(session: Session) -> str:
    """Make the latest month's plans 13 of 16 within 20 weeks: exactly 81.25%."""
    row = session.scalars(
        select(FtEhcMonthly).where(FtEhcMonthly.la_code == "354")
        .order_by(FtEhcMonthly.month.desc()).limit(1)
    ).one()  # fmt: skip
    row.plans_issued = row.plans_issued_excl_exceptions = 16
    row.plans_within_20_weeks = row.plans_within_20_weeks_excl_exceptions = 13
    session.commit()  # a savepoint: the test's outer transaction is still rolled back
    return row.month


def _monthly_cells(page: str, month: str) -> tuple[str, str]:
    found = re.search(
        rf'<th scope="row" class="govuk-table__header">{month}</th>\s*'
        r'<td class="[^"]*">([^<]*)</td>\s*<td class="[^"]*">([^<]*)</td>',
        page,
    )
    assert found, f"no row for {month}"
    return found.group(1), found.group(2)


def _as(app: Flask, role: str, path: str) -> str:
    client = app.test_client()
    sign_in(client, role)
    response = client.get(path)
    assert response.status_code == 200, (role, path, response.status_code)
    return response.get_data(as_text=True)


def test_81_25_percent_shows_as_81_3_to_analyst_and_partner(
    app: Flask, seeded_session: Session
) -> None:
    month = _latest_month_at_81_25_percent(seeded_session)
    shown = {role: _monthly_cells(_as(app, role, "/ehc/?la=354"), month) for role in ROLES}
    assert shown == {"analyst": ("16", "81.3"), "partner": ("16", "81.3")}


def test_the_monthly_download_rounds_the_same_for_analyst_and_partner(
    app: Flask, seeded_session: Session
) -> None:
    month = _latest_month_at_81_25_percent(seeded_session)
    rows = {
        role: {r[0]: r for r in csv.reader(io.StringIO(_as(app, role, MONTHLY_CSV)))}
        for role in ROLES
    }
    assert rows["analyst"][month][1:] == rows["partner"][month][1:] == ["16", "81.3"]


def test_every_percentage_both_readers_see_on_the_ehc_overview_is_the_same(app: Flask) -> None:
    pages = {role: _as(app, role, "/ehc/?la=354") for role in ROLES}
    months = re.findall(r'<th scope="row" class="govuk-table__header">(\d{4}-\d{2})</th>',
                        pages["analyst"])  # fmt: skip
    assert months
    compared = 0
    for month in months:
        analyst, partner = (_monthly_cells(pages[role], month)[1] for role in ROLES)
        if re.fullmatch(r"[\d.]+", partner):
            assert analyst == partner, month
            compared += 1
    assert compared > 0
