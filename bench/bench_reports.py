"""Speed of the verdict reports: `python bench/bench_reports.py`.

Builds a fresh SQLite database under bench/out/ through the migrations, bulk-loads one
article with --items fully annotated and approved items, and times (median of --runs
requests through the Flask test client, signed in as an editor) the report page, the
self-contained HTML export, the JSON export and (median of --pdf-runs) the PDF export.
Then it bulk-inserts --bulk approved items across --bulk-articles articles and streams
the bulk CSV export to a file twice, for the whole desk and for a tenth of it, measuring
wall time and the tracemalloc peak during each export: a streamed export has about the
same peak for both. Prints a table and writes bench/RESULTS-reports.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import (  # noqa: E402
    Annotation,
    Article,
    EvidenceLink,
    Role,
    Segment,
    User,
    VerdictLabel,
)
from factcheck.reports.bulk import BulkFilters, bulk_export  # noqa: E402
from factcheck.scale import ensure_default_scale  # noqa: E402

OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS-reports.md"
TARGETS_MS = {"html page": 200.0, "html file": 200.0, "json": 200.0, "pdf": 5000.0}
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def config(url: str) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }


def fresh_database() -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "bench_reports.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    app = create_app(config(url))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    return url


def sentence(index: int) -> str:
    return (
        f"Claim {index}: the regional budget for transport rose by {index % 90 + 3}% "
        f"between {2000 + index % 20} and {2021 + index % 4}, said the minister."
    )


def article_text(count: int) -> tuple[str, list[tuple[int, int]]]:
    """Text of `count` sentences, five per paragraph, and each sentence's offsets."""
    parts, spans, at = [], [], 0
    for index in range(count):
        text = sentence(index)
        separator = "\n\n" if index and index % 5 == 0 else (" " if index else "")
        at += len(separator)
        parts.append(separator + text)
        spans.append((at, at + len(text)))
        at += len(text)
    return "".join(parts), spans


def load_articles(
    count: int,
    items_each: int,
    reviewer: int,
    editor: int,
    labels: list[VerdictLabel],
    languages=lambda n: "en",
) -> list[int]:
    """Bulk-insert articles whose every item is annotated, approved and has one link."""
    text, spans = article_text(items_each)
    article_ids = []
    rated = [label for label in labels if label.rating_value is not None]
    for number in range(count):
        article_id = db.session.execute(
            insert(Article).returning(Article.id),
            {
                "input_kind": "text",
                "original": text.encode(),
                "original_sha256": uuid.uuid4().hex * 2,
                "title": f"Bench article {number}: transport spending",
                "site": "Bench Daily",
                "source_url": f"https://bench.example.org/{number}",
                "published_on": date(2025, 1, 1) + timedelta(days=number % 50),
                "language": languages(number),
                "clean_text": text,
                "status": "approved",
                "imported_by_id": reviewer,
                "created_at": NOW,
                "updated_at": NOW,
            },
        ).scalar_one()
        article_ids.append(article_id)
        segment_ids = (
            db.session.execute(
                insert(Segment).returning(Segment.id, sort_by_parameter_order=True),
                [
                    {
                        "article_id": article_id,
                        "kind": "quote" if i % 7 == 3 else "claim",
                        "start_offset": start,
                        "end_offset": end,
                        "text": text[start:end],
                        "speaker": "the minister",
                        "checkworthiness": 0.8,
                        "origin": "auto",
                        "created_at": NOW,
                    }
                    for i, (start, end) in enumerate(spans)
                ],
            )
            .scalars()
            .all()
        )
        # Newer schemas copy the article id onto annotations (an ORM hook does it there).
        denormalised = {"article_id": article_id} if "article_id" in Annotation.__table__.c else {}
        annotation_ids = (
            db.session.execute(
                insert(Annotation).returning(Annotation.id, sort_by_parameter_order=True),
                [
                    {
                        **denormalised,
                        "segment_id": segment_id,
                        "reviewer_id": reviewer,
                        "source": f"Minister {i % 12}",
                        "verdict_id": rated[i % len(rated)].id,
                        "note": f"Checked against the **budget** tables, line {i}.",
                        "status": "done",
                        "approval_status": "approved",
                        "approved_by_id": editor,
                        "approved_at": NOW + timedelta(minutes=i),
                        "version": 2,
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                    for i, segment_id in enumerate(segment_ids)
                ],
            )
            .scalars()
            .all()
        )
        db.session.execute(
            insert(EvidenceLink),
            [
                {
                    "annotation_id": annotation_id,
                    "url": f"https://stats.example.org/tables/{annotation_id}",
                    "title": "Budget tables",
                    "added_by_id": reviewer,
                    "added_at": NOW,
                }
                for annotation_id in annotation_ids
            ],
        )
    db.session.commit()
    return article_ids


def median_ms(client, url: str, runs: int) -> tuple[float, int]:
    times, size = [], 0
    client.get(url)  # warm-up (template compilation, imports)
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
        size = len(response.data)
    return statistics.median(times), size


def profile(client, url: str) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"factcheck|weasyprint/(layout|draw|text|css)", 12)
    stats.sort_stats("tottime").print_stats(12)
    return out.getvalue()


def bulk_csv(path: Path, filters: BulkFilters, traced: bool) -> tuple[float, int, int]:
    """(seconds, rows, tracemalloc peak bytes or 0) of one streamed bulk CSV export."""
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        for chunk in bulk_export("csv", filters, "https://desk.example.org", "Bench desk"):
            file.write(chunk)
            rows += 1
    elapsed = time.perf_counter() - start
    peak = 0
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    db.session.rollback()
    return elapsed, rows - 1, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--bulk", type=int, default=100_000)
    parser.add_argument("--bulk-articles", type=int, default=500)
    args = parser.parse_args()

    url = fresh_database()
    app = create_app(config(url))
    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []
    with app.app_context():
        ensure_default_scale()
        reviewer = User(
            email="r@bench", display_name="Rita Reviewer", role=Role.REVIEWER, password_hash="x"
        )
        editor = User(
            email="e@bench", display_name="Eddie Editor", role=Role.EDITOR, password_hash="x"
        )
        db.session.add_all([reviewer, editor])
        db.session.commit()
        labels = list(db.session.scalars(select(VerdictLabel).order_by(VerdictLabel.position)))
        (article_id,) = load_articles(1, args.items, reviewer.id, editor.id, labels)

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = editor.get_id()
            session["_fresh"] = True
        base = f"/reports/articles/{article_id}"
        cases = [
            ("html page", base, args.runs),
            ("html file", f"{base}/export/html", args.runs),
            ("json", f"{base}/export/json", args.runs),
            ("pdf", f"{base}/export/pdf", args.pdf_runs),
        ]
        for name, path, runs in cases:
            ms, size = median_ms(client, path, runs)
            target = TARGETS_MS[name]
            verdict = "ok" if ms <= target else "MISSED"
            rows.append(
                (
                    f"{name} ({args.items} items)",
                    f"{ms:,.0f} ms",
                    f"{target:,.0f} ms",
                    f"{verdict}, {size / 1024:,.0f} KiB",
                )
            )
            if ms > target:
                notes.append(f"### Profile of {name}\n\n```\n{profile(client, path)}\n```\n")

        per_article = max(1, args.bulk // args.bulk_articles)
        tenth = max(1, args.bulk_articles // 10)
        started = time.perf_counter()
        load_articles(
            args.bulk_articles,
            per_article,
            reviewer.id,
            editor.id,
            labels,
            languages=lambda n: "fr" if n < tenth else "en",
        )
        load_s = time.perf_counter() - started
        exports = [
            ("bulk CSV, a tenth (fr)", BulkFilters(language="fr")),
            ("bulk CSV, everything", BulkFilters()),
        ]
        peaks = []
        for name, filters in exports:
            seconds, count, _ = bulk_csv(OUT / "bulk.csv", filters, traced=False)
            _, _, peak = bulk_csv(OUT / "bulk.csv", filters, traced=True)
            peaks.append(peak)
            size = (OUT / "bulk.csv").stat().st_size
            rows.append(
                (
                    f"{name}: {count:,} rows",
                    f"{seconds:,.2f} s",
                    "constant memory",
                    f"peak {peak / 2**20:,.1f} MiB, {size / 2**20:,.0f} MiB file",
                )
            )
        ratio = peaks[1] / peaks[0] if peaks[0] else float("inf")
        rows.append(
            (
                "peak ratio, 10x the rows",
                f"{ratio:,.2f}x",
                "≈ 1x",
                "ok" if ratio < 1.5 else "MISSED",
            )
        )

    header = ("case", "measured", "target", "result")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = [
        " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows]
    ]
    print("\n".join(lines))
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs"
    )
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * 4]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    RESULTS.write_text(
        "# Report benchmarks\n\n"
        f"`python bench/bench_reports.py` on SQLite, {machine}; "
        f"{load_s:,.0f} s to bulk-load {args.bulk:,} items. Medians of {args.runs} requests "
        f"({args.pdf_runs} for the PDF) through the test client, signed in as an editor. "
        "Peak memory is tracemalloc's peak during the export (timed separately, untraced).\n\n"
        + "\n".join(table)
        + "\n\n"
        + "\n".join(notes),
        encoding="utf-8",
    )
    print(f"\nWrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
