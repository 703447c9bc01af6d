"""Where from: places the gazetteer knows, read as the launch origin only when the words make it one.

A place after "into", "landed", "fell", "toward", "over" or belonging to Japan is an impact area,
and one named to locate another ("about 25 km from Sunan", "north of Pyongyang", "home to the
Sohae base") a reference point: neither is an origin. Of several origins the most precise wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from splashdown import sites
from splashdown.vocabulary import precision_rank


@dataclass(frozen=True)
class Origin:
    text: str
    site_id: str
    name: str
    lat: float
    lon: float
    precision: str

_IMPACT_CUE = re.compile(
    r"\b(?:into|landed|landing|fell|falling|toward|towards|splash(?:ed)? down|over|impact|hit|struck|Japan's|"
    r"of Japan|Japanese)\b", re.I)
# "about 25 km from Sunan", "north of Pyongyang", "home to the Sohae base": a place to find the origin by.
_REFERENCE_POINT = re.compile(
    r"\b(?:km|kilomet(?:er|re)s?|miles?)(?: \([^)]*\))? (?:away )?(?:from|of)\b|\b(?:north|south|east|west|"
    r"northeast|northwest|southeast|southwest|northern|southern|eastern|western)(?:-\w+)?(?:ward)? of\b|"
    r"\bnot far from\b|\bclose to\b|\bhome (?:to|of)\b|\bthe same (?:area|site|base) as\b", re.I)
_STRONG_ORIGIN_CUE = re.compile(r"\b(?:from|launched|fired)\b", re.I)
_ORIGIN_CUE = re.compile(r"\b(?:from|near|in|at|area of|around|off|outside|vicinity of|launched|fired)\b", re.I)


def origin_in(clause: str) -> Origin | None:
    candidates: list[Origin] = []
    for place in sites.find_all(clause):
        if _is_origin(clause[max(0, place.start - 40) : place.start]):
            candidates.append(_as_origin(place, clause))
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: precision_rank(candidate.precision))


def _is_origin(before: str) -> bool:
    """Whether the words before a place make it where the missile left, not where it fell or a landmark."""
    references = list(_REFERENCE_POINT.finditer(before))
    if references and not _STRONG_ORIGIN_CUE.search(before, references[-1].end()):
        return False
    origins = list(_ORIGIN_CUE.finditer(before))
    if not origins or len(before) - origins[-1].end() > 30:
        return False
    origin = origins[-1]
    impacts = [match for match in _IMPACT_CUE.finditer(before) if match.start() < len(before)]
    if not impacts:
        return True
    impact = impacts[-1]
    if impact.start() > origin.start():
        return False
    between = before[impact.end() : origin.start()]
    return origin.group(0).lower() in {"from", "launched", "fired"} or len(between.split()) > 3


def _as_origin(place: sites.SiteMatch, clause: str) -> Origin:
    return Origin(
        text=clause[place.start : place.end],
        site_id=place.site_id,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        precision=place.precision,
    )
