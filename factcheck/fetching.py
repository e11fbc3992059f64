"""Fetching an article page on the server without becoming a proxy into private networks.

Every address a host name resolves to must be public; the connection goes to
the very address that was checked (no second DNS lookup an attacker could
rebind); each redirect is checked again; time, size and content type are capped.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

ALLOWED_SCHEMES = ("http", "https")
ALLOWED_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
MAX_REDIRECTS = 5
USER_AGENT = "factcheck/0.1 (+article import for a fact-checking desk)"


class FetchError(ValueError):
    """A refused or failed fetch, with a message for the user."""


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch; allowed_hosts bypass the public-address rule (tests, intranets)."""

    max_bytes: int = 5 * 1024 * 1024
    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FetchPolicy:
        """The policy an app's settings describe (FETCH_*, ANALYSIS_MAX_BYTES)."""
        return cls(
            max_bytes=config["ANALYSIS_MAX_BYTES"],
            connect_timeout=config["FETCH_CONNECT_TIMEOUT"],
            total_timeout=config["FETCH_TOTAL_TIMEOUT"],
            allowed_hosts=normalise_hosts(config["FETCH_ALLOWED_HOSTS"]),
        )


@dataclass(frozen=True)
class FetchedPage:
    """What the server answered, after redirects."""

    url: str
    final_url: str
    content: bytes
    content_type: str
    charset: str | None


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and 64:ff9b::/96 (NAT64) embed an IPv4 address: judge that one.
        if address.ipv4_mapped is not None:
            return _is_public(address.ipv4_mapped)
        if address in ipaddress.ip_network("64:ff9b::/96"):
            return _is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.sixtofour is not None:
            return _is_public(address.sixtofour)
    # is_global is False for loopback, private, link-local (cloud metadata), shared
    # (100.64/10), documentation, reserved and unspecified ranges.
    return address.is_global and not address.is_multicast


def resolve_public_addresses(host: str, port: int, policy: FetchPolicy) -> list[str]:
    """Resolve a host to addresses that may be connected to, or raise FetchError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"The host “{host}” could not be found.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"The host “{host}” could not be found.")
    if host.lower() in policy.allowed_hosts:
        return addresses
    for raw in addresses:
        address = ipaddress.ip_address(raw.split("%", 1)[0])
        if not _is_public(address):
            raise FetchError(
                f"“{host}” points to a private, local or reserved network address ({address}); "
                "factcheck only fetches pages from the public internet."
            )
    return addresses


def check_url(url: str) -> tuple[str, str, int]:
    """Validate an address's form; return (scheme, host, port)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchError(f"“{url}” is not a valid web address.") from error
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError("Only http:// and https:// addresses can be imported.")
    if not parts.hostname:
        raise FetchError(f"“{url}” has no host name.")
    scheme = parts.scheme.lower()
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address resolved and checked beforehand."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; the certificate is still verified for the host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def _open(url: str, policy: FetchPolicy, deadline: float) -> http.client.HTTPResponse:
    scheme, host, port = check_url(url)
    addresses = resolve_public_addresses(host, port, policy)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    last_error: Exception | None = None
    for address in addresses:
        timeout = max(0.1, min(policy.connect_timeout, deadline - time.monotonic()))
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, port, address, timeout)
        try:
            connection.request(
                "GET",
                target,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8",
                    "Accept-Encoding": "identity",
                },
            )
            return connection.getresponse()
        except ssl.SSLError as error:
            connection.close()
            raise FetchError(
                f"The secure connection to “{host}” failed: {error.reason}."
            ) from error
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            last_error = error
    if isinstance(last_error, TimeoutError | socket.timeout):
        raise FetchError(f"“{host}” did not answer in time.") from last_error
    raise FetchError(f"Could not connect to “{host}”.") from last_error


def _read_capped(response: http.client.HTTPResponse, policy: FetchPolicy, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(_too_large(policy.max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("The page took too long to download.")
        try:
            # read1 returns what has arrived, so a server dripping bytes cannot outlast the deadline
            chunk = response.read1(64 * 1024)
        except (OSError, http.client.HTTPException) as error:
            raise FetchError("The connection broke while downloading the page.") from error
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(_too_large(policy.max_bytes))
        chunks.append(chunk)


def human_size(size: int) -> str:
    """A byte count as people read it: 5 MB, 512 KB, 900 bytes."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return (
                f"{value:.0f} {unit}"
                if value >= 10 or value.is_integer()
                else f"{value:.1f} {unit}"
            )
    return f"{size} bytes"


def _too_large(limit: int) -> str:
    return f"The page is larger than the {human_size(limit)} factcheck accepts."


def _content_type(response: http.client.HTTPResponse) -> tuple[str, str | None]:
    header = response.getheader("Content-Type") or ""
    media_type = header.split(";", 1)[0].strip().lower()
    charset = None
    for parameter in header.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return media_type, charset


def fetch(url: str, policy: FetchPolicy | None = None) -> FetchedPage:
    """Download an article page, or raise FetchError with a message for the user."""
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.total_timeout
    current = url.strip()
    for _ in range(MAX_REDIRECTS + 1):
        response = _open(current, policy, deadline)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError("The page redirects without saying where to.")
                current = urljoin(current, location)
                continue
            if response.status >= 400:
                raise FetchError(
                    f"The page answered {response.status} {response.reason or ''}".strip() + "."
                )
            if response.status != 200:
                raise FetchError(f"The page answered {response.status}; nothing to import.")
            media_type, charset = _content_type(response)
            if media_type not in ALLOWED_CONTENT_TYPES:
                raise FetchError(
                    f"The address serves “{media_type or 'unknown content'}”, not a web page or "
                    "text; only HTML and plain text can be imported."
                )
            content = _read_capped(response, policy, deadline)
            return FetchedPage(url, current, content, media_type, charset)
        finally:
            response.close()
    raise FetchError(f"The page redirects more than {MAX_REDIRECTS} times.")


def normalise_hosts(hosts: Iterable[str] | str | None) -> frozenset[str]:
    """Turn a comma-separated string or list of host names into a lower-case set."""
    if not hosts:
        return frozenset()
    items = hosts.split(",") if isinstance(hosts, str) else hosts
    return frozenset(h.strip().lower() for h in items if h.strip())
