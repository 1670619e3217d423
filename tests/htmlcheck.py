"""Checks every HTML page the test client sees: well-formed, titled after its <h1>, safe forms."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import html5lib

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.title = ""
        self.h1: list[str] = []
        self.forms: list[dict[str, str | None]] = []
        self._capture: str | None = None
        self._form_inputs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action"),
                    "method": (a.get("method") or "get").lower(),
                    "csrf": None,
                }
            )
        if tag == "input" and a.get("name") == "csrf_token" and self.forms:
            self.forms[-1]["csrf"] = a.get("value")
        if tag in ("title", "h1"):
            self._capture = tag
            if tag == "h1":
                self.h1.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == self._capture:
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture == "title":
            self.title += data
        elif self._capture == "h1":
            self.h1[-1] += data


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_html(body: str) -> list[str]:
    """Every problem with a page, as sentences (empty when the page is fine)."""
    problems: list[str] = []
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(body)
    problems += [f"HTML parse error: {e[1]} at {e[0]}" for e in parser.errors]
    collector = _Collector()
    collector.feed(body)
    collector.close()
    problems += collector.errors
    if collector.stack:
        problems.append(f"unclosed elements: {collector.stack}")
    if len(collector.h1) != 1:
        problems.append(f"expected exactly one <h1>, found {len(collector.h1)}")
    else:
        title = _norm(collector.title).removeprefix("Error: ")
        if not title.startswith(_norm(collector.h1[0])):
            problems.append(f"<title> {title!r} does not start with the <h1> {collector.h1[0]!r}")
    for form in collector.forms:
        if not form["action"]:
            problems.append("a <form> has no action")
        if form["method"] == "post" and not form["csrf"]:
            problems.append(f"POST form to {form['action']} has no CSRF token")
    return problems
