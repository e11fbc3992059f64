"""In Chromium: the whole review flow, keyboard first, with a conflict between two reviewers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.articles.services import ImportRequest, import_article
from factcheck.extensions import db
from factcheck.models import (
    AnnotationStatus,
    Article,
    ArticleStatus,
    AuditEvent,
    InputKind,
    Role,
    Segment,
    SegmentKind,
    SegmentOrigin,
)
from factcheck.review.services import workspace_segments
from factcheck.scale import active_labels

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "article.txt"
SHOTS = Path("/tmp")

OWN_TEXT = """Tram budget rises by 40% in Northbridge

Northbridge, 3 March (Test Agency) -

The city council raised the tram budget by 40% this year, to 120 million euros.

"This is the largest investment in public transport in our history," said the mayor, \
Ana Silva.

The opposition leader, Tom Barker, said the money would be better spent on buses. \
Work on the new line starts in May and should end in 2027.

Council officials declined to comment on the timetable.
"""
OWN_MISSED = "Work on the new line starts in May and should end in 2027."

# Selects `phrase` inside an unmarked piece of the text, as a mouse drag would, then
# releases the mouse there: the page's script turns the selection into offsets.
SELECT_JS = """(phrase) => {
  const text = document.getElementById("review-text");
  for (const piece of text.querySelectorAll("span[data-start]")) {
    const node = piece.firstChild;
    const at = node ? node.textContent.indexOf(phrase) : -1;
    if (at === -1) { continue; }
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + phrase.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    piece.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    return true;
  }
  return false;
}"""


def fresh() -> None:
    """Drop what the test's session holds: the server wrote from other threads."""
    db.session.rollback()


def reviewer(make_user, name: str):
    user = make_user(Role.REVIEWER)
    user.display_name = name
    db.session.commit()
    return user


def import_text(owner, data: bytes) -> Article:
    request = ImportRequest(data=data, kind=InputKind.FILE, filename="article.txt")
    article = import_article(request, owner, max_bytes=5_000_000)
    db.session.commit()
    return article


def unmarked_phrase(article: Article) -> str:
    """Words of the text that no item covers: a stretch a reviewer could add by hand."""
    text = article.clean_text
    covered = [False] * len(text)
    for segment in workspace_segments(article):
        for index in range(segment.start_offset, segment.end_offset):
            covered[index] = True
    best = ""
    for match in re.finditer(r"[^\n]+", text):
        run = ""
        for index in range(match.start(), match.end()):
            run = run + text[index] if not covered[index] else ""
            if len(run.strip()) > len(best):
                best = run.strip()
    words = best[:60].rsplit(" ", 1)[0] if len(best) > 60 else best
    assert len(words) >= 10, "the article has no unmarked words to add"
    return words.strip(" ,;:«»\u00a0")


def axe_serious(page, context: str | None = None) -> list[str]:
    """Serious and critical axe-core violations on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def open_workspace(tab, base: str, article: Article, item: int | None = None) -> None:
    query = f"?item={item}" if item else ""
    tab.goto(f"{base}/review/articles/{article.id}{query}")
    tab.wait_for_load_state("load")


def step_to(tab, ids: list[int], target: int) -> None:
    """Walk the list with j/k from wherever the panel is to the target item."""
    panel = tab.locator("#panel")
    current = panel.get_attribute("data-segment")
    index = ids.index(int(current)) if current else -1
    goal = ids.index(target)
    while index != goal:
        key = "j" if goal > index else "k"
        index += 1 if key == "j" else -1
        tab.keyboard.press(key)
        expect(panel).to_have_attribute("data-segment", str(ids[index]))


def annotate_by_keyboard(tab, verdict_key: str, url: str, title: str, save_key: str) -> None:
    """Verdict by number, done, evidence link and title, save: no mouse."""
    form = tab.locator("#annotation-form")
    tab.keyboard.press(verdict_key)
    tab.keyboard.press("d")
    expect(form.locator("[name=status]")).to_have_value("done")
    tab.keyboard.press("e")
    expect(form.locator("#evidence-0-url")).to_be_focused()
    tab.keyboard.type(url)
    tab.keyboard.press("Tab")
    expect(form.locator("#evidence-0-title")).to_be_focused()
    tab.keyboard.type(title)
    if save_key == "s":
        tab.keyboard.press("Escape")  # leave the field, so "s" is a shortcut again
    tab.keyboard.press(save_key)


@pytest.fixture(params=["own", "seed"])
def review_article(request, app, make_user):
    """The article under review: one written here, and the shared seed article."""
    owner = make_user(Role.REVIEWER)
    if request.param == "seed":
        if not SEED.exists():
            pytest.skip(f"no seed article at {SEED}")
        return import_text(owner, SEED.read_bytes())
    return import_text(owner, OWN_TEXT.encode())


def test_review_flow(app, live_server, browser, page, make_user, browser_sign_in, review_article):
    article = review_article
    ana = reviewer(make_user, "Ana Alves")
    ben = reviewer(make_user, "Ben Brown")
    segments = workspace_segments(article)
    ids = [s.id for s in segments]
    quote = next(s for s in segments if s.kind == SegmentKind.QUOTE)
    claim = next(s for s in segments if s.kind == SegmentKind.CLAIM)
    true, false = active_labels()[0], active_labels()[4]
    missed = OWN_MISSED if article.clean_text.count(OWN_MISSED) else unmarked_phrase(article)

    browser_sign_in(page, live_server, ana.email)
    open_workspace(page, live_server, article)
    panel = page.locator("#panel")

    # Annotate a quotation and a claim with the keyboard only.
    step_to(page, ids, quote.id)
    expect(panel).to_be_focused()
    annotate_by_keyboard(page, "1", "https://example.org/quote", "Transcript", "s")
    expect(panel).to_have_attribute("data-version", "1")
    expect(panel).to_have_attribute("data-verdict", str(true.id))
    expect(panel.locator(".save-state")).to_have_text("Saved.")
    expect(panel).to_be_focused()  # the focus is not lost with the replaced form
    expect(page.locator(f"#item-{quote.id} .badge")).to_have_text(true.label)

    step_to(page, ids, claim.id)
    annotate_by_keyboard(page, "5", "https://example.org/claim", "Budget", "Control+Enter")
    expect(panel).to_have_attribute("data-version", "1")
    expect(panel).to_have_attribute("data-verdict", str(false.id))
    expect(page.locator(f"#item-{claim.id} .state")).to_have_text("done")
    expect(panel).to_be_focused()

    fresh()
    for segment, verdict, url, title in (
        (quote, true, "https://example.org/quote", "Transcript"),
        (claim, false, "https://example.org/claim", "Budget"),
    ):
        annotation = db.session.get(Segment, segment.id).annotation
        assert annotation.verdict_id == verdict.id
        assert annotation.status == AnnotationStatus.DONE
        assert annotation.reviewer_id == ana.id
        assert [(e.url, e.title) for e in annotation.evidence] == [(url, title)]

    # Accessibility of the workspace with an item selected, and the help dialog.
    assert axe_serious(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "review-workspace.png"))
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("next item")
    page.screenshot(path=str(SHOTS / "review-help.png"))
    assert axe_serious(page) == []
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # Add a missed claim by selecting its words in the text.
    assert page.evaluate(SELECT_JS, missed)
    add_form = page.locator("#add-form")
    expect(page.locator("#add-item")).to_have_attribute("open", "")
    expect(add_form.locator("[name=words]")).to_have_value(missed)
    start = article.clean_text.index(missed)
    expect(add_form.locator("[name=start]")).to_have_value(str(start))
    expect(add_form.locator("[name=end]")).to_have_value(str(start + len(missed)))
    add_form.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("Item added.")).to_be_visible()
    expect(panel.locator(".panel-head")).to_contain_text("added by hand")
    fresh()
    added = db.session.scalars(
        select(Segment).where(
            Segment.article_id == article.id, Segment.origin == SegmentOrigin.MANUAL
        )
    ).one()
    assert (added.text, added.kind, added.created_by_id) == (missed, SegmentKind.CLAIM, ana.id)
    expect(panel).to_have_attribute("data-segment", str(added.id))
    expect(page.locator(f'mark[data-refs~="{added.id}"]')).to_have_count(1)

    # Dismiss an item as not worth checking, saying why.
    dismissed = next(s for s in segments if s.id not in (quote.id, claim.id))
    page.locator(f"#item-{dismissed.id} a").click()
    expect(panel).to_have_attribute("data-segment", str(dismissed.id))
    page.get_by_text("Fix this item").click()
    page.get_by_label("Why is it not worth checking?").fill("Opinion, not a fact")
    page.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text("Item dismissed.")).to_be_visible()
    expect(page.locator(f"#item-{dismissed.id}")).to_have_class(re.compile(r"\bdismissed\b"))
    expect(panel).to_contain_text("“Opinion, not a fact”")
    fresh()
    gone = db.session.get(Segment, dismissed.id)
    assert (gone.dismissed_by_id, gone.dismiss_reason) == (ana.id, "Opinion, not a fact")

    # A conflict: Ana and Ben open the same item; Ana saves first.
    other = browser.new_context()
    other.set_default_timeout(10_000)
    try:
        ben_page = other.new_page()
        browser_sign_in(ben_page, live_server, ben.email)
        open_workspace(ben_page, live_server, article, quote.id)
        open_workspace(page, live_server, article, quote.id)
        ben_panel = ben_page.locator("#panel")
        expect(ben_panel).to_have_attribute("data-version", "1")

        page.get_by_label("Note", exact=True).fill("Ana: the transcript matches.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(panel).to_have_attribute("data-version", "2")

        ben_page.get_by_label("Source", exact=True).fill("White House statement")
        ben_page.get_by_label("Note", exact=True).fill("Ben: checked the video.")
        ben_page.get_by_role("button", name="Save", exact=True).click()
        alert = ben_panel.get_by_role("alert")
        expect(alert).to_contain_text("Someone saved this item")
        expect(alert).to_contain_text("Ana Alves")
        expect(alert.locator("tr.clash")).to_contain_text("Note")
        expect(ben_panel).to_have_attribute("data-version", "2")
        ben_page.screenshot(path=str(SHOTS / "review-conflict.png"), full_page=True)
        expect(alert).to_be_focused()
        assert axe_serious(ben_page, "#panel") == []
        fresh()
        assert db.session.get(Segment, quote.id).annotation.note == ("Ana: the transcript matches.")

        # Ben saves the merge the form proposes: his source, both notes.
        note = ben_page.get_by_label("Note", exact=True)
        expect(note).to_have_value("Ana: the transcript matches.\n\n---\nBen: checked the video.")
        expect(ben_page.get_by_label("Source", exact=True)).to_have_value("White House statement")
        ben_page.get_by_role("button", name="Save", exact=True).click()
        expect(ben_panel).to_have_attribute("data-version", "3")
        expect(ben_panel.get_by_role("alert")).to_have_count(0)

        # Ana, still on version 2, changes the verdict; she keeps her version.
        page.get_by_label("Verdict", exact=True).select_option(label=false.label)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(panel.get_by_role("alert")).to_contain_text("Ben Brown")
        page.get_by_role("button", name="Keep my version").click()
        expect(panel).to_have_attribute("data-version", "4")
        expect(panel.get_by_role("alert")).to_have_count(0)
        expect(panel).to_have_attribute("data-verdict", str(false.id))
    finally:
        other.close()

    fresh()
    annotation = db.session.get(Segment, quote.id).annotation
    assert annotation.version == 4
    assert annotation.verdict_id == false.id
    assert annotation.note == "Ana: the transcript matches."  # her version, kept
    assert annotation.source == quote.speaker or annotation.source is None
    assert annotation.reviewer_id == ana.id
    trail = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "Annotation", AuditEvent.object_id == annotation.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id) for e in trail] == [
        ("annotation.create", ana.id),
        ("annotation.update", ana.id),
        ("annotation.update", ben.id),
        ("annotation.update", ana.id),
    ]
    assert trail[2].after["source"] == "White House statement"

    # The item's history names both reviewers; the progress box counts the work.
    history = panel.locator("section.history")
    expect(history.locator("ol > li").filter(has_text="Ben Brown")).to_have_count(1)
    expect(history.locator("ol > li").filter(has_text="Ana Alves")).to_have_count(3)
    page.reload()
    page.wait_for_load_state("load")
    progress = page.locator(".progress-box")
    total = len(segments)  # one dismissed, one added
    expect(progress).to_contain_text(f"2 of {total} items done")
    expect(progress).to_contain_text("1 dismissed")
    counts = progress.get_by_role("list", name="Items by verdict")
    expect(counts).to_contain_text(f"{false.label} 2")
    expect(progress).to_contain_text("Reviewed by Ana Alves, Ben Brown")
    progress.get_by_role("button", name="Mark ready for an editor").click()
    expect(page.get_by_text("The article is ready for an editor.")).to_be_visible()
    expect(progress.locator(".status")).to_have_text("ready")
    expect(progress.get_by_role("button", name="Mark ready for an editor")).to_have_count(0)
    fresh()
    assert db.session.get(Article, article.id).status == ArticleStatus.READY


def test_without_javascript(app, live_server, browser, make_user, browser_sign_in) -> None:
    """Choosing an item and saving work as plain links and a full-page form post."""
    ana = reviewer(make_user, "Ana Alves")
    article = import_text(ana, OWN_TEXT.encode())
    claim = next(s for s in workspace_segments(article) if s.kind == SegmentKind.CLAIM)
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        tab = context.new_page()
        browser_sign_in(tab, live_server, ana.email)
        tab.goto(f"{live_server}/review/articles/{article.id}")
        tab.locator(f"#item-{claim.id} a").click()
        assert f"item={claim.id}" in tab.url
        expect(tab.locator("#panel")).to_have_attribute("data-segment", str(claim.id))
        tab.get_by_label("Source", exact=True).fill("City council budget")
        tab.get_by_label("Verdict", exact=True).select_option(label="Mostly true")
        tab.get_by_label("Evidence link 1").fill("https://example.org/budget")
        tab.get_by_label("Status", exact=True).select_option(label="Done")
        tab.get_by_role("button", name="Save", exact=True).click()
        expect(tab.locator(".flashes")).to_contain_text("Saved.")
        assert tab.url.endswith(f"item={claim.id}#panel")
        expect(tab.locator("#panel")).to_have_attribute("data-version", "1")
    finally:
        context.close()
    fresh()
    annotation = db.session.get(Segment, claim.id).annotation
    assert (annotation.source, annotation.verdict.label) == ("City council budget", "Mostly true")
    assert [e.url for e in annotation.evidence] == ["https://example.org/budget"]
    assert annotation.status == AnnotationStatus.DONE
