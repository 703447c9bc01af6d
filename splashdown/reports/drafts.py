"""Sentences -> launches: which launch each clause speaks of, and each field's value and evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from splashdown import claims
from splashdown.reports.agencies import clause_sources, issuer
from splashdown.reports.dates import (
    CAPTION,
    PAST,
    DateMention,
    Published,
    date_mentions,
    launch_dates,
    publication,
    stamp_in,
)
from splashdown.reports.figures import figures_in
from splashdown.reports.origins import Origin, origin_in
from splashdown.reports.sentences import (
    BACK_REFERENCE,
    normalise,
    split_clauses,
    split_sentences,
)
from splashdown.reports.vocabulary import (
    CAPABILITY,
    FAILURE,
    LAUNCH_VERB,
    LAUNCH_WORD,
    OTHER_LAUNCH,
    UNIDENTIFIED,
    classes_in,
    count_missiles,
    missile_name,
    seas_in,
)
from splashdown.vocabulary import FIGURE_FIELDS

_RECENT_DAYS = 31

_WORDS = re.compile(r"[A-Za-z]{2}")


# The draft's fields under their names in ``load_claims()``.
CLAIM_FIELDS: dict[str, str] = {
    "date": "date_kst", "time_utc": "time_utc", "count": "count", "missile_class": "missile_class",
    "origin": "site", "range_km": "range_km", "apogee_km": "apogee_km", "flight_time_min": "flight_time_min",
    "sea": "impact_area", "outcome": "outcome",
}


@dataclass(frozen=True)
class Conflict:
    """A figure the report attributes to another source than the one in the field."""

    field: str
    value: object
    source: str
    sentence: str


@dataclass(frozen=True)
class Claim:
    """One agency's statement of one field, as ``load_claims()`` holds it, with its sentence.

    ``field`` is in the claims' vocabulary (``date_kst``, ``site``, ``impact_area``...); ``value``
    is a number for counts and figures (None for a between, which has ``low`` and ``high``), the
    ISO date, the site id or the class otherwise. ``headline`` marks the claim the draft's field
    comes from.
    """

    field: str
    agency: str
    value: float | str | None
    bound: str
    low: float | None
    high: float | None
    sentence: str
    headline: bool = False


@dataclass
class Draft:
    """One launch as a report describes it; None wherever the text does not say."""

    date: date | None = None
    count: int | None = None
    missile_class: str | None = None
    origin: str | None = None
    range_km: float | None = None
    apogee_km: float | None = None
    flight_time_min: float | None = None
    sea: str | None = None
    time_utc: str | None = None
    missile: str | None = None
    outcome: str | None = None
    confirmation: str | None = None
    site_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


@dataclass
class _Candidate:
    value: object
    source: str
    sentence: str
    generic: bool = False
    bound: str = "exact"
    low: float | None = None
    high: float | None = None


@dataclass
class _Event:
    date: date | None
    order: int
    candidates: dict[str, list[_Candidate]] = field(default_factory=dict)
    share: int = 1

    def add(self, name: str, candidate: _Candidate) -> None:
        self.candidates.setdefault(name, []).append(candidate)


def parse_report(text: str, published: date | datetime | str | None = None) -> list[Draft]:
    """Draft launches from a news report, the headline launch first (an empty list if none is described).

    `published` is the report's date or time; a naive value is read as Korean time. When it is None,
    a dated line among the first ones ("Updated 9:47 PM EDT, Wed March 24, 2021", "date 2021-03-25",
    "SEOUL, Oct. 19, 2021 (Wire) --") is used; relative dates stay None without one.
    """
    clean = normalise(text)
    stamp = publication(clean, published)
    events: list[_Event] = []
    headline: _Event | None = None
    previous_events: list[_Event] = []
    default_source = issuer(clean)
    previous_source = default_source
    for sentence in split_sentences(clean):
        if CAPTION.search(sentence):
            continue
        scope, clauses = _before_other_launch(sentence, split_clauses(sentence))
        if not clauses:
            previous_events = []
            continue
        sources, previous_source = clause_sources(clauses, previous_source, default_source)
        dated = launch_dates(scope, stamp)
        refers_back = bool(BACK_REFERENCE.search(sentence))
        if not dated:
            # From the first clause about an earlier launch on, the sentence is not about this one.
            past = next((index for index, clause in enumerate(clauses) if PAST.search(clause)), None)
            if past == 0 or (refers_back and not previous_events):
                previous_events = []
                continue
            if past is not None:
                clauses, sources = clauses[:past], sources[:past]
        targets_by_clause: Sequence[Sequence[_Event | date | None]]
        if dated:
            targets_by_clause = _assign_clauses(scope, clauses, dated)
        elif refers_back:
            targets_by_clause = [previous_events] * len(clauses)
        else:
            targets_by_clause = [[None]] * len(clauses)
        touched: list[_Event] = []
        for clause, source, targets in zip(clauses, sources, targets_by_clause):
            chosen: list[_Event] = []
            for target in targets:
                event, headline = _event_for(target, events, headline)
                if event is not None:
                    chosen.append(event)
            if not chosen:
                continue
            if len(chosen) > 1:
                for event in chosen:
                    event.share = len(chosen)
            for event in chosen:
                _collect(event, clause, source, sentence, stamp)
                if event not in touched:
                    touched.append(event)
        if touched:
            previous_events = touched
    ordered = sorted(events, key=lambda event: event.order)
    return [_draft(event) for event in ordered if event.candidates]


def _before_other_launch(sentence: str, clauses: list[str]) -> tuple[str, list[str]]:
    """The part of the sentence, and its clauses, before its first clause about someone else's launch."""
    other = next((index for index, clause in enumerate(clauses) if OTHER_LAUNCH.search(clause)), None)
    if other is None:
        return sentence, clauses
    return sentence[: sentence.find(clauses[other])], clauses[:other]


def published_in(text: str) -> datetime | None:
    """The report's own time stamp from its first lines, in its zone (None when it has none)."""
    stamp = stamp_in(normalise(text))
    return stamp.moment if stamp is not None else None


def _assign_clauses(sentence: str, clauses: list[str], dated: list[DateMention]) -> list[list[date]]:
    """Each clause goes to the launch dates mentioned in it or, failing that, the nearest ones before it."""
    result: list[list[date]] = []
    current = _conjoined(dated, sentence)
    position = 0
    for clause in clauses:
        start = sentence.find(clause, position)
        start = position if start < 0 else start
        position = start + len(clause)
        inside = [m for m in dated if start <= m.start < position]
        if inside:
            current = sorted({m.date for m in inside})
        result.append(current)
    return result


def _conjoined(dated: list[DateMention], sentence: str) -> list[date]:
    dates = [dated[0].date]
    for before, after in zip(dated, dated[1:]):
        between = sentence[before.end : after.start].strip().lower()
        if between in {"and", "and on", "or", "and again on", ",", ", and"}:
            dates.append(after.date)
        else:
            break
    return sorted(set(dates))


def _event_for(target: _Event | date | None, events: list[_Event],
               headline: _Event | None) -> tuple[_Event | None, _Event | None]:
    """The event a clause's facts go to (None for a launch too old to be news), and the headline."""
    if isinstance(target, _Event):
        return target, headline
    if target is None:
        if headline is None:
            headline = _Event(None, 0)
            events.append(headline)
        return headline, headline
    for event in events:
        if event.date == target:
            return event, headline
    if headline is None:
        headline = _Event(target, 0)
        events.append(headline)
        return headline, headline
    if headline.date is None:
        headline.date = target
        return headline, headline
    if abs((headline.date - target).days) > _RECENT_DAYS:
        return None, headline
    event = _Event(target, len(events))
    events.append(event)
    return event, headline


def _collect(event: _Event, clause: str, source: str, sentence: str, stamp: Published | None) -> None:
    if event.date is not None and "date" not in event.candidates:
        event.add("date", _Candidate(event.date, source, sentence))
    if not _WORDS.search(clause):
        return
    capability = bool(CAPABILITY.search(clause))
    for mention in date_mentions(clause, stamp):
        if mention.time_utc and mention.date == event.date:
            event.add("time_utc", _Candidate(mention.time_utc, source, sentence))
    if LAUNCH_VERB.search(clause):
        count = count_missiles(clause)
        if count is not None:
            event.add("count", _Candidate(count.value, source, sentence, generic=count.weak, bound=count.bound,
                                          low=_low(count.value, count.bound), high=_high(count.value, count.bound)))
    if not capability:
        for cls, generic in classes_in(clause):
            event.add("missile_class", _Candidate(cls, source, sentence, generic=generic))
        name = missile_name(clause)
        if name:
            event.add("missile", _Candidate(name, source, sentence))
        for figure in figures_in(clause):
            event.add(figure.field, _Candidate(figure.value, source, sentence, bound=figure.bound,
                                               low=figure.low, high=figure.high))
    for sea, weak in seas_in(clause, sentence):
        event.add("sea", _Candidate(sea, source, sentence, generic=weak))
    origin = origin_in(clause)
    if origin is not None:
        event.add("origin", _Candidate(origin, source, sentence))
    if FAILURE.search(clause) and LAUNCH_WORD.search(sentence):
        event.add("outcome", _Candidate("failure", source, sentence))


def _low(value: int | None, bound: str) -> float | None:
    return float(value) if value is not None and bound == "at least" else None


def _high(value: int | None, bound: str) -> float | None:
    return float(value) if value is not None and bound == "at most" else None


def _draft(event: _Event) -> Draft:
    draft = Draft()
    for name, candidates in event.candidates.items():
        stated = [c for c in candidates if not c.generic and c.value is not None or c.bound == "between"]
        if not stated and name in {"count", "sea"}:
            # "a missile", "into Japan's EEZ": vague, but the only word the report has.
            stated = [c for c in candidates if c.value is not None]
        chosen = _headline(name, stated) or (_headline(name, candidates) if not stated else None)
        # A count told for several launches at once ("two missiles on Saturday and Sunday") is no one launch's.
        if name in CLAIM_FIELDS and not (name == "count" and event.share > 1):
            draft.claims.extend(_claims(name, stated, chosen))
        if chosen is None:
            continue
        value = chosen.value
        if name == "count" and event.share > 1:
            value = 1 if value == event.share else None
        if name == "origin":
            origin = value if isinstance(value, Origin) else None
            if origin is None:
                continue
            draft.origin, draft.site_id = origin.name, origin.site_id
            draft.lat, draft.lon, draft.precision = origin.lat, origin.lon, origin.precision
        else:
            setattr(draft, name, value)
        draft.evidence[name] = chosen.sentence
        if name in FIGURE_FIELDS and draft.confirmation is None:
            draft.confirmation = chosen.source
        if name in {"time_utc", "missile"}:
            continue
        draft.conflicts.extend(_conflicts(name, chosen, candidates))
    if draft.confirmation is None:
        draft.confirmation = next((c.agency for c in draft.claims if c.headline), None)
    return draft


def _headline(name: str, candidates: list[_Candidate]) -> _Candidate | None:
    """The candidate the field's headline comes from, by the project's precedence rule."""
    if name == "time_utc":
        # Several clock times are several missiles of the salvo: the first is the launch's.
        candidates = [c for i, c in enumerate(candidates) if all(o.source != c.source for o in candidates[:i])]
    records = [{"field": name, "agency": c.source, "value": _claim_value(c.value), "bound": c.bound,
                "low": c.low, "high": c.high, "published": ""} for c in candidates]
    chosen = claims.headline_of(records, name)
    return candidates[chosen] if chosen is not None else None


def _claims(name: str, stated: list[_Candidate], chosen: _Candidate | None) -> list[Claim]:
    """One claim per agency and value (the same figure repeated in a report is one statement)."""
    result: list[Claim] = []
    seen: set[tuple[str, str, str]] = set()
    if name == "time_utc":
        # Later clock times are the salvo's later missiles, not statements about the launch's time.
        stated = [c for i, c in enumerate(stated) if all(o.source != c.source for o in stated[:i])]
    for candidate in stated:
        value = _claim_value(candidate.value)
        key = (candidate.source, repr(value), candidate.bound)
        if key in seen:
            if candidate is chosen:
                result = [replace(c, headline=True) if (c.agency, repr(c.value), c.bound) == key else c
                          for c in result]
            continue
        seen.add(key)
        result.append(Claim(CLAIM_FIELDS[name], candidate.source, value, candidate.bound, candidate.low,
                            candidate.high, candidate.sentence, headline=candidate is chosen))
    return result


def _claim_value(value: object) -> float | str | None:
    if isinstance(value, Origin):
        return value.site_id
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return float(value)
    return value  # type: ignore[return-value]


def _conflicts(name: str, chosen: _Candidate, candidates: list[_Candidate]) -> list[Conflict]:
    """Every other agency's differing statement, and vaguer wording ("unidentified") beside a class."""
    found: list[Conflict] = []
    seen = {(repr(chosen.value), chosen.source)}
    for other in candidates:
        key = (repr(other.value), other.source)
        if other is chosen or key in seen or (other.generic and not UNIDENTIFIED.search(other.sentence)):
            continue
        seen.add(key)
        if other.value != chosen.value and other.value is not None:
            shown = other.value.name if isinstance(other.value, Origin) else other.value
            found.append(Conflict(name, shown, other.source, other.sentence))
    return found
