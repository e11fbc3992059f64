"""factcheck.fetching: every refusal, the limits, and the defence against DNS rebinding."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factcheck import fetching
from factcheck.fetching import FetchError, FetchPolicy, fetch

ARTICLE = b"<html><head><title>Tram</title></head><body><p>The tram is late.</p></body></html>"
PUBLIC_ADDRESS = "93.184.216.34"


class _Handler(BaseHTTPRequestHandler):
    """A few pages, each showing one way a server can misbehave."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html", **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif path == "/host":
            self._send(200, self.headers["Host"].encode(), "text/plain")
        elif path == "/missing":
            self._send(404, b"<p>gone</p>")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.7\n...", "application/pdf")
        elif path == "/to-metadata":
            self._send(302, b"", Location="http://169.254.169.254/latest/meta-data/")
        elif path == "/to-localhost":
            self._send(302, b"", Location=f"http://localhost:{self.server.server_port}/article")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/hop/{left - 1}" if left > 1 else "/article"
            self._send(302, b"", Location=target)
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b"x" * 10_000)
        elif path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"400\r\n" + b"x" * 1024 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/slow-headers":
            time.sleep(2)
            with contextlib.suppress(OSError):  # the client gave up, as it should
                self._send(200, ARTICLE)
        elif path == "/drip":
            # Headers at once, then one byte every 0.15 s for ~2 s: each read is quick,
            # only the total deadline can stop it.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            with contextlib.suppress(OSError):
                for _ in range(14):
                    self.wfile.write(b"1\r\nx\r\n")
                    self.wfile.flush()
                    time.sleep(0.15)
                self.wfile.write(b"0\r\n\r\n")
        else:
            self._send(404, b"no such page")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local HTTP server; yields 'http://127.0.0.1:PORT'."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = FetchPolicy(allowed_hosts=frozenset({"127.0.0.1"}), connect_timeout=2, total_timeout=5)


def _refused(url: str, policy: FetchPolicy | None = None) -> str:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy or FetchPolicy())
    return str(caught.value)


@pytest.fixture
def no_connection(monkeypatch) -> None:
    """Fail the test if anything tries to open a connection."""

    def forbidden(*args, **kwargs):
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(fetching.socket, "create_connection", forbidden)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/article.html",
        "javascript:alert(1)",
        "gopher://example.org/1",
        "//example.org/article",
    ],
)
def test_only_http_and_https(url: str, no_connection) -> None:
    assert _refused(url) == "Only http:// and https:// addresses can be imported."


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",  # loopback
        "http://127.8.9.10:8080/",  # the whole of 127/8
        "http://10.1.2.3/",  # private
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
        "http://224.0.0.1/",  # multicast
        "http://0.0.0.0/",  # unspecified
        "http://100.64.0.1/",  # shared address space (CGNAT)
        "http://[::1]/",  # IPv6 loopback
        "http://[fd00::1]/",  # unique local
        "http://[fe80::1]/",  # IPv6 link-local
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
        "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
        "http://0x7f000001/",  # odd IPv4 notations the resolver accepts
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://localhost/",
        "http://LOCALHOST:5000/admin",
    ],
)
def test_private_and_reserved_addresses_are_refused(url: str, no_connection) -> None:
    message = _refused(url)
    assert "private, local or reserved network address" in message
    assert "only fetches pages from the public internet" in message


def test_a_local_server_is_refused_without_allowed_hosts(server: str) -> None:
    assert "private, local or reserved" in _refused(f"{server}/article")


def test_allowed_hosts_admit_the_local_server(server: str) -> None:
    page = fetch(f"{server}/article", LOCAL)
    assert page.content == ARTICLE
    assert (page.content_type, page.charset) == ("text/html", "utf-8")
    assert page.final_url == page.url == f"{server}/article"


def test_redirect_to_a_private_address_is_refused(server: str, monkeypatch) -> None:
    assert "169.254.169.254" in _refused(f"{server}/to-metadata", LOCAL)
    # The allowance is for the host named, not for whatever it redirects to.
    assert "“localhost” points to a private" in _refused(f"{server}/to-localhost", LOCAL)


def test_five_redirects_are_followed_but_not_six(server: str) -> None:
    page = fetch(f"{server}/hop/5", LOCAL)
    assert page.content == ARTICLE and page.final_url == f"{server}/article"
    assert _refused(f"{server}/hop/6", LOCAL) == "The page redirects more than 5 times."


def test_error_status_is_refused(server: str) -> None:
    assert _refused(f"{server}/missing", LOCAL) == "The page answered 404 Not Found."


def test_non_html_content_is_refused(server: str) -> None:
    message = _refused(f"{server}/pdf", LOCAL)
    assert "“application/pdf”" in message and "only HTML and plain text" in message


@pytest.mark.parametrize("path", ["/big-declared", "/big-chunked"])
def test_oversized_body_is_refused(server: str, path: str) -> None:
    small = FetchPolicy(max_bytes=4096, allowed_hosts=LOCAL.allowed_hosts)
    assert _refused(f"{server}{path}", small).startswith("The page is larger than")
    # Under the limit the same pages are fine.
    roomy = FetchPolicy(max_bytes=20_000, allowed_hosts=LOCAL.allowed_hosts)
    expected = 10_240 if path == "/big-chunked" else 10_000
    assert len(fetch(f"{server}{path}", roomy).content) == expected


def test_server_slow_to_answer_times_out(server: str) -> None:
    policy = FetchPolicy(connect_timeout=0.5, total_timeout=1, allowed_hosts=LOCAL.allowed_hosts)
    started = time.monotonic()
    assert _refused(f"{server}/slow-headers", policy) == "“127.0.0.1” did not answer in time."
    assert time.monotonic() - started < 1.5


def test_slow_download_hits_the_total_timeout(server: str) -> None:
    policy = FetchPolicy(connect_timeout=1, total_timeout=0.5, allowed_hosts=LOCAL.allowed_hosts)
    started = time.monotonic()
    assert _refused(f"{server}/drip", policy) == "The page took too long to download."
    assert time.monotonic() - started < 1.2


def test_unreachable_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Bound then closed: nothing listens there now.
    assert _refused(f"http://127.0.0.1:{port}/", LOCAL) == "Could not connect to “127.0.0.1”."


def _fake_resolver(monkeypatch, table: dict[str, str]) -> list[str]:
    """Resolve the names in table to their address (the real resolver for others); log calls."""
    real = socket.getaddrinfo
    calls: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        if host in table:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(fetching.socket, "getaddrinfo", getaddrinfo)
    return calls


def test_connection_goes_to_the_checked_address(monkeypatch) -> None:
    """DNS rebinding: the socket is opened to the address that was checked, with no new lookup."""
    lookups = _fake_resolver(monkeypatch, {"news.example": PUBLIC_ADDRESS})
    connected: list[tuple[str, int]] = []

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        # A second lookup now would answer 127.0.0.1: an attacker's rebinding.
        monkeypatch.setattr(fetching.socket, "getaddrinfo", _rebound)
        raise OSError("no network in tests")

    def _rebound(*args, **kwargs):
        raise AssertionError("the host name was resolved a second time")

    monkeypatch.setattr(fetching.socket, "create_connection", create_connection)
    assert _refused("http://news.example/politics") == "Could not connect to “news.example”."
    assert connected == [(PUBLIC_ADDRESS, 80)]
    assert lookups == ["news.example"]


def test_one_private_address_among_public_ones_is_refused(monkeypatch, no_connection) -> None:
    real_public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_ADDRESS, 80))]
    private = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 80))]
    monkeypatch.setattr(fetching.socket, "getaddrinfo", lambda *a, **k: real_public + private)
    assert "(10.0.0.7)" in _refused("http://mixed.example/")


def test_allowed_host_name_keeps_its_host_header(server: str, monkeypatch) -> None:
    port = int(server.rsplit(":", 1)[1])
    _fake_resolver(monkeypatch, {"thathost": "127.0.0.1"})
    policy = FetchPolicy(allowed_hosts=frozenset({"thathost"}), connect_timeout=2)
    page = fetch(f"http://thathost:{port}/host", policy)
    assert page.content == f"thathost:{port}".encode()
    # The same name without the allowance is refused.
    assert "private" in _refused(f"http://thathost:{port}/host")


def test_unknown_host(monkeypatch) -> None:
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(fetching.socket, "getaddrinfo", getaddrinfo)
    assert _refused("https://no-such-host.invalid/") == (
        "The host “no-such-host.invalid” could not be found."
    )


def test_malformed_addresses() -> None:
    assert "is not a valid web address" in _refused("http://example.org:99999/")
    assert "has no host name" in _refused("http:///path-only")
