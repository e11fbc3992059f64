"""The article list, the article page and the original download."""

from __future__ import annotations

from factcheck.extensions import db
from factcheck.models import Role, utcnow


def test_list_shows_articles(client, make_user, make_article, login) -> None:
    user = make_user(Role.REVIEWER)
    make_article(user, title="Tram budget <b>rises</b>")
    body = login(client, user).get("/articles/").get_data(as_text=True)
    assert "Tram budget &lt;b&gt;rises&lt;/b&gt;" in body  # escaped, never raw
    assert user.display_name in body


def test_list_paginates(app, client, make_user, make_article, login) -> None:
    app.config["ARTICLES_PER_PAGE"] = 2
    user = make_user(Role.REVIEWER)
    for number in range(3):
        make_article(user, title=f"Article number {number}")
    login(client, user)
    first = client.get("/articles/").get_data(as_text=True)
    second = client.get("/articles/?page=2").get_data(as_text=True)
    assert first.count("Article number") == 2 and second.count("Article number") == 1
    assert "Page 2 of 2" in second


def test_detail_shows_text_and_items(client, make_user, make_article, login) -> None:
    user = make_user(Role.REVIEWER)
    article = make_article(user)
    body = login(client, user).get(f"/articles/{article.id}").get_data(as_text=True)
    assert "The council raised the budget by 40%." in body
    assert "2 items" in body and "the mayor" in body and "check-worthiness 0.80" in body


def test_deleted_article_is_gone(client, make_user, make_article, login) -> None:
    user = make_user(Role.REVIEWER)
    article = make_article(user)
    article.deleted_at = utcnow()
    db.session.commit()
    login(client, user)
    assert client.get(f"/articles/{article.id}").status_code == 404
    assert "Council raises tram budget" not in client.get("/articles/").get_data(as_text=True)


def test_original_download_is_verbatim_attachment(client, make_user, make_article, login) -> None:
    user = make_user(Role.REVIEWER)
    article = make_article(user)
    response = login(client, user).get(f"/articles/{article.id}/original")
    assert response.data == article.original
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "application/octet-stream"
