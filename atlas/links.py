"""The link of a view (page + query parameters) and its QR code, generated locally (segno).

Pure: no streamlit. atlas.ui.share reads the browser URL and the query parameters; the brief
prints the same link and QR code.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno


def view_link(
    base_url: str | None, page_path: str, params: Mapping[str, Sequence[str] | str]
) -> str:
    """The full link: the app's origin (and any prefix it is served under) from `base_url`,
    then `page_path` ("map"; "" for the default page) and every query parameter in order,
    repeated keys for multiple values (`?provinsi=Jawa+Timur&provinsi=Bali`).

    `base_url` is the browser's URL without query (st.context.url), which may already end in
    the current page path; it is replaced by `page_path`. Without a base the link is relative.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        values = [value] if isinstance(value, str) else list(value)
        pairs.extend((key, str(item)) for item in values)
    query = urlencode(pairs)
    page = page_path.strip("/")
    if not base_url:
        return "/" + page + (f"?{query}" if query else "")
    parts = urlsplit(base_url)
    prefix = parts.path.rstrip("/")
    if page and prefix.endswith("/" + page):
        prefix = prefix[: -len(page) - 1]
    path = f"{prefix}/{page}" if page else f"{prefix}/"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def qr_png(link: str, scale: int = 6) -> bytes:
    """A PNG QR code of `link` (error correction M, quiet zone of 4 modules)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(link: str, scale: int = 4) -> str:
    """An inline SVG QR code of `link` (no XML declaration, safe to embed in HTML)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, svgclass="atlas-qr"
    )
    return buffer.getvalue().decode("utf-8")
