"""How far, how high, how long: distances, altitudes and flight times with their units and bounds.

- A figure's bound is in its words: "about", "some", "around" make it approx; "at least", "more
  than", "over", "or more", "or higher" at least; "up to", "less than", "or less" at most;
  "between 400 and 500 km" and "400-500 km" a between. A bare number is exact.
- A parenthetical conversion is the same figure ("60 miles (100 kilometers)"): the metric one is
  kept. Compound durations are one figure ("2 hours 8 minutes" is 128 minutes).
- Not flight figures: distances of the impact point from a place ("250 km west of Oga"), times of
  hovering, burning or waiting ("hovered for about a minute"), the altitude where radar lost the
  missile ("lost track of it at 17 km"), and anything in metres (burst heights, accuracy, cruise
  altitudes). KCNA's "hit a target X km away" is the range it claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NUMBER_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_UNIT_RE = (r"nautical miles?|nmi|nm|kilomet(?:er|re)s?|km|miles?|mi|meters|metres|minutes?|mins?"
            r"|seconds?|secs?|hours?|hrs?")
_UNIT = rf"(?P<unit>{_UNIT_RE})"
_FIGURE = re.compile(
    rf"(?:(?P<low>{NUMBER_RE})\s*(?:-|to|and)\s*)?(?P<number>{NUMBER_RE})(?:\s*-\s*|\s+)?{_UNIT}\b"
    rf"(?=(?P<after>[^.;]{{0,40}}))", re.I)
_COMPOUND_TIME = re.compile(
    r"\b(?P<hours>\d+|an|one) hours? (?:and )?(?P<minutes>\d+) min(?:ute)?s?\b(?=(?P<after>[^.;]{0,40}))", re.I)
_TO_KM = {"km": 1.0, "kilometer": 1.0, "kilometre": 1.0, "mile": 1.609344, "mi": 1.609344,
          "nautical mile": 1.852}
_TO_MIN = {"minute": 1.0, "min": 1.0, "second": 1 / 60, "sec": 1 / 60, "hour": 60.0, "hr": 60.0}
_METRES = frozenset({"meter", "metre"})
_ALTITUDE_CUE = re.compile(
    r"(?:altitude|apogee|height|high as|peak(?:ed|ing)?|climb(?:ed|ing)?|soar(?:ed|ing)?|ceiling)\b[^.;]{0,25}$", re.I)
_RANGE_CUE = re.compile(
    r"(?:fl(?:ew|own|ying|y)|travel(?:l)?(?:ed|ing|s)?|covered|cover(?:ing)?|(?:range|distance) (?:of|at)|downrange|"
    r"went|flight of|journey of|reaching)\b[^.;]{0,25}$", re.I)
_TIME_CUE = re.compile(
    r"(?:\bfor|flight time of|flight of|lasting|lasted|taking|took|in the air for|flying for|"
    r"fl(?:ew|ying|ight)\b[^.;]{0,20}\bin)\b[^.;]{0,15}$", re.I)
_NOT_FLIGHT_TIME = re.compile(
    r"\b(?:hover(?:ed|ing|s)?|burn(?:ed|ing|s)?|engines?|thrust|boost(?:er|ed|ing)?|ignit\w*|stay(?:ed|ing)?|"
    r"remain(?:ed|ing)?|wait(?:ed|ing)?|delay(?:ed)?|held|meeting|talks|briefing|drill)\b[^.;]{0,25}$", re.I)
# "lost track of it at an altitude of 17 km": where radar lost the missile, not its apogee.
_TRACKING_LOST = re.compile(r"\b(?:lost (?:track|contact|sight)|disappeared|vanished|dropped off)\b", re.I)
_TARGET_BEFORE = re.compile(r"\b(?:hit|hitting|struck|strik(?:e|ing)|reach(?:ed|ing)?)\b[^.;]{0,40}\btargets?\b"
                            r"[^.;]{0,30}$", re.I)
# What stands between a figure and the same figure in other units: "500 km (over 300 miles)".
_CONVERSION = re.compile(r"\s*(?:\(|or|, or)\s*(?:about |some |roughly |around |over |more than |nearly |almost "
                         r"|approximately |at least )?")
_RANGE_AFTER = re.compile(r"^\s*-?long (?:course|route|flight|trajectory|path|distance|journey)\b", re.I)
_ALTITUDE_AFTER = re.compile(r"^\s*(?:high|in altitude|in height|altitude|into space|up)\b", re.I)
_LOCATION_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:off|from|away|short of|outside|inside|within|beyond|(?:north|south|east|west)"
    r"(?:-?(?:north|south)?(?:east|west)?)?(?:ward)? of|northeast of|northwest of|southeast of|southwest of)\b", re.I)
_AT_LEAST_BEFORE = re.compile(r"\b(?:at least|more than|over|in excess of|upwards of|exceeding|no less than|"
                              r"beyond|longer than|higher than)\s+(?:some |about |around )?$", re.I)
_AT_MOST_BEFORE = re.compile(r"\b(?:up to|less than|under|below|no more than|at most|shorter than|lower than)\s+"
                             r"(?:some |about |around )?$", re.I)
_APPROX_BEFORE = re.compile(r"\b(?:about|around|some|roughly|approximately|approx\.?|nearly|almost|an estimated|"
                            r"estimated|close to|circa|just over|just under|more or less)\s+$", re.I)
_AT_LEAST_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:or (?:more|higher|longer|greater|further|above)|-?plus\b)",
                             re.I)
_AT_MOST_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?or (?:less|lower|shorter|fewer)", re.I)


@dataclass(frozen=True)
class Figure:
    """One figure of this flight: ``value`` is None for a between, which has ``low`` and ``high``."""

    field: str
    value: float | None
    bound: str
    low: float | None = None
    high: float | None = None


def _unit(raw: str) -> str:
    unit = raw.lower()
    if unit.startswith("nautical") or unit in {"nm", "nmi"}:
        return "nautical mile"
    return unit.rstrip("s") if unit not in {"km"} else unit


def _minutes(duration: re.Match[str]) -> float:
    hours = 1 if duration.group("hours").lower() in {"an", "one"} else int(duration.group("hours"))
    return float(hours * 60 + int(duration.group("minutes")))


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def figures_in(clause: str) -> Iterator[Figure]:
    """Each figure of this flight in the clause, with its bound."""
    taken: list[tuple[int, int]] = []
    durations = list(_COMPOUND_TIME.finditer(clause))
    for index, match in enumerate(durations):
        if any(start <= match.start() < end for start, end in taken):
            continue
        taken.append(match.span())
        before = clause[max(0, match.start() - 45) : match.start()]
        if not _TIME_CUE.search(before) or _NOT_FLIGHT_TIME.search(before):
            continue
        minutes = _minutes(match)
        upper = durations[index + 1] if index + 1 < len(durations) else None
        if upper is not None and re.fullmatch(r"\s*(?:to|-|and)\s*", clause[match.end() : upper.start()]):
            taken.append(upper.span())
            yield Figure("flight_time_min", None, "between", minutes, _minutes(upper))
        else:
            yield Figure("flight_time_min", minutes, _bound(before, match.group("after")))
    matches = [m for m in _FIGURE.finditer(clause) if all(m.end() <= s or m.start() >= e for s, e in taken)]
    skip: set[int] = set()
    for index, match in enumerate(matches):
        if index in skip:
            continue
        unit = _unit(match.group("unit"))
        number = _number(match.group("number"))
        low = _number(match.group("low")) if match.group("low") else None
        joined_by = clause[match.start("low") : match.start("number")].strip()
        if low is not None and not (low < number and (joined_by != "and"
                                                      or re.search(r"between\s+$", clause[: match.start()], re.I))):
            low = None
        follower = matches[index + 1] if index + 1 < len(matches) else None
        if follower is not None and _CONVERSION.fullmatch(clause[match.end("unit") : follower.start()]):
            skip.add(index + 1)
            if _unit(follower.group("unit")) in {"km", "kilometer", "kilometre"} and unit not in _TO_MIN:
                unit, number = "km", _number(follower.group("number"))
                low = _number(follower.group("low")) if follower.group("low") and low is not None else None
        start = match.start("low") if low is not None else match.start()
        before = clause[max(0, start - 45) : start]
        after = (follower.group("after") if index + 1 in skip and follower else match.group("after")).lstrip(") ")
        bound = "between" if low is not None else _bound(before, after)
        if unit in _TO_MIN:
            cued = _TIME_CUE.search(before) or re.match(r"^\s*(?:of flight|in the air|flight)", after, re.I)
            if cued and not _NOT_FLIGHT_TIME.search(before):
                yield _figure("flight_time_min", number, bound, low, _TO_MIN[unit], 1)
            continue
        if unit in _METRES or unit not in _TO_KM:
            continue
        if _LOCATION_AFTER.match(after):
            if after.lstrip().lower().startswith("away") and _TARGET_BEFORE.search(before):
                yield _figure("range_km", number, bound, low, _TO_KM[unit], _digits(unit))
            continue
        altitude = _ALTITUDE_CUE.search(before)
        distance = _RANGE_CUE.search(before)
        if _ALTITUDE_AFTER.match(after) or (altitude and (not distance or altitude.start() > distance.start())):
            if _TRACKING_LOST.search(clause[: match.start()]):
                continue
            yield _figure("apogee_km", number, bound, low, _TO_KM[unit], _digits(unit))
        elif distance or _RANGE_AFTER.match(after):
            yield _figure("range_km", number, bound, low, _TO_KM[unit], _digits(unit))


def _digits(unit: str) -> int:
    """Kilometres as stated (KCNA's "2,111.5 km"); a conversion from miles to the whole kilometre."""
    return 1 if unit in {"km", "kilometer", "kilometre"} else 0


def _figure(name: str, number: float, bound: str, low: float | None, scale: float, digits: int) -> Figure:
    def scaled(value: float) -> float:
        return float(round(value * scale, digits))

    if bound == "between" and low is not None:
        return Figure(name, None, bound, scaled(low), scaled(number))
    value = scaled(number)
    return Figure(name, value, bound, value if bound == "at least" else None, value if bound == "at most" else None)


def _bound(before: str, after: str) -> str:
    """The bound the words around a number give it."""
    for bound, pattern, text in (("at least", _AT_LEAST_BEFORE, before), ("at most", _AT_MOST_BEFORE, before),
                                 ("at least", _AT_LEAST_AFTER, after), ("at most", _AT_MOST_AFTER, after),
                                 ("approx", _APPROX_BEFORE, before)):
        if pattern.search(text):
            return bound
    return "exact"
