"""The review workspace: annotating, conflicts, fixing the analysis, progress and safety."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select, text

from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    AnnotationStatus,
    Article,
    ArticleStatus,
    AuditEvent,
    InputKind,
    Role,
    Segment,
    SegmentKind,
    SegmentOrigin,
    VerdictLabel,
    utcnow,
)
from factcheck.review.services import (
    AnnotationInput,
    EditConflict,
    EvidenceInput,
    ReviewError,
    describe_conflict,
    locate,
    save_annotation,
    source_suggestions,
)
from factcheck.scale import active_labels

TEXT = (
    "The council raised the tram budget by 40% this year.\n\n"
    "“It is historic,” said the mayor, Ana\u00a0Silva.\n\n"
    "Ticket prices will stay at 1.70 euros until 2027. The line opens in May."
)
CLAIM = "The council raised the tram budget by 40% this year."
QUOTE = "It is historic,"
PRICES = "Ticket prices will stay at 1.70 euros until 2027."
OPENING = "The line opens in May."


def _segment(kind: SegmentKind, words: str, **extra) -> Segment:
    start = TEXT.index(words)
    return Segment(
        kind=kind, start_offset=start, end_offset=start + len(words), text=words, **extra
    )


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.REVIEWER)


@pytest.fixture
def article(reviewer) -> Article:
    """An article with a claim, a quotation and two short claims in one paragraph."""
    article = Article(
        input_kind=InputKind.TEXT,
        original=TEXT.encode(),
        original_sha256=uuid.uuid4().hex * 2,
        title="Tram budget",
        clean_text=TEXT,
        language="en",
        imported_by=reviewer,
    )
    article.segments = [
        _segment(SegmentKind.CLAIM, CLAIM, checkworthiness=0.9, reasons=["contains a figure"]),
        _segment(SegmentKind.QUOTE, QUOTE, speaker="the mayor"),
        _segment(SegmentKind.CLAIM, PRICES, checkworthiness=0.7, reasons=["a price"]),
        _segment(SegmentKind.CLAIM, OPENING, checkworthiness=0.6, reasons=["a date"]),
    ]
    db.session.add(article)
    db.session.commit()
    return article


@pytest.fixture
def rclient(app, reviewer, login):
    return login(app.test_client(), reviewer)


def seg(article: Article, words: str) -> Segment:
    """The live segment whose text is `words`."""
    return db.session.scalars(
        select(Segment).where(
            Segment.article_id == article.id,
            Segment.text == words,
            Segment.deleted_at.is_(None),
        )
    ).one()


def fresh() -> None:
    """Forget what the test's session holds: requests wrote in other sessions."""
    db.session.rollback()


def events(action: str) -> list[AuditEvent]:
    fresh()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def label(name: str) -> VerdictLabel:
    return next(lab for lab in active_labels() if lab.label == name)


def form(version, source="", verdict="", note="", status="todo", evidence=()) -> dict:
    data = {
        "version": str(version),
        "source": source,
        "verdict": str(verdict or ""),
        "note": note,
        "status": status,
    }
    for index, (url, title) in enumerate(evidence):
        data[f"evidence-{index}-url"] = url
        data[f"evidence-{index}-title"] = title
    return data


def post_save(client, segment_id: int, headers=None, **fields):
    return client.post(
        f"/review/segments/{segment_id}/annotation", data=form(**fields), headers=headers or {}
    )


def workspace(client, article: Article, item: int | None = None, **params) -> str:
    query = {"item": item, **params} if item else params
    response = client.get(f"/review/articles/{article.id}", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def annotation_of(segment_id: int) -> Annotation | None:
    fresh()
    return db.session.get(Segment, segment_id).annotation


# --- Saving ---------------------------------------------------------------------------


def test_save_creates_then_updates_with_version_bump(rclient, article, reviewer) -> None:
    claim_id = seg(article, CLAIM).id
    true = label("True")
    response = post_save(
        rclient, claim_id, version=0, source="Council minutes", status="in_progress"
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"item={claim_id}#panel")
    saved = annotation_of(claim_id)
    assert (saved.version, saved.source, saved.status) == (
        1,
        "Council minutes",
        AnnotationStatus.IN_PROGRESS,
    )
    assert saved.reviewer_id == reviewer.id
    assert db.session.get(Article, article.id).status == ArticleStatus.IN_REVIEW

    response = post_save(
        rclient, claim_id, version=1, source="Council minutes", verdict=true.id, status="done"
    )
    assert response.status_code == 302
    saved = annotation_of(claim_id)
    assert (saved.version, saved.verdict_id, saved.status) == (2, true.id, AnnotationStatus.DONE)
    created, updated = events("annotation.create"), events("annotation.update")
    assert len(created) == 1 and created[0].before is None
    assert created[0].after["source"] == "Council minutes"
    assert len(updated) == 1
    assert updated[0].before["verdict_id"] is None and updated[0].after["verdict_id"] == true.id
    assert (updated[0].before["version"], updated[0].after["version"]) == (1, 2)

    # The same content again changes nothing and writes nothing.
    post_save(
        rclient, claim_id, version=2, source="Council minutes", verdict=true.id, status="done"
    )
    assert annotation_of(claim_id).version == 2
    assert "Nothing changed." in workspace(rclient, article, claim_id)
    assert len(events("annotation.update")) == 1


def test_evidence_only_change_bumps_the_version(rclient, article) -> None:
    claim_id = seg(article, CLAIM).id
    post_save(rclient, claim_id, version=0, source="Council")
    response = post_save(
        rclient,
        claim_id,
        version=1,
        source="Council",
        evidence=[("https://example.org/budget", "Budget 2025"), ("http://example.org/b", "")],
    )
    assert response.status_code == 302
    saved = annotation_of(claim_id)
    assert saved.version == 2
    assert sorted((e.url, e.title) for e in saved.evidence) == [
        ("http://example.org/b", None),
        ("https://example.org/budget", "Budget 2025"),
    ]
    assert events("annotation.update")[-1].after["evidence"][0]["url"] == (
        "https://example.org/budget"
    )


def test_stale_version_gets_409_with_both_versions(app, rclient, article, make_user, login) -> None:
    other = login(app.test_client(), make_user(Role.REVIEWER))
    claim_id = seg(article, CLAIM).id
    false = label("False")
    assert (
        post_save(other, claim_id, version=0, source="Their source", verdict=false.id).status_code
        == 302
    )
    response = post_save(rclient, claim_id, version=0, source="My source", note="My note")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone saved this item while you were editing" in page
    assert 'role="alert"' in page
    assert "Their source" in page and "My source" in page and "False" in page
    assert "<html" in page  # without the script: the whole workspace
    saved = annotation_of(claim_id)
    assert (saved.version, saved.source, saved.note) == (1, "Their source", None)

    partial = post_save(
        rclient, claim_id, version=0, source="My source", headers={"X-Partial": "panel"}
    )
    assert partial.status_code == 409
    assert partial.get_data(as_text=True).lstrip().startswith('<div id="panel"')
    assert 'data-version="1"' in partial.get_data(as_text=True)


def test_merge_proposal(app, article, reviewer, make_user) -> None:
    other = make_user(Role.REVIEWER)
    segment = seg(article, CLAIM)
    true = label("True")
    a, b, c, d = (f"https://example.org/{x}" for x in "abcd")
    base = AnnotationInput(
        source="Council",
        verdict_id=None,
        note="base note",
        status=AnnotationStatus.TODO,
        evidence=(EvidenceInput(a), EvidenceInput(b)),
    )
    save_annotation(segment, reviewer, base, 0)
    db.session.commit()
    links = {link.url: link.id for link in segment.annotation.evidence}
    theirs = AnnotationInput(
        source="Council",
        verdict_id=true.id,
        note="their note",
        status=AnnotationStatus.TODO,
        evidence=(EvidenceInput(a, id=links[a]), EvidenceInput(c, "C")),
    )
    save_annotation(segment, other, theirs, 1)
    db.session.commit()
    mine = AnnotationInput(
        source="Council",
        verdict_id=None,
        note="my note",
        status=AnnotationStatus.DONE,
        evidence=(EvidenceInput(b, id=links[b]), EvidenceInput(d, "D")),
    )
    with pytest.raises(EditConflict):
        save_annotation(segment, reviewer, mine, 1)
    db.session.rollback()
    conflict = describe_conflict(segment, 1, mine)
    assert conflict.theirs_by == other.display_name
    assert conflict.conflicting == ("note",)
    merged = conflict.merged
    assert merged["version"] == 2
    assert merged["verdict_id"] == true.id  # only they changed it
    assert merged["status"] == "done"  # only I changed it
    assert merged["source"] == "Council"
    assert merged["note"] == "their note\n\n---\nmy note"
    # Union of both, minus what either removed (they removed b, I removed a).
    assert [row["url"] for row in merged["evidence"]] == [c, d]


def test_conflict_with_blank_form_fields_merges_cleanly(app, rclient, article, make_user, login):
    """A browser sends empty strings for untouched fields; they are not edits."""
    other = login(app.test_client(), make_user(Role.REVIEWER))
    claim_id = seg(article, CLAIM).id
    true = label("True")
    post_save(other, claim_id, version=0, note="Their note", source="Their source")
    response = post_save(rclient, claim_id, version=0, verdict=true.id)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "both changed" not in page
    note = re.search(r'<textarea[^>]*id="note"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert note.strip() == "Their note"
    assert 'value="Their source"' in page


def test_keep_mine_and_save_merge(app, rclient, article, make_user, login) -> None:
    other = login(app.test_client(), make_user(Role.REVIEWER))
    claim_id = seg(article, CLAIM).id
    post_save(other, claim_id, version=0, source="Theirs", note="their note")
    assert post_save(rclient, claim_id, version=0, source="Mine", note="my note").status_code == 409
    # "Keep my version" resubmits my values on top of the version now saved.
    response = post_save(rclient, claim_id, version=1, source="Mine", note="my note")
    assert response.status_code == 302
    saved = annotation_of(claim_id)
    assert (saved.version, saved.source, saved.note) == (2, "Mine", "my note")
    history = workspace(rclient, article, claim_id)
    assert history.count("annotation.update") == 0  # shown in words, not codes
    assert "<strong>Reviewer 2</strong> · create" in history.replace("\n", " ")


def test_keep_mine_form_carries_my_values(app, rclient, article, make_user, login) -> None:
    other = login(app.test_client(), make_user(Role.REVIEWER))
    claim_id = seg(article, CLAIM).id
    post_save(other, claim_id, version=0, source="Theirs")
    page = post_save(
        rclient, claim_id, version=0, source="Mine", evidence=[("https://example.org/x", "X")]
    ).get_data(as_text=True)
    keep = re.search(r'<form[^>]*class="keep-mine".*?</form>', page, re.S).group(0)
    assert 'name="version" value="1"' in keep
    assert 'name="source" value="Mine"' in keep
    assert 'value="https://example.org/x"' in keep


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "example.org"])
def test_unsafe_evidence_is_refused(rclient, article, url) -> None:
    claim_id = seg(article, CLAIM).id
    response = post_save(rclient, claim_id, version=0, evidence=[(url, "")])
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Evidence links must be http:// or https:// addresses." in page
    assert 'aria-invalid="true"' in page
    assert annotation_of(claim_id) is None


def test_note_markdown_is_rendered_and_sanitised(rclient, article) -> None:
    claim_id = seg(article, CLAIM).id
    note = (
        "*really* **bold**\n\n- one\n- two\n\n[report](https://example.org/r)\n\n"
        "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))"
    )
    post_save(
        rclient,
        claim_id,
        version=0,
        note=note,
        source='<b onmouseover="alert(4)">Council</b>',
        evidence=[("https://example.org/e", '"><script>alert(5)</script>')],
    )
    page = workspace(rclient, article, claim_id)
    preview = re.search(r'<div class="note-preview"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert "<em>really</em>" in preview and "<strong>bold</strong>" in preview
    assert "<li>one</li>" in preview
    assert '<a href="https://example.org/r"' in preview and 'rel="noopener' in preview
    assert "<script" not in preview and "<img" not in preview and "onerror" not in preview
    assert "javascript:" not in preview
    assert "<script>alert" not in page
    assert "<b onmouseover" not in page
    assert "&lt;b onmouseover=&#34;alert(4)&#34;&gt;Council&lt;/b&gt;" in page
    assert 'href="javascript' not in page


def test_retired_verdict_stays_but_cannot_be_chosen(rclient, article) -> None:
    claim_id, prices_id = seg(article, CLAIM).id, seg(article, PRICES).id
    half = label("Half true")
    post_save(rclient, claim_id, version=0, verdict=half.id)
    fresh()
    db.session.get(VerdictLabel, half.id).retired_at = utcnow()
    db.session.commit()

    page = workspace(rclient, article, claim_id)
    assert re.search(rf'<option selected value="{half.id}">Half true \(retired\)</option>', page)
    # Keeping it while changing something else is fine.
    response = post_save(rclient, claim_id, version=1, verdict=half.id, status="done")
    assert response.status_code == 302
    assert annotation_of(claim_id).verdict_id == half.id

    assert "Half true (retired)" not in workspace(rclient, article, prices_id)
    response = post_save(rclient, prices_id, version=0, verdict=half.id)
    assert response.status_code == 400
    assert annotation_of(prices_id) is None


def test_retired_verdict_refused_by_the_service(article, reviewer) -> None:
    half = label("Half true")
    half.retired_at = utcnow()
    db.session.commit()
    data = AnnotationInput(None, half.id, None, AnnotationStatus.TODO)
    with pytest.raises(ReviewError, match="not on the desk's scale"):
        save_annotation(seg(article, CLAIM), reviewer, data, 0)


# --- Fixing the analysis ----------------------------------------------------------------


def _last(action: str, segment_id: int) -> AuditEvent:
    found = [e for e in events(action) if e.object_type == "Segment" and e.object_id == segment_id]
    assert found, f"no {action} event for segment {segment_id}"
    return found[-1]


def test_add_by_offsets_and_by_words(rclient, article, reviewer) -> None:
    start = TEXT.index("said the mayor")
    response = rclient.post(
        f"/review/articles/{article.id}/segments",
        data={"kind": "claim", "start": start - 1, "end": start + 14, "words": "ignored"},
    )
    assert response.status_code == 302
    added = seg(article, "said the mayor")  # the leading space is trimmed
    assert added.origin == SegmentOrigin.MANUAL and added.created_by_id == reviewer.id
    event = _last("segment.add", added.id)
    assert event.before is None and event.after["start"] == start
    assert response.headers["Location"].endswith(f"item={added.id}#panel")

    # Typed words, matched across the no-break space of the text.
    response = rclient.post(
        f"/review/articles/{article.id}/segments",
        data={"kind": "quote", "words": "mayor, Ana Silva"},
    )
    assert response.status_code == 302
    quote = seg(article, "mayor, Ana\u00a0Silva")
    assert quote.kind == SegmentKind.QUOTE
    # The same item twice is refused.
    rclient.post(
        f"/review/articles/{article.id}/segments",
        data={"kind": "quote", "words": "mayor, Ana Silva"},
    )
    assert "That exact item is already marked." in workspace(rclient, article)


def test_locate_matches_across_no_break_spaces() -> None:
    start, end = locate(TEXT, "the mayor,  Ana Silva")
    assert TEXT[start:end] == "the mayor, Ana\u00a0Silva"
    assert locate("a\u202fb a b", "a b", occurrence=2) == (4, 7)
    with pytest.raises(ReviewError, match="2 time"):
        locate("a b a b", "a b", occurrence=3)
    with pytest.raises(ReviewError):
        locate(TEXT, "not in the text")


def test_span_change(rclient, article) -> None:
    claim = seg(article, CLAIM)
    response = rclient.post(
        f"/review/segments/{claim.id}/span", data={"words": "raised the tram budget by 40%"}
    )
    assert response.status_code == 302
    fresh()
    changed = db.session.get(Segment, claim.id)
    assert changed.text == "raised the tram budget by 40%"
    event = _last("segment.span", claim.id)
    assert event.before["text"] == CLAIM and event.after["text"] == changed.text
    assert event.after["start"] == TEXT.index("raised")


def test_kind_and_speaker_change(rclient, article) -> None:
    quote = seg(article, QUOTE)
    response = rclient.post(
        f"/review/segments/{quote.id}/kind", data={"kind": "claim", "speaker": "Ana Silva"}
    )
    assert response.status_code == 302
    fresh()
    changed = db.session.get(Segment, quote.id)
    assert (changed.kind, changed.speaker) == (SegmentKind.CLAIM, "Ana Silva")
    kind = _last("segment.kind", quote.id)
    assert (kind.before["kind"], kind.after["kind"]) == ("quote", "claim")
    speaker = _last("segment.speaker", quote.id)
    assert (speaker.before["speaker"], speaker.after["speaker"]) == ("the mayor", "Ana Silva")


def test_split_by_words(rclient, article) -> None:
    claim = seg(article, CLAIM)
    response = rclient.post(f"/review/segments/{claim.id}/split", data={"before_words": "by 40%"})
    assert response.status_code == 302
    first = seg(article, "The council raised the tram budget")
    second = seg(article, "by 40% this year.")
    assert first.id == claim.id and second.checkworthiness == claim.checkworthiness
    assert response.headers["Location"].endswith(f"item={second.id}#panel")
    event = _last("segment.split", claim.id)
    assert event.before["text"] == CLAIM and event.after["text"] == first.text
    assert _last("segment.add", second.id).after["text"] == second.text


def test_merge_keeps_the_first_annotation(rclient, article) -> None:
    prices, opening = seg(article, PRICES), seg(article, OPENING)
    post_save(rclient, prices.id, version=0, source="Operator")
    response = rclient.post(f"/review/segments/{prices.id}/merge", data={})
    assert response.status_code == 302
    fresh()
    merged = db.session.get(Segment, prices.id)
    assert merged.text == f"{PRICES} {OPENING}"
    assert merged.annotation.source == "Operator"
    assert db.session.get(Segment, opening.id).deleted_at is not None
    event = _last("segment.merge", prices.id)
    assert event.before["text"] == PRICES and event.after["text"] == merged.text
    assert _last("segment.merged_away", opening.id).after["deleted"] is True


def test_merge_moves_the_annotation_when_the_first_has_none(rclient, article) -> None:
    prices, opening = seg(article, PRICES), seg(article, OPENING)
    post_save(rclient, opening.id, version=0, source="Operator", note="opening note")
    moved_id = annotation_of(opening.id).id
    assert rclient.post(f"/review/segments/{prices.id}/merge", data={}).status_code == 302
    fresh()
    merged = db.session.get(Segment, prices.id)
    assert merged.annotation is not None and merged.annotation.id == moved_id
    assert merged.annotation.note == "opening note"
    assert db.session.get(Segment, opening.id).annotation is None


def test_merge_without_a_next_item_is_refused(rclient, article) -> None:
    opening = seg(article, OPENING)
    rclient.post(f"/review/segments/{opening.id}/merge", data={})
    assert "There is no later item of the same kind" in workspace(rclient, article, opening.id)


def test_dismiss_and_restore(rclient, article, reviewer) -> None:
    quote = seg(article, QUOTE)
    refused = rclient.post(f"/review/segments/{quote.id}/dismiss", data={"reason": "  "})
    assert refused.status_code == 302
    assert "Say why the item is not worth checking." in workspace(rclient, article)
    response = rclient.post(f"/review/segments/{quote.id}/dismiss", data={"reason": "Opinion"})
    assert response.status_code == 302
    fresh()
    dismissed = db.session.get(Segment, quote.id)
    assert dismissed.dismissed_by_id == reviewer.id and dismissed.dismiss_reason == "Opinion"
    assert dismissed.deleted_at is None  # kept
    event = _last("segment.dismiss", quote.id)
    assert (event.before["dismissed"], event.after["dismissed"]) == (False, True)
    assert event.after["dismiss_reason"] == "Opinion"
    page = workspace(rclient, article, quote.id)
    assert "dismissed" in page and "“Opinion”" in page
    assert "1 dismissed" in page

    assert rclient.post(f"/review/segments/{quote.id}/restore", data={}).status_code == 302
    fresh()
    assert db.session.get(Segment, quote.id).dismissed_at is None
    event = _last("segment.restore", quote.id)
    assert (event.before["dismissed"], event.after["dismissed"]) == (True, False)


# --- Permissions, progress, suggestions, styles ------------------------------------------


def test_approved_article_is_read_only_for_reviewers(app, rclient, article, make_user, login):
    claim_id = seg(article, CLAIM).id
    fresh()
    db.session.get(Article, article.id).status = ArticleStatus.APPROVED
    db.session.commit()
    assert post_save(rclient, claim_id, version=0, source="x").status_code == 403
    assert (
        rclient.post(f"/review/segments/{claim_id}/dismiss", data={"reason": "r"}).status_code
        == 403
    )
    assert (
        rclient.post(
            f"/review/articles/{article.id}/segments", data={"kind": "claim", "words": "tram"}
        ).status_code
        == 403
    )
    page = workspace(rclient, article, claim_id)
    assert "only an editor can change its review" in page
    assert 'id="annotation-form"' not in page

    editor = login(app.test_client(), make_user(Role.EDITOR))
    assert post_save(editor, claim_id, version=0, source="Editor's source").status_code == 302
    assert annotation_of(claim_id).source == "Editor's source"
    assert 'id="annotation-form"' in workspace(editor, article, claim_id)


def test_ready_sets_status_once(rclient, article) -> None:
    assert "Mark ready for an editor" in workspace(rclient, article)
    response = rclient.post(f"/review/articles/{article.id}/ready", data={})
    assert response.status_code == 302
    fresh()
    assert db.session.get(Article, article.id).status == ArticleStatus.READY
    page = workspace(rclient, article)
    assert "The article is ready for an editor." in page
    assert "Mark ready for an editor" not in page
    assert events("article.ready")[0].after == {"status": "ready"}

    rclient.post(f"/review/articles/{article.id}/ready", data={})
    assert "The article is already with the editors." in workspace(rclient, article)
    assert len(events("article.ready")) == 1


def test_progress_box(app, rclient, article, make_user, login) -> None:
    other_user = make_user(Role.REVIEWER)
    other = login(app.test_client(), other_user)
    true, false = label("True"), label("False")
    post_save(rclient, seg(article, CLAIM).id, version=0, verdict=true.id, status="done")
    post_save(other, seg(article, PRICES).id, version=0, verdict=false.id, status="done")
    post_save(other, seg(article, OPENING).id, version=0, verdict=true.id, status="in_progress")
    page = workspace(rclient, article)
    assert re.search(r"<strong>2</strong> of <strong>4</strong> items done", page)
    assert "1 in progress" in page
    counts = re.search(r'<ul class="verdict-counts".*?</ul>', page, re.S).group(0)
    assert re.search(rf"verdict-{true.id}\">True</span> 2", counts)
    assert re.search(rf"verdict-{false.id}\">False</span> 1", counts)
    assert counts.index(">True<") < counts.index(">False<")  # scale order
    assert "Reviewed by Reviewer 1, Reviewer 2" in page


def test_source_suggestions_order(app, article, reviewer) -> None:
    elsewhere = Article(
        input_kind=InputKind.TEXT,
        original=b"x",
        original_sha256=uuid.uuid4().hex * 2,
        title="Other",
        clean_text="Other text. More text. Last text.",
        imported_by=reviewer,
    )
    elsewhere.segments = [
        Segment(kind=SegmentKind.CLAIM, start_offset=0, end_offset=11, text="Other text."),
        Segment(kind=SegmentKind.CLAIM, start_offset=12, end_offset=22, text="More text."),
        Segment(kind=SegmentKind.CLAIM, start_offset=23, end_offset=33, text="Last text."),
    ]
    db.session.add(elsewhere)
    db.session.flush()
    for segment, source in zip(elsewhere.segments, ["Desk B", "Desk A", "Desk A"], strict=True):
        db.session.add(Annotation(segment=segment, source=source))
    db.session.add(Annotation(segment=seg(article, CLAIM), source="Here annotated"))
    db.session.commit()
    assert source_suggestions(article) == [
        "Here annotated",
        "the mayor",
        "Desk A",
        "Desk B",
    ]


def test_verdict_css_only_has_checked_colours(app, client, reviewer, login) -> None:
    true = label("True")
    # Written behind the service's back: the stylesheet must still not carry it.
    db.session.execute(
        text("UPDATE verdict_labels SET color = :c WHERE id = :i"), {"c": "red}*{x", "i": true.id}
    )
    db.session.commit()
    response = login(client, reviewer).get("/review/verdicts.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert "red" not in css and f".verdict-{true.id} " not in css
    colours = re.findall(r"#[^\s;}]*", css)
    assert colours and all(re.fullmatch(r"#[0-9a-f]{6}(33)?|#fff", c) for c in colours)
    assert len(re.findall(r"\{", css)) == len(re.findall(r"\}", css))


def test_panel_partial_and_history(rclient, article) -> None:
    claim_id = seg(article, CLAIM).id
    response = rclient.get(
        f"/review/articles/{article.id}?item={claim_id}", headers={"X-Partial": "panel"}
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<div id="panel" class="panel" data-segment="{claim_id}"')
    assert "<html" not in body and "item-list" not in body
    assert '<template id="panel-item">' in body

    saved = post_save(
        rclient, claim_id, version=0, source="Council", headers={"X-Partial": "panel"}
    )
    assert saved.status_code == 200
    body = saved.get_data(as_text=True)
    assert 'data-version="1"' in body and "<html" not in body
    assert "Reviewer 1" in body and "Council" in body  # the history entry


def test_workspace_lists_items_by_worthiness(rclient, article) -> None:
    by_position = workspace(rclient, article)
    by_worth = workspace(rclient, article, order="worthiness")
    position_ids = re.findall(r'data-item="(\d+)"', by_position)
    worth_ids = re.findall(r'data-item="(\d+)"', by_worth)
    assert position_ids == [str(seg(article, t).id) for t in (CLAIM, QUOTE, PRICES, OPENING)]
    assert worth_ids == [str(seg(article, t).id) for t in (CLAIM, PRICES, OPENING, QUOTE)]
    assert "contains a figure" in by_position  # the analyser's reasons


def test_unknown_or_foreign_item_is_404(rclient, article, make_article, reviewer) -> None:
    foreign = make_article(reviewer, title="Elsewhere")
    other_id = foreign.segments[0].id
    response = rclient.get(f"/review/articles/{article.id}?item={other_id}")
    assert response.status_code == 404
    assert post_save(rclient, 999_999, version=0).status_code == 404
