"""Finding expressions: every family's pattern over each sentence,
overlaps settled longest first, neighbours linked ("9 May and 2
June 2001", "1992 – October 1994", "9 a.m. Tuesday")."""

from __future__ import annotations

import bisect
import re

from pipeline.dates.anchoring import Candidate
from pipeline.dates.families import FAMILIES, grammar

_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_LINKS = re.compile(r"^\s*(?:,|and|or|to|until|till|through|thru|-|–|—|and\s+on|or\s+on)?\s*$", re.I)
_RANGE_LINKS = re.compile(r"^\s*(?:-|–|—|to|until|till|through|thru|and)\s*$", re.I)
_CLOCK_TO_DAY = re.compile(r"\s*(?:[ECMP][SD]T|GMT|UTC)?\s*,?\s*")
# "at 09:30 on 14 May", "8:20 a.m. (0620 GMT) Friday": two expressions,
# the time on that day.
_CLOCK_ON_DAY = re.compile(r"\s*(?:[ECMP][SD]T|GMT|UTC)?\s*,?\s*(?:on\s+|\([^()\n]{1,20}\)\s*,?\s*(?:on\s+)?)", re.I)
_NO_YEAR = {"dm", "md", "month", "weekday"}
_WITH_YEAR = {"dmy", "mdy", "my", "numeric", "iso"}
_DAY_RULES = {"dm", "md", "dmy", "mdy", "weekday", "deictic", "iso", "numeric"}
_CLOCK_RULES = {"clock", "clock24", "noon"}
_NOT_RANGE_ENDS = {"duration", "set_every", "reference"}


def candidates(text: str, sentence_spans: list[tuple[int, int]]) -> list[Candidate]:
    """Every expression the grammar finds, one per stretch of text."""
    found = []
    for sent_index, (s_start, s_end) in enumerate(sentence_spans):
        found.extend(_in_sentence(text[s_start:s_end], s_start, sent_index))
    return _link_neighbours(text, _select(found))


def _in_sentence(sentence: str, offset: int, sent_index: int) -> list[Candidate]:
    """Matches of the families whose key words (or digits) the sentence holds."""
    rules = grammar()
    wanted = set(rules.digit_families) if _DIGIT.search(sentence) else set()
    for word in _WORD.findall(sentence.lower()):
        wanted.update(rules.keyed.get(word, ()))
    found = []
    for priority in sorted(wanted):
        family = FAMILIES[priority]
        for match in rules.patterns[priority].finditer(sentence):
            if match.end() == match.start():
                continue
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            if "day" in groups and not 1 <= int(groups["day"]) <= 31:
                continue
            if family.check and not family.check(groups, sentence, match):
                continue
            rule, start, end = family.name, offset + match.start(), offset + match.end()
            if family.reshape:
                rule, start, end = family.reshape(rule, groups, match, start, end)
            found.append(Candidate(start, end, rule, groups, priority, sent_index))
    return found


def _select(found: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates (ties: the earlier family)."""
    found.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken: list[Candidate] = []
    occupied: list[tuple[int, int]] = []
    for cand in found:
        i = bisect.bisect_left(occupied, (cand.start, cand.start))
        clash = (i < len(occupied) and occupied[i][0] < cand.end) or (i > 0 and occupied[i - 1][1] > cand.start)
        if not clash:
            bisect.insort(occupied, (cand.start, cand.end))
            taken.append(cand)
    taken.sort(key=lambda c: (c.start, c.end))
    return taken


def _link_neighbours(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Coordinated and ranged expressions share what only one of them states
    ("9 May and 2 June 2001"); a clock time followed by its day is
    one expression ("9 a.m. Tuesday"), or two linked by "on" or parted by
    a bracket ("09:30 on 14 May", "8:20 a.m. (0620 GMT) Friday"), the
    time taking that day; a range's two ends share a range_id."""
    out: list[Candidate] = []
    range_count = 0
    for cand in cands:
        if out:
            prev = out[-1]
            gap = text[prev.end:cand.start]
            # "5 p.m. Wednesday": sentence splitting may cut after "p.m."
            if prev.rule in _CLOCK_RULES and cand.rule in _DAY_RULES and _CLOCK_TO_DAY.fullmatch(gap):
                prev.end, prev.merged_day = cand.end, cand
                continue
            if prev.rule in _CLOCK_RULES and cand.rule in _DAY_RULES and _CLOCK_ON_DAY.fullmatch(gap):
                prev.merged_day = cand
            if prev.sent_index == cand.sent_index:
                range_count = _link_pair(text, prev, cand, gap, range_count)
        out.append(cand)
    return out


def _link_pair(text: str, prev: Candidate, cand: Candidate, gap: str, range_count: int) -> int:
    """Share a stated year, or make the pair a range; return the ranges counted."""
    if prev.rule in _NO_YEAR and cand.rule in _WITH_YEAR and _LINKS.match(gap):
        prev.year_from_next = int(cand.groups["year"]) if "year" in cand.groups else None
    if _RANGE_LINKS.match(gap) and prev.rule not in _NOT_RANGE_ENDS and cand.rule not in _NOT_RANGE_ENDS:
        ranged = gap.strip().lower() != "and" or text[max(0, prev.start - 8):prev.start].lower().rstrip().endswith("between")
        if ranged:
            range_count += 1
            prev.range_id = prev.range_id or f"R{range_count}"
            prev.range_role = prev.range_role or "start"
            cand.range_id, cand.range_role = prev.range_id, "end"
    return range_count
