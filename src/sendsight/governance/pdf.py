"""HTML to tagged PDF with WeasyPrint (PDF/UA-1: tagged structure, language, title)."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (inline SVG and CSS; no external resources)."""
    from weasyprint import HTML

    def refuse(url: str) -> dict[str, object]:  # never fetch anything named in the document
        raise ValueError(f"External resources are not loaded: {url[:40]}")

    document = HTML(string=html, url_fetcher=refuse)
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
