"""MAPPA vocabulary from the glossary: acronyms both ways, synonym groups, query plans."""

import pytest

from portal.core.models import GlossaryTerm
from search.plan import build_plan
from search.vocabulary import (
    Vocabulary,
    acronym_expansion,
    current_vocabulary,
    glossary_changed,
    group_for,
)


@pytest.mark.parametrize(
    ("acronym", "meaning", "expected"),
    [
        (
            "RSO",
            'Registered sexual offender (on the "sex offender register")',
            "Registered sexual offender",
        ),
        ("DTC", "Duty to co-operate: bodies that must co-operate", "Duty to co-operate"),
        ("RoSH", "Risk of Serious Harm classification", "Risk of Serious Harm"),
        (
            "HMPPS",
            "HM Prison and Probation Service (agency of MoJ)",
            "HM Prison and Probation Service",
        ),
        (
            "MARAC",
            "Multi-Agency Risk Assessment Conference for domestic abuse",
            "Multi-Agency Risk Assessment Conference",
        ),
        ("UKVI", "UK Visas and Immigration (Home Office)", "UK Visas and Immigration"),
        ("MAPPA", "Statutory arrangements for police and probation", None),
        ("Level 1", "Ordinary agency management", None),
    ],
)
def test_acronym_expansion_from_the_meaning(acronym, meaning, expected):
    assert acronym_expansion(acronym, meaning) == expected


def test_a_glossary_entry_is_one_group():
    assert group_for(
        "YOT / YJS", "Youth Offending Team / Youth Justice Service (a DTC agency)", "YOS"
    ) == ["YOT", "YJS", "Youth Offending Team", "Youth Justice Service", "YOS"]


def test_synonym_rules_for_elasticsearch_are_safe_lines():
    vocabulary = Vocabulary.from_groups([["DTC", "duty to co-operate", "a => b, c"]])
    assert vocabulary.synonym_rules() == ["DTC, duty to co-operate, a b c"]


@pytest.mark.django_db
def test_the_glossary_drives_query_expansion_both_ways():
    vocabulary = current_vocabulary()
    rso = build_plan("RSO", vocabulary).clauses[0].alternatives
    assert ("regist", "sexual", "offend") in rso
    back = build_plan("registered sexual offender", vocabulary).clauses[0].alternatives
    assert ("rso",) in back
    l3 = build_plan("L3", vocabulary).clauses[0].alternatives
    assert ("level", "3") in l3
    dtc = build_plan("duty to cooperate", vocabulary).clauses[0].alternatives
    assert ("dtc",) in dtc and ("duti", "to", "co", "oper") in dtc


@pytest.mark.django_db
def test_plain_language_questions_keep_the_words_that_matter():
    plan = build_plan("who calls a level 2 meeting", current_vocabulary())
    assert [clause.text for clause in plan.clauses] == ["calls", "level 2 meeting"]


@pytest.fixture
def fresh_vocabulary():
    yield
    glossary_changed()  # the edit below is rolled back; so must the vocabulary be


@pytest.mark.django_db
def test_a_new_synonym_in_the_admin_is_used_at_once(search_urls, fresh_vocabulary):
    assert search_urls("zebrafinch") == []
    term = GlossaryTerm.objects.get(term="SMB")
    term.synonyms += ", zebrafinch"
    term.save()
    assert "/about/#smb" in search_urls("zebrafinch")[:3]
