"""The workbench's web server: WSGI handlers on 127.0.0.1, pages from templates, writes through edits.

Standard library only (wsgiref, threaded): one reviewer on one machine needs no framework, and the
handlers are a plain function of a Request, so tests call them without a socket. Writes are POST
only and must come from the workbench's own pages (Host and Origin checked); every write goes
through `edits.ArticleFiles`, the one module that changes data/articles/*.yaml.
"""

from __future__ import annotations

import json
import mimetypes
import re
import sys
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from importlib import resources
from socketserver import ThreadingMixIn
from typing import Any, Callable, cast
from urllib.parse import parse_qs, quote, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jinja2

from ..config import Language, ProjectPaths, load_site_settings
from ..extract.numbers import ARABIC, CHINESE, NUMERAL_RE, parse_quantity
from ..i18n import N_, STATUS_LABELS, UNIT_LABELS, Localizer, load_translations
from ..indicators import IndicatorCatalog
from ..model import QUALIFIERS, UNITS, Figure
from ..store import DataError, translation_key, translation_of, validate_data_files
from .corpus import Corpus, FactView
from .edits import TRANSLATION_LANGUAGE, ArticleFiles, Change, EditError, FactKind
from .identity import RelationsCache

PACKAGE = "generator.review"
DEFAULT_PORT = 8001  # `serve` previews the site on 8000
LANG_COOKIE = "workbench_lang"
# Status a reviewer's button sets; "save" (a corrected fact) marks it reviewed unless a person added it.
ACTION_STATUS = {"accept": "reviewed", "reject": "rejected", "unreview": "machine"}
# A reviewer's decision on fact identity with another article's figure (form field "other"):
# the same fact (same_as), another fact (not_same_as), or back to the rule's decision.
IDENTITY_ACTIONS = ("same", "different", "undecided")
NUMBER_FIELDS = ("value", "before")
NULLABLE_TEXT = ("period", "subject", "pairing", "note", "change")
# The direction of a change stated without its earlier value (Figure.change), as the form offers it.
CHANGE_CHOICES = (("", N_("— (none, or a before is given)")), ("up", N_("up ↑")), ("down", N_("down ↓")))
_CHANGE_ARROWS = {"up": "↑ ", "down": "↓ "}
_WHOLE_NUMBER = re.compile(rf"(?:{ARABIC}|{CHINESE})(?:余|多)?[万亿]*")
# The keys of the article page (shown on the page and handled by static/workbench.js).
KEYS = (
    ("j / k", N_("next / previous fact")),
    ("a", N_("accept (reviewed)")),
    ("r", N_("reject")),
    ("u", N_("back to not reviewed")),
    ("e", N_("edit the value (Enter saves, Esc cancels)")),
    ("i", N_("edit the indicator")),
    ("p", N_("choose the pairing")),
    ("l", N_("edit the English label")),
    ("n", N_("add a fact from the selected text")),
    ("t", N_("edit the English title")),
    ("] / [", N_("next / previous article")),
    ("?", N_("show or hide these keys")),
)


# ----------------------------------------------------------------------------- requests


@dataclass
class Request:
    """What a handler needs from an HTTP request."""

    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def wants_json(self) -> bool:
        return "application/json" in self.headers.get("accept", "")

    @classmethod
    def from_environ(cls, environ: dict) -> "Request":
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        form: dict[str, str] = {}
        if environ.get("REQUEST_METHOD") == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            body = environ["wsgi.input"].read(min(length, 1_000_000)) if length > 0 else b""
            if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
                form = _first(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
        cookie = SimpleCookie()
        try:
            cookie.load(environ.get("HTTP_COOKIE", ""))
        except Exception:  # a malformed cookie header: ignore it
            pass
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        return cls(
            method=environ.get("REQUEST_METHOD", "GET"),
            path=path,
            query=_first(parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
            form=form,
            headers=headers,
            cookies={k: m.value for k, m in cookie.items()},
        )


def _first(values: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[0] for k, v in values.items()}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def html(cls, text: str, status: int = 200) -> "Response":
        return cls(status, text.encode("utf-8"), [("Content-Type", "text/html; charset=utf-8")])

    @classmethod
    def json(cls, data: Any, status: int = 200) -> "Response":
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return cls(status, body, [("Content-Type", "application/json; charset=utf-8")])

    @classmethod
    def text(cls, text: str, status: int) -> "Response":
        return cls(status, text.encode("utf-8"), [("Content-Type", "text/plain; charset=utf-8")])

    @classmethod
    def redirect(cls, location: str) -> "Response":
        return cls(303, b"", [("Location", location)])

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


# ------------------------------------------------------------------------------- values


def form_value(name: str, raw: str) -> Any:
    """A form field as the YAML value: numbers parsed (62, 1,204, 2346万), empty text as null.

    What cannot be parsed is passed on as typed, so the schema names what is wrong.
    """
    text = raw.strip()
    if name in NUMBER_FIELDS:
        if not text:
            return None
        plain = text.replace(",", "")
        try:
            number = float(plain)
        except ValueError:
            parsed = parse_quantity(text) if _WHOLE_NUMBER.fullmatch(text) else None
            if parsed is None or parsed.high is not None:
                return text
            number = parsed.value
        return int(number) if float(number).is_integer() else number
    if name == "offset":
        try:
            return int(text)
        except ValueError:
            return text
    if (name in NULLABLE_TEXT or translation_key(name)) and not text:
        return None
    return text


def suggest_value(quote: str) -> Any:
    """The first quantity in a selected text (2346万 -> 23460000), to prefill a new figure."""
    match = NUMERAL_RE.search(quote)
    if not match:
        return None
    parsed = parse_quantity(quote[match.start():])
    return None if parsed is None else parsed.value


# -------------------------------------------------------------------------------- app


class Workbench:
    """The WSGI application: routes, the Host/Origin check, pages in the reviewer's language."""

    def __init__(self, paths: ProjectPaths, port: int = DEFAULT_PORT):
        self.paths = paths
        self.port = port
        self.catalog = IndicatorCatalog.load(paths.data / "indicators.yaml")
        self.files = ArticleFiles(paths.data, self.catalog.ids())
        self.corpus = Corpus(paths, self.files)
        self.relations = RelationsCache(paths.data, self.catalog)
        self.languages: tuple[Language, ...] = load_site_settings(paths, "http://127.0.0.1/").languages
        self.envs = {lang.code: self._environment(lang) for lang in self.languages}
        self.localizers = {lang.code: Localizer(lang, load_translations(lang.code)) for lang in self.languages}
        self.routes: list[tuple[str, re.Pattern, Callable[..., Response]]] = [
            ("GET", re.compile(r"/"), self.index),
            ("GET", re.compile(r"/static/(?P<name>[A-Za-z0-9_.-]+)"), self.static),
            ("GET", re.compile(r"/article/(?P<article_id>[A-Za-z0-9_.-]+)"), self.article),
            ("GET", re.compile(r"/article/(?P<article_id>[A-Za-z0-9_.-]+)/suggest"), self.suggest),
            ("POST", re.compile(r"/article/(?P<article_id>[A-Za-z0-9_.-]+)/fields"), self.set_article_fields),
            ("POST", re.compile(r"/article/(?P<article_id>[A-Za-z0-9_.-]+)/figures"), self.add_figure),
            ("POST", re.compile(r"/article/(?P<article_id>[A-Za-z0-9_.-]+)/(?P<kind>pairings|figures)/(?P<fact_id>[^/]+)"),
             self.change_fact),
        ]

    # -- WSGI ----------------------------------------------------------------------
    def __call__(self, environ: dict, start_response) -> list[bytes]:
        response = self.handle(Request.from_environ(environ))
        headers = [*response.headers, *SECURITY_HEADERS, ("Content-Length", str(len(response.body)))]
        start_response(f"{response.status} {HTTPStatus(response.status).phrase}", headers)
        return [response.body] if environ.get("REQUEST_METHOD") != "HEAD" else [b""]

    def handle(self, request: Request) -> Response:
        """Route one request (the Host and, for writes, the Origin must be this server's own)."""
        refused = self.refuse(request)
        if refused:
            return refused
        allowed_methods = set()
        for method, pattern, handler in self.routes:
            match = pattern.fullmatch(request.path)
            if not match:
                continue
            allowed_methods.add(method)
            if method == request.method or (method == "GET" and request.method == "HEAD"):
                response = handler(request, **match.groupdict())
                if "lang" in request.query and request.query["lang"] in self.envs:
                    response.headers.append(("Set-Cookie", f"{LANG_COOKIE}={request.query['lang']}; Path=/; SameSite=Strict"))
                return response
        if allowed_methods:
            return Response(405, b"", [("Allow", ", ".join(sorted(allowed_methods)))])
        return Response.text("not found", 404)

    def own_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def refuse(self, request: Request) -> Response | None:
        """A request from anywhere but this server's own pages: refused before any handler runs."""
        if request.headers.get("host", "") not in self.own_hosts():
            return Response.text(f"refused: Host must be one of {', '.join(sorted(self.own_hosts()))}", 403)
        if request.method not in ("GET", "HEAD", "POST"):
            return Response.text("method not allowed", 405)
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin is None:  # older browsers send only a Referer
                parts = urlsplit(request.headers.get("referer", ""))
                origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
            if origin not in {f"http://{host}" for host in self.own_hosts()}:
                return Response.text("refused: a change must come from the workbench's own page", 403)
            if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
                return Response.text("refused: send a form (application/x-www-form-urlencoded)", 415)
        return None

    # -- language ------------------------------------------------------------------
    def _environment(self, language: Language) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader(PACKAGE, "templates"),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_translations(load_translations(language.code), newstyle=True)  # type: ignore[attr-defined]  # jinja2.ext.i18n adds it
        return env

    def language(self, request: Request) -> Language:
        code = request.query.get("lang") or request.cookies.get(LANG_COOKIE)
        return next((lang for lang in self.languages if lang.code == code), self.languages[0])

    def render(self, request: Request, template: str, status: int = 200, **context) -> Response:
        language = self.language(request)
        fmt = self.localizers[language.code]
        page = self.envs[language.code].get_template(template).render(
            language=language,
            languages=self.languages,
            path=request.path,
            indicator_label=lambda iid: self.catalog[iid].label(language.text_languages) if iid in self.catalog else iid,
            status_label=fmt.status_label,
            unit_label=lambda unit: fmt.gettext(UNIT_LABELS.get(unit) or str(unit)),
            qualifier_label=fmt.qualifier_label,
            show_value=lambda fact: _show_value(fmt, fact),
            period_label=fmt.period,
            keys=KEYS,
            tr_lang=TRANSLATION_LANGUAGE,
            translation_of=translation_of,
            **context,
        )
        return Response.html(page, status)

    def reviewed_elsewhere(self, article_id: str) -> set[str]:
        """Ids of the article's figures whose fact a person reviewed in another article."""
        return {fid for fid, rel in self.relations.of_article(article_id).items() if rel.reviewed_in}

    # -- pages ---------------------------------------------------------------------
    def index(self, request: Request) -> Response:
        rows, total = self.corpus.rows(self.reviewed_elsewhere)
        return self.render(request, "index.html.j2", rows=rows, total=total)

    def article(self, request: Request, article_id: str, error: EditError | None = None, status: int = 200) -> Response:
        if article_id not in self.corpus.ids():
            return Response.text(f"no article {article_id!r} in {self.paths.data / 'articles'}", 404)
        try:
            view = self.corpus.article(article_id)
        except DataError as exc:
            return self.render(request, "broken.html.j2", status=422, article_id=article_id, problem=str(exc),
                               total=self.corpus.rows(self.reviewed_elsewhere)[1])
        rows, total = self.corpus.rows(self.reviewed_elsewhere)
        previous, following = self.corpus.neighbours(article_id)
        selected = request.query.get("fact") or request.form.get("fact_id")
        if not any(f.id == selected for f in view.facts):
            selected = view.facts[0].id if view.facts else None
        return self.render(
            request, "article.html.j2", status=status,
            view=view, progress=view.progress_given(self.reviewed_elsewhere(article_id)),
            total=total, previous=previous, following=following, selected=selected,
            error=error, form=request.form if error else {},
            indicators=list(self.catalog), units=UNITS, qualifiers=QUALIFIERS, change_choices=CHANGE_CHOICES,
            pairing_label=_pairing_label,
            relations=self.relations.of_article(article_id),
            statuses=STATUS_LABELS,
            messages=self._script_messages(request),
        )

    def _script_messages(self, request: Request) -> dict[str, str]:
        """Words workbench.js shows, in the page's language."""
        gettext = self.localizers[self.language(request).code].gettext
        return {
            "saved": gettext("Saved"),
            "not_saved": gettext("Not saved"),
            "select_first": gettext("Select the words of the figure in the article text first, then press n."),
            "working": gettext("Saving…"),
            "offline": gettext("The workbench server does not answer; is it still running?"),
        }

    def static(self, request: Request, name: str) -> Response:
        resource = resources.files(PACKAGE).joinpath("static", name)
        if not resource.is_file():
            return Response.text("not found", 404)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith("javascript"):
            kind += "; charset=utf-8"
        return Response(200, resource.read_bytes(), [("Content-Type", kind), ("Cache-Control", "no-cache")])

    def suggest(self, request: Request, article_id: str) -> Response:
        return Response.json({"value": suggest_value(request.query.get("quote", ""))})

    # -- writes --------------------------------------------------------------------
    def change_fact(self, request: Request, article_id: str, kind: str, fact_id: str) -> Response:
        form = dict(request.form)
        action = form.pop("action", "save")
        form.pop("fact_id", None)
        if action in ACTION_STATUS:
            fields: dict[str, Any] = {"status": ACTION_STATUS[action]}
        elif action in IDENTITY_ACTIONS and kind == "figures":
            return self._decide_identity(request, article_id, fact_id, action, form.get("other", ""))
        elif action == "save":
            # Only what the reviewer changed: a field left as it was (or left empty where there was
            # none) is not written, so the file's diff is exactly the correction.
            current = self._fact(article_id, kind, fact_id) or {}
            fields = {name: form_value(name, raw) for name, raw in form.items()}
            fields = {name: value for name, value in fields.items() if current.get(name) != value}
            if "status" not in fields:
                fields["status"] = "added" if current.get("status") == "added" else "reviewed"
        else:
            return self._failed(request, article_id, EditError(f"unknown action {action!r}"))
        return self._write(request, Change(article_id, fields, cast(FactKind, kind), fact_id))

    def _decide_identity(self, request: Request, article_id: str, fact_id: str, action: str, other: str) -> Response:
        """Write a same/different decision on this figure (undecided also clears it on the other figure)."""
        other_article, _, other_fact = other.partition("#")
        if not other_fact or other_article == article_id:
            return self._failed(request, article_id, EditError(f"no other article's figure named {other!r}", "other"))
        current = self._fact(article_id, "figures", fact_id) or {}
        same = [r for r in current.get("same_as") or [] if r != other]
        apart = [r for r in current.get("not_same_as") or [] if r != other]
        (same if action == "same" else apart if action == "different" else []).append(other)
        if action == "undecided":  # the decision may have been written on the other figure
            theirs = self._fact(other_article, "figures", other_fact) or {}
            mine = f"{article_id}#{fact_id}"
            fields = {key: [r for r in theirs.get(key) or [] if r != mine] for key in ("same_as", "not_same_as")
                      if mine in (theirs.get(key) or [])}
            if fields:
                try:
                    self.files.apply(Change(other_article, fields, "figures", other_fact))
                except EditError as exc:
                    return self._failed(request, article_id, exc)
        return self._write(request, Change(article_id, {"same_as": same, "not_same_as": apart}, "figures", fact_id))

    def add_figure(self, request: Request, article_id: str) -> Response:
        form = dict(request.form)
        form.pop("action", None)
        fields = {name: form_value(name, raw) for name, raw in form.items()}
        if fields.get("note") is None:
            fields.pop("note", None)  # extraction writes no note either
        try:
            text = self.corpus.article(article_id).text
        except DataError:
            text = None  # the write reports what is wrong with the file
        return self._write(request, Change(article_id, fields, "figures", None, article_text=text))

    def set_article_fields(self, request: Request, article_id: str) -> Response:
        form = dict(request.form)
        form.pop("action", None)
        form.pop("fact_id", None)
        fields = {name: form_value(name, raw) for name, raw in form.items()}
        return self._write(request, Change(article_id, fields))

    def _fact(self, article_id: str, kind: str, fact_id: str) -> dict | None:
        try:
            facts = self.files.load(article_id).get(kind) or []
        except DataError:
            return None  # the write reports what is wrong with the file
        return next((f for f in facts if f.get("id") == fact_id), None)

    def _write(self, request: Request, change: Change) -> Response:
        try:
            applied = self.files.apply(change)
        except EditError as exc:
            return self._failed(request, change.article_id, exc)
        fact = applied.fact_id or request.form.get("fact_id") or ""
        if request.wants_json:
            page = self.article(_with_query(request, fact=fact), change.article_id)
            return Response.json({"ok": True, "fact": fact, "html": page.body.decode("utf-8")})
        lang = self.language(request).code
        return Response.redirect(f"/article/{quote(change.article_id)}?lang={lang}" + (f"&fact={quote(fact)}" if fact else ""))

    def _failed(self, request: Request, article_id: str, error: EditError) -> Response:
        if request.wants_json:
            return Response.json({"ok": False, "error": error.message, "field": error.field_path}, 422)
        return self.article(request, article_id, error=error, status=422)


SECURITY_HEADERS = (
    # No inline script, nothing from elsewhere: the page's own scripts and styles only.
    ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"),
    ("X-Frame-Options", "DENY"),  # keys typed into a framed workbench would write data
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


def _with_query(request: Request, **query: str) -> Request:
    return Request("GET", request.path, {**request.query, **query}, {}, request.headers, request.cookies)


def _pairing_label(pairing: dict) -> str:
    donor = (pairing.get("donor") or {}).get("name", "?")
    recipient = (pairing.get("recipient") or {}).get("name", "?")
    return f"{donor} → {recipient}"


def _show_value(fmt: Localizer, fact: FactView | Figure) -> str:
    """The figure's value as a reader would see it (超过257名 / more than 257)."""
    data: dict[str, Any] = fact.data if isinstance(fact, FactView) else {
        "value": fact.value, "unit": fact.unit, "qualifier": fact.qualifier, "before": fact.before, "change": fact.change}
    value = data.get("value")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    text = fmt.qualified(fmt.quantity(value, data.get("unit") or "other"), data.get("qualifier") or "exact")
    before = data.get("before")
    if isinstance(before, (int, float)) and not isinstance(before, bool):
        text = f"{fmt.quantity(before, data.get('unit') or 'other')} → {text}"
    else:  # a change without its before: which way it went (up 35% / 降低600元 -> ↓ 600元)
        text = _CHANGE_ARROWS.get(data.get("change") or "", "") + text
    return text


# ------------------------------------------------------------------------------ server


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """Chromium opens spare connections; one thread per request keeps them from blocking."""

    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if args and str(args[1] if len(args) > 1 else "").startswith(("4", "5")):
            sys.stderr.write("workbench: " + (format % args) + "\n")


def make_workbench_server(paths: ProjectPaths, port: int = DEFAULT_PORT) -> tuple[WSGIServer, Workbench]:
    """A server bound to 127.0.0.1 only (port 0: any free port) and its application."""
    app = Workbench(paths, port)
    server = make_server("127.0.0.1", port, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    app.port = server.server_port
    return server, app


def run(paths: ProjectPaths, article_id: str | None = None, port: int = DEFAULT_PORT, out=sys.stdout) -> int:
    """The `review` command: serve the workbench until Ctrl-C."""

    problems = validate_data_files(paths.data)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    server, app = make_workbench_server(paths, port)
    if article_id is not None and article_id not in app.corpus.ids():
        print(f"error: no article {article_id!r} in {paths.data / 'articles'} "
              f"(known: {', '.join(app.corpus.ids()) or 'none; run extract first'})", file=sys.stderr)
        server.server_close()
        return 2
    url = f"http://127.0.0.1:{app.port}/" + (f"article/{quote(article_id)}" if article_id else "")
    print(f"reviewing on {url} (writes data/articles/*.yaml; Ctrl-C to stop)", file=out, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
