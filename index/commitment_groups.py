"""Group commitment statements from many letters into commitments (toezeggingen) with a timeline.

A toezegging is given once — in a letter or a debate of a date — and later
letters restate it, report on it or close it. Each extracted statement
(``ingest.extract.commitments``) is one mention; this module decides which
mentions are about the same commitment, and why:

1. explicit evidence first: the same origin (a letter or a debate, on the same
   date: "de brief van 16 november jl." and "de kamerbrief … van 16 november
   2020"), or the same Kamerstuk in a footnote (the origin letter cited by
   both, or a later letter citing the letter the commitment was made in);
2. then similarity of what is promised (stemmed content words, the origin
   clause and the words every commitment shares left out), at or above
   ``SIMILARITY_THRESHOLD``, measured on ``eval/data/gold_commitments.json``
   (``python -m eval.commitments``).

Two mentions are never joined when their origins are known and differ (a
commitment is given once), nor when both are made in the same letter (one letter
promising two things made two commitments). Joins that would put such a pair
into one group are refused, so the rules hold for every pair of a group.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.dutch import content_words, stem as stem_words

Stemmer = Callable[[Sequence[str]], list[str]]

# Chosen on the gold list (eval/data/gold_commitments.json, `python -m eval.commitments`): precision
# first, then recall, then the most cautious (highest) threshold reaching both.
SIMILARITY_THRESHOLD = 0.16

# Words of the commitment formula itself, not of what is promised.
_FORMULA = frozenset("""
toezegging toezeggingen toegezegd toegezegde toezeggen zeg zegt toe aangekondigd aangekondigde
kamer uw u brief kamerbrief brieven debat informeren rapporteren nader hierbij hiermee zoals
jl eerder genoemd genoemde minister staatssecretaris kabinet ambtsvoorganger invulling geef
afgedaan voldaan beschouw benoemde tevens deze dit die
""".split())
_DEBATE_RE = re.compile(r"debat|behandeling|overleg|aanbieding", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """One extracted commitment statement (one mention), as the registry stores it."""

    id: str
    source: str
    date: str  # the letter's date
    ordinal: int
    kind: str  # "given" | "made"
    status: str
    text: str
    given_at: str
    given_on: str
    refs: tuple[str, ...] = ()  # Kamerstuk ids its footnotes cite
    letter_kamerstuk: str = ""  # the letter's own Kamerstuk id ("25883-419")

    @property
    def origin(self) -> tuple[str, str] | None:
        """(kind of occasion, date) where it was given: ("brief", "2020-11-16"), ("debat", …)."""
        if not self.given_on:
            return None
        occasion = "debat" if self.given_at and _DEBATE_RE.search(self.given_at) else "brief"
        return occasion, self.given_on


@dataclass
class Group:
    """Mentions of one commitment, in timeline order, with the reason each one joined."""

    members: list[Statement]
    reasons: dict[str, str] = field(default_factory=dict)  # statement id → why it is in the group


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    reason: str
    strength: float  # explicit evidence 2.0 and up; similarity its score


def promise_words(statement: Statement, stem: Stemmer) -> frozenset[str]:
    """The stems of what is promised: content words minus the formula and the origin clause."""
    text = statement.text
    if statement.given_at:
        text = text.replace(statement.given_at, " ")
    words = [w for w in content_words(text) if w.lower() not in _FORMULA and not w.isdigit()]
    return frozenset(stem(words))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of two promises: shared stems over the smaller set (a short restatement of a
    long promise still matches), damped when only one or two stems are shared."""
    shared = len(a & b)
    if not shared:
        return 0.0
    return shared / min(len(a), len(b)) * min(1.0, shared / 3)


def cannot_link(a: Statement, b: Statement) -> bool:
    """Whether two mentions are certainly different commitments."""
    if a.kind == "made" and b.kind == "made" and a.source == b.source:
        return True
    if a.source == b.source and a.kind != b.kind:
        return True
    return a.origin is not None and b.origin is not None and a.origin != b.origin


def explicit_link(a: Statement, b: Statement) -> str | None:
    """The explicit evidence that two mentions are about one commitment, as a reason; or None."""
    if a.origin is not None and a.origin == b.origin and not (a.kind == b.kind == "made"):
        occasion, day = a.origin
        return f"same origin: {'debate' if occasion == 'debat' else 'letter'} of {day}"
    shared = [r for r in a.refs if r in b.refs]
    if shared:
        return f"same Kamerstuk in a footnote: {shared[0]}"
    for later, earlier in ((a, b), (b, a)):
        if earlier.kind == "made" and earlier.letter_kamerstuk and earlier.letter_kamerstuk in later.refs:
            return f"cites the letter it was made in: Kamerstuk {earlier.letter_kamerstuk}"
    return None


def _candidate_pairs(statements: Sequence[Statement],
                     words: dict[str, frozenset[str]]) -> set[tuple[int, int]]:
    """Index pairs that share an origin, a footnote Kamerstuk or a promised word (blocking, so a
    large registry is not compared all against all)."""
    keys: dict[tuple, list[int]] = {}
    for i, s in enumerate(statements):
        own = [("origin", s.origin)] if s.origin else []
        own += [("ref", r) for r in s.refs]
        if s.kind == "made" and s.letter_kamerstuk:
            own.append(("ref", s.letter_kamerstuk))
        own += [("word", w) for w in words[s.id]]
        for key in own:
            keys.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in keys.values():
        if len(members) > 200:  # a word nearly every commitment shares links nothing
            continue
        pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:] if a != b)
    return pairs


def candidate_links(statements: Sequence[Statement], threshold: float = SIMILARITY_THRESHOLD,
                    stem: Stemmer = stem_words) -> list[Link]:
    """Every allowed link, explicit evidence first, then similarity (strongest first)."""
    words = {s.id: promise_words(s, stem) for s in statements}
    links: list[Link] = []
    for i, j in sorted(_candidate_pairs(statements, words)):
        a, b = statements[i], statements[j]
        if cannot_link(a, b):
            continue
        reason = explicit_link(a, b)
        if reason:
            links.append(Link(a.id, b.id, reason, 2.0 + similarity(words[a.id], words[b.id])))
            continue
        if a.source == b.source:
            continue  # one letter's separate statements join only on explicit evidence
        score = similarity(words[a.id], words[b.id])
        if score >= threshold:
            shared = sorted(words[a.id] & words[b.id])[:6]
            links.append(Link(a.id, b.id, f"similar promise ({score:.2f}: {', '.join(shared)})", score))
    return sorted(links, key=lambda link: (-link.strength, link.a, link.b))


def timeline_key(s: Statement) -> tuple:
    return (s.date, s.source, s.ordinal)


def group_statements(statements: Sequence[Statement], threshold: float = SIMILARITY_THRESHOLD,
                     stem: Stemmer = stem_words) -> list[Group]:
    """The commitments: statements joined along the strongest allowed links, never across a
    cannot-link; each group's mentions in timeline order (letter date, source, position)."""
    by_id = {s.id: s for s in statements}
    cluster: dict[str, set[str]] = {s.id: {s.id} for s in statements}
    accepted: list[Link] = []
    for link in candidate_links(statements, threshold, stem):
        left, right = cluster[link.a], cluster[link.b]
        if left is right or any(cannot_link(by_id[x], by_id[y]) for x in left for y in right):
            continue
        merged = left | right
        for member in merged:
            cluster[member] = merged
        accepted.append(link)
    groups, seen = [], set()
    for s in sorted(statements, key=timeline_key):
        members = cluster[s.id]
        if id(members) in seen:
            continue
        seen.add(id(members))
        ordered = sorted((by_id[m] for m in members), key=timeline_key)
        groups.append(Group(ordered, _reasons(ordered, accepted)))
    return groups


def _reasons(ordered: list[Statement], accepted: list[Link]) -> dict[str, str]:
    """Why each mention is in its group: the strongest accepted link to an earlier mention
    (else to any mention of the group); the first mention opens the group."""
    rank = {m.id: i for i, m in enumerate(ordered)}
    why = {ordered[0].id: "first mention"}
    for m in ordered[1:]:
        touching = [link for link in accepted if m.id in (link.a, link.b)
                    and link.a in rank and link.b in rank]
        earlier = [link for link in touching if rank[link.b if link.a == m.id else link.a] < rank[m.id]]
        best = (earlier or touching)[0] if touching else None  # accepted is strongest first
        why[m.id] = best.reason if best else ""
    return why
