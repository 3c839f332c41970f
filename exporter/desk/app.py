"""The review page: a Flask application over a :class:`~exporter.desk.session.Desk`.

Server-rendered HTML (Jinja, autoescaped) and one small script, no build step. Every request must carry the
session's secret token: in the address (``?t=…``) for pages and files, in the ``X-Desk-Token`` header for the
actions, which also need the page's CSRF token (``X-CSRF-Token``), a JSON body, and no other site as their
``Origin``. A request for another host name than the one served (DNS rebinding) is refused. Answers say
``no-store``, ``no-referrer`` and a content security policy that allows only this server's own script and style.
"""
from __future__ import annotations

import hmac
import secrets
from typing import Any, Dict, List, Optional, Tuple

from ..errors import VnbriefError
from ..resources import data_dir
from ..translate.article import Settled
from ..translate.checks import CHECKS
from .session import Conflict, Desk, NotFound, Review
from .words import FLAG_WORDS, WORDS, choose_language

__all__ = ["create_app", "TOKEN_HEADER", "CSRF_HEADER"]

TOKEN_HEADER, CSRF_HEADER = "X-Desk-Token", "X-CSRF-Token"
#: Files the page loads, served from ``templates/desk``.
STATIC = {"desk.css": "text/css; charset=utf-8", "desk.js": "text/javascript; charset=utf-8"}
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}
FILTERS = ("all", "flagged", "open")
#: What the page's buttons ask for, each at ``/api/a/<article>/<action>``.
ACTIONS = ("edit", "approve", "reopen", "save", "render", "reload")


def create_app(desk: Desk, token: str, *, host: str = "127.0.0.1", csrf: Optional[str] = None) -> Any:
    """The Flask application; ``host`` is the ``host:port`` it is served on (checked on every request)."""
    import jinja2
    from flask import Flask, Response, abort, jsonify, request

    csrf = csrf or secrets.token_urlsafe(32)
    app = Flask("vnbrief-desk", static_folder=None)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates") / "desk")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    app.after_request(_with_security_headers)

    @app.before_request
    def guard() -> None:
        refused = _refusal(request, host, token, csrf)
        if refused:
            abort(refused)

    @app.get("/")
    def index() -> Response:
        return page(1)

    @app.get("/a/<int:number>")
    def page(number: int) -> Response:
        lang = choose_language(request.args.get("lang", ""), request.headers.get("Accept-Language", ""))
        show = request.args.get("show", "all")
        try:
            review = desk.review(number)
        except NotFound:
            abort(404)
        html = env.get_template("page.html.j2").render(
            **_common(desk, review, token, csrf, lang), show=show if show in FILTERS else "all",
            segments=[_segment(review, item, lang) for item in review.segments])
        return Response(html, mimetype="text/html")

    @app.get("/static/<name>")
    def static_file(name: str) -> Response:
        if name not in STATIC:
            abort(404)
        return Response((data_dir("templates") / "desk" / name).read_bytes(), mimetype=STATIC[name])

    def act(number: int, action: str) -> Tuple[Response, int]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("revision"), int):
            return jsonify(ok=False, message="a JSON body with the page's revision is needed"), 400
        if action not in ACTIONS:
            abort(404)
        lang = str(body.get("lang")) if body.get("lang") in WORDS else "en"
        answer, status = _act(desk, number, action, body, WORDS[lang])
        item = answer.pop("item", None)
        if item is not None:
            answer.update(_segment_answer(desk.review(number), item, env, lang))
        return jsonify(answer), status

    for name in ACTIONS:
        app.add_url_rule(f"/api/a/<int:number>/{name}", f"api_{name}",
                         lambda number, _name=name: act(number, _name), methods=["POST"])
    return app


def _with_security_headers(response: Any) -> Any:
    for name, value in _SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def _segment_answer(review: Review, item: Any, env: Any, lang: str) -> Dict[str, Any]:
    """The changed segment drawn again, and every segment's flag: the article's checks may have changed on other
    segments too (duplicates, swaps)."""
    return {"html": env.get_template("segment.html.j2").render(s=_segment(review, review.segment(item.id), lang),
                                                               w=WORDS[lang]),
            "flags": {s.id: bool(s.flags) for s in review.segments}}

def _same(given: Optional[str], secret: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode("utf-8"), secret.encode("utf-8"))


def _refusal(request: Any, host: str, token: str, csrf: str) -> int:
    """The status a request is refused with (0: let through): another host name pointing here (DNS rebinding),
    a page without the session's token, an action without both tokens, from another site, or not JSON."""
    if request.host != host:
        return 421
    if request.method == "GET":
        return 0 if _same(request.args.get("t"), token) else 403
    if request.method != "POST":
        return 405
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"http://{host}":
        return 403
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return 403
    if not (_same(request.headers.get(TOKEN_HEADER), token) and _same(request.headers.get(CSRF_HEADER), csrf)):
        return 403
    return 0 if request.is_json else 415


def _act(desk: Desk, number: int, action: str, body: Dict[str, Any], words: Dict[str, str]
         ) -> Tuple[Dict[str, Any], int]:
    """Do one of the :data:`ACTIONS` on article ``number``: the answer (``item``: the segment changed, if any) and
    its status."""
    revision = body["revision"]
    segment_id = str(body.get("id", ""))
    message, item = "", None
    try:
        desk.review(number)
        if action == "edit":
            item = desk.edit(number, segment_id, str(body.get("text", "")), revision)
        elif action == "approve":
            item = desk.approve(number, segment_id, revision)
        elif action == "reopen":
            item = desk.reopen(number, segment_id, revision)
        elif action == "save":
            message = words["saved"].format(path=desk.save(number, revision))
        elif action == "render":
            message = words["rendered"].format(paths=", ".join(str(p) for p in desk.render(number, revision)))
        else:  # reload
            desk.reload(number)
            return {"ok": True, "reload": True}, 200
    except Conflict as err:
        return {"ok": False, "conflict": True, "message": words["conflict"].format(message=err.message)}, 409
    except NotFound as err:
        return {"ok": False, "message": err.message}, 404
    except VnbriefError as err:
        return {"ok": False, "message": words["error"].format(message=str(err))}, 400
    review = desk.review(number)
    return {"ok": True, "revision": review.revision, "unsaved": review.unsaved,
            "counts": words["segments"].format(**review.counts()), "message": message, "item": item}, 200


def _common(desk: Desk, review: Review, token: str, csrf: str, lang: str) -> Dict[str, Any]:
    """What every page shows: the articles, the tokens, the words."""
    return {
        "w": WORDS[lang], "lang": lang, "token": token, "csrf": csrf, "review": review,
        "articles": [(r.number, r.title) for r in desk.reviews], "reviewer": desk.reviewer,
        "counts": WORDS[lang]["segments"].format(**review.counts()),
    }


def _segment(review: Review, item: Settled, lang: str) -> Dict[str, Any]:
    """One segment as the page shows it: the source in pieces (terms and names marked with their English), the
    text, the state, who and when, and the flags with what each means."""
    glossary = review.checker.glossary
    pieces: List[Tuple[str, str, str]] = []  # (text, kind or "", the English it stands for)
    cursor = 0
    source = item.segment.source
    spans = glossary.spans(source, review.checker.known)
    for span in spans:
        if span.start < cursor:
            continue
        pieces.append((source[cursor:span.start], "", ""))
        pieces.append((source[span.start:span.end], "term" if span.kind == "term" else "name", span.replacement))
        cursor = span.end
    pieces.append((source[cursor:], "", ""))
    labels = FLAG_WORDS[lang]
    flags = [(labels.get(f.kind, f.kind), f.detail) for f in sorted(
        item.flags, key=lambda f: CHECKS.index(f.kind) if f.kind in CHECKS else len(CHECKS))]
    return {
        "id": item.id, "kind": item.segment.kind, "pieces": [p for p in pieces if p[0]], "text": item.text,
        "machine": item.machine, "state": item.state, "by": item.by, "at": item.at, "flags": flags,
        "terms": [(s.original, s.replacement, s.kind) for s in spans],
    }
