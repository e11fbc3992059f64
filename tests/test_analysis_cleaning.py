"""Line rules: boilerplate removal, title, byline, date and dateline, normalisation."""

from __future__ import annotations

import unicodedata

import pytest

from factcheck.analysis import analyze
from factcheck.analysis.cleaning import clean, match_dateline, parse_date

BODY_FR = (
    "Le conseil municipal a voté lundi un budget de 12 millions d’euros pour rénover les écoles "
    "de la ville, selon un communiqué publié par la mairie."
)
BODY_EN = (
    "The city council voted on Monday for a budget of 12 million dollars to renovate the town's "
    "schools, according to a statement released by the mayor's office."
)


@pytest.mark.parametrize(
    "line",
    [
        "Lire aussi : Les retraites au cœur du débat",
        "À lire aussi - Le maire répond aux critiques",
        "LIRE AUSSI: La réforme adoptée",
        "Read more: The council's new budget explained",
        "See also: Schools in the region",
        "Related: How the vote went",
        "Article précédentLe maire inaugure la nouvelle piscine",
        "Article suivant La rentrée scolaire se prépare",
        "Previous articleCouncil approves the new bridge",
        "Next article Mayor announces re-election bid",
    ],
)
def test_teasers_and_previous_next_links_are_removed(line):
    c = clean(f"{BODY_FR}\n\n{line}\n\n{BODY_EN}")
    assert line.split()[0] not in c.text
    assert BODY_FR in c.text and BODY_EN in c.text


@pytest.mark.parametrize(
    "line",
    ["0", "12", "1.2k shares", "12 commentaires", "34 comments", "Partager", "Share",
     "5 min de lecture", "3 min read"],
)
def test_counters_and_lone_numbers_are_removed(line):
    c = clean(f"{BODY_EN}\n{line}\n{BODY_FR}")
    assert c.text == f"{BODY_EN}\n\n{BODY_FR}"


@pytest.mark.parametrize(
    "line",
    [
        "Nous utilisons des cookies pour améliorer votre expérience. Accepter les cookies",
        "Cet article est réservé aux abonnés. Déjà abonné ? Connectez-vous.",
        "We use cookies to improve your experience. By continuing you accept our policy.",
        "Already a subscriber? Sign in to keep reading.",
        "Sign up for our newsletter to get the latest news.",
        "© 2024 Le Journal du Soir. Tous droits réservés.",
    ],
)
def test_cookie_and_subscription_notices_are_removed(line):
    c = clean(f"{BODY_FR}\n{line}\n{BODY_EN}")
    assert c.text == f"{BODY_FR}\n\n{BODY_EN}"


def test_breadcrumb_repeating_a_truncated_title_is_not_the_body():
    raw = (
        "Accueil Politique Le maire annonce un plan de rénovation des écoles pour...\n"
        "Le maire annonce un plan de rénovation des écoles pour la rentrée\n"
        f"{BODY_FR}"
    )
    c = clean(raw)
    assert c.title == "Le maire annonce un plan de rénovation des écoles pour la rentrée"
    assert c.text == BODY_FR


def test_breadcrumb_with_separators_and_english_title():
    raw = f"Home > News > Local\nCouncil backs school renovation plan\n{BODY_EN}"
    c = clean(raw)
    assert c.title == "Council backs school renovation plan"
    assert c.text == BODY_EN


def test_byline_and_date_lines_become_metadata():
    raw = f"Council backs school renovation plan\nBy Jane Doe\nPublished March 3, 2024\n{BODY_EN}"
    c = clean(raw)
    assert c.author == "Jane Doe"
    assert c.published == "2024-03-03"
    assert c.text == BODY_EN


def test_french_byline_and_date():
    raw = f"Le maire annonce un plan\nPar Claire Martin\nPublié le 12 mars 2023 à 10h15\n{BODY_FR}"
    c = clean(raw)
    assert (c.author, c.published) == ("Claire Martin", "2023-03-12")


@pytest.mark.parametrize(
    ("line", "place", "date", "agency"),
    [
        ("Paris, 3 févr. (AFP) –", "Paris", "3 févr.", "AFP"),
        ("WASHINGTON (CNN) —", "WASHINGTON", None, "CNN"),
        ("NEW YORK, Jan 3 (Reuters) -", "NEW YORK", "Jan 3", "Reuters"),
        ("KYIV, Ukraine (AP) —", "KYIV, Ukraine", None, "AP"),
        ("Lyon, 12 mars 2023 (AFP) -", "Lyon", "12 mars 2023", "AFP"),
        ("BRUSSELS —", "BRUSSELS", None, None),
    ],
)
def test_datelines(line, place, date, agency):
    found = match_dateline(line + " The rest of the first paragraph follows here.")
    assert found is not None
    assert found[1] == {"place": place, "date": date, "agency": agency}


@pytest.mark.parametrize(
    "line",
    [
        "Emmanuel Macron a parlé - longuement.",
        "Le président, hier soir, a parlé.",
        "Jean-Pierre est là",
    ],
)
def test_ordinary_sentences_are_not_datelines(line):
    assert match_dateline(line) is None


def test_dateline_opening_the_first_paragraph_is_metadata_not_a_sentence():
    a = analyze(f"WASHINGTON (CNN) — {BODY_EN}")
    assert a.dateline == {"place": "WASHINGTON", "date": None, "agency": "CNN"}
    assert a.site == "CNN"
    assert a.sentences[0].text.startswith("The city council")


def test_dateline_on_its_own_line_french():
    a = analyze(f"Paris, 3 févr. (AFP) –\n\n{BODY_FR}")
    assert a.dateline["place"] == "Paris" and a.dateline["agency"] == "AFP"
    assert a.text == BODY_FR


@pytest.mark.parametrize(
    ("text", "iso"),
    [("12 mars 2023", "2023-03-12"), ("March 3, 2024", "2024-03-03"), ("2022-02-03", "2022-02-03"),
     ("1er février 2022", "2022-02-01"), ("3 févr.", None)],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_text_is_nfc_and_keeps_no_break_spaces():
    decomposed = unicodedata.normalize("NFD", "Le député a déclaré : « Nous refusons. »")
    c = clean(decomposed)
    assert c.text == unicodedata.normalize("NFC", c.text)
    assert "député" in c.text
    a = analyze("Le député a déclaré\u00a0: «\u00a0Nous refusons cette réforme\u00a0», a-t-il dit.")
    assert "\u00a0" in a.text
    assert a.quotes[0].text == "Nous refusons cette réforme"


def test_hard_wrapped_lines_are_joined():
    raw = "The city council voted on Monday for a budget of\nmillions to renovate the schools.\n"
    assert clean(raw).text == (
        "The city council voted on Monday for a budget of millions to renovate the schools."
    )


def test_subheadings_in_the_body_are_kept():
    raw = f"{BODY_FR}\nUn calendrier serré\n{BODY_FR}"
    assert "Un calendrier serré" in clean(raw).text


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "Share on LinkedIn",
        "Share this story via e-mail",
        "Partager cet article",
        "Partagez l’article",
        "Partager sur WhatsApp",
        "Teilen",
        "Publié aujourd’hui à 12h04, modifié à 14h30",
        "Updated 2 hours ago",
        "Temps de Lecture 3 min.",
        "Offrir cet article",
        "Gift this article",
    ],
)
def test_share_buttons_and_page_furniture_are_removed(line):
    c = clean(f"{BODY_FR}\n\n{line}\n\n{BODY_EN}")
    assert line not in c.text
    assert BODY_FR in c.text and BODY_EN in c.text


@pytest.mark.parametrize(
    "line", ["Share prices fall", "Shares of the airline rose 5% on Monday.", "Partager le fardeau"]
)
def test_text_starting_with_share_is_kept(line):
    assert line in clean(f"{BODY_EN}\n{line}\n{BODY_EN}").text


@pytest.mark.parametrize("label", ["International", "Économie | Énergie", "US Politics"])
def test_section_label_above_the_headline_is_not_the_body(label):
    headline = "La Commission veut réduire les déchets d’emballages de 20 %"
    c = clean(f"{label}\n{headline}\n\n{BODY_FR}")
    assert c.title == headline
    assert label not in c.text and c.text.startswith(BODY_FR[:30])


def test_dateline_keeps_the_period_of_a_month_abbreviation():
    assert match_dateline("Paris, 9 sept. – Le texte a été adopté.")[1]["date"] == "9 sept."
    assert match_dateline("Lyon, 12 mai – Le texte a été adopté.")[1]["date"] == "12 mai"


PASTED_PAGE_EN = """Skip to main content
Sign in
Search
News
Opinion
Sport
World
Water levels in the river have fallen to record lows.
Photograph: Jan Berg/AP
Germany
River falls to record low as drought threatens shipping
Barges forced to carry a third of their usual loads as water levels keep dropping
Anna Weiss in Berlin
Tue 12 Aug 2025 14.05 BST
Share
Water levels on the river have fallen to a record low, forcing cargo ships to cut their \
loads and raising fears for industry, which relies on the river to transport coal and grain.
Economists estimate that a prolonged closure could cut growth by 0.3 percentage points \
this year.
Explore more on these topics
Germany
Drought
Reuse this content
Most viewed
"""


def test_pasted_page_with_one_menu_item_a_line():
    c = clean(PASTED_PAGE_EN)
    assert c.title == "River falls to record low as drought threatens shipping"
    assert c.author == "Anna Weiss"
    assert c.published == "2025-08-12"
    assert c.text.startswith("Barges forced to carry")  # the standfirst is the article's
    for junk in ("Sign in", "Opinion", "Photograph", "record lows", "Explore more", "Drought",
                 "Reuse this content", "Most viewed", "Share"):
        assert junk not in c.text, junk
    assert c.text.rstrip().endswith("this year.")


def test_short_first_paragraph_is_not_taken_for_page_furniture():
    raw = ("Le maire démissionne\n\nLe maire a démissionné lundi soir.\n\nPrécisions\n\n"
           "Il était en poste depuis douze ans et faisait face à de vives critiques sur le "
           "déficit du budget municipal.")
    c = clean(raw)
    assert c.title == "Le maire démissionne"
    assert "Le maire a démissionné lundi soir." in c.text and "Précisions" in c.text


@pytest.mark.parametrize(
    "line", ["Tue 12 Aug 2025 14.05 BST", "Mon 3 Nov 2025 06.00 EST", "mardi 12 mars 2025"]
)
def test_date_lines_with_abbreviations_and_time_zones(line):
    c = clean(f"Un titre d’article assez long\n{line}\n\n{BODY_FR}")
    assert line not in c.text and c.published is not None


PASTED_PAGE_BBC = """Skip to content
Home
News
Sport
Energy prices: Regulator confirms 10% cut in price cap
Published
3 hours ago
Share
Copy link
Image source, PA Media
Image caption,
Energy bills have risen sharply since 2021
By Simon Jack
Business editor
The energy regulator has confirmed that its price cap will fall by 10% from April, cutting \
the typical annual bill to £1,690.
The regulator said wholesale gas prices had dropped to their lowest level in two years.
More on this story
Why are energy bills going up?
Published
1 day ago
Top Stories
"""


def test_pasted_page_with_captions_relative_times_and_related_stories():
    c = clean(PASTED_PAGE_BBC)
    assert c.title == "Energy prices: Regulator confirms 10% cut in price cap"
    assert c.author == "Simon Jack"
    assert c.text.startswith("The energy regulator")
    assert c.text.endswith("lowest level in two years.")
    for junk in ("hours ago", "Published", "Image", "risen sharply", "Business editor",
                 "going up", "Top Stories"):
        assert junk not in c.text, junk


def test_teaser_heading_takes_its_headline_but_not_the_next_paragraph():
    raw = (f"{BODY_FR}\n\nLire aussi\n\nLes retraites au cœur du débat\n\n"
           "Le maire a démissionné.\n\n" + BODY_EN)
    c = clean(raw)
    assert "retraites" not in c.text and "Le maire a démissionné." in c.text


def test_pasted_french_page_with_audio_and_link_buttons():
    raw = ("Le Quotidien\nActualité\nPolitique\nAbonnez-vous\n\n"
           "Budget 2026 : Bercy table sur une croissance de 1,2 %\n\nPar Antoine Girard\n"
           "Le 24/09/2025 à 18:45\n\nÉcouter cet article\nCopier le lien\nLien copié\n\n"
           f"{BODY_FR}\n\nSujets\nBudget\nBercy\n\nLa rédaction vous conseille\n"
           "Dette : la France sous surveillance des agences de notation\n")
    c = clean(raw)
    assert c.title == "Budget 2026 : Bercy table sur une croissance de 1,2 %"
    assert c.author == "Antoine Girard" and c.published == "2025-09-24"
    assert c.text == BODY_FR
