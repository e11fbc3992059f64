"""Speed of the review workspace: `.venv/bin/python bench/bench_review.py`.

Builds a SQLite database under bench/out/ holding one article with 300 items (half of
them annotated, with evidence), then measures:

- in-process (Flask test client, median of 50): the server-side time to render the
  workspace with an item selected, and to save an annotation; with the SQL queries each
  request runs;
- over HTTP against gunicorn (2 sync workers) on loopback, with a small load generator
  (threads holding http.client connections, bounded in count and duration): median and
  p95 latency and requests per second for reading the workspace page, saving an item, and
  a minimal Flask page (bench/minimal_app.py) served the same way, for comparison.

Targets: page under 100 ms and save under 50 ms (medians). Prints a table and writes
bench/RESULTS-review.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import (  # noqa: E402
    AnnotationStatus,
    Article,
    InputKind,
    Role,
    Segment,
    SegmentKind,
    User,
)
from factcheck.passwords import hash_password  # noqa: E402
from factcheck.review.services import (  # noqa: E402
    AnnotationInput,
    EvidenceInput,
    save_annotation,
)
from factcheck.scale import active_labels, ensure_default_scale  # noqa: E402

OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS-review.md"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SECRET = "bench-review-secret-key"
PASSWORD = "bench password for reviewers"
N_ITEMS = 300
WORKERS = 2
PAGE_TARGET_MS, SAVE_TARGET_MS = 100.0, 50.0


# --- The data ------------------------------------------------------------------------


def _config(url: str, **extra: object) -> dict[str, object]:
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, **extra}


def _article_text(n_items: int) -> tuple[str, list[tuple[SegmentKind, int, int, str | None]]]:
    """A long article: one sentence per item, every fifth one a quotation."""
    paragraphs, spans, offset = [], [], 0
    for start in range(0, n_items, 10):
        sentences = []
        for i in range(start, min(start + 10, n_items)):
            if i % 5 == 0:
                quoted = f"We will deliver {i + 3} new trams before {2026 + i % 4}"
                sentence = f"“{quoted},” said the transport official {i}."
                at = offset + 1
                spans.append((SegmentKind.QUOTE, at, at + len(quoted), f"Official {i}"))
            else:
                sentence = (
                    f"The council spent {i * 7 % 90 + 10} million euros on project {i} "
                    f"in {2000 + i % 25}, up {i % 40}% on the year before."
                )
                spans.append((SegmentKind.CLAIM, offset, offset + len(sentence), None))
            sentences.append(sentence)
            offset += len(sentence) + 1
        paragraphs.append(" ".join(sentences))
        offset += 1  # the paragraph break takes two characters, the last space one
    return "\n\n".join(paragraphs), spans


def build_database(path: Path) -> dict[str, object]:
    """A migrated SQLite database with users and one 300-item article, half annotated."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    app = create_app(_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        ensure_default_scale()
        password_hash = hash_password(PASSWORD)
        users = [
            User(
                email=f"reviewer{n}@bench.example",
                display_name=f"Bench Reviewer {n}",
                role=Role.REVIEWER,
                password_hash=password_hash,
            )
            for n in range(1, 5)
        ]
        db.session.add_all(users)
        text, spans = _article_text(N_ITEMS)
        article = Article(
            input_kind=InputKind.TEXT,
            original=text.encode(),
            original_sha256=uuid.uuid4().hex * 2,
            title="Three hundred claims about trams",
            clean_text=text,
            language="en",
            imported_by=users[0],
        )
        article.segments = [
            Segment(
                kind=kind,
                start_offset=start,
                end_offset=end,
                text=text[start:end],
                speaker=speaker,
                checkworthiness=round(0.5 + (index % 50) / 100, 2),
                reasons=["contains a figure", "past event"],
            )
            for index, (kind, start, end, speaker) in enumerate(spans)
        ]
        db.session.add(article)
        db.session.flush()
        labels = active_labels()
        for index, segment in enumerate(article.segments):
            if index % 2:
                continue
            data = AnnotationInput(
                source=f"Source {index % 17}",
                verdict_id=labels[index % len(labels)].id,
                note=f"Checked against the **budget** of {2000 + index % 25}.\n\n- page 4\n",
                status=AnnotationStatus.DONE if index % 4 == 0 else AnnotationStatus.IN_PROGRESS,
                evidence=(
                    EvidenceInput(f"https://example.org/budget/{index}", "Budget"),
                    EvidenceInput(f"https://example.org/minutes/{index}", None),
                ),
            )
            save_annotation(segment, users[index % 2], data, 0)
        db.session.commit()
        ids = [s.id for s in article.segments]
        result = {
            "article": article.id,
            "segments": ids,
            "users": [u.email for u in users],
            "user_ids": [u.get_id() for u in users],
        }
        db.session.remove()
        db.engine.dispose()
    return result


# --- In-process timing ------------------------------------------------------------------


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _version(body: str) -> int:
    match = re.search(r'id="panel"[^>]*data-version="(\d+)"', body)
    if not match:
        raise RuntimeError("no panel version in the response")
    return int(match.group(1))


def _save_fields(version: int, n: int, csrf: str | None = None) -> dict[str, str]:
    """An annotation form whose values alternate, so each save changes something."""
    fields = {
        "version": str(version),
        "source": f"Bench source {'A' if n % 2 else 'B'}",
        "verdict": "",
        "note": f"Save number {n}.",
        "status": "in_progress",
        "evidence-0-url": "https://example.org/evidence",
        "evidence-0-title": f"Evidence {n % 2}",
    }
    if csrf is not None:
        fields["csrf_token"] = csrf
    return fields


def in_process(db_path: Path, data: dict[str, object], rounds: int = 50) -> dict[str, float]:
    """Server-side render and save times through the Flask test client (no network)."""
    app = create_app(_config(f"sqlite:///{db_path}", WTF_CSRF_ENABLED=False))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = data["user_ids"][0]
        session["_fresh"] = True
    article, segments = data["article"], data["segments"]
    page = f"/review/articles/{article}?item={segments[10]}"
    queries = []
    with app.app_context():
        engine = db.engine

    def count(*_args) -> None:
        queries.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        page_times, page_cpu, page_queries = [], [], []
        for n in range(rounds + 5):
            queries.clear()
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(page)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            assert response.status_code == 200, response.status_code
            if n >= 5:
                page_times.append(elapsed)
                page_cpu.append(cpu)
                page_queries.append(len(queries))
        # Five items in turn (one not annotated yet: its first save creates the annotation),
        # so no item's history grows to hundreds of entries.
        targets = segments[11:16]
        versions = {}
        for target in targets:
            panel = client.get(
                f"/review/articles/{article}?item={target}", headers={"X-Partial": "panel"}
            )
            versions[target] = _version(panel.get_data(as_text=True))
        save_times, save_cpu, save_queries = [], [], []
        for n in range(rounds + 5):
            queries.clear()
            started, cpu = time.perf_counter(), time.process_time()
            target = targets[n % len(targets)]
            response = client.post(
                f"/review/segments/{target}/annotation",
                data=_save_fields(versions[target], n),
                headers={"X-Partial": "panel"},
            )
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            assert response.status_code == 200, response.status_code
            versions[target] = _version(response.get_data(as_text=True))
            if n >= 5:
                save_times.append(elapsed)
                save_cpu.append(cpu)
                save_queries.append(len(queries))
    finally:
        event.remove(engine, "before_cursor_execute", count)
        with app.app_context():
            db.engine.dispose()
    return {
        "page_ms": _median_ms(page_times),
        "page_cpu_ms": _median_ms(page_cpu),
        "page_queries": statistics.median(page_queries),
        "page_bytes": len(client.get(page).get_data()),
        "save_ms": _median_ms(save_times),
        "save_cpu_ms": _median_ms(save_cpu),
        "save_queries": statistics.median(save_queries),
    }


# --- Over HTTP ---------------------------------------------------------------------------


class Client:
    """One keep-alive HTTP connection with a cookie jar (reconnects when the server closes)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, fields: dict[str, str] | None = None, headers=None
    ) -> tuple[int, str]:
        """Send a request; return the status and the body as text."""
        headers = dict(headers or {})
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                self.conn.close()
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        if (response.getheader("Connection") or "").lower() == "close":
            self.conn.close()
        return response.status, text

    def sign_in(self, email: str) -> None:
        """Post the sign-in form with its CSRF token, keeping the session cookie."""
        status, page = self.request("GET", "/auth/sign-in")
        token = _csrf(page)
        status, _ = self.request(
            "POST",
            "/auth/sign-in",
            {"csrf_token": token, "email": email, "password": PASSWORD, "next": ""},
        )
        if status != 302:
            raise RuntimeError(f"sign-in of {email} answered {status}")

    def close(self) -> None:
        self.conn.close()


def _csrf(page: str) -> str:
    for tag in re.findall(r"<input[^>]*>", page):
        if 'name="csrf_token"' in tag:
            return re.search(r'value="([^"]+)"', tag).group(1)
    raise RuntimeError("no CSRF token in the page")


@dataclass
class Load:
    """What one scenario measured."""

    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return _median_ms(self.latencies)

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def run_load(
    name: str,
    setups: list[Callable[[], Callable[[], int]]],
    duration: float,
    max_requests: int,
) -> Load:
    """Run each thread's request function until the time or the request budget is spent."""
    workers = [setup() for setup in setups]  # sign-in and warm-up happen before the clock
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    budget = [max_requests]
    deadline = time.perf_counter() + duration

    def loop(once: Callable[[], int]) -> None:
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            started = time.perf_counter()
            status = once()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status >= 400:
                    errors[0] += 1

    threads = [threading.Thread(target=loop, args=(once,), daemon=True) for once in workers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    seconds = time.perf_counter() - started
    return Load(name, len(latencies), errors[0], seconds, latencies)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app_spec: list[str], env: dict[str, str], log: Path):
    """Serve an app with gunicorn on a free loopback port; yield the port."""
    port = _free_port()
    command = [str(GUNICORN), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", *app_spec]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn stopped; see {log}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"gunicorn did not start; see {log}") from None
                    time.sleep(0.1)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def http_runs(db_path: Path, data: dict[str, object], args) -> list[Load]:
    """Read, save and baseline scenarios against gunicorn."""
    env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{db_path}",
        "FACTCHECK_SECRET_KEY": SECRET,
    }
    article, segments, emails = data["article"], data["segments"], data["users"]
    clients = args.clients
    runs = []
    with gunicorn(["wsgi:app"], env, OUT / "gunicorn-review.log") as port:

        def reader(n: int) -> Callable[[], Callable[[], int]]:
            def setup() -> Callable[[], int]:
                client = Client(port)
                client.sign_in(emails[n % len(emails)])
                path = f"/review/articles/{article}?item={segments[10 + n]}"
                client.request("GET", path)

                def once() -> int:
                    return client.request("GET", path)[0]

                return once

            return setup

        def saver(n: int) -> Callable[[], Callable[[], int]]:
            def setup() -> Callable[[], int]:
                client = Client(port)
                client.sign_in(emails[n % len(emails)])
                # Ten items of its own per thread, in turn: no conflicts, short histories.
                targets = segments[100 + 10 * n : 110 + 10 * n]
                versions, csrf = {}, ""
                for target in targets:
                    _, panel = client.request(
                        "GET",
                        f"/review/articles/{article}?item={target}",
                        headers={"X-Partial": "panel"},
                    )
                    versions[target], csrf = _version(panel), _csrf(panel)
                count = [0]

                def once() -> int:
                    count[0] += 1
                    target = targets[count[0] % len(targets)]
                    status, body = client.request(
                        "POST",
                        f"/review/segments/{target}/annotation",
                        _save_fields(versions[target], count[0], csrf),
                        headers={"X-Partial": "panel"},
                    )
                    if status in (200, 409):
                        versions[target] = _version(body)
                    return status

                return once

            return setup

        runs.append(
            run_load(
                "GET workspace (300 items, item selected)",
                [reader(n) for n in range(clients)],
                args.duration,
                args.max_requests,
            )
        )
        runs.append(
            run_load(
                "POST save (X-Partial: panel)",
                [saver(n) for n in range(clients)],
                args.duration,
                args.max_requests,
            )
        )
    minimal = ["--pythonpath", str(ROOT / "bench"), "minimal_app:app"]
    with gunicorn(minimal, {}, OUT / "gunicorn-minimal.log") as port:

        def baseline() -> Callable[[], int]:
            client = Client(port)

            def once() -> int:
                return client.request("GET", "/")[0]

            return once

        runs.append(
            run_load(
                "GET minimal Flask page",
                [baseline for _ in range(clients)],
                args.duration,
                args.max_requests,
            )
        )
    return runs


# --- Report ------------------------------------------------------------------------------


def report(inproc: dict[str, float], runs: list[Load], args) -> str:
    """The results as Markdown."""
    page_ok = "met" if inproc["page_ms"] < PAGE_TARGET_MS else "MISSED"
    save_ok = "met" if inproc["save_ms"] < SAVE_TARGET_MS else "MISSED"
    lines = [
        "# Review workspace benchmark",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/bench_review.py` on "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite. One article with {N_ITEMS} items, half annotated with two evidence links each.",
        f"Load average when the run ended: {' / '.join(f'{x:.1f}' for x in os.getloadavg())} "
        "(other work on the machine inflates wall times; CPU time is the process's own).",
        "",
        "## Server-side time (Flask test client, in-process, median of 50)",
        "",
        "| request | median | CPU time | target | SQL queries | |",
        "|---|---:|---:|---:|---:|---|",
        f"| workspace page, item selected ({inproc['page_bytes'] / 1024:.0f} KiB) "
        f"| {inproc['page_ms']:.1f} ms | {inproc['page_cpu_ms']:.1f} ms "
        f"| < {PAGE_TARGET_MS:.0f} ms | {inproc['page_queries']:.0f} | {page_ok} |",
        f"| save an annotation (X-Partial: panel) | {inproc['save_ms']:.1f} ms "
        f"| {inproc['save_cpu_ms']:.1f} ms | < {SAVE_TARGET_MS:.0f} ms "
        f"| {inproc['save_queries']:.0f} | {save_ok} |",
        "",
        f"## Over HTTP: gunicorn, {WORKERS} sync workers, {args.clients} client threads on "
        f"loopback, up to {args.duration:.0f} s or {args.max_requests} requests each",
        "",
        "| scenario | requests | errors | req/s | median | p95 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.name} | {run.requests} | {run.errors} | {run.rps:.0f} "
            f"| {run.median_ms:.1f} ms | {run.p95_ms:.1f} ms |"
        )
    lines += [
        "",
        "Each save changes the source, note and evidence title (alternating values) and "
        "tracks the item's version from the `data-version` of the returned panel; each "
        "client thread saves ten items of its own in turn, so no save is a conflict.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=WORKERS, help="client threads")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per scenario")
    parser.add_argument("--max-requests", type=int, default=5000, help="per scenario")
    parser.add_argument("--no-http", action="store_true", help="in-process timings only")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / "review-bench.db"
    started = time.perf_counter()
    data = build_database(db_path)
    print(f"built {db_path} in {time.perf_counter() - started:.1f} s")
    inproc = in_process(db_path, data)
    runs = [] if args.no_http else http_runs(db_path, data, args)
    text = report(inproc, runs, args)
    print(text)
    RESULTS.write_text(text)
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
