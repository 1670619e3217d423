"""CSV files offered for download: one response shape for every page's "Download (CSV)" link."""

from __future__ import annotations

from flask import Response

# Some downloads hold case rows and identifiers (the EHC at-risk list), and any of them may
# hold a partnership's own figures: no browser, proxy or shared cache may keep a copy.
DOWNLOAD_CACHE_CONTROL = "private, no-store"


def csv_download(body: str, filename: str) -> Response:
    """``body`` (CSV text) as an attachment named ``filename``, never stored by any cache.

    A byte-order mark comes first so that Excel reads the file as UTF-8 (area names such as
    "Bristol, City of", "–" in notes)."""
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": DOWNLOAD_CACHE_CONTROL,
        },
    )
