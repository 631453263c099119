"""A reader's query turned into what every engine needs: required clauses of alternatives.

"who calls a level 2 meeting" becomes call AND ("level 2" OR "l2" OR "mapp meeting" OR ...):
stop words outside glossary phrases are dropped, glossary phrases become groups of synonyms,
hyphenated words match both split and joined. Nothing the reader types is ever engine syntax:
clauses hold tokens of letters and digits only.
"""

from dataclasses import dataclass, field

from . import text as analysis

MAX_QUERY_LENGTH = 200
MAX_WORDS = 32
MAX_CLAUSES = 12
MAX_ALTERNATIVES = 24


@dataclass(frozen=True)
class Clause:
    """One thing the result must contain, as any of several phrases of index tokens."""

    text: str
    alternatives: tuple
    from_glossary: bool = False
    # The same alternatives as the reader would write them, for engines that analyse text
    # themselves (Elasticsearch): the clause's own words, or the glossary group's members.
    surfaces: tuple = ()


@dataclass
class QueryPlan:
    text: str
    clauses: list = field(default_factory=list)
    phrases: tuple = ()  # what the highlighter marks
    es_text: str = ""

    @property
    def empty(self):
        return not self.clauses


def clean_query(raw):
    """(query, truncated): control characters removed, whitespace collapsed, length capped."""
    query = " ".join(analysis.clean(raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH].rstrip(), True
    return query, False


def build_plan(query, vocabulary):
    surface = analysis.words(query)[:MAX_WORDS]
    # One entry per index token: (token, index of the surface word it came from).
    sequence = []
    for number, word in enumerate(surface):
        sequence.extend((token, number) for token in analysis.tokens(word))

    clauses, stop_clauses, es_words = [], [], []
    i = 0
    while i < len(sequence) and len(clauses) < MAX_CLAUSES:
        matched = None
        for length in range(min(vocabulary.longest, len(sequence) - i), 0, -1):
            key = tuple(token for token, _ in sequence[i : i + length])
            phrases = vocabulary.alternatives(key)
            if phrases:
                matched = (length, phrases)
                break
        if matched:
            length, phrases = matched
            first, last = sequence[i][1], sequence[i + length - 1][1]
            words_text = " ".join(surface[first : last + 1])
            key = tuple(token for token, _ in sequence[i : i + length])
            surfaces = {}
            for member in [words_text, *vocabulary.surface_alternatives(key)]:
                surfaces.setdefault(member.casefold(), member)
            surfaces = tuple(surfaces.values())
            clauses.append(
                Clause(
                    words_text, tuple(phrases[:MAX_ALTERNATIVES]), True, surfaces[:MAX_ALTERNATIVES]
                )
            )
            es_words.append(words_text)
            i += length
            continue
        number = sequence[i][1]
        word = surface[number]
        width = sum(1 for _, n in sequence[i:] if n == number)
        parts = tuple(token for token, _ in sequence[i : i + width])
        alternatives = [parts]
        if len(parts) > 1:
            alternatives.append((analysis.stem("".join(analysis.word_parts(word))),))
        clause = Clause(word, tuple(alternatives), surfaces=(word,))
        if any(c.alternatives == clause.alternatives for c in clauses):
            pass  # the same word twice adds nothing
        elif analysis.is_stopword(word):
            stop_clauses.append(clause)
        else:
            clauses.append(clause)
            es_words.append(word)
        i += width

    only_stop_words = not clauses
    if only_stop_words:  # a query of stop words only ("who is the") still searches for them
        clauses = stop_clauses[:MAX_CLAUSES]
        es_words = [c.text for c in clauses]
    phrases = tuple(
        dict.fromkeys(
            phrase
            for clause in clauses
            for phrase in clause.alternatives
            if only_stop_words or not (len(phrase) == 1 and phrase[0] in analysis.STOPWORDS)
        )
    )
    return QueryPlan(query, clauses, phrases, " ".join(es_words))
