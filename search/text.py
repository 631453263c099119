"""Text analysis shared by indexing, queries and highlighting on the database engines.

Words are case-folded, stripped of accents and stemmed (Snowball English) in Python, once, so
SQLite FTS5 and PostgreSQL match exactly the same tokens and the highlighter marks exactly what
matched. Hyphenated words are indexed both split ("co operate") and joined ("cooperate").
"""

import html
import re
import unicodedata

import snowballstemmer

from django.utils.safestring import mark_safe

HYPHENS = "-\u2010\u2011"
# A word: letters and digits, optionally joined by hyphens or apostrophes ("co-operate", "children's").
WORD_RE = re.compile(r"[^\W_]+(?:[" + HYPHENS + r"'\u2019][^\W_]+)*")
SPLIT_RE = re.compile(r"[" + HYPHENS + r"]")
# Characters that never belong in indexed text: controls (NUL included) and the highlight markers.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MARK_START, MARK_END = "\x01", "\x02"

STOPWORDS = frozenset(
    """a about above after again all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself me more most my no nor
    not of off on once only or other our ours out over own same she should so some such than that
    the their theirs them then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours""".split()
)

_stemmer = snowballstemmer.stemmer("english")
_stems = {}


def clean(text):
    """Text with control characters removed: what may be stored, shown or searched for."""
    return CONTROL_RE.sub("", text or "")


def _fold(word):
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in word if not unicodedata.combining(c)).replace("\u2019", "'")


def stem(word):
    """The index form of one word without hyphens: folded, stemmed, apostrophes dropped."""
    found = _stems.get(word)
    if found is None:
        if len(_stems) > 200_000:
            _stems.clear()
        found = _stemmer.stemWord(_fold(word)).replace("'", "")
        _stems[word] = found
    return found


def word_parts(word):
    return [part for part in SPLIT_RE.split(word) if part]


def word_keys(word):
    """Every index form a word can match: its parts' stems and, if hyphenated, the joined stem."""
    parts = word_parts(word)
    keys = {stem(p) for p in parts}
    if len(parts) > 1:
        keys.add(stem("".join(parts)))
    return keys


def tokens(text):
    """The spaced index tokens of text, in order: hyphenated words count as their parts."""
    out = []
    for word in WORD_RE.findall(text or ""):
        if SPLIT_RE.search(word):
            out.extend(stem(p) for p in word_parts(word))
        else:
            out.append(stem(word))
    return [t for t in out if t]


def joined_forms(text):
    """Joined stems of hyphenated words ("cooper" for co-operate), pairs of parts included."""
    out = []
    for word in WORD_RE.findall(text or ""):
        parts = word_parts(word)
        if len(parts) > 1:
            out.append(stem("".join(parts)))
            if len(parts) > 2:
                out.extend(stem(a + b) for a, b in zip(parts, parts[1:], strict=False))
    return out


def index_text(text):
    return " ".join(tokens(text))


def words(text):
    """The surface words of a query, in order."""
    return WORD_RE.findall(text or "")


def is_stopword(word):
    return _fold(word) in STOPWORDS


def escape(text):
    """What django.utils.html.escape() gives, as a plain str: the highlighter escapes a snippet
    word by word and marks the whole safe once."""
    return html.escape(text, quote=True)


def _positions(found):
    """One entry per index token of the words found: (forms it matches, number of its word)."""
    positions = []
    for number, match in enumerate(found):
        word = match.group()
        if not SPLIT_RE.search(word):
            positions.append(({stem(word)}, number))
            continue
        parts = word_parts(word)
        for k, part in enumerate(parts):
            forms = {stem(part)}
            if k == 0 and len(parts) > 1:
                forms.add(stem("".join(parts)))  # "cooperate" marks all of "co-operate"
            positions.append((forms, number))
    return positions


def matched_spans(found, phrases):
    """(first, last) word numbers of each occurrence of any phrase (tuples of tokens), overlaps
    merged. A lone number or single character ("1" of "Category 1") is never a match alone."""
    positions = _positions(found)
    starts = {}  # form -> the positions holding it, so each phrase is tried only where it can start
    for i, (forms, _) in enumerate(positions):
        for form in forms:
            starts.setdefault(form, []).append(i)
    spans = []
    for phrase in phrases:
        size = len(phrase)
        for i in starts.get(phrase[0], ()):
            if i + size <= len(positions) and all(
                phrase[k] in positions[i + k][0] for k in range(1, size)
            ):
                first, last = positions[i][1], positions[i + size - 1][1]
                if first == last and _too_slight(found[first].group()):
                    continue
                spans.append((first, last))
    merged = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _too_slight(word):
    """A bare number or single character: marked only as part of a longer phrase."""
    return word.isdigit() or len(word) < 2


def matched_words(found, phrases):
    """Numbers of the words that are part of an occurrence of any phrase (tuples of tokens)."""
    return {n for first, last in matched_spans(found, phrases) for n in range(first, last + 1)}


def highlight(text, phrases, max_words=40):
    """An HTML snippet of text around the best cluster of matches, with matches in <mark>.

    Only whole occurrences of the query's phrases are marked, each as one <mark> ("level 3",
    not every "level", nor a lone "3"). The text is escaped piece by piece and only our own
    <mark> tags are added, so neither the content nor the query can inject markup.
    """
    text = clean(text)
    found = list(WORD_RE.finditer(text))
    if not found:
        return mark_safe(escape(text[:300]))
    spans = matched_spans(found, phrases) if phrases else []
    hits = sorted({n for first, last in spans for n in range(first, last + 1)})
    start = 0
    if hits:
        best, best_count = hits[0], 0
        for i in hits:  # the window holding the most matches
            count = sum(1 for j in hits if i <= j < i + max_words)
            if count > best_count:
                best, best_count = i, count
        start = max(0, best - 6)
    end = min(len(found), start + max_words)
    starts = {first: last for first, last in spans}
    pieces = ["\u2026 " if start > 0 else ""]
    cursor = found[start].start()
    i = start
    while i < end:
        match = found[i]
        pieces.append(escape(text[cursor : match.start()]))
        last = starts.get(i)
        if last is None and i == start:  # a phrase cut by the window's start
            last = next((b for a, b in spans if a < i <= b), None)
        if last is not None:
            last = min(last, end - 1)
            pieces.append(f"<mark>{escape(text[match.start() : found[last].end()])}</mark>")
            cursor = found[last].end()
            i = last + 1
        else:
            pieces.append(escape(match.group()))
            cursor = match.end()
            i += 1
    tail = text[cursor:]
    if end < len(found):
        pieces.append(escape(tail[: found[end].start() - cursor].rstrip()) + " \u2026")
    else:
        pieces.append(escape(tail))
    return mark_safe("".join(pieces).strip())


MARKED_RE = re.compile(MARK_START + "([^" + MARK_START + MARK_END + "]*)" + MARK_END)
JOIN_MARKS_RE = re.compile(MARK_END + r"(\s+)" + MARK_START)


def _unmark_slight(match):
    inner = match.group(1)
    return inner if _too_slight(inner.strip()) else match.group(0)


def marked_to_html(fragment):
    """An engine's highlight fragment (matches between \\x01 and \\x02) as escaped HTML, with
    neighbouring marks joined into one phrase and a lone number or single character unmarked."""
    fragment = JOIN_MARKS_RE.sub(r"\1", fragment)  # "\x01Level\x02 \x013\x02" is one phrase
    fragment = MARKED_RE.sub(_unmark_slight, fragment)
    html = escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    if html.count("<mark>") != html.count("</mark>"):
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)
