"""The Local Offer as supply for the commissioning matrix (``commissioning.needs``), which reads
it through ``sendsight.wiring.optional_module`` and caches it under ``versioned.data_version``.

Rows use the matrix's codes, not the directory's: needs in lower case (``asd``: the SEN2
primary need codes both use), age bands ``0-4`` ... ``20-25``, levels ``universal``,
``targeted``, ``specialist``, and a locality's plain name (the matrix keys localities by
name). A service tagged with several bands, levels or localities, or with none, is not
specific: ``all`` (``All localities`` for the locality, the matrix's own word).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.directory.models import Attribute, Service, Taxonomy, TaxonomyTerm
from sendsight.directory.taxonomies import bands_for

ALL: Final = "all"
# commissioning.needs.ALL_LOCALITIES: the matrix's cell for services not tied to one place.
ALL_LOCALITIES: Final = "All localities"


def _tags(session: Session, partnership_id: str) -> dict[str, dict[str, list[TaxonomyTerm]]]:
    """Per active service id: its terms by taxonomy key, in taxonomy order."""
    query = (
        select(Attribute.link_id, Taxonomy.key, TaxonomyTerm)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Attribute.partnership_id == partnership_id)
        .order_by(Attribute.link_id, TaxonomyTerm.position, TaxonomyTerm.id)
    )
    found: dict[str, dict[str, list[TaxonomyTerm]]] = defaultdict(lambda: defaultdict(list))
    for service_id, key, term in session.execute(query):
        found[service_id][key].append(term)
    return found


def _one(values: list[str], default: str) -> str:
    return values[0] if len(values) == 1 else default


def services_by_need(
    *, session: Session, partnership_id: str, la_code: str
) -> list[dict[str, Any]]:
    """One row per active Local Offer service and need it is tagged with: ``need``,
    ``age_band``, ``locality``, ``level`` (the matrix's codes), ``name`` and ``places``
    (None: listings do not count places). ``la_code`` is accepted for the matrix's calling
    convention; a partnership keeps one directory for all its areas."""
    del la_code
    tags = _tags(session, partnership_id)
    services = session.execute(
        select(Service.id, Service.name, Service.minimum_age, Service.maximum_age)
        .where(
            Service.partnership_id == partnership_id,
            Service.deleted_at_utc.is_(None),
            Service.status == "active",
        )
        .order_by(Service.name, Service.id)
    )
    rows: list[dict[str, Any]] = []
    for service_id, name, low, high in services:
        terms = tags.get(service_id, {})
        bands = [t.code for t in terms.get("age_band", [])] or bands_for(low, high)
        common = {
            "age_band": _one(bands, ALL),
            "locality": _one([t.name for t in terms.get("locality", [])], ALL_LOCALITIES),
            "level": _one([t.code for t in terms.get("level", [])], ALL),
            "name": name,
            "places": None,
        }
        rows += [{"need": t.code.lower(), **common} for t in terms.get("need", [])]
    return rows
