"""What the server lets in, for every route the app has (those added later included).

- The Host header must name this server: a loopback name, the bound host, the address the
  request came in on, or a name given with `allowed_hosts` (a DNS-rebinding page sends its own
  name and is refused).
- With a token, every /api/ request, and every write anywhere, must send it as a bearer token.
- A request body is at most MAX_BODY bytes, however it is sent (declared or chunked).
- Every response carries security headers; the page's Content-Security-Policy allows only its
  own script, style and API.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import socket

from .. import errors
from ..errors import UsageError

MAX_BODY = 256 * 1024
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})
READS = frozenset({"GET", "HEAD", "OPTIONS"})
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
# FastAPI's API documentation pages load Swagger UI and ReDoc from a CDN with inline scripts
DOCS = ("/docs", "/redoc")


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or a name) reaches only this machine."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(found) and all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in found)


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on an address other machines can reach unless a token guards the API.

    Raises:
        UsageError: E054.
    """
    if not token and not is_loopback(host):
        raise UsageError(errors.E054.format(host=host or "''"))


def host_name(value: str) -> str:
    """The name in a Host header, without its port: `[::1]:8000` -> `::1`."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: Host check, token, body limit, security headers (see the module)."""

    def __init__(self, app, host: str, token: str | None, allowed_hosts: tuple[str, ...] = ()):
        self.app = app
        self.token = f"Bearer {token}".encode() if token else None
        self.wildcard = host in WILDCARDS
        self.names = LOOPBACK_NAMES | {host_name(h) for h in (host, *allowed_hosts) if h}
        if self.wildcard:
            self.names |= {socket.gethostname().lower(), socket.getfqdn().lower()}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        # on a wildcard address, the address the request came in on is a name for this server
        names = self.names | ({scope["server"][0]} if self.wildcard and scope.get("server") else set())
        if host not in names:
            return await reply(send, 421, errors.E056.format(host=host))
        guarded = scope["path"].startswith("/api/") or scope["method"] not in READS
        if self.token and guarded and not hmac.compare_digest(headers.get(b"authorization", b""), self.token):
            return await reply(send, 401, str(errors.E055), [(b"www-authenticate", b"Bearer")])
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > MAX_BODY:
            return await reply(send, 413, errors.E057.format(limit=MAX_BODY))
        started = too_large = False
        received = 0

        async def bounded_receive():
            nonlocal received, too_large
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                too_large = True
                raise BodyTooLarge
            return message

        async def secured_send(message):
            nonlocal started
            if too_large:  # the app answered its failed read of the body (FastAPI: a 400); we answer
                if message["type"] == "http.response.start":
                    started = True
                    await reply(send, 413, errors.E057.format(limit=MAX_BODY))
                return
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = dict(HEADERS)
                if not scope["path"].startswith(DOCS):
                    extra["content-security-policy"] = PAGE_CSP
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        *((k.encode(), v.encode()) for k, v in extra.items() if k.encode() not in present),
                    ],
                }
            await send(message)

        try:
            await self.app(scope, bounded_receive, secured_send)
        except BodyTooLarge:
            if not started:
                await reply(send, 413, errors.E057.format(limit=MAX_BODY))


async def reply(send, status: int, detail: str, headers: list | None = None) -> None:
    """A JSON error `{"detail": "E05x: ..."}` with the security headers."""
    body = json.dumps({"detail": detail}).encode()
    fixed = [(k.encode(), v.encode()) for k, v in {**HEADERS, "content-security-policy": PAGE_CSP}.items()]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *fixed,
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
