"""MAPPA vocabulary from the glossary: groups of words that mean the same thing.

Each GlossaryTerm gives one group: the term, its synonyms, and, for an acronym, the expansion its
meaning starts with ("RSO" -> "Registered sexual offender"). Both engines use the same groups:
the database engines expand the query with them, Elasticsearch gets them as a synonym_graph.
"""

import re
import time
from dataclasses import dataclass, field

from django.core.cache import cache

from . import text as analysis

MINOR_WORDS = frozenset({"of", "and", "the", "to", "for", "in", "on", "with"})
CACHE_KEY = "portal_search:glossary_version"
LOCAL_TTL = 60.0  # seconds a process keeps its copy when another process edits the glossary


def _initials_match(letters, words, start=0, depth=0, memo=None):
    """How many meaning words, from `start`, spell exactly `letters`; None if no prefix does."""
    if memo is None:
        memo = {}
    key = (len(letters), start)
    if key in memo:
        return memo[key]
    result = None
    if not letters:
        result = start if start > 0 else None
    elif start < len(words) and depth < 12:
        word = words[start]
        parts = analysis.word_parts(word)
        options = []
        if word.isupper() and len(word) > 1 and letters.startswith(word.lower()):
            options.append(len(word))
        if len(parts) > 1 and letters.startswith("".join(p[0].lower() for p in parts)):
            options.append(len(parts))
        if letters[0] == word[0].lower():
            options.append(1)
        for used in options:
            found = _initials_match(letters[used:], words, start + 1, depth + 1, memo)
            if found is not None:
                result = found
                break
        if result is None and start > 0 and word.lower() in MINOR_WORDS:
            result = _initials_match(letters, words, start + 1, depth + 1, memo)
    memo[key] = result
    return result


def acronym_expansion(acronym, meaning):
    """The words at the start of `meaning` whose initials spell `acronym`, or None.

    Mixed-case acronyms use their capitals ("RoSH" -> "Risk of Serious Harm").
    """
    acronym = acronym.strip()
    if not re.fullmatch(r"[A-Za-z]{2,8}", acronym) or sum(c.isupper() for c in acronym) < 2:
        return None
    letters = acronym if acronym.isupper() else "".join(c for c in acronym if c.isupper())
    segment = re.split(r"[:(,;.]| \u2014 | - ", meaning, maxsplit=1)[0]
    words = analysis.words(segment)
    end = _initials_match(letters.lower(), words)
    if end is None:
        return None
    return " ".join(words[:end])


def _names(term):
    term = re.sub(r"\([^)]*\)", "", term).strip()
    return [name.strip() for name in term.split("/") if name.strip()]


def group_for(term, meaning, synonyms):
    """The surface phrases of one glossary entry, the term first."""
    names = _names(term)
    meanings = [m.strip() for m in meaning.split(" / ")] if len(names) > 1 else [meaning]
    members = list(names)
    for i, name in enumerate(names):
        expansion = acronym_expansion(name, meanings[i] if len(meanings) == len(names) else meaning)
        if expansion:
            members.append(expansion)
    members.extend(s.strip() for s in synonyms.split(",") if s.strip())
    seen, out = set(), []
    for member in members:
        key = tuple(analysis.tokens(member))
        if key and key not in seen:
            seen.add(key)
            out.append(member)
    return out


@dataclass
class Vocabulary:
    """Glossary groups, indexed by the token sequence of each member for query expansion."""

    groups: list = field(default_factory=list)
    by_member: dict = field(default_factory=dict)
    longest: int = 0

    @classmethod
    def from_groups(cls, groups):
        vocabulary = cls(groups=[list(g) for g in groups])
        for number, group in enumerate(vocabulary.groups):
            for member in group:
                key = tuple(analysis.tokens(member))
                vocabulary.by_member.setdefault(key, set()).add(number)
                vocabulary.longest = max(vocabulary.longest, len(key))
        return vocabulary

    def alternatives(self, key):
        """Every phrase (as tokens) meaning the same as the phrase `key`, or None."""
        numbers = self.by_member.get(key)
        if not numbers:
            return None
        phrases = []
        for number in sorted(numbers):
            for member in self.groups[number]:
                phrase = tuple(analysis.tokens(member))
                if phrase not in phrases:
                    phrases.append(phrase)
        return phrases

    def surface_alternatives(self, key):
        """The members (as written in the glossary) of every group holding the phrase `key`."""
        members = []
        for number in sorted(self.by_member.get(key, ())):
            members.extend(m for m in self.groups[number] if m not in members)
        return members

    def synonym_rules(self):
        """Solr-format equivalence rules for an Elasticsearch synonym_graph filter."""
        rules = []
        for group in self.groups:
            cleaned = [re.sub(r"[,=>#\\]", " ", m).strip() for m in group]
            cleaned = [" ".join(m.split()) for m in cleaned if m]
            if len(cleaned) > 1:
                rules.append(", ".join(cleaned))
        return rules


def glossary_groups():
    from portal.core.models import GlossaryTerm

    rows = GlossaryTerm.objects.values_list("term", "meaning", "synonyms")
    return [group for group in (group_for(*row) for row in rows) if group]


_local = {"vocabulary": None, "version": None, "loaded": 0.0}


def current_vocabulary():
    """The glossary vocabulary, rebuilt when the glossary changes (or at most a minute late
    in another process whose cache is not shared)."""
    version = cache.get(CACHE_KEY)
    now = time.monotonic()
    if (
        _local["vocabulary"] is None
        or _local["version"] != version
        or now - _local["loaded"] > LOCAL_TTL
    ):
        _local.update(
            vocabulary=Vocabulary.from_groups(glossary_groups()), version=version, loaded=now
        )
    return _local["vocabulary"]


def glossary_changed():
    """Make every process rebuild its vocabulary on its next search."""
    cache.set(CACHE_KEY, time.time_ns(), None)
    _local["vocabulary"] = None
