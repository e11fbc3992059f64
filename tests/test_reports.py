"""Verdict reports: the page, every per-article export (web and CLI) and the bulk export."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from factcheck.extensions import db
from factcheck.models import Annotation, AuditEvent, Role, Segment, SegmentKind
from tests.reporting import (
    ARTICLE_URL,
    SEED,
    SEED_URL,
    Item,
    Reviewed,
    import_seed,
    labels,
    make_text_article,
    own_items,
    review,
    seed_items,
)

ORGANISATION = "Desk Vérif — Test"
BASE_URL = "https://factcheck.example.org"
FORMATS = ["html", "pdf", "csv", "json", "claimreview", "annotations"]
FR_TEXT = (
    "Le maire de Lyon a promis 300 nouveaux arbres en 2025.\n\n"
    "« Nous allons transformer la ville », a déclaré Grégory Doucet.\n\n"
    "Le budget atteint 12 millions d’euros."
)
FR_URL = "https://journal.example.fr/lyon-arbres"


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"ORGANISATION_NAME": ORGANISATION, "PUBLIC_BASE_URL": BASE_URL}


@pytest.fixture
def own(reviewer, editor) -> Reviewed:
    """The hand-written article, reviewed; one draft, one dismissed item."""
    return review(make_text_article(reviewer), own_items(), reviewer, editor)


@pytest.fixture(params=["own", "seed"])
def reviewed(request, reviewer, editor) -> Reviewed:
    """Each realistic article: the hand-written one, and the shared seed when present."""
    if request.param == "own":
        return review(make_text_article(reviewer), own_items(), reviewer, editor)
    if not SEED.exists():
        pytest.skip("../shared/corpus/seed is not on this machine")
    article = import_seed(reviewer)
    return review(article, seed_items(article), reviewer, editor)


# --- Fetching an export, through the web or the CLI -------------------------------------


def export(client, runner, tmp_path, via: str, article_id: int, fmt: str, drafts: bool):
    """(body bytes, file name) of one export."""
    if via == "web":
        response = client.get(
            f"/reports/articles/{article_id}/export/{fmt}",
            query_string={"drafts": "1"} if drafts else {},
        )
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        disposition = response.headers["Content-Disposition"]
        name = re.search(r'filename="([^"]+)"', disposition).group(1)
        return response.data, name
    out = tmp_path / f"export.{fmt}"
    args = ["reports", "export", str(article_id), "--format", fmt, "-o", str(out)]
    result = runner.invoke(args=args + (["--drafts"] if drafts else []))
    assert result.exit_code == 0, result.output
    return out.read_bytes(), None


# --- Parsing each format into (item id, verdict) in document order ----------------------


def ids_from_anchor(url: str) -> int:
    match = re.search(r"#item-(\d+)$", url)
    assert match, url
    return int(match.group(1))


def parse_csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def html_items(body: str) -> list[tuple[int, str]]:
    pattern = re.compile(
        r'<section class="report-item[^"]*" id="item-(\d+)">.*?'
        r'<span class="verdict-badge">([^<]*)</span>',
        re.S,
    )
    return [(int(i), html.unescape(v)) for i, v in pattern.findall(body)]


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def parsed_items(fmt: str, body: bytes, reviewed: Reviewed) -> list[tuple[int, str | None]]:
    """(segment id, verdict label) of every item of an export, in its order."""
    if fmt == "html":
        return html_items(body.decode("utf-8"))
    if fmt == "csv":
        return [(int(row["item_id"]), row["verdict"] or None) for row in parse_csv(body)]
    if fmt == "json":
        return [(item["item_id"], item["verdict"]) for item in json.loads(body)["items"]]
    if fmt == "claimreview":
        return [
            (ids_from_anchor(r["url"]), r["reviewRating"]["alternateName"])
            for r in json.loads(body)
        ]
    if fmt == "annotations":
        items = json.loads(body)["first"]["items"]
        return [
            (
                ids_from_anchor(a["id"]),
                next((b["value"] for b in a["body"] if b.get("purpose") == "assessing"), None),
            )
            for a in items
        ]
    # PDF: no ids, so each item's words must appear in order, each followed by its verdict.
    text = pdf_text(body)
    section = text[text.index(" checked ") : text.rindex("The article")]
    names = sorted(labels(), key=len, reverse=True)
    positions, at = [], 0
    for item in reviewed.drafted():
        # Search past the previous item's whole quotation: a quote may sit inside a claim.
        position = section.find(squash(item.words)[:40], at)
        if position != -1:
            positions.append((position, item.segment_id))
            at = position + len(squash(item.words))
    found = []
    for (position, segment_id), (following, _) in zip(
        positions, positions[1:] + [(len(section), 0)], strict=True
    ):
        part = section[position:following]
        found.append((segment_id, next((n for n in names if f"Verdict: {n}" in part), None)))
    return found


def expected(reviewed: Reviewed, drafts: bool, fmt: str) -> list[tuple[int, str]]:
    items = reviewed.drafted() if drafts else reviewed.published()
    if fmt == "claimreview":  # published verdicts only, even in a draft export
        items = reviewed.published()
    return [(item.segment_id, item.verdict) for item in items]


# --- Validators --------------------------------------------------------------------------


def is_iso_date(value: Any) -> bool:
    try:
        date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return False
    return True


def validate_claim_review(
    review: dict,
    *,
    report_url: str,
    article_url: str | None,
    published: date | None,
    speaker: str | None = "someone",
) -> list[str]:
    """Problems of one ClaimReview against schema.org's required and recommended fields."""
    problems = []
    if review.get("@context") not in ("https://schema.org", "http://schema.org"):
        problems.append("@context")
    if review.get("@type") != "ClaimReview":
        problems.append("@type")
    if not isinstance(review.get("claimReviewed"), str) or not review["claimReviewed"].strip():
        problems.append("claimReviewed")
    rating = review.get("reviewRating") or {}
    if rating.get("@type") != "Rating" or not rating.get("alternateName"):
        problems.append("reviewRating type/alternateName")
    label = labels().get(rating.get("alternateName"))
    if label is not None and label.rating_value is not None:
        numbers = [rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")]
        if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
            problems.append("reviewRating numbers")
        else:
            value, best, worst = numbers
            if not worst <= value <= best or value != label.rating_value:
                problems.append("reviewRating range")
    elif "ratingValue" in rating:
        problems.append("a label without rating got a ratingValue")
    url = review.get("url", "")
    if not re.fullmatch(re.escape(report_url) + r"#item-\d+", url):
        problems.append("url")
    author = review.get("author") or {}
    if author.get("@type") != "Organization" or author.get("name") != ORGANISATION:
        problems.append("author")
    if not is_iso_date(review.get("datePublished")):
        problems.append("datePublished")
    claim = review.get("itemReviewed") or {}
    if claim.get("@type") != "Claim":
        problems.append("itemReviewed @type")
    # The claim's author is the speaker; an item whose source nobody identified has none.
    if speaker and (claim.get("author") or {}).get("name") != speaker:
        problems.append("itemReviewed author")
    appearance = claim.get("appearance") or {}
    if article_url and appearance.get("url") != article_url:
        problems.append("itemReviewed appearance url")
    if published and claim.get("datePublished") != published.isoformat():
        problems.append("itemReviewed datePublished")
    return problems


def check_annotation(annotation: dict, text: str, article_url: str) -> None:
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["type"] == "Annotation"
    assert annotation["target"]["source"] == article_url
    selectors = {s["type"]: s for s in annotation["target"]["selector"]}
    position = selectors["TextPositionSelector"]
    quote = selectors["TextQuoteSelector"]
    start, end = position["start"], position["end"]
    assert 0 <= start < end <= len(text)
    assert quote["exact"] == text[start:end]
    assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])


# --- Every format, web and CLI, published and drafts ----------------------------------------


@pytest.mark.parametrize("drafts", [False, True], ids=["published", "drafts"])
@pytest.mark.parametrize("via", ["web", "cli"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_lists_items_and_verdicts_in_article_order(
    eclient, runner, tmp_path, reviewed, fmt, via, drafts
) -> None:
    body, name = export(eclient, runner, tmp_path, via, reviewed.article.id, fmt, drafts)
    assert parsed_items(fmt, body, reviewed) == expected(reviewed, drafts, fmt)
    if name is not None:
        extension = {"claimreview": "claimreview.jsonld", "annotations": "annotations.jsonld"}
        suffix = "-draft" if drafts else ""
        assert name == f"report-{reviewed.article.id}{suffix}.{extension.get(fmt, fmt)}"


@pytest.mark.parametrize("via", ["web", "cli"])
def test_draft_marking(eclient, runner, tmp_path, own, via) -> None:
    draft_id = own.ids(words="The line opens in May.")[0]
    for drafts in (False, True):
        page, _ = export(eclient, runner, tmp_path, via, own.article.id, "html", drafts)
        page = page.decode()
        assert ("DRAFT — includes items not yet approved" in page) is drafts
        assert (f'id="item-{draft_id}"' in page) is drafts
        data = json.loads(export(eclient, runner, tmp_path, via, own.article.id, "json", drafts)[0])
        assert data["draft"] is drafts
        statuses = {i["item_id"]: i["approval_status"] for i in data["items"]}
        assert statuses.get(draft_id) == ("pending" if drafts else None)
        rows = parse_csv(export(eclient, runner, tmp_path, via, own.article.id, "csv", drafts)[0])
        assert {r["approval_status"] for r in rows} == (
            {"approved", "pending"} if drafts else {"approved"}
        )
        text = pdf_text(export(eclient, runner, tmp_path, via, own.article.id, "pdf", drafts)[0])
        assert ("DRAFT" in text) is drafts


def test_csv_cells_are_escaped_against_formulas(eclient, runner, tmp_path, own) -> None:
    for via in ("web", "cli"):
        rows = parse_csv(export(eclient, runner, tmp_path, via, own.article.id, "csv", False)[0])
        assert len(rows) == len(own.published())
        formula = next(r for r in rows if "bus fares" in r["text"])
        assert formula["text"].startswith("'+12% is the rise")
        assert formula["speaker"] == "'=SUM(1,2)"
        assert formula["note"] == "'-3 points once inflation is counted"
        assert formula["no_evidence_reason"] == "'@desk: the union's figures are not public"
        for row in rows:
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@")), value
        first = rows[0]
        assert first["evidence"] == "https://council.example.org/minutes/2025-02"
        assert first["article_url"] == ARTICLE_URL and first["article_published"] == "2025-03-12"
        assert first["report_url"] == f"{BASE_URL}/reports/articles/{own.article.id}#item-" + str(
            own.items[0].segment_id
        )
    # JSON keeps the values as typed: escaping is the spreadsheet format's concern.
    data = json.loads(export(eclient, runner, tmp_path, "web", own.article.id, "json", False)[0])
    formula = next(i for i in data["items"] if "bus fares" in i["text"])
    assert formula["speaker"] == "=SUM(1,2)"


def test_claim_review_fields(eclient, runner, tmp_path, reviewed) -> None:
    article = reviewed.article
    report_url = f"{BASE_URL}/reports/articles/{article.id}"
    url = ARTICLE_URL if article.source_url == ARTICLE_URL else SEED_URL
    for via in ("web", "cli"):
        reviews = json.loads(
            export(eclient, runner, tmp_path, via, article.id, "claimreview", False)[0]
        )
        assert len(reviews) == len(reviewed.published())
        for item, review_ in zip(reviewed.published(), reviews, strict=True):
            assert (
                validate_claim_review(
                    review_,
                    report_url=report_url,
                    article_url=url,
                    published=article.published_on,
                    speaker=item.source or item.speaker,
                )
                == []
            )
            assert squash(review_["claimReviewed"]) == squash(item.words)
            assert review_["url"] == f"{report_url}#item-{item.segment_id}"
    # The JSON-LD embedded in the page is the same list.
    page = eclient.get(f"/reports/articles/{article.id}").get_data(as_text=True)
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(embedded.group(1)) == reviews


def test_claim_review_ratings_follow_the_scale(eclient, own) -> None:
    reviews = eclient.get(f"/reports/articles/{own.article.id}/export/claimreview").json
    ratings = {r["reviewRating"]["alternateName"]: r["reviewRating"] for r in reviews}
    assert ratings["Mostly true"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert ratings["False"]["ratingValue"] == 1
    assert ratings["Unverifiable"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    quote = next(r for r in reviews if r["claimReviewed"] == "It is historic,")
    assert quote["itemReviewed"]["author"] == {"@type": "Person", "name": "Ana Silva"}
    assert quote["itemReviewed"]["appearance"]["url"] == ARTICLE_URL
    assert quote["itemReviewed"]["datePublished"] == "2025-03-12"
    assert quote["datePublished"] == datetime.now(UTC).date().isoformat()


def test_claim_review_validator_catches_problems(app) -> None:
    good = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "reviewRating": {"@type": "Rating", "alternateName": "Unverifiable"},
        "url": "https://r.example/reports/articles/1#item-3",
        "author": {"@type": "Organization", "name": ORGANISATION},
        "datePublished": "2025-01-01",
        "itemReviewed": {"@type": "Claim", "author": {"name": "A"}, "appearance": {"url": "u"}},
    }
    check = dict(
        report_url="https://r.example/reports/articles/1",
        article_url="u",
        published=None,
        speaker="A",
    )
    assert validate_claim_review(good, **check) == []
    bad = json.loads(json.dumps(good))
    bad["url"] = "https://r.example/reports/articles/1"
    del bad["itemReviewed"]["author"]
    bad["datePublished"] = "yesterday"
    assert set(validate_claim_review(bad, **check)) == {
        "url",
        "itemReviewed author",
        "datePublished",
    }


def test_web_annotations_anchor_on_the_article(eclient, runner, tmp_path, reviewed) -> None:
    article = reviewed.article
    text = db.session.get(type(article), article.id).clean_text
    for via in ("web", "cli"):
        for drafts in (False, True):
            body, _ = export(eclient, runner, tmp_path, via, article.id, "annotations", drafts)
            collection = json.loads(body)
            assert collection["type"] == "AnnotationCollection"
            items = collection["first"]["items"]
            assert collection["total"] == len(items) == len(expected(reviewed, drafts, "json"))
            for annotation in items:
                check_annotation(annotation, text, article.source_url)


def test_self_contained_html_loads_nothing(eclient, own) -> None:
    page = eclient.get(f"/reports/articles/{own.article.id}/export/html").get_data(as_text=True)
    assert "<link" not in page and "src=" not in page.replace("srcdoc", "")
    assert "@import" not in page and "url(" not in page
    assert "<style>" in page and ".report-item" in page  # the stylesheet is inlined
    assert "default-src 'none'" in page
    jsonld = re.findall(r'<script type="application/ld\+json">.*?</script>', page, re.S)
    assert len(jsonld) == 1 and "<script" not in page.replace(jsonld[0], "")
    rest = page.replace(jsonld[0], "").replace('xmlns="http://www.w3.org/2000/svg"', "")
    allowed = {ARTICLE_URL} | {url for item in own.items for url, _ in item.evidence}
    linked = set(re.findall(r'<a href="(https?://[^"]+)"', rest))
    assert linked <= allowed and ARTICLE_URL in linked
    everywhere = re.findall(r"https?://[^\s\"'<>]+", rest)
    assert everywhere and set(everywhere) <= allowed


def chart(page: str) -> list[tuple[str, int, int, str]]:
    """(label, count, bar width, colour) of each bar of the report's SVG chart."""
    svg = re.search(r"<svg class=\"chart\".*?</svg>", page, re.S).group(0)
    root = ET.fromstring(html.unescape(svg).replace("&", "&amp;"))
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    rects = list(root.iter(f"{ns}rect"))
    assert len(texts) == 2 * len(rects)
    return [
        (texts[2 * i], int(texts[2 * i + 1]), int(rect.get("width")), rect.get("fill"))
        for i, rect in enumerate(rects)
    ]


@pytest.mark.parametrize("kind", ["page", "export"])
def test_chart_has_one_bar_per_verdict(eclient, own, kind) -> None:
    url = f"/reports/articles/{own.article.id}"
    if kind == "export":
        url += "/export/html"
    published = chart(eclient.get(url).get_data(as_text=True))
    scale = labels()
    assert [(label, count) for label, count, _, _ in published] == [
        ("Mostly true", 1),
        ("Half true", 1),
        ("False", 2),
        ("Unverifiable", 1),
    ]
    assert [width for _, _, width, _ in published] == [160, 160, 320, 160]
    assert [colour for label, _, _, colour in published] == [
        scale[label].color for label, *_ in published
    ]
    drafts = chart(eclient.get(url, query_string={"drafts": "1"}).get_data(as_text=True))
    assert [(label, count) for label, count, _, _ in drafts][:2] == [
        ("True", 1),
        ("Mostly true", 1),
    ]


def test_report_page_shows_the_article_items_and_people(eclient, own, reviewer, editor) -> None:
    response = eclient.get(f"/reports/articles/{own.article.id}")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "Tram budget rises by 40%" in page and "Daily Test" in page and "2025-03-12" in page
    assert f"Reviewed by {reviewer.display_name} · approved by {editor.display_name}" in page
    assert page.count(f"approved by {editor.display_name}") == len(own.published())
    assert [i for i, _ in html_items(response.get_data(as_text=True))] == [
        i.segment_id for i in own.published()
    ]
    assert "The budget rose by <strong>38%</strong>" in page  # the note's Markdown
    assert "No evidence available: An opinion cannot be checked." in page
    assert 'href="https://council.example.org/minutes/2025-02"' in page
    # The article text with the items highlighted (dismissed and draft items are not).
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", page, re.S)
    assert marks == [squash(i.words) for i in own.published()]
    assert "The weather was mild on Tuesday." in page


def test_unknown_format_and_article_are_not_found(eclient, runner, own) -> None:
    article_id = own.article.id
    assert eclient.get(f"/reports/articles/{article_id}/export/docx").status_code == 404
    assert eclient.get(f"/reports/articles/{article_id + 99}").status_code == 404
    assert eclient.get(f"/reports/articles/{article_id + 99}/export/json").status_code == 404
    result = runner.invoke(args=["reports", "export", str(article_id + 99), "--format", "json"])
    assert result.exit_code == 1 and "No article" in result.output
    result = runner.invoke(args=["reports", "export", str(article_id), "--format", "docx"])
    assert result.exit_code == 2


def test_reports_are_for_editors(app, login, make_user, own) -> None:
    client = login(app.test_client(), make_user(Role.REVIEWER))
    for url in (
        f"/reports/articles/{own.article.id}",
        f"/reports/articles/{own.article.id}/export/json",
        "/reports/bulk",
        "/reports/bulk?download=1&format=csv",
    ):
        assert client.get(url).status_code == 403, url
    assert app.test_client().get("/reports/bulk").status_code in (302, 401)


def test_exports_are_audited(eclient, runner, own, editor) -> None:
    eclient.get(f"/reports/articles/{own.article.id}/export/csv", query_string={"drafts": "1"})
    runner.invoke(args=["reports", "export", str(own.article.id), "--format", "json"])
    db.session.rollback()
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.article").order_by(AuditEvent.id)
    ).all()
    assert [(e.actor_id, e.after["format"], e.after["drafts"]) for e in events] == [
        (editor.id, "csv", True),
        (None, "json", False),
    ]


def test_cli_writes_to_standard_output(runner, own) -> None:
    result = runner.invoke(args=["reports", "export", str(own.article.id), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["item_id"]) for r in rows] == [i.segment_id for i in own.published()]


# --- Bulk export ---------------------------------------------------------------------------


@pytest.fixture
def desk(reviewer, editor, make_user):
    """Two reviewed articles: English by one reviewer in January, French by another in February."""
    english = review(make_text_article(reviewer), own_items(), reviewer, editor)
    other = make_user(Role.REVIEWER)
    french = make_text_article(
        other,
        FR_TEXT,
        title="Lyon promet 300 arbres",
        url=FR_URL,
        language="fr",
        published_on=date(2025, 2, 1),
    )
    french_items = [
        Item(
            "Le maire de Lyon a promis 300 nouveaux arbres en 2025.",
            verdict="True",
            evidence=(("https://lyon.example.fr/arbres", "Délibération"),),
            approve=True,
        ),
        Item(
            "Nous allons transformer la ville",
            kind=SegmentKind.QUOTE,
            speaker="Grégory Doucet",
            verdict="False",
            approve=True,
            no_evidence_reason="Promesse",
        ),
        Item(
            "Le budget atteint 12 millions d’euros.",
            verdict="Mostly false",
            evidence=(("https://lyon.example.fr/budget", None),),
            approve=True,
        ),
    ]
    french = review(french, french_items, other, editor)
    for reviewed_, day in (
        (english, datetime(2025, 1, 10, 23, 30, tzinfo=UTC)),
        (french, datetime(2025, 2, 20, 0, 15, tzinfo=UTC)),
    ):
        ids = [i.segment_id for i in reviewed_.items]
        db.session.execute(
            update(Annotation).where(Annotation.segment_id.in_(ids)).values(approved_at=day)
        )
    db.session.commit()
    return {"en": english, "fr": french, "other": other}


def bulk_ids(fmt: str, body: bytes) -> list[int]:
    if fmt == "csv":
        return [int(row["item_id"]) for row in parse_csv(body)]
    data = json.loads(body)
    if fmt == "json":
        return [item["item_id"] for item in data]
    return [ids_from_anchor(review_["url"]) for review_ in data]


BULK_CASES = {
    "everything": ({}, lambda d: d["en"].published() + d["fr"].published()),
    "from": ({"from": "2025-02-01"}, lambda d: d["fr"].published()),
    "to": ({"to": "2025-01-31"}, lambda d: d["en"].published()),
    "one day": ({"from": "2025-01-10", "to": "2025-01-10"}, lambda d: d["en"].published()),
    "empty range": ({"from": "2025-01-11", "to": "2025-02-19"}, lambda d: []),
    "verdict": (
        {"verdict": "False"},
        lambda d: [i for i in d["en"].published() + d["fr"].published() if i.verdict == "False"],
    ),
    "reviewer": ({"reviewer": "other"}, lambda d: d["fr"].published()),
    "language": ({"language": "fr"}, lambda d: d["fr"].published()),
    "combined": (
        {"language": "en", "verdict": "False", "to": "2025-01-10"},
        lambda d: [i for i in d["en"].published() if i.verdict == "False"],
    ),
}


@pytest.mark.parametrize("via", ["web", "cli"])
@pytest.mark.parametrize("fmt", ["csv", "json", "claimreview"])
@pytest.mark.parametrize("case", list(BULK_CASES))
def test_bulk_export_filters(eclient, runner, tmp_path, desk, case, fmt, via) -> None:
    filters, wanted = BULK_CASES[case]
    values = dict(filters)
    if "verdict" in values:
        values["verdict"] = str(labels()[values["verdict"]].id)
    if "reviewer" in values:
        values["reviewer"] = str(desk["other"].id)
    if via == "web":
        names = {"from": "approved_from", "to": "approved_to"}
        query = {names.get(k, k): v for k, v in values.items()}
        response = eclient.get(
            "/reports/bulk", query_string={"download": "1", "format": fmt, **query}
        )
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        extension = {"csv": "csv", "json": "json"}.get(fmt, "claimreview.jsonld")
        assert f'filename="factcheck-bulk.{extension}"' in response.headers["Content-Disposition"]
        body = response.data
    else:
        out = tmp_path / "bulk.out"
        args = ["reports", "bulk", "--format", fmt, "-o", str(out)]
        for key, value in values.items():
            args += [f"--{key}", value]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        body = out.read_bytes()
    assert bulk_ids(fmt, body) == [item.segment_id for item in wanted(desk)]
    if fmt == "claimreview":
        items = {i.segment_id: i for i in desk["en"].items + desk["fr"].items}
        for review_ in json.loads(body):
            item = items[ids_from_anchor(review_["url"])]
            article_id = int(re.search(r"/articles/(\d+)#", review_["url"]).group(1))
            url = ARTICLE_URL if article_id == desk["en"].article.id else FR_URL
            published = date(2025, 3, 12) if url == ARTICLE_URL else date(2025, 2, 1)
            report_url = f"{BASE_URL}/reports/articles/{article_id}"
            assert (
                validate_claim_review(
                    review_,
                    report_url=report_url,
                    article_url=url,
                    published=published,
                    speaker=item.source or item.speaker,
                )
                == []
            )


def test_bulk_rows_match_the_article_export(eclient, desk) -> None:
    article_id = desk["en"].article.id
    bulk = json.loads(eclient.get("/reports/bulk?download=1&format=json&language=en").data)
    one = eclient.get(f"/reports/articles/{article_id}/export/json").json["items"]
    assert bulk == one
    rows = parse_csv(eclient.get("/reports/bulk?download=1&format=csv&language=en").data)
    assert rows == parse_csv(eclient.get(f"/reports/articles/{article_id}/export/csv").data)


def test_bulk_form_and_refusals(eclient, desk) -> None:
    page = eclient.get("/reports/bulk")
    assert page.status_code == 200 and "Bulk export of approved items" in page.get_data(
        as_text=True
    )
    refused = eclient.get(
        "/reports/bulk?download=1&format=csv&approved_from=2025-02-01&approved_to=2025-01-01"
    )
    assert refused.status_code == 400
    assert "The end date is before the start date." in html.unescape(refused.get_data(as_text=True))
    assert eclient.get("/reports/bulk?download=1&format=xml").status_code == 400
    assert eclient.get("/reports/bulk?download=1&format=csv&verdict=9999").status_code == 400


def test_bulk_skips_deleted_and_sent_back_items(eclient, desk) -> None:
    first = desk["en"].published()[0].segment_id
    db.session.execute(
        update(Segment).where(Segment.id == first).values(deleted_at=datetime.now(UTC))
    )
    db.session.commit()
    ids = bulk_ids("json", eclient.get("/reports/bulk?download=1&format=json&language=en").data)
    assert first not in ids and len(ids) == len(desk["en"].published()) - 1


def test_claimreview_author_falls_back_to_the_publication() -> None:
    from factcheck.reports.exporters import claim_review
    from factcheck.reports.model import ReportItem, Scale, Verdict

    item = ReportItem(
        id=7, kind="claim", text="Fares rose 12%.", start=0, end=15, speaker=None,
        verdict=Verdict(1, "True", "#1a7f37", 5), note=None, evidence=(),
        no_evidence_reason="x", reviewer=None, approver=None,
        approved_at=datetime(2025, 3, 1, tzinfo=UTC), approval_status="approved",
        reviewed_at=None,
    )
    meta = {"title": "T", "url": "https://news.example.org/a", "site": "Daily Example",
            "published_on": date(2025, 2, 1), "report_url": "https://desk.example.org/r/1"}
    review = claim_review(meta, item, Scale(5, 1), "Desk")
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Daily Example"}


def test_web_annotations_tag_draft_items() -> None:
    from factcheck.reports.exporters import web_annotation
    from factcheck.reports.model import ArticleReport, ReportItem, Scale

    draft = ReportItem(
        id=3, kind="claim", text="Fares", start=0, end=5, speaker=None, verdict=None,
        note=None, evidence=(), no_evidence_reason=None, reviewer=None, approver=None,
        approved_at=None, approval_status="pending", reviewed_at=None,
    )
    report = ArticleReport(
        article_id=1, title="T", site=None, author=None, url=None, published_on=None,
        language="en", text="Fares rose.", report_url="https://desk.example.org/r/1",
        organisation="Desk", drafts=True, items=[draft], scale=Scale(5, 1),
        generated_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    body = web_annotation(report, draft)["body"]
    assert {"type": "TextualBody", "purpose": "tagging", "value": "draft"} in body
