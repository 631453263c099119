"""Text analysis and highlighting: the same tokens for index and query, and snippets that can
never carry markup from the content or the query."""

from search import text
from search.plan import build_plan, clean_query
from search.vocabulary import Vocabulary


def test_hyphenated_words_match_split_and_joined():
    assert text.tokens("duty to co-operate") == ["duti", "to", "co", "oper"]
    assert text.joined_forms("duty-to-co-operate") == [
        text.stem("dutytocooperate"),
        text.stem("dutyto"),
        text.stem("toco"),
        text.stem("cooperate"),
    ]
    assert text.stem("cooperate") in text.word_keys("co-operate")


def test_folding_and_stemming_are_shared():
    assert text.tokens("Café SHARING") == text.tokens("cafe share")
    assert text.tokens("children's") == ["children"]
    assert text.tokens("offenders") == text.tokens("offender")


def test_highlight_escapes_content_and_marks_matches():
    body = 'Use <script>alert("x")</script> & share information lawfully.'
    html = str(text.highlight(body, [(text.stem("share"),), (text.stem("script"),)]))
    assert "<script>" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "&amp;" in html
    assert "<mark>share</mark>" in html


def test_highlight_picks_the_window_with_the_matches():
    body = " ".join(["filler"] * 200) + " the level 3 meeting decides " + " ".join(["after"] * 100)
    html = str(text.highlight(body, [("level", "3", "meet")]))
    assert html.startswith("\u2026 ")
    assert "<mark>level 3 meeting</mark>" in html
    assert html.endswith("\u2026")


def test_highlight_marks_whole_phrases_only():
    body = "At level 2 several agencies meet; level 3 brings senior staff. Duty to co-operate."
    html = str(text.highlight(body, [("level", "3"), ("duti", "to", "co", "oper")]))
    assert "<mark>level 3</mark>" in html
    assert "<mark>level</mark> 2" not in html and "<mark>meet" not in html
    assert "<mark>Duty to co-operate</mark>" in html
    joined = str(text.highlight(body, [(text.stem("cooperate"),)]))
    assert "<mark>co-operate</mark>" in joined


def test_a_lone_number_or_letter_is_never_marked_on_its_own():
    body = "Category 1 offenders are RSOs. Cat 1 also. Part 1 applies, 1 in 3, and a plan."
    phrases = [(text.stem("category"), "1"), ("cat", "1"), ("1",), ("a",), (text.stem("RSOs"),)]
    html = str(text.highlight(body, phrases))
    assert "<mark>Category 1</mark>" in html and "<mark>Cat 1</mark>" in html
    assert "<mark>RSOs</mark>" in html
    assert "Part 1 applies, 1 in 3, and a plan." in html  # no lone "1" or "a" marked
    assert html.count("<mark>") == 3


def test_engine_fragments_mark_phrases_not_lone_numbers():
    fragment = "\x01Category\x02 \x011\x02: see Part \x011\x02 and \x01a\x02 plan"
    html = str(text.marked_to_html(fragment))
    assert html == "<mark>Category 1</mark>: see Part 1 and a plan"


def test_engine_fragments_are_escaped_before_marks_go_in():
    fragment = "a <b>bold</b> \x01claim\x02"
    assert str(text.marked_to_html(fragment)) == "a &lt;b&gt;bold&lt;/b&gt; <mark>claim</mark>"
    assert "<mark>" not in str(text.marked_to_html("unbalanced \x01mark"))


def test_control_characters_are_removed_from_queries():
    assert clean_query("level\x00 3\x01\x02") == ("level 3", False)
    query, truncated = clean_query("x" * 10_000)
    assert truncated and len(query) == 200


def test_query_syntax_is_plain_text():
    plan = build_plan('title:"x" OR NEAR(a b) * AND -- ; DROP TABLE', Vocabulary())
    tokens = {t for clause in plan.clauses for phrase in clause.alternatives for t in phrase}
    assert all(token.isalnum() for token in tokens)
    assert "or" not in tokens and "and" not in tokens  # stop words, not operators
