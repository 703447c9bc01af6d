"""How far, how high, how long: distances, altitudes and flight times with their units."""

from __future__ import annotations

import re
from collections.abc import Iterable

NUMBER_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_UNIT = (r"(?P<unit>nautical miles?|nmi|nm|kilomet(?:er|re)s?|km|miles?|mi|meters|metres|minutes?|mins?"
         r"|seconds?|secs?|hours?)")
_FIGURE = re.compile(rf"(?P<number>{NUMBER_RE})(?:\s*-\s*|\s+)?{_UNIT}\b(?=(?P<after>[^.;]{{0,40}}))", re.I)
_TO_KM = {"km": 1.0, "kilometer": 1.0, "kilometre": 1.0, "mile": 1.609344, "mi": 1.609344,
          "nautical mile": 1.852, "meter": 0.001, "metre": 0.001}
_TO_MIN = {"minute": 1.0, "min": 1.0, "second": 1 / 60, "sec": 1 / 60, "hour": 60.0}
_ALTITUDE_CUE = re.compile(
    r"(?:altitude|apogee|height|high as|peak(?:ed|ing)?|climb(?:ed|ing)?|soar(?:ed|ing)?|ceiling)\b[^.;]{0,25}$", re.I)
_RANGE_CUE = re.compile(
    r"(?:fl(?:ew|own|ying|y)|travel(?:l)?(?:ed|ing|s)?|covered|cover(?:ing)?|range of|distance of|downrange|"
    r"went|flight of|journey of|reaching)\b[^.;]{0,25}$", re.I)
_TIME_CUE = re.compile(
    r"(?:for|flight time of|flight of|lasting|flew for|in the air for|flying for)\b[^.;]{0,15}$", re.I)
_ALTITUDE_AFTER = re.compile(r"^\s*(?:high|in altitude|in height|altitude|into space|up)\b", re.I)
_LOCATION_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:off|from|away|short of|outside|inside|within|beyond|(?:north|south|east|west)"
    r"(?:-?(?:north|south)?(?:east|west)?)?(?:ward)? of|northeast of|northwest of|southeast of|southwest of)\b", re.I)


def _unit(raw: str) -> str:
    unit = raw.lower()
    if unit.startswith("nautical") or unit in {"nm", "nmi"}:
        return "nautical mile"
    return unit.rstrip("s") if unit not in {"km"} else unit


def figures_in(clause: str) -> Iterable[tuple[str, float]]:
    """(field, value) for each figure of this flight; a parenthetical unit conversion is the same figure."""
    matches = list(_FIGURE.finditer(clause))
    skip: set[int] = set()
    for index, match in enumerate(matches):
        if index in skip:
            continue
        unit = _unit(match.group("unit"))
        number = float(match.group("number").replace(",", ""))
        follower = matches[index + 1] if index + 1 < len(matches) else None
        if follower is not None and re.fullmatch(r"\s*(?:\(|or|, or)\s*(?:about |some |roughly )?",
                                                clause[match.end("unit") : follower.start()]):
            skip.add(index + 1)
            if _unit(follower.group("unit")) in {"km", "kilometer", "kilometre"} and unit not in _TO_MIN:
                unit, number = "km", float(follower.group("number").replace(",", ""))
        before = clause[max(0, match.start() - 45) : match.start()]
        after = (follower.group("after") if index + 1 in skip and follower else match.group("after")).lstrip(") ")
        if unit in _TO_MIN:
            if _TIME_CUE.search(before) or re.match(r"^\s*(?:of flight|in the air|flight)", after, re.I):
                yield "flight_time_min", round(number * _TO_MIN[unit], 1)
            continue
        if unit not in _TO_KM or _LOCATION_AFTER.match(after):
            continue
        km = float(round(number * _TO_KM[unit]))
        altitude = _ALTITUDE_CUE.search(before)
        distance = _RANGE_CUE.search(before)
        if _ALTITUDE_AFTER.match(after) or (altitude and (not distance or altitude.start() > distance.start())):
            yield "apogee_km", km
        elif distance:
            yield "range_km", km
