"""What the self-contained HTML pages (annotated articles, outlet profiles) share: escaping and
the page shell with its content-security policy."""

from __future__ import annotations

import base64
import hashlib
import html

from scorer.version import __version__


def escape(text: object) -> str:
    """``text`` as HTML text or attribute value."""
    return html.escape(str(text), quote=True)


def self_contained_page(title: str, body: str, css: str, js: str) -> str:
    """A whole HTML page with its own style and script and nothing loaded from elsewhere.

    The policy forbids every load and every script but this page's own (by hash): even a failure
    of escaping could not run a script from the text shown or fetch anything.
    """
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    policy = (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="scorer {escape(__version__)}">'
        f"<title>{escape(title)}</title><style>{css}</style></head>\n"
        f"<body><main>{body}</main><script>{js}</script></body></html>\n"
    )
