"""Reviewed and approved articles for the report and approval tests (helpers, not tests)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from factcheck.approval.services import approve
from factcheck.articles.services import ImportRequest, import_article
from factcheck.extensions import db
from factcheck.models import (
    AnnotationStatus,
    Article,
    ArticleStatus,
    InputKind,
    Segment,
    SegmentKind,
    User,
    VerdictLabel,
    utcnow,
)
from factcheck.review.services import AnnotationInput, EvidenceInput, save_annotation
from factcheck.scale import active_labels

ARTICLE_URL = "https://news.example.org/2025/03/tram-budget"
TEXT = (
    "The council raised the tram budget by 40% this year.\n\n"
    "“It is historic,” said the mayor, Ana Silva.\n\n"
    "Ticket prices will stay at 1.70 euros until 2027. The line opens in May.\n\n"
    "+12% is the rise in bus fares since 2020, according to the union.\n\n"
    "A résident, Élodie Durand, said: “Ça coûte trop cher à Noël.”\n\n"
    "The weather was mild on Tuesday."
)


@dataclass
class Item:
    """One item to mark and review: its words, kind and the desk's review."""

    words: str
    kind: SegmentKind = SegmentKind.CLAIM
    speaker: str | None = None
    source: str | None = None
    verdict: str | None = None
    note: str | None = None
    evidence: tuple[tuple[str, str | None], ...] = ()
    approve: bool = False
    no_evidence_reason: str | None = None
    dismiss: str | None = None
    segment_id: int = 0
    start: int = 0


@dataclass
class Reviewed:
    """The article the tests built, and its items in text order."""

    article: Article
    items: list[Item] = field(default_factory=list)

    def ids(self, **where) -> list[int]:
        """Segment ids of the items matching every attribute given, in text order."""
        return [
            item.segment_id
            for item in self.items
            if all(getattr(item, key) == value for key, value in where.items())
        ]

    def published(self) -> list[Item]:
        """Items an export without drafts shows."""
        return [i for i in self.items if i.approve and i.verdict and not i.dismiss]

    def drafted(self) -> list[Item]:
        """Items an export with drafts shows."""
        return [i for i in self.items if (i.verdict or i.approve) and not i.dismiss]


def own_items() -> list[Item]:
    """The reviews of TEXT: approved ones, a draft, formula-looking cells, a dismissal."""
    return [
        Item(
            "The council raised the tram budget by 40% this year.",
            verdict="Mostly true",
            source="Council press office",
            note="The budget rose by **38%**, see the minutes.",
            evidence=(("https://council.example.org/minutes/2025-02", "Council minutes"),),
            approve=True,
        ),
        Item(
            "It is historic,",
            kind=SegmentKind.QUOTE,
            speaker="the mayor",
            source="Ana Silva",
            verdict="Unverifiable",
            note="An opinion.",
            approve=True,
            no_evidence_reason="An opinion cannot be checked.",
        ),
        Item(
            "Ticket prices will stay at 1.70 euros until 2027.",
            verdict="False",
            source="Transport authority",
            evidence=(
                ("https://transport.example.org/fares", "Fare plan"),
                ("https://transport.example.org/2026", None),
            ),
            approve=True,
        ),
        Item(
            "The line opens in May.",
            verdict="True",
            source="Works schedule",
            evidence=(("https://works.example.org/line", "Schedule"),),
            approve=False,
        ),
        Item(
            "+12% is the rise in bus fares since 2020, according to the union.",
            verdict="Half true",
            source="=SUM(1,2)",
            note="-3 points once inflation is counted",
            approve=True,
            no_evidence_reason="@desk: the union's figures are not public",
        ),
        Item(
            "Ça coûte trop cher à Noël.",
            kind=SegmentKind.QUOTE,
            speaker="Élodie Durand",
            verdict="False",
            note="Les prix ont baissé en décembre.",
            evidence=(("https://stats.example.fr/prix", "Prix à Noël"),),
            approve=True,
        ),
        Item("The weather was mild on Tuesday.", verdict="True", dismiss="Not a claim."),
    ]


def labels() -> dict[str, VerdictLabel]:
    """The active verdict labels by name."""
    return {label.label: label for label in active_labels()}


def make_text_article(
    owner: User,
    text: str = TEXT,
    *,
    title: str = "Tram budget rises by 40%",
    url: str | None = ARTICLE_URL,
    site: str | None = "Daily Test",
    language: str = "en",
    published_on: date | None = date(2025, 3, 12),
) -> Article:
    """An article stored without running the analyser (its items come from review())."""
    article = Article(
        input_kind=InputKind.TEXT,
        original=text.encode(),
        original_sha256=uuid.uuid4().hex * 2,
        source_url=url,
        title=title,
        site=site,
        author="Test Agency",
        language=language,
        published_on=published_on,
        clean_text=text,
        imported_by=owner,
    )
    db.session.add(article)
    db.session.flush()
    return article


def segment_for(article: Article, item: Item) -> Segment:
    """The article's segment of the item's words, created when the analyser did not find it."""
    if item.segment_id:
        return db.session.get(Segment, item.segment_id)
    text = article.clean_text
    start = text.index(item.words)
    end = start + len(item.words)
    for segment in article.segments:
        if segment.start_offset == start and segment.end_offset == end:
            return segment
    segment = Segment(
        article=article,
        kind=item.kind,
        start_offset=start,
        end_offset=end,
        text=item.words,
        speaker=item.speaker,
    )
    db.session.add(segment)
    db.session.flush()
    return segment


def review(article: Article, items: list[Item], reviewer: User, editor: User) -> Reviewed:
    """Annotate (and approve, dismiss) every item through the services; commit."""
    scale = labels()
    for item in items:
        segment = segment_for(article, item)
        item.segment_id, item.start = segment.id, segment.start_offset
        if item.speaker is not None:
            segment.speaker = item.speaker
        data = AnnotationInput(
            source=item.source,
            verdict_id=scale[item.verdict].id if item.verdict else None,
            note=item.note,
            status=AnnotationStatus.DONE,
            evidence=tuple(EvidenceInput(url, title) for url, title in item.evidence),
        )
        annotation = save_annotation(segment, reviewer, data, 0)
        if item.approve:
            # Editors decide only on articles the reviewers marked ready.
            if article.status not in (ArticleStatus.READY, ArticleStatus.APPROVED):
                article.status = ArticleStatus.READY
            approve(annotation, editor, item.no_evidence_reason)
        if item.dismiss:
            segment.dismissed_at = utcnow()
            segment.dismiss_reason = item.dismiss
    db.session.commit()
    return Reviewed(article, sorted(items, key=lambda i: (i.start, i.segment_id)))


SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "article.txt"
SEED_URL = "https://cinktank.example.com/2022/02/biden-macron-ukraine"
SEED_VERDICTS = ["Mostly true", "Unverifiable", "False", "Half true", "True", "Mostly false"]


def import_seed(owner: User) -> Article:
    """The shared seed article through the analyser, with the date and address a reviewer adds."""
    raw = SEED.read_text(encoding="utf-8")
    request = ImportRequest(data=raw, kind=InputKind.TEXT, url=SEED_URL)
    article = import_article(request, owner, max_bytes=10**7)
    article.published_on = date(2022, 2, 3)
    db.session.flush()
    return article


def seed_items(article: Article, count: int = 8) -> list[Item]:
    """Reviews of the analyser's first items: cycling verdicts, every fourth one left a draft."""
    segments = sorted(article.segments, key=lambda s: (s.start_offset, s.id))[:count]
    return [
        Item(
            segment.text,
            kind=segment.kind,
            speaker=segment.speaker,
            segment_id=segment.id,
            verdict=SEED_VERDICTS[index % len(SEED_VERDICTS)],
            note=f"Vérifié : élément n° {index + 1}.",
            evidence=(
                ((f"https://sources.example.fr/{index}", f"Source n° {index + 1}"),)
                if index % 2 == 0
                else ()
            ),
            no_evidence_reason=None if index % 2 == 0 else "Déclaration non vérifiable.",
            approve=index % 4 != 3,
        )
        for index, segment in enumerate(segments)
    ]
