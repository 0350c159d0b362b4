"""The HTTP face of the server (aiohttp): discovery, the frame endpoint, health.

Routes:
    GET  /privmx/privmx-configuration.json   discovery (also /.well-known/... and /...)
    POST /privmx/api/v1                      PrivMX TLS frames, application/octet-stream
    GET  /healthz                            {"ok": true}
    POST /bench/sink                         only with `bench=True`: reads the body and
                                             answers its length (plain-HTTP baseline)
    POST /bench/source                       only with `bench=True`: the body is a size in
                                             ASCII digits; answers that many bytes (the
                                             baseline of a large answer)

Bad requests get a 4xx with one short reason; an unexpected exception gets a 500 with a
generic text while its traceback goes to the server log. One log line per request, as
`method=POST route=/privmx/api/v1 status=200 in=512 out=734 ms=2.1` (the matched route's
pattern, "-" if none: no text of the client's is echoed) — never bodies or keys.

The client address handed to the endpoint (login throttle, per-address rate limits) is
the TCP peer, unless the peer is one of `HttpSettings.trusted_proxies`: then it is the
right-most hop of `X-Forwarded-For` (else of `Forwarded: for=`, RFC 7239) that is not
itself a trusted proxy. An untrusted peer's headers are ignored; a malformed hop, or
both headers naming different clients, gives the peer address. Addresses are
normalised (IPv4-mapped IPv6 as IPv4, no zone, compressed lower-case IPv6).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from aiohttp import web

__all__ = [
    "API_PATH",
    "CONFIG_PATHS",
    "FrameHandler",
    "HttpSettings",
    "client_address",
    "create_app",
    "parse_networks",
]

API_PATH = "/privmx/api/v1"
CONFIG_PATHS = (
    "/privmx/privmx-configuration.json",
    "/.well-known/privmx-configuration.json",
    "/privmx-configuration.json",
)
OCTET_STREAM = "application/octet-stream"
_HOST_HEADER = re.compile(
    r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?"
)

_log = logging.getLogger("server_stub.http")

Middleware = Callable[[web.Request], Awaitable[web.StreamResponse]]


Buffer = bytes | bytearray | memoryview
STREAM_MIN = 64 * 1024  # an answer with a piece this large is written piece by piece


class ClientClosedRequest(web.HTTPClientError):
    """The client went away in the middle of its request body: nobody is left to answer.
    The status, nginx's 499, is only for the log line."""

    status_code = 499


async def read_or_client_gone(request: web.Request) -> bytes:
    """`request.read()`; a client lost mid-body is `ClientClosedRequest`, not an error."""
    try:
        return await request.read()
    except ConnectionError:
        raise ClientClosedRequest() from None


class FrameHandler(Protocol):
    """What the HTTP layer needs from the protocol endpoint."""

    @property
    def public_key(self) -> bytes: ...

    async def respond(self, body: Buffer, *, peer: str, now: float) -> tuple[int, Sequence[Buffer]]:
        """(HTTP status, the response body as pieces to send in order)."""


@dataclass(frozen=True)
class HttpSettings:
    """`public_url` overrides the base taken from each request's Host header."""

    public_url: str | None = None
    max_body: int = 33 * 1024 * 1024
    discovery_ttl: int = 600
    bench: bool = False
    trusted_proxies: tuple[str, ...] = ()  # addresses or CIDR networks (config.py)
    body_timeout: float = 30.0  # plus the declared length at min_body_rate (connections.py)
    min_body_rate: int = 16 * 1024  # bytes per second

    def body_deadline(self, declared: int | None) -> float:
        """Seconds a request body may take to arrive (a slow sender is cut off)."""
        length = self.max_body if declared is None else declared
        return self.body_timeout + length / self.min_body_rate


IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_FORWARDED_FOR = re.compile(r'(?i)^\s*for\s*=\s*(?:"([^"]*)"|([^\s";,]*))\s*$')
_HOST_PORT = re.compile(r"^\[([0-9A-Fa-f:.]+)\](?::[0-9]{1,5})?$|^([0-9.]+)(?::[0-9]{1,5})?$")


def parse_networks(texts: Iterable[str]) -> tuple[IpNetwork, ...]:
    """Addresses or CIDR networks ("10.0.0.0/8", "::1"); raises ValueError on a bad one
    (host bits set, an IPv6 zone: peers are compared without theirs)."""
    return tuple(_network(text.strip()) for text in texts)


def _network(text: str) -> IpNetwork:
    if "%" in text:
        raise ValueError(f"{text!r} has a zone")
    return ipaddress.ip_network(text, strict=True)


def _normal(address: IpAddress) -> IpAddress:
    """IPv4-mapped IPv6 as IPv4, and no IPv6 zone ("%eth0")."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        return ipaddress.IPv6Address(int(address))
    return address


def _address(text: str) -> IpAddress | None:
    """A bare address, "[v6]", "[v6]:port" or "v4:port"; None if it is none of those."""
    text = text.strip()
    match = _HOST_PORT.fullmatch(text)
    if match is not None:
        text = match.group(1) or match.group(2)
    if "%" in text:  # a zone in a header means nothing beyond the proxy's own link
        return None
    return _parsed(text)


def _parsed(text: str) -> IpAddress | None:
    try:
        return _normal(ipaddress.ip_address(text))
    except ValueError:
        return None


def _xff_hops(values: Sequence[str]) -> list[str]:
    return [hop for value in values for hop in value.split(",")]


def _forwarded_hops(values: Sequence[str]) -> list[str]:
    """The `for=` value of each element; "" (malformed) for an element without exactly one."""
    hops = []
    for element in (e for value in values for e in value.split(",")):
        found = [m for pair in element.split(";") if (m := _FORWARDED_FOR.fullmatch(pair))]
        if len(found) != 1:
            hops.append("")
            continue
        quoted, token = found[0].groups()
        hops.append(quoted if quoted is not None else token)
    return hops


def _client_of(hops: list[str], trusted: Sequence[IpNetwork]) -> IpAddress | None:
    """The right-most hop that is not a trusted proxy (the left-most if all are)."""
    client: IpAddress | None = None
    for hop in reversed(hops):
        client = _address(hop)
        if client is None:
            return None
        if not any(client in network for network in trusted):
            return client
    return client


def client_address(
    peer: str,
    forwarded_for: Sequence[str],
    forwarded: Sequence[str],
    trusted: Sequence[IpNetwork],
) -> str:
    """The client's address: the TCP `peer`, or the client a trusted proxy forwarded.

    `forwarded_for` and `forwarded` are the values of every `X-Forwarded-For` and
    `Forwarded` header line of the request, in order.
    """
    peer_ip = _parsed(peer)  # the socket's own spelling; a link-local one has a zone
    if peer_ip is None:
        return peer
    if not any(peer_ip in network for network in trusted):
        return str(peer_ip)
    chains = [_xff_hops(forwarded_for), _forwarded_hops(forwarded)]
    clients = {_client_of(chain, trusted) for chain in chains if chain}
    if len(clients) != 1 or None in clients:
        return str(peer_ip)
    return str(clients.pop())


def create_app(
    handler: FrameHandler, settings: HttpSettings, *, clock: Callable[[], float] = time.time
) -> web.Application:
    """Build the aiohttp application around `handler`."""
    app = web.Application(
        client_max_size=settings.max_body, middlewares=[_log_requests, _hide_failures]
    )
    config = _configuration_view(handler, settings)
    for path in CONFIG_PATHS:
        app.router.add_get(path, config)
    app.router.add_post(API_PATH, _frames_view(handler, settings, clock))
    app.router.add_get("/healthz", _health)
    if settings.bench:
        app.router.add_post("/bench/sink", _bench_sink)
        app.router.add_post("/bench/source", _bench_source)
    return app


@web.middleware
async def _log_requests(request: web.Request, handler: Middleware) -> web.StreamResponse:
    started = time.perf_counter()
    status = 500
    response: web.StreamResponse | None = None
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        sent = response.content_length if response is not None else None
        elapsed = (time.perf_counter() - started) * 1000
        _log.info(
            "method=%s route=%s status=%d in=%s out=%s ms=%.1f",
            request.method if request.method.isalpha() else "-",
            _route_of(request),
            status,
            request.content_length if request.content_length is not None else "-",
            "-" if sent is None else sent,
            elapsed,
        )


def _route_of(request: web.Request) -> str:
    """The matched route's pattern, never the client's own text ("-" when none matched)."""
    resource = request.match_info.route.resource
    return "-" if resource is None else resource.canonical


@web.middleware
async def _hide_failures(request: web.Request, handler: Middleware) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        _log.exception("unhandled error in %s %s", request.method, request.path[:200])
        return web.Response(status=500, text="internal server error")


def _configuration_view(
    handler: FrameHandler, settings: HttpSettings
) -> Callable[[web.Request], Awaitable[web.Response]]:
    key_hex = handler.public_key.hex()

    async def view(request: web.Request) -> web.Response:
        base = settings.public_url or _base_from_request(request)
        document = {
            "defaultEndpoint": base.rstrip("/") + API_PATH,
            "ttl": settings.discovery_ttl,
            "serverKey": key_hex,
            "version": 1,
        }
        headers = {"Cache-Control": f"max-age={settings.discovery_ttl}"}
        return web.json_response(document, headers=headers)

    return view


def _base_from_request(request: web.Request) -> str:
    host = request.headers.get("Host", "")
    if not _HOST_HEADER.fullmatch(host):
        raise web.HTTPBadRequest(text="bad Host header")
    return f"{request.scheme}://{host}"


def _frames_view(
    handler: FrameHandler, settings: HttpSettings, clock: Callable[[], float]
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    trusted = parse_networks(settings.trusted_proxies)

    async def view(request: web.Request) -> web.StreamResponse:
        if "Content-Type" not in request.headers or request.content_type != OCTET_STREAM:
            raise web.HTTPUnsupportedMediaType(text=f"expected Content-Type {OCTET_STREAM}")
        declared = request.content_length
        if declared is not None and declared > settings.max_body:
            raise web.HTTPRequestEntityTooLarge(
                max_size=settings.max_body, actual_size=declared, text="request body too large"
            )
        try:
            async with asyncio.timeout(settings.body_deadline(declared)):
                body = await _read_body(request, declared)
        except TimeoutError:
            raise web.HTTPRequestTimeout(
                text="the request body came too slowly", headers={"Connection": "close"}
            ) from None
        except ConnectionError:
            raise ClientClosedRequest() from None
        peer = _client_of_request(request, trusted)
        status, pieces = await handler.respond(body, peer=peer, now=clock())
        if any(memoryview(piece).nbytes >= STREAM_MIN for piece in pieces):
            return await _write_pieces(request, status, pieces)
        return web.Response(status=status, body=b"".join(pieces), content_type=OCTET_STREAM)

    return view


async def _write_pieces(
    request: web.Request, status: int, pieces: Sequence[Buffer]
) -> web.StreamResponse:
    """A response whose large pieces (a block's ciphertext) go to the socket as they are,
    not joined into one more copy of the whole body first; runs of small pieces are
    joined so they do not leave in tiny writes."""
    response = web.StreamResponse(status=status, headers={"Content-Type": OCTET_STREAM})
    response.content_length = sum(memoryview(piece).nbytes for piece in pieces)
    try:
        await response.prepare(request)
        for piece in _coalesced(pieces):
            await response.write(piece)
        await response.write_eof()
    except ConnectionError:  # the client went away (reset, or lost mid-write): nobody to answer
        pass
    return response


def _coalesced(pieces: Sequence[Buffer]) -> list[Buffer]:
    """`pieces` with each run of pieces under STREAM_MIN bytes joined into one."""
    out: list[Buffer] = []
    run: list[Buffer] = []
    for piece in pieces:
        if memoryview(piece).nbytes < STREAM_MIN:
            run.append(piece)
            continue
        if run:
            out.append(b"".join(run))
            run = []
        out.append(piece)
    if run:
        out.append(b"".join(run))
    return out


async def _read_body(request: web.Request, declared: int | None) -> bytes:
    """The request body, copied once: aiohttp's `read` grows a buffer piece by piece and
    then copies it whole once more. Memory follows the bytes received, never the length a
    client merely declares (a stalled client holds no buffer of its claimed size)."""
    if declared is None:
        return await request.read()
    pieces: list[bytes] = []
    received = 0
    async for piece in request.content.iter_any():
        received += len(piece)
        if received > declared:
            raise web.HTTPBadRequest(text="request body longer than its Content-Length")
        pieces.append(piece)
    if received != declared:
        raise web.HTTPBadRequest(text="request body shorter than its Content-Length")
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _client_of_request(request: web.Request, trusted: Sequence[IpNetwork]) -> str:
    headers = request.headers
    forwarded_for = headers.getall("X-Forwarded-For", [])
    return client_address(
        request.remote or "", forwarded_for, headers.getall("Forwarded", []), trusted
    )


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def _bench_sink(request: web.Request) -> web.Response:
    body = await request.read()
    return web.json_response({"length": len(body)})


_BENCH_SOURCE_MAX = 32 * 1024 * 1024


async def _bench_source(request: web.Request) -> web.Response:
    text = (await request.read())[:16]
    if not text.isdigit() or int(text) > _BENCH_SOURCE_MAX:
        raise web.HTTPBadRequest(text="the body must be a size of at most 32 MiB")
    return web.Response(body=_bench_bytes()[: int(text)], content_type=OCTET_STREAM)


@functools.cache
def _bench_bytes() -> memoryview:
    return memoryview(bytes(range(256)) * (_BENCH_SOURCE_MAX // 256))
