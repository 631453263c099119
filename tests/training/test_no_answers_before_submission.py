"""The question bank and which answers are right never leave the server before the learner has
answered: not in the page HTML (no hidden fields or attributes), the read API, search or the
sitemap. Lessons are found by search, each at its own screen."""

import pytest

from search import indexing
from tests.factories import ModulePageFactory, lesson, publish, question
from training.attempts import start_attempt

pytestmark = pytest.mark.django_db

SECRET_QUESTION = "Which quokka guards the archive?"
SECRET_RIGHT = "The velvet quokka"
SECRET_WRONG = "The paper quokka"
SECRET_EXPLANATION = "Only the velvet quokka holds the zebrawood key."


@pytest.fixture
def secret_module(training_index):
    bank = [
        question(SECRET_QUESTION, [(SECRET_RIGHT, True), (SECRET_WRONG, False)], SECRET_EXPLANATION)
    ] + [question(f"Filler {n}?", [("Yes", True), ("No", False)], "Filler.") for n in range(4)]
    page = ModulePageFactory(
        parent=training_index,
        title="Archive module",
        lessons=[
            lesson("Marmalade lesson", "Pelicans co-operate over marmalade."),
            lesson("Tangerine lesson", "Herons share tangerine notes."),
        ],
        questions=bank,
        questions_per_attempt=5,
    )
    page = publish(page)
    indexing.index_pages([page.pk])
    return page


def test_the_check_form_says_nothing_about_which_options_are_right(
    learner_client, learner, secret_module
):
    attempt = start_attempt(learner, secret_module)
    url = secret_module.url + secret_module.reverse_subpage("attempt", args=[attempt.token])
    html = learner_client.get(url).content.decode()
    assert SECRET_QUESTION in html and SECRET_RIGHT in html and SECRET_WRONG in html
    assert SECRET_EXPLANATION not in html
    assert "correct" not in html.lower().replace("correctly", "")
    assert "right" not in html.lower().replace("copyright", "")
    assert 'type="hidden"' not in html.replace('type="hidden" name="csrfmiddlewaretoken"', "")
    # The option values are the options' own ids, which say nothing of correctness: the right
    # and wrong ones look alike, and both appear.
    secret = next(q for q in attempt.questions if q["question"] == SECRET_QUESTION)
    for option in secret["options"]:
        assert f'value="{option["id"]}"' in html
    # The pages around it never carry the bank at all.
    for path in (secret_module.url, secret_module.url + "lessons/1/", secret_module.url + "check/"):
        page = learner_client.get(path).content.decode()
        assert SECRET_QUESTION not in page and SECRET_RIGHT not in page


def test_the_read_api_never_carries_the_bank(client, learner_client, secret_module):
    for c in (client, learner_client):
        listing = c.get("/api/v2/pages/", {"type": "training.ModulePage", "fields": "*"})
        assert listing.status_code == 200
        detail = c.get(f"/api/v2/pages/{secret_module.pk}/")
        assert detail.status_code == 200
        for response in (listing, detail):
            body = response.content.decode()
            assert "Marmalade lesson" in body
            for secret in (SECRET_QUESTION, SECRET_RIGHT, SECRET_EXPLANATION, '"questions"'):
                assert secret not in body
        asked = c.get(f"/api/v2/pages/{secret_module.pk}/", {"fields": "questions"})
        assert asked.status_code == 400


def test_search_finds_lessons_at_their_screen_and_never_the_bank(client, secret_module):
    found = client.get("/api/v2/search/", {"q": "marmalade"}).json()
    urls = [r["url"] for r in found["results"]]
    assert f"{secret_module.url}lessons/1/#marmalade-lesson" in urls, urls
    tangerine = client.get("/api/v2/search/", {"q": "tangerine"}).json()
    assert f"{secret_module.url}lessons/2/#tangerine-lesson" in [
        r["url"] for r in tangerine["results"]
    ]
    for words in ("quokka", "zebrawood", "velvet"):
        response = client.get("/api/v2/search/", {"q": words}).json()
        assert response["results"] == [], words
        page = client.get("/search/", {"q": words}).content.decode()
        assert SECRET_RIGHT not in page


def test_the_lesson_screen_has_the_anchor_search_links_to(client, secret_module):
    html = client.get(f"{secret_module.url}lessons/1/").content.decode()
    assert 'id="marmalade-lesson"' in html


def test_the_sitemap_lists_the_module_and_nothing_of_its_bank(client, secret_module):
    body = client.get("/sitemap.xml").content.decode()
    assert secret_module.url in body
    for secret in (SECRET_QUESTION, SECRET_RIGHT, "check/", "results/"):
        assert secret not in body


def test_the_demo_modules_are_found_by_their_lessons(client):
    found = client.get(
        "/api/v2/search/", {"q": "ordinary agency management", "kind": "training"}
    ).json()
    assert any("/training/mappa-essentials/lessons/" in r["url"] for r in found["results"])
    # A demo question's wording is not in the lessons and is not found.
    found = client.get("/api/v2/search/", {"q": "Pharmacies trade associations"}).json()
    assert not any("/training/" in r["url"] for r in found["results"])
