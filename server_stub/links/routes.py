"""The HTTP face of links (LINKS.md §5): the page, its static files, and the JSON and
binary routes the page calls. No login: a holder of the URL proves the link key by its
`access` value, then uses the grant it gets.

`attach_links(app, store, trusted_proxies)` adds the routes; every answer under `/l/`
carries the headers of `SECURITY_HEADERS` (a strict Content-Security-Policy: the page
runs only its own script file, talks only to this origin, and cannot be framed).
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from server_stub.links.errors import LinkError, LinkLimitError, ThrottledError
from server_stub.links.store import GRANT_SIZE, LinkStore
from server_stub.web import client_address, parse_networks, read_or_client_gone

__all__ = ["LINK_ID_PATTERN", "PAGE_FILES", "SECURITY_HEADERS", "attach_links"]

LINK_ID_PATTERN = r"[A-Za-z0-9_-]{22}"
PAGES = Path(__file__).resolve().parents[2] / "resources" / "links"
PAGE_FILES = {"page.js": "text/javascript", "page.css": "text/css"}
MAX_HEADER = 4096
MAX_JSON = 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
_GONE_TEXT = {
    "expired": "This link has expired.",
    "revoked": "This link was revoked by the person who shared it.",
    "used-up": "This link has reached its download limit.",
    "not-found": "There is no such link on this server.",
}

View = Callable[[web.Request], Awaitable[web.StreamResponse]]


def attach_links(
    app: web.Application,
    store: LinkStore | None,
    trusted_proxies: Sequence[str] = (),
    *,
    clock: Callable[[], float] = time.time,
) -> web.Application:
    """Add the link routes to `app` (nothing when the server keeps no links)."""
    if store is None:
        return app
    trusted = parse_networks(trusted_proxies)
    routes = _Routes(store, trusted, clock)
    link = "/l/{link:" + LINK_ID_PATTERN + "}"
    app.router.add_get("/l/static/{name:[a-z.]{1,16}}", routes.static)
    app.router.add_get(link, routes.page)
    app.router.add_get(link + "/info", routes.info)
    app.router.add_post(link + "/open", routes.open)
    app.router.add_get(link + "/b/{file:[0-9]{1,6}}/{index:[0-9]{1,9}}", routes.block)
    app.router.add_post(link + "/drops", routes.start_drop)
    app.router.add_put(link + "/drops/{drop:[0-9]{1,6}}/{index:[0-9]{1,9}}", routes.drop_block)
    app.router.add_post(link + "/drops/{drop:[0-9]{1,6}}/done", routes.finish_drop)
    return app


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64u(text: object, size: int) -> bytes:
    if not isinstance(text, str) or len(text) > 2 * size + 4:
        raise _bad("expected base64url text")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise _bad("expected base64url text") from None
    if len(data) != size:
        raise _bad(f"expected {size} bytes")
    return data


def _bad(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(
        text=json.dumps({"error": "bad-request", "message": message}),
        content_type="application/json",
        headers=SECURITY_HEADERS,
    )


def _error(error: LinkError) -> web.Response:
    headers = dict(SECURITY_HEADERS)
    if isinstance(error, ThrottledError):
        headers["Retry-After"] = str(error.retry_after)
    body = {"error": error.reason, "message": str(error)}
    return web.json_response(body, status=error.status, headers=headers)


def _json(data: Any) -> web.Response:
    return web.json_response(data, headers=SECURITY_HEADERS)


def _plain_page(status: int, text: str) -> web.Response:
    body = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width">'
        '<link rel=stylesheet href="/l/static/page.css"><title>Privshare link</title></head>'
        f"<body><main><h1>Privshare</h1><p id=gone class=error>{html.escape(text)}</p>"
        "</main></body></html>"
    )
    return web.Response(
        status=status, text=body, content_type="text/html", headers=SECURITY_HEADERS
    )


class _Routes:
    def __init__(self, store: LinkStore, trusted: Sequence[Any], clock: Callable[[], float]):
        self._store = store
        self._trusted = trusted
        self._clock = clock

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in PAGE_FILES:
            raise web.HTTPNotFound(headers=SECURITY_HEADERS)
        body = (PAGES / name).read_bytes()
        return web.Response(body=body, content_type=PAGE_FILES[name], headers=SECURITY_HEADERS)

    async def page(self, request: web.Request) -> web.StreamResponse:
        record = await self._store.get(request.match_info["link"])
        status = "not-found" if record is None else record.status(self._clock())
        if status != "live":
            return _plain_page(404 if status == "not-found" else 410, _GONE_TEXT[status])
        body = (PAGES / "page.html").read_bytes()
        return web.Response(body=body, content_type="text/html", headers=SECURITY_HEADERS)

    async def info(self, request: web.Request) -> web.StreamResponse:
        try:
            record = await self._store.live(request.match_info["link"], self._clock())
        except LinkError as error:
            return _error(error)
        answer: dict[str, Any] = {"mode": record.mode, "password": record.salt is not None}
        if record.salt is not None:
            answer.update(salt=_b64u(record.salt), iterations=record.iterations)
        return _json(answer)

    async def open(self, request: web.Request) -> web.StreamResponse:
        document = await _small_json(request)
        access = _unb64u(document.get("access"), 32)
        address = client_address(
            request.remote or "",
            request.headers.getall("X-Forwarded-For", []),
            request.headers.getall("Forwarded", []),
            self._trusted,
        )
        try:
            opened = await self._store.open(
                request.match_info["link"], access, address, self._clock()
            )
        except LinkError as error:
            return _error(error)
        return _json(
            {
                "manifest": _b64u(opened.manifest),
                "grant": _b64u(opened.grant),
                "expires": int(opened.expires),
            }
        )

    async def block(self, request: web.Request) -> web.StreamResponse:
        info = request.match_info
        try:
            data = await self._store.block(
                info["link"], _grant(request), int(info["file"]), int(info["index"]), self._clock()
            )
        except LinkError as error:
            return _error(error)
        return web.Response(
            body=data, content_type="application/octet-stream", headers=SECURITY_HEADERS
        )

    async def start_drop(self, request: web.Request) -> web.StreamResponse:
        try:
            header = await _body(request, MAX_HEADER)
            number = await self._store.start_drop(
                request.match_info["link"], _grant(request), header, self._clock()
            )
        except LinkError as error:
            return _error(error)
        return _json({"drop": number})

    async def drop_block(self, request: web.Request) -> web.StreamResponse:
        info = request.match_info
        try:
            data = await _body(request, self._store.limits.max_drop_block)
            await self._store.put_drop_block(
                info["link"],
                _grant(request),
                int(info["drop"]),
                int(info["index"]),
                data,
                self._clock(),
            )
        except LinkError as error:
            return _error(error)
        return _json({})

    async def finish_drop(self, request: web.Request) -> web.StreamResponse:
        document = await _small_json(request)
        count = document.get("count")
        if not isinstance(count, int) or isinstance(count, bool):
            raise _bad("count must be an integer")
        info = request.match_info
        try:
            await self._store.finish_drop(
                info["link"], _grant(request), int(info["drop"]), count, self._clock()
            )
        except LinkError as error:
            return _error(error)
        return _json({})


def _grant(request: web.Request) -> bytes:
    return _unb64u(request.headers.get("X-Link-Grant", ""), GRANT_SIZE)


async def _body(request: web.Request, limit: int) -> bytes:
    declared = request.content_length
    if declared is not None and declared > limit:
        raise LinkLimitError(f"at most {limit} bytes")
    body = await read_or_client_gone(request)
    if len(body) > limit:
        raise LinkLimitError(f"at most {limit} bytes")
    return body


async def _small_json(request: web.Request) -> dict[str, Any]:
    try:
        document = json.loads(await _body(request, MAX_JSON))
    except (ValueError, LinkLimitError):
        raise _bad("expected a small JSON object") from None
    if not isinstance(document, dict):
        raise _bad("expected a JSON object")
    return document
