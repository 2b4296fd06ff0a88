"""The WeasyPrint adapter: HTML from our templates -> PDF bytes.

Security: WeasyPrint by default fetches whatever the HTML names (file:,
http:, attachments). Here the only URL fetcher is `AssetFetcher`, which
serves the tool's own CSS and font files under templates/ and refuses (and
records) anything else.

Reproducibility: no time of day and no random PDF /ID are written, so the
same HTML gives the same bytes.

WeasyPrint takes 0.6 s to import: it is imported only inside the functions
that render, so `paritrana --help` stays fast. The stylesheet and fonts are
loaded once per process (`shared_style`); worker processes forked after a
first render inherit them.
"""

from __future__ import annotations

import atexit
import functools
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .templating import TEMPLATES_DIR

ASSET_TYPES = {".css": "text/css", ".ttf": "font/ttf"}


def asset_path(url: str) -> Path | None:
    """The file under templates/ a URL names, if it is one of our assets."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path))
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    root = TEMPLATES_DIR.resolve()
    if root not in real.parents or real.suffix.lower() not in ASSET_TYPES:
        return None
    return real if real.is_file() else None


@functools.lru_cache(maxsize=32)
def _asset_bytes(path: Path) -> bytes:
    return path.read_bytes()


@functools.lru_cache(maxsize=1)
def fetcher_class() -> type:
    """AssetFetcher, built on first use so weasyprint is imported only to render."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serves templates/*.css and templates/fonts/*.ttf; refuses the rest.

        `served` and `refused` record every URL asked for, so tests can
        assert that hostile input made WeasyPrint fetch nothing else.
        Refusal raises ValueError, which WeasyPrint catches and logs.
        """

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = asset_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"paritrana fetches only its own assets, refused: {url[:200]}")
            self.served.append(url)
            return URLFetcherResponse(
                path.as_uri(),
                body=_asset_bytes(path),
                headers={"Content-Type": ASSET_TYPES[path.suffix.lower()]},
            )

    return AssetFetcher


def new_fetcher() -> Any:
    return fetcher_class()()


@functools.lru_cache(maxsize=1)
def shared_style() -> tuple[Any, Any, Any]:
    """(stylesheet, font configuration, its fetcher), built once per process.

    Parsing paritrana.css and loading its three @font-face files costs
    about 0.1 s; every document of a process reuses them (and worker
    processes forked after the warm-up render inherit them).
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    # Drop it at exit while the interpreter is whole: FontConfiguration's
    # __del__ removes its temporary font folder and fails during teardown.
    atexit.register(shared_style.cache_clear)
    fetcher = new_fetcher()
    css = CSS(
        url=(TEMPLATES_DIR / "paritrana.css").as_uri(),
        url_fetcher=fetcher,
        font_config=fonts,
    )
    return css, fonts, fetcher


def html_document(html: str, fetcher: Any = None) -> Any:
    """Lay out HTML from our templates (a weasyprint Document).

    The shared stylesheet and fonts come from `shared_style()`; anything
    the HTML itself names goes through `fetcher` (by default a new
    AssetFetcher), which serves only our assets.
    """
    from weasyprint import HTML

    css, fonts, _ = shared_style()
    fetcher = fetcher if fetcher is not None else new_fetcher()
    source = HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher)
    return source.render(stylesheets=[css], font_config=fonts)


def html_to_pdf(html: str, fetcher: Any = None) -> bytes:
    """HTML (from our templates) -> PDF bytes, resources through `fetcher` only.

    Writes the PDF metadata: what the template's <meta> elements say
    (title, Keywords with the audit hash, dates) and, for a document whose
    audit hash was computed in this process, `/ParitranaInputs`: the name
    and SHA-256 of each input file (`audit.inputs_metadata`), so `verify`
    can name the file that differs.
    """
    from ..audit import INPUTS_KEY, digest_in_keywords, inputs_metadata

    document = html_document(html, fetcher)
    digest = digest_in_keywords(", ".join(document.metadata.keywords or ()))
    listed = inputs_metadata(digest) if digest else None
    if listed is not None:
        document.metadata.custom = {INPUTS_KEY: listed}
    # No pdf_identifier: WeasyPrint then writes no /ID, which would differ per run.
    # custom_metadata writes only what is set just above (the templates
    # have no other custom <meta> names).
    return document.write_pdf(custom_metadata=listed is not None)
