"""Open-redirect payloads for ``?next=``, as a person would put them in the query string.

Each is sent as written (a test client passes ``%xx`` escapes through); Python escapes (``\\t``,
``\\\\``) stand for the raw character. The families: protocol-relative and slash runs;
backslashes; tabs, newlines and other characters browsers drop; schemes (with odd case,
embedded whitespace, no slashes); user information; percent-encoded and double-encoded
slashes and backslashes; Unicode look-alikes and invisible characters; overlong UTF-8; header
injection; numeric and IPv6 hosts; and bare host names.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

PAYLOADS = [
    # Protocol-relative and runs of slashes
    "//evil.example", "//evil.example/", "///evil.example", "////evil.example",
    "/////evil.example", "//evil.example:80", "//evil.example/%2F..", "//127.0.0.1",
    "//2130706433", "//0x7f.0x0.0x0.0x1", "//[::1]", "//evil.example#@localhost",
    "//evil.example?@localhost", "//evil%2Eexample", "//%65vil.example",
    # Backslashes, raw and encoded (browsers read them as slashes)
    "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "\\/evil.example",
    "/%5Cevil.example", "%5C%5Cevil.example", "/%5C/evil.example", "/%5C%5Cevil.example",
    "/%255C%255Cevil.example", "///\\;@evil.example", "https:/\\evil.example",
    # Tabs, newlines, carriage returns, NUL and spaces (browsers strip some of them)
    "/\t/evil.example", "/%09/evil.example", "/%0A/evil.example", "/%0D/evil.example",
    "/%0D%0A/evil.example", "%09//evil.example", "%0D%0A//evil.example",
    "/%09/%09/evil.example", "/%00/evil.example", "%20//evil.example", "/%20/evil.example",
    "//evil.example%09", "/\n/evil.example", "/\r\n/evil.example",
    # Schemes
    "https://evil.example", "http://evil.example", "HTTPS://evil.example", "hTtP://evil.example",
    "https:evil.example", "http:/evil.example", "http:%5C%5Cevil.example",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java%09script:alert(1)",
    "%01javascript:alert(1)", "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E",
    "vbscript:msgbox(1)", "ftp://evil.example", "http://[::ffff:7f00:1]",
    # User information
    "//localhost@evil.example", "https://localhost@evil.example", "/@evil.example",
    "//evil.example@localhost", "@evil.example", "https://localhost.evil.example",
    # Encoded and double-encoded slashes
    "/%2F%2Fevil.example", "/%2f%2fevil.example", "%2F%2Fevil.example", "%2f%2fevil.example",
    "/%252F%252Fevil.example", "%252F%252Fevil.example", "/%25252F%25252Fevil.example",
    "/./%2F/evil.example", "/.//evil.example", "/..//evil.example",
    # Unicode look-alikes, invisible characters and overlong UTF-8
    "/%EF%BC%8F%EF%BC%8Fevil.example", "%EF%BC%8F%EF%BC%8Fevil.example",
    "/\uff0f\uff0fevil.example", "/%E2%81%84%E2%81%84evil.example", "/%E2%88%95evil.example",
    "/%E3%80%B1evil.example", "//evil%E3%80%82example", "//\u24d4vil.example",
    "%E2%80%8B//evil.example", "/%E2%80%AE//evil.example", "/%C0%AF/evil.example",
    "/%C0%AF%C0%AFevil.example", "/%E2%80%A8/evil.example",
    # Header injection
    "/%0d%0aLocation:%20https://evil.example", "/%0d%0aSet-Cookie:%20stolen=1",
    "/%E5%98%8A%E5%98%8DLocation:evil.example",
    # Bare hosts, fragments and queries without a leading slash
    "evil.example", ".evil.example", "#//evil.example", "?//evil.example", "", " ",
    "/" + "a" * 3000,
]  # fmt: skip

# Paths on this site that must survive unchanged.
SAFE_TARGETS = [
    "/admin/users", "/areas?q=Rochdale", "/admin/audit?action=sign_in.success&page=2",
    "/scorecard#outcome-3", "/areas/354/indicators/ehc_plans", "/forecasts/354?scenarios=a,b",
    "/?next=//evil.example",
]  # fmt: skip


def browser_destination(location: str, page: str) -> str:
    """Where a browser on ``page`` goes for ``Location: location`` (WHATWG URL parsing,
    roughly): leading and trailing C0 controls and spaces and every tab and newline are
    dropped, and backslashes are slashes in http(s) URLs."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("".join(map(chr, range(0x21))))
    return urljoin(page, cleaned.replace("\\", "/"))


def stays_on_site(location: str, page: str) -> bool:
    """True when a browser on ``page`` following ``location`` stays on the page's origin."""
    start, target = urlsplit(page), urlsplit(browser_destination(location, page))
    return (target.scheme, target.netloc) == (start.scheme, start.netloc)
