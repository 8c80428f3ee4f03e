"""salesbot's web pages in HTML: the feedback page's (the form, the thanks, the pages for links
that cannot be answered), and the frame the install pages share (``install_pages.py``).

Every value put into a page goes through ``html.escape`` (``_e``), the catalog's words too.
No script and no inline style: the stylesheet is a file served from ``STYLESHEET_PATH``, so the
page's Content-Security-Policy (``PAGE_HEADERS``) allows nothing else. Links are relative, so a
path prefix in ``SALESBOT_PUBLIC_URL`` (a proxy serving the app under ``/salesbot``) works unchanged.
"""

from __future__ import annotations

from html import escape

from salesbot.feedback import CSAT, SCALES
from salesbot.i18n import t

STYLESHEET_PATH = "/feedback.css"
# From /feedback/<token> (and /slack/install), the stylesheet one level up.
_STYLESHEET_HREF = "../feedback.css"
# No script at all, the one stylesheet from this app, forms posted only here, never framed.
CSP = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
# What every page is served with, besides its Content-Type and Content-Length.
PAGE_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("X-Frame-Options", "DENY"),
)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def page(lang: str, *, title: str, body: str) -> bytes:
    """A whole document: the phone-width viewport, the stylesheet, ``body`` (already HTML)."""
    return (
        "<!doctype html>\n"
        f'<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        f'<link rel="stylesheet" href="{_STYLESHEET_HREF}">\n'
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    ).encode()


def message_page(lang: str, key: str, **params: object) -> bytes:
    """A page that only says something: ``key.title`` as its heading, ``key.text`` under it."""
    title = t(lang, f"{key}.title", **params)
    return page(
        lang, title=title, body=f"<h1>{_e(title)}</h1>\n<p>{_e(t(lang, f'{key}.text', **params))}</p>"
    )


def form_page(
    lang: str,
    *,
    scale: str,
    stage: str,
    product: str = "",
    score: str = "",
    comment: str = "",
    errors: tuple[str, ...] = (),
) -> bytes:
    """The question, the scale as large radio tiles, an optional comment, Send. With ``errors``
    (texts already in ``lang``), the form again as it was sent, the errors above it."""
    low, high = SCALES[scale]
    question = (
        t(lang, f"feedback_page.question.{stage}") if scale == CSAT else t(lang, "feedback_page.question.nps")
    )
    parts = [f'<h1 id="question">{_e(question)}</h1>']
    if product:
        parts.append(f'<p class="about">{_e(t(lang, "feedback_page.about", product=product))}</p>')
    parts += [f'<p class="error" role="alert">{_e(error)}</p>' for error in errors]
    tiles = "\n".join(
        f'<label><input type="radio" name="score" value="{n}" required'
        f"{' checked' if score == str(n) else ''}><span>{n}</span></label>"
        for n in range(low, high + 1)
    )
    parts.append(
        '<form method="post">\n'
        f"<fieldset>\n<legend>{_e(t(lang, 'feedback_page.score_label', low=low, high=high))}</legend>\n"
        f'<div class="scale {_e(scale)}">\n{tiles}\n</div>\n'
        f'<p class="ends"><span>{_e(t(lang, f"feedback_page.low_end.{scale}"))}</span>'
        f"<span>{_e(t(lang, f'feedback_page.high_end.{scale}'))}</span></p>\n"
        "</fieldset>\n"
        f'<label class="comment" for="comment">{_e(t(lang, "feedback_page.comment_label"))}</label>\n'
        f'<textarea id="comment" name="comment" rows="5" maxlength="2000">{_e(comment)}</textarea>\n'
        f'<button type="submit">{_e(t(lang, "feedback_page.send"))}</button>\n'
        "</form>"
    )
    return page(lang, title=question, body="\n".join(parts))
