"""In Chromium: an editor approves, refuses, sends back, then reads and downloads the report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from factcheck.extensions import db
from factcheck.models import Role
from factcheck.review.services import mark_ready
from tests.reporting import Item, make_text_article, review

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")
TEXT = (
    "The council raised the tram budget by 40% this year.\n\n"
    "“C’est historique, on a réussi !” said the mayor, Ana Silva.\n\n"
    "Ticket prices will stay at 1.70 euros until 2027.\n\n"
    "The line opens in May."
)


@pytest.fixture
def ready_article(make_user):
    reviewer, editor = make_user(Role.REVIEWER), make_user(Role.EDITOR)
    article = make_text_article(reviewer, TEXT, title="Tram budget: ready for the desk")
    items = [
        Item(
            "The council raised the tram budget by 40% this year.",
            verdict="Mostly true",
            source="Council press office",
            evidence=(("https://council.example.org/minutes", "Council minutes"),),
            note="The minutes say **38%**.",
        ),
        Item(
            "C’est historique, on a réussi !",
            speaker="Ana Silva",
            verdict="Unverifiable",
            note="Une opinion.",
        ),
        Item("Ticket prices will stay at 1.70 euros until 2027.", verdict="False"),
    ]
    reviewed = review(article, items, reviewer, editor)
    mark_ready(article, reviewer)
    db.session.commit()
    return reviewed, editor


def item_section(page, segment_id: int):
    return page.locator(f"#item-{segment_id}")


def test_editor_approves_and_exports(live_server, page, browser_sign_in, ready_article) -> None:
    reviewed, editor = ready_article
    evidence_id, quote_id, prices_id = reviewed.ids()
    browser_sign_in(page, live_server, editor.email)

    page.get_by_role("link", name="Approval").click()
    expect(page.get_by_role("heading", name="Ready for an editor")).to_be_visible()
    page.get_by_role("link", name="Tram budget: ready for the desk").click()
    expect(page.get_by_text("3 items waiting")).to_be_visible()

    # With evidence: approved at once.
    item_section(page, evidence_id).get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    expect(item_section(page, evidence_id).get_by_text("Approved by")).to_be_visible()

    # Without evidence and without a reason: refused, with the reason why.
    item_section(page, quote_id).get_by_role("button", name="Approve").click()
    expect(
        page.get_by_text("Add at least one evidence link, or say why no evidence is available")
    ).to_be_visible()
    quote = item_section(page, quote_id)
    quote.get_by_label("No evidence available because…").fill("An opinion, not a fact.")
    quote.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    expect(item_section(page, quote_id).get_by_text("Approved by")).to_be_visible()

    # Sent back with a comment.
    prices = item_section(page, prices_id)
    prices.get_by_label("What should change?").fill("Link the operator's fare plan.")
    prices.get_by_role("button", name="Send back").click()
    expect(page.get_by_text("Sent back to the reviewers.")).to_be_visible()
    expect(page.get_by_text("Sent back: “Link the operator's fare plan.”")).to_be_visible()

    # The report: the chart and the two approved items, no draft banner.
    page.get_by_role("link", name="report", exact=True).click()
    expect(page.get_by_role("heading", name="Tram budget: ready for the desk")).to_be_visible()
    chart = page.locator("svg.chart")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(2)
    expect(page.locator("section.report-item")).to_have_count(2)
    expect(page.get_by_text("2 items checked")).to_be_visible()
    expect(page.locator(".draft-banner")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "report-page.png"), full_page=True)

    page.get_by_role("link", name="Include drafts").click()
    expect(page.locator(".draft-banner")).to_contain_text("DRAFT")
    expect(page.locator("section.report-item")).to_have_count(3)
    expect(chart.locator("rect")).to_have_count(3)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"report-{reviewed.article.id}-draft.pdf"
    body = Path(download.path()).read_bytes()
    (SHOTS / "report.pdf").write_bytes(body)
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(body)).pages
    )
    assert "DRAFT" in text and "Tram budget: ready for the desk" in text
    positions = [
        text.index("The council raised the tram budget"),
        text.index("C’est historique, on a réussi !"),
        text.index("Ticket prices will stay"),
    ]
    assert positions == sorted(positions)
    for verdict in ("Verdict: Mostly true", "Verdict: Unverifiable", "Verdict: False"):
        assert verdict in text
    assert "No evidence available: An opinion, not a fact." in text
