"""Tables of the Local Offer directory: the Open Referral UK 3.0 entities, plus moderation.

Every ORUK record has a UUID ``id`` (as ORUK requires) and belongs to one partnership. Names
follow ORUK's (American) spelling where they are ORUK's fields, so the API maps one to one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sendsight.db.base import Base

PARTNERSHIP = "access_partnership.id"


class DirectorySettings(Base):
    """A partnership's directory settings: review cycle, team inbox, whether its API is public."""

    __tablename__ = "directory_settings"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), unique=True)
    review_cycle_months: Mapped[int] = mapped_column(Integer, default=6)
    team_email: Mapped[str | None] = mapped_column(String(254), default=None)
    # The anonymous ORUK API and family search serve the first partnership that publishes.
    publishes: Mapped[bool] = mapped_column(default=False)


class Organization(Base):
    """An ORUK organization: a body that provides services."""

    __tablename__ = "directory_organization"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    website: Mapped[str | None] = mapped_column(String(500), default=None)
    # The sendsight (access) organisation whose provider users may edit these services.
    owner_organisation_id: Mapped[str | None] = mapped_column(String(36), default=None)


class Service(Base):
    """An ORUK service, with the Local Offer questions as structured fields.

    ``assured_on``/``assured_by`` say when and by whom the listing was last checked;
    ``deleted_at_utc`` marks a soft deletion (purged after 30 days).
    """

    __tablename__ = "directory_service"
    # The directory's data version (count and newest change) is read from this index alone.
    __table_args__ = (
        Index("ix_directory_service_partnership_updated", "partnership_id", "updated_at_utc"),
    )

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("directory_organization.id"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    alternate_name: Mapped[str | None] = mapped_column(String(200), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500), default=None)
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    status: Mapped[str] = mapped_column(String(24), default="active")
    fees_description: Mapped[str | None] = mapped_column(Text, default=None)
    eligibility_description: Mapped[str | None] = mapped_column(Text, default=None)
    minimum_age: Mapped[int | None] = mapped_column(Integer, default=None)
    maximum_age: Mapped[int | None] = mapped_column(Integer, default=None)
    application_process: Mapped[str | None] = mapped_column(Text, default=None)
    assured_on: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    assured_by: Mapped[str | None] = mapped_column(String(254), default=None)
    # The Local Offer questions (SEND Code of Practice 2015, 4.30-4.32 and Regulation 53).
    send_support: Mapped[str | None] = mapped_column(Text, default=None)
    staff_training: Mapped[str | None] = mapped_column(Text, default=None)
    parent_involvement: Mapped[str | None] = mapped_column(Text, default=None)
    progress_sharing: Mapped[str | None] = mapped_column(Text, default=None)
    environment_access: Mapped[str | None] = mapped_column(Text, default=None)
    next_steps: Mapped[str | None] = mapped_column(Text, default=None)
    # Every searchable word of the listing in one column (the full-text engines read it).
    search_text: Mapped[str] = mapped_column(Text, default="")
    deleted_at_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class Location(Base):
    """An ORUK location: a place services are delivered from."""

    __tablename__ = "directory_location"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    location_type: Mapped[str] = mapped_column(String(24), default="physical")
    latitude: Mapped[float | None] = mapped_column(Numeric(9, 6), default=None)
    longitude: Mapped[float | None] = mapped_column(Numeric(9, 6), default=None)


class Address(Base):
    """An ORUK address of a location."""

    __tablename__ = "directory_address"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("directory_location.id"), index=True)
    address_1: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    state_province: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2), default="GB")
    address_type: Mapped[str] = mapped_column(String(16), default="physical")


class Accessibility(Base):
    """An ORUK accessibility note on a location."""

    __tablename__ = "directory_accessibility"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("directory_location.id"), index=True)
    description: Mapped[str] = mapped_column(Text)


class ServiceAtLocation(Base):
    """An ORUK service_at_location: a service delivered at a location."""

    __tablename__ = "directory_service_at_location"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("directory_location.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text, default=None)


class Contact(Base):
    """An ORUK contact for a service (a role, never a private person)."""

    __tablename__ = "directory_contact"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200), default=None)
    email: Mapped[str | None] = mapped_column(String(254), default=None)


class Phone(Base):
    """An ORUK phone number of a service."""

    __tablename__ = "directory_phone"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    number: Mapped[str] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(String(200), default=None)


class Schedule(Base):
    """An ORUK schedule: weekly opening on ``byday`` (``MO,WE``) from ``opens_at`` to
    ``closes_at`` (``HH:MM``)."""

    __tablename__ = "directory_schedule"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    freq: Mapped[str] = mapped_column(String(8), default="WEEKLY")
    byday: Mapped[str] = mapped_column(String(32))
    opens_at: Mapped[str] = mapped_column(String(5))
    closes_at: Mapped[str] = mapped_column(String(5))
    description: Mapped[str | None] = mapped_column(String(200), default=None)


class ServiceArea(Base):
    """An ORUK service_area: where a service is offered (a locality)."""

    __tablename__ = "directory_service_area"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class CostOption(Base):
    """An ORUK cost_option: a price (GBP) and what it buys."""

    __tablename__ = "directory_cost_option"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    option: Mapped[str | None] = mapped_column(String(200), default=None)
    amount: Mapped[float | None] = mapped_column(Numeric(10, 2), default=None)
    amount_description: Mapped[str | None] = mapped_column(String(200), default=None)


class Language(Base):
    """An ORUK language a service is offered in."""

    __tablename__ = "directory_language"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(8))


class Taxonomy(Base):
    """An ORUK taxonomy sendsight publishes (need, age band, level, locality, pathway stage)."""

    __tablename__ = "directory_taxonomy"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    key: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    uri: Mapped[str] = mapped_column(String(500))
    version: Mapped[str] = mapped_column(String(16), default="1")


class TaxonomyTerm(Base):
    """An ORUK taxonomy_term: one value of a taxonomy (``code`` is stable, e.g. ``ASD``)."""

    __tablename__ = "directory_taxonomy_term"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    taxonomy_id: Mapped[str] = mapped_column(ForeignKey("directory_taxonomy.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Attribute(Base):
    """An ORUK attribute: a service tagged with a taxonomy term."""

    __tablename__ = "directory_attribute"
    # "Tagged with this term?" is asked per service: one index answers it without reading rows.
    __table_args__ = (Index("ix_directory_attribute_link_id_term", "link_id", "taxonomy_term_id"),)

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    link_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"))
    taxonomy_term_id: Mapped[str] = mapped_column(
        ForeignKey("directory_taxonomy_term.id"), index=True
    )


class ChangeRecord(Base):
    """An ORUK metadata row: one field of one record changed, by whom and when."""

    __tablename__ = "directory_metadata"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    resource_id: Mapped[str] = mapped_column(String(36), index=True)
    resource_type: Mapped[str] = mapped_column(String(32))
    last_action_date: Mapped[date] = mapped_column(Date)
    last_action_type: Mapped[str] = mapped_column(String(16))
    field_name: Mapped[str] = mapped_column(String(64))
    previous_value: Mapped[str] = mapped_column(Text, default="")
    replacement_value: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(254))


class ServiceVersion(Base):
    """A proposed (``pending``), ``approved`` or ``rejected`` version of a service's fields."""

    __tablename__ = "directory_service_version"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_by: Mapped[str] = mapped_column(String(254))
    decided_by: Mapped[str | None] = mapped_column(String(254), default=None)
    reason: Mapped[str | None] = mapped_column(Text, default=None)


class ListingFeedback(Base):
    """A comment on the Local Offer ("Is this information right?"), and the answer to it."""

    __tablename__ = "directory_feedback"

    partnership_id: Mapped[str] = mapped_column(ForeignKey(PARTNERSHIP), index=True)
    service_id: Mapped[str | None] = mapped_column(
        ForeignKey("directory_service.id"), default=None, index=True
    )
    body: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(Text, default=None)
    answered_on: Mapped[date | None] = mapped_column(Date, default=None)
    published: Mapped[bool] = mapped_column(default=False)
