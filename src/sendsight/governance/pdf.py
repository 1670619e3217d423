"""HTML to tagged PDF with WeasyPrint (PDF/UA-1: tagged structure, language, title)."""

from __future__ import annotations

import warnings


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (inline SVG and CSS; no external resources)."""
    with warnings.catch_warnings():
        # WeasyPrint 6x warns, on import, that a later version will need the Debian library
        # libharfbuzz-subset0; without it fonts are subset by fontTools, and the PDF is the same.
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
        from weasyprint import HTML

    def refuse(url: str) -> dict[str, object]:  # never fetch anything named in the document
        raise ValueError(f"External resources are not loaded: {url[:40]}")

    document = HTML(string=html, url_fetcher=refuse)
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
