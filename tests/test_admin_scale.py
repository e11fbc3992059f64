"""The verdict scale editor: add, rename, recolour, reorder, retire, rating values, presets."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Annotation, AuditEvent, Role, VerdictLabel
from factcheck.scale import PRESETS, ScaleError, active_labels, apply_preset, retire_label


@pytest.fixture
def admin_client(app, make_user, login):
    return login(app.test_client(), make_user(Role.ADMIN))


def label_named(name: str) -> VerdictLabel:
    label = db.session.scalar(select(VerdictLabel).where(VerdictLabel.label == name))
    assert label is not None, name
    db.session.refresh(label)
    return label


def offered() -> list[str]:
    db.session.expire_all()
    return [label.label for label in active_labels()]


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_editor_page_shows_the_scale_and_presets(admin_client) -> None:
    page = admin_client.get("/admin/scale").get_data(as_text=True)
    for name in ("True", "Mostly true", "Unverifiable"):
        assert f'value="{name}"' in page
    for name, _labels in PRESETS.values():
        assert name.replace("'", "&#39;") in page
    assert 'fill="#1a7f37"' in page  # colour swatch without inline style (CSP)
    assert "style=" not in page


def test_add_a_label(admin_client) -> None:
    response = admin_client.post(
        "/admin/scale/labels",
        data={"new-label": "Misleading", "new-color": "#AA5500", "new-rating_value": "2"},
    )
    assert response.status_code == 302
    label = label_named("Misleading")
    assert (label.color, label.rating_value, label.position) == ("#aa5500", 2, 7)
    assert offered()[-1] == "Misleading"
    assert "scale.add" in actions()


def test_add_refuses_duplicates_and_bad_colours(admin_client) -> None:
    duplicate = admin_client.post(
        "/admin/scale/labels", data={"new-label": "true", "new-color": "#000000"}
    )
    assert duplicate.status_code == 400
    assert "already has a label" in duplicate.get_data(as_text=True)
    bad_colour = admin_client.post(
        "/admin/scale/labels", data={"new-label": "Odd", "new-color": "red;x"}
    )
    assert bad_colour.status_code == 400
    assert len(offered()) == 6


def test_rename_recolour_and_rate_a_label(admin_client) -> None:
    label = label_named("Half true")
    prefix = f"label-{label.id}"
    response = admin_client.post(
        f"/admin/scale/labels/{label.id}",
        data={
            f"{prefix}-label": "Half-true",
            f"{prefix}-color": "#123456",
            f"{prefix}-rating_value": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(label)
    assert (label.label, label.color, label.rating_value) == ("Half-true", "#123456", None)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "scale.update"))
    assert event.before["label"] == "Half true" and event.after["label"] == "Half-true"


def test_rating_value_out_of_range_is_refused(admin_client) -> None:
    label = label_named("True")
    prefix = f"label-{label.id}"
    response = admin_client.post(
        f"/admin/scale/labels/{label.id}",
        data={
            f"{prefix}-label": "True",
            f"{prefix}-color": "#1a7f37",
            f"{prefix}-rating_value": "500",
        },
    )
    assert response.status_code == 400
    db.session.refresh(label)
    assert label.rating_value == 5


def test_reorder_labels(admin_client) -> None:
    label = label_named("False")
    assert (
        admin_client.post(
            f"/admin/scale/labels/{label.id}/move", data={"direction": "up"}
        ).status_code
        == 302
    )
    assert offered()[3:5] == ["False", "Mostly false"]
    admin_client.post(f"/admin/scale/labels/{label.id}/move", data={"direction": "down"})
    assert offered()[3:5] == ["Mostly false", "False"]
    positions = [label.position for label in active_labels()]
    assert positions == list(range(1, 7))


def test_retired_label_stays_on_old_annotations(admin_client, make_user, make_article) -> None:
    label = label_named("Mostly false")
    article = make_article(make_user(Role.REVIEWER))
    annotation = Annotation(segment=article.segments[0], verdict=label)
    db.session.add(annotation)
    db.session.commit()
    assert admin_client.post(f"/admin/scale/labels/{label.id}/retire").status_code == 302
    assert "Mostly false" not in offered()
    db.session.refresh(annotation)
    assert annotation.verdict.label == "Mostly false"
    page = admin_client.get("/admin/scale").get_data(as_text=True)
    assert "Retired labels" in page
    assert admin_client.post(f"/admin/scale/labels/{label.id}/restore").status_code == 302
    assert offered()[-1] == "Mostly false"
    assert {"scale.retire", "scale.restore"} <= set(actions())


def test_the_last_label_cannot_be_retired(app) -> None:
    labels = active_labels()
    for label in labels[:-1]:
        retire_label(label)
    with pytest.raises(ScaleError):
        retire_label(labels[-1])


def test_presets_reuse_labels_of_the_same_name(admin_client) -> None:
    true_label = label_named("True")
    unverifiable = label_named("Unverifiable")
    response = admin_client.post("/admin/scale/preset", data={"preset": "truth-o-meter"})
    assert response.status_code == 302
    assert offered() == [
        "True",
        "Mostly True",
        "Half True",
        "Mostly False",
        "False",
        "Pants on Fire!",
    ]
    db.session.refresh(true_label)
    db.session.refresh(unverifiable)
    assert true_label.retired_at is None and true_label.rating_value == 6
    assert unverifiable.retired_at is not None  # retired, not deleted

    admin_client.post("/admin/scale/preset", data={"preset": "simple"})
    assert offered() == ["True", "Misleading", "False", "Unverifiable"]
    db.session.refresh(unverifiable)
    assert unverifiable.retired_at is None  # the same row came back
    assert "scale.preset" in actions()


def test_every_preset_applies(app) -> None:
    for key, (_name, labels) in PRESETS.items():
        apply_preset(key)
        db.session.flush()
        assert [label.label for label in active_labels()] == [name for name, *_ in labels]


def test_unknown_preset_changes_nothing(admin_client) -> None:
    before = offered()
    admin_client.post("/admin/scale/preset", data={"preset": "nonsense"})
    assert offered() == before
