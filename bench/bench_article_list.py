"""Speed of the article list and search at desk scale: `python bench/bench_article_list.py`.

Builds a fresh SQLite database under bench/out/ through the migrations, bulk-loads
--articles articles (French and English) with --segments segments and some annotations,
then times the list and search pages through the Flask test client, signed in as in
tests/conftest.py: the median of --runs requests each. Prints a table, the query plans of
pages slower than the target, and writes bench/RESULTS-articles.md.

With FACTCHECK_BENCH_DATABASE_URL set (a PostgreSQL server URL), the same runs again in a
throw-away database created next to it and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.articles.search import ArticleFilters, filtered_articles  # noqa: E402
from factcheck.config import normalise_database_url  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Annotation, Article, Role, Segment, User  # noqa: E402

OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS-articles.md"
TARGET_MS = 100.0


def _words(text: str) -> list[str]:
    return text.split()


WORDS = {
    "fr": _words(
        "gouvernement ministre budget réforme député élection mairie conseil région "
        "hausse baisse chômage croissance impôt retraite hôpital école transport "
        "énergie prix salaire entreprise syndicat grève sécurité police justice "
        "tribunal enquête rapport santé vaccin climat sécheresse agriculture logement "
        "loyer banque inflation dette Élysée Assemblée Sénat Europe Ukraine Russie "
        "Afrique Paris Lyon Marseille"
    ),
    "en": _words(
        "government minister budget reform election council mayor region rise fall "
        "jobs growth tax pension hospital school transport energy price wage company "
        "union strike security police court inquiry report health vaccine climate "
        "drought farming housing rent bank inflation debt parliament senate Europe "
        "Ukraine Russia Africa London Manchester Washington harbour ferry airport "
        "bridge"
    ),
}
# Only a handful of articles hold this word: the "rare word" search.
RARE_WORD = "zeppelin"
STATUSES = ("new", "in_review", "ready", "approved")

PAGES = [
    ("list, first page", "/articles/"),
    ("list, deep page (page 300)", "/articles/?page=300"),
    ("list, status + language", "/articles/?status=in_review&language=fr"),
    ("list, sorted by title", "/articles/?sort=title"),
    ("list, reviewer filter", "/articles/?reviewer=1"),
    ("search, common word (budget)", "/articles/?q=budget"),
    ("search, rare word", f"/articles/?q={RARE_WORD}"),
    ("search, prefix (gouv)", "/articles/?q=gouv"),
    ("search, two words + language", "/articles/?q=budget+hausse&language=fr"),
]


def _config(url: str) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "bench-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
    }


def _sentence(rng: random.Random, language: str) -> str:
    words = rng.choices(WORDS[language], k=rng.randint(8, 16))
    number = rng.choice(["", f" {rng.randint(2, 99)} %", f" {rng.randint(1000, 9000)}"])
    return " ".join(words).capitalize() + number + "."


def load(app, n_articles: int, n_segments: int, seed: int = 4) -> dict[str, object]:
    """Bulk-insert the desk's articles, segments and annotations; return timings."""
    rng = random.Random(seed)
    timings: dict[str, float] = {}
    with app.app_context():
        user = User(
            email="bench@example.org",
            display_name="Bench Reviewer",
            role=Role.REVIEWER,
            active=True,
            password_hash="x",
        )
        db.session.add(user)
        db.session.flush()
        start = datetime(2024, 1, 1, tzinfo=UTC)
        rare = set(rng.sample(range(n_articles), k=max(1, n_articles // 2000)))

        started = time.perf_counter()
        rows, bodies = [], []
        for number in range(n_articles):
            language = "fr" if number % 3 else "en"
            body = "\n\n".join(_sentence(rng, language) for _ in range(rng.randint(8, 20)))
            if number in rare:
                body += f"\n\nLe {RARE_WORD} survole la ville."
            title = " ".join(rng.choices(WORDS[language], k=rng.randint(4, 9))).capitalize()
            created = start + timedelta(minutes=number * 50 + rng.randint(0, 40))
            bodies.append(body)
            rows.append(
                {
                    "input_kind": "text",
                    "original": body.encode(),
                    "original_sha256": uuid.uuid4().hex * 2,
                    "title": f"{title} {number}",
                    "site": rng.choice(["Agence Test", "Daily Test", "La Gazette", None]),
                    "language": language,
                    "clean_text": body,
                    "status": rng.choice(STATUSES),
                    "imported_by_id": user.id,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        db.session.execute(insert(Article.__table__), rows)
        db.session.commit()
        timings["articles"] = time.perf_counter() - started

        started = time.perf_counter()
        ids = list(db.session.scalars(select(Article.id).order_by(Article.id)))
        per_article = max(1, n_segments // len(ids))
        now = datetime(2025, 1, 1, tzinfo=UTC)
        segment_rows = []
        for article_id, body in zip(ids, bodies, strict=True):
            for index in range(per_article):
                offset = (index * 37) % max(1, len(body) - 40)
                segment_rows.append(
                    {
                        "article_id": article_id,
                        "kind": "quote" if index % 4 == 0 else "claim",
                        "start_offset": offset,
                        "end_offset": offset + 40,
                        "text": body[offset : offset + 40],
                        "checkworthiness": 0.5 + (index % 50) / 100,
                        "origin": "auto",
                        "created_at": now,
                    }
                )
            if len(segment_rows) >= 50_000:
                db.session.execute(insert(Segment.__table__), segment_rows)
                segment_rows = []
        if segment_rows:
            db.session.execute(insert(Segment.__table__), segment_rows)
        db.session.commit()
        timings["segments"] = time.perf_counter() - started

        started = time.perf_counter()
        # One article in five has some reviewed items.
        reviewed = db.session.execute(
            select(Segment.id, Segment.article_id)
            .where(Segment.article_id % 5 == 0)
            .where(Segment.id % 7 == 0)
            .order_by(Segment.id)
        ).all()
        annotation_rows = [
            {
                "segment_id": segment_id,
                "article_id": article_id,
                "reviewer_id": user.id,
                "status": rng.choice(("todo", "in_progress", "done")),
                "approval_status": "pending",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for segment_id, article_id in reviewed
        ]
        db.session.execute(insert(Annotation.__table__), annotation_rows)
        db.session.commit()
        timings["annotations"] = time.perf_counter() - started
        timings["annotation_count"] = len(annotation_rows)
        db.session.execute(sa.text("ANALYZE"))  # fresh planner statistics, as after a day of use
        db.session.commit()
        timings["session_id"] = user.get_id()
        timings["user_id"] = user.id
    return timings


def time_pages(
    app, session_id: str, user_id: int, runs: int
) -> list[tuple[str, str, float, float, str]]:
    """(name, path, median ms, p90 ms, what the page says) for each page."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    results = []
    for name, path in PAGES:
        path = path.replace("reviewer=1", f"reviewer={user_id}")
        for _ in range(2):  # warm the caches
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        body = response.get_data(as_text=True)
        count = body.split('<p class="count">', 1)[1].split("</p>", 1)[0]
        p90 = statistics.quantiles(samples, n=10)[-1] if len(samples) > 1 else samples[0]
        results.append((name, path, statistics.median(samples), p90, count))
    return results


def _filters(path: str) -> ArticleFilters:
    from urllib.parse import parse_qs, urlsplit

    from factcheck.models import ArticleStatus

    args = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
    return ArticleFilters(
        query=args.get("q", ""),
        status=ArticleStatus(args["status"]) if "status" in args else None,
        language=args.get("language"),
        reviewer_id=int(args["reviewer"]) if "reviewer" in args else None,
        sort=args.get("sort", "newest"),
    )


def query_plans(app, paths: list[str]) -> dict[str, list[str]]:
    """EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) of the list query behind each path."""
    plans: dict[str, list[str]] = {}
    with app.app_context():
        connection = db.session.connection()
        prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        captured: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, parameters, context, executemany) -> None:
            captured.append((statement, parameters))

        for path in paths:
            # Run the page's query once and replay exactly what reached the driver.
            sa.event.listen(connection, "before_cursor_execute", capture)
            try:
                db.session.execute(filtered_articles(_filters(path)).limit(25))
            finally:
                sa.event.remove(connection, "before_cursor_execute", capture)
            statement, parameters = captured[-1]
            rows = connection.exec_driver_sql(prefix + statement, parameters).all()
            plans[path] = [" | ".join(str(c) for c in row) for row in rows]
        db.session.rollback()
    return plans


def bench(url: str, label: str, args) -> dict[str, object]:
    """Migrate, load and time one database."""
    print(f"== {label}: migrating {url}", flush=True)
    app = create_app(_config(url))
    with app.app_context():
        upgrade()
    loaded = load(app, args.articles, args.segments)
    print(
        f"   loaded {args.articles:,} articles in {loaded['articles']:.1f} s, "
        f"{args.segments:,} segments in {loaded['segments']:.1f} s, "
        f"{int(loaded['annotation_count']):,} annotations in {loaded['annotations']:.1f} s",
        flush=True,
    )
    results = time_pages(app, loaded["session_id"], int(loaded["user_id"]), args.runs)
    print(f"\n{'page':34} {'median ms':>10} {'p90 ms':>8}  result")
    for name, _, median, p90, count in results:
        flag = "  SLOW" if median > TARGET_MS else ""
        print(f"{name:34} {median:10.1f} {p90:8.1f}  {count}{flag}")
    slow = [path for _, path, median, _, _ in results if median > TARGET_MS]
    slowest = max(results, key=lambda row: row[2])[1]
    plans = query_plans(app, slow or [slowest])
    with app.app_context():
        db.engine.dispose()
    for path, plan in plans.items():
        print(f"\nplan of {path}:")
        for line in plan:
            print(f"   {line}")
    return {"label": label, "loaded": loaded, "results": results, "plans": plans, "slow": slow}


def _postgres(url: str) -> tuple[str, callable]:
    """Create a throw-away database next to url; return its URL and a function dropping it."""
    url = normalise_database_url(url)
    name = f"fc_bench_{os.getpid()}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    bench_url = sa.engine.make_url(url).set(database=name)
    return bench_url.render_as_string(hide_password=False), drop


def write_results(runs: list[dict[str, object]], args) -> None:
    lines = [
        "# Article list benchmark",
        "",
        f"`python bench/bench_article_list.py --articles {args.articles} "
        f"--segments {args.segments}` on {platform.machine()}, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs. Each figure is the median (and 90th percentile) of "
        f"{args.runs} requests through the Flask test client, signed in, after 2 warm-up "
        f"requests; the target is under {TARGET_MS:.0f} ms.",
        "",
    ]
    for run in runs:
        loaded = run["loaded"]
        lines += [
            f"## {run['label']}",
            "",
            f"{args.articles:,} articles, {args.segments:,} segments, "
            f"{int(loaded['annotation_count']):,} annotations; bulk load "
            f"{loaded['articles']:.1f} s + {loaded['segments']:.1f} s + "
            f"{loaded['annotations']:.1f} s.",
            "",
            "| page | request | median ms | p90 ms | result |",
            "|---|---|---:|---:|---|",
        ]
        for name, path, median, p90, count in run["results"]:
            flag = " **slow**" if median > TARGET_MS else ""
            lines.append(f"| {name} | `{path}` | {median:.1f}{flag} | {p90:.1f} | {count} |")
        lines.append("")
        for path, plan in run["plans"].items():
            lines += [f"Query plan of `{path}`:", "", "```", *plan, "```", ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "bench_articles.db"
    for leftover in OUT.glob("bench_articles.db*"):
        leftover.unlink()
    runs = [bench(f"sqlite:///{path}", "SQLite", args)]

    server = os.environ.get("FACTCHECK_BENCH_DATABASE_URL")
    if server:
        url, drop = _postgres(server)
        try:
            runs.append(bench(url, "PostgreSQL", args))
        finally:
            drop()
    write_results(runs, args)


if __name__ == "__main__":
    main()
