"""News-report text -> draft launches, offline and rule-based, every field with the sentence it came from.

Decisions an analyst should know about (the form shows each field's evidence so they can check them):

- Dates are Korean (KST) dates. A clock time with a zone ("2206 GMT Wednesday", "6:06 p.m. EDT") is
  converted exactly. Day words ("this morning", "Tuesday", "yesterday") are read on the calendar of
  the report's time stamp; a report stamped in a US zone is a day behind Korea in its evening, and
  North Korea launches in the Korean daytime, so its days move by the difference between the Korean
  and the local date at publication (a US-evening report of "Wednesday" is Thursday in Korea).
  Reports without a stamp, and UK ones, name the Korean day as wire services datelined Seoul do.
- Counts: words or digits; "at least three" is 3 (the evidence keeps the wording); "several",
  "multiple", "a barrage of" mean a real launch of unknown count (None).
- Classes: generic wording ("ballistic missile", "unidentified projectiles") is `unknown` and never
  outranks a specific class: when a US official says "at least one was a medium-range" while Seoul
  says "unidentified", the field is MRBM and Seoul's wording is kept in `conflicts`.
- Conflicting figures: the first one from an official source (ROK, Japan, US) fills the field;
  every other differing figure is kept in `conflicts` with its source (KCNA, media, other agencies).
- Not this launch's figures: distances of the impact point from a place ("250 km west of Oga"),
  a missile type's capability ("a maximum range of 4,500 km", "can fly up to"), and launches of
  earlier dates or past periods ("last month", "in 2017", "since"): a sentence is read up to its
  first clause about the past.
- Several launches in one report: the headline launch (the first one the report dates) comes first,
  then other launches it dates within 31 days of it; a count spread over several named days ("two missiles on
  Saturday and Sunday") is one a day, otherwise unknown per day. A sentence opening with "It",
  "They", "Those"... continues the launch the sentence before it described, and is dropped with it
  when that was an earlier launch.
- Origins go through the gazetteer (`splashdown.sites`); a place after "into", "landed", "fell",
  "toward", "over" or belonging to Japan is an impact area, never an origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from splashdown import sites

KST = ZoneInfo("Asia/Seoul")
FIELDS: tuple[str, ...] = (
    "date", "count", "missile_class", "origin", "range_km", "apogee_km", "flight_time_min", "sea",
)
OFFICIAL_SOURCES: frozenset[str] = frozenset(
    {"ROK JCS", "ROK government", "Japan MoD", "Japan government", "US"}
)
_RECENT_DAYS = 31

_ZONES: dict[str, tzinfo] = {
    "kst": KST, "local time": KST, "korean time": KST, "korea time": KST, "seoul time": KST,
    "pyongyang time": KST, "jst": timezone(timedelta(hours=9)), "tokyo time": timezone(timedelta(hours=9)),
    "gmt": timezone.utc, "utc": timezone.utc, "bst": timezone(timedelta(hours=1)),
    "uk time": ZoneInfo("Europe/London"), "london time": ZoneInfo("Europe/London"),
    "est": timezone(timedelta(hours=-5)), "edt": timezone(timedelta(hours=-4)),
    "et": ZoneInfo("America/New_York"), "eastern time": ZoneInfo("America/New_York"),
    "washington time": ZoneInfo("America/New_York"), "cst": timezone(timedelta(hours=-6)),
    "cdt": timezone(timedelta(hours=-5)), "ct": ZoneInfo("America/Chicago"),
    "pst": timezone(timedelta(hours=-8)), "pdt": timezone(timedelta(hours=-7)),
    "pt": ZoneInfo("America/Los_Angeles"), "pacific time": ZoneInfo("America/Los_Angeles"),
}
_US_ZONES = frozenset({"est", "edt", "et", "eastern time", "washington time", "cst", "cdt", "ct",
                       "pst", "pdt", "pt", "pacific time"})

_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
_WEEKDAYS = {name: number for number, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a pair of": 2,
    "a couple of": 2, "a dozen": 12, "both": 2,
}
_UNKNOWN_COUNTS = ("several", "multiple", "a number of", "a barrage of", "a salvo of", "a volley of",
                   "a series of", "a flurry of", "numerous", "some")

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_RE = "|".join(_WEEKDAYS)
_ZONE_RE = "|".join(sorted((re.escape(name) for name in _ZONES), key=len, reverse=True))
_NUMBER_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?", re.I)
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_RE})\.?(?:,?\s+(?P<year>\d{{4}}))?\b", re.I)
_WEEKDAY = re.compile(
    rf"\b(?:early |late )?(?:on )?(?P<weekday>{_DAY_RE})(?:(?:'s)? (?:morning|afternoon|evening|night))?\b", re.I)
_RELATIVE = re.compile(
    r"\b(?P<phrase>(?:early |earlier |late )?(?:this morning|today|this afternoon|tonight|"
    r"this evening)|yesterday(?: morning| afternoon| evening)?|last night|(?P<ago>\w+) days ago)\b", re.I)
_CLOCK = re.compile(
    rf"\b(?P<hour>\d{{1,2}})(?::(?P<minute>\d{{2}}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?:\s+(?P<zone>{_ZONE_RE})\b)?"
    rf"|\b(?P<hhmm>[0-2]\d[0-5]\d)\s+(?:hrs\s+)?(?P<zone2>{_ZONE_RE})\b"
    rf"|\b(?P<h24>[0-2]?\d):(?P<m24>[0-5]\d)\s+(?P<zone3>{_ZONE_RE})\b", re.I)
_PAST = re.compile(
    r"\b(?:last|previous|past) (?:week|month|year|weekend|time|launch|test)\b|\bearlier (?:this|last) "
    r"(?:month|year|week)\b|\bin (?:\d{4}|(?:early |late |mid-)?(?:" + _MONTH_RE + r")\b(?!\.? \d{1,2}\b))|"
    r"\bover the weekend\b|\b(?:last|this) (?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b|\bpreviously\b|\bprior\b|\ba year ago\b|\bsince\b", re.I)
_NOT_LAUNCH_DATE_BEFORE = re.compile(r"\b(?:until|since|before|after|by|reported|announced|said)\s+(?:on\s+)?$", re.I)
_LAUNCH_WORD = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|test-(?:fired|launched)|lobbed|shot|blast(?:ed)? off|"
    r"lift(?:ed)? off|tested|flew|flown|projectiles?|missiles?|rockets?|ICBMs?|SLBMs?)\b", re.I)
_LAUNCH_VERB = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|test-(?:fired|launched)|lobbed|shot|blasted off|"
    r"lifted off|tested)\b", re.I)
_CAPABILITY = re.compile(
    r"\b(?:maximum range|max(?:imum)? range|can (?:fly|reach|travel|strike|hit)|could (?:fly|reach|travel|"
    r"strike|hit)|capable of|designed to|able to (?:fly|reach|strike)|has a range|with a range of|range of up to|"
    r"estimated range|enough to reach|(?:has|have|had|with) an? (?:maximum |potential |estimated |theoretical )?"
    r"range|within range of|putting .{0,40} within)\b", re.I)

_UNIT = (r"(?P<unit>nautical miles?|nmi|nm|kilomet(?:er|re)s?|km|miles?|mi|meters|metres|minutes?|mins?"
         r"|seconds?|secs?|hours?)")
_FIGURE = re.compile(rf"(?P<number>{_NUMBER_RE})(?:\s*-\s*|\s+)?{_UNIT}\b(?=(?P<after>[^.;]{{0,40}}))", re.I)
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

_CLASS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("SLV", re.compile(r"\b(?:satellite|space (?:launch )?vehicle|space rocket|carrier rocket|SLV)\b", re.I)),
    ("SLBM", re.compile(r"\b(?:submarine-launched|SLBMs?|from a submarine|underwater-launched)\b", re.I)),
    ("HGV", re.compile(r"\b(?:hypersonic|glide vehicle|HGV)\b", re.I)),
    ("ICBM", re.compile(r"\b(?:intercontinental|ICBMs?|long-range ballistic)\b", re.I)),
    ("IRBM", re.compile(r"\b(?:intermediate-range|IRBMs?)\b", re.I)),
    ("MRBM", re.compile(r"\b(?:medium-range|mid-range|MRBMs?)\b", re.I)),
    ("SRBM", re.compile(r"\b(?:short-range|close-range|SRBMs?|tactical guided)\b", re.I)),
    ("cruise", re.compile(r"\bcruise missiles?\b", re.I)),
    ("unknown", re.compile(r"\b(?:unidentified|unknown|unspecified) (?:ballistic )?(?:projectiles?|missiles?)"
                           r"|\bprojectiles?\b|\bballistic missiles?\b", re.I)),
)
_MISSILE_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bHwasong-?1[5-9][A-Z]?\b|\bHwasong-?20\b|\bKN-(?:20|22|28)\b", re.I), "ICBM"),
    (re.compile(r"\bHwasong-?1[24]\b|\bMusudan\b|\bKN-17\b", re.I), "IRBM"),
    (re.compile(r"\bHwasong-?16B?\b", re.I), "HGV"),
    (re.compile(r"\bHwasong-?8\b", re.I), "HGV"),
    (re.compile(r"\bPukguksong-?\d\b|\bKN-(?:11|26)\b", re.I), "SLBM"),
    (re.compile(r"\b(?:Chollima|Unha|Taepodong|Kwangmyongsong|Malligyong)-?\d?\b", re.I), "SLV"),
    (re.compile(r"\bNodong\b|\bHwasong-?[79]\b", re.I), "MRBM"),
    (re.compile(r"\bKN-(?:23|24|25)\b|\bHwasong-?11[A-Z]?\b|\bScuds?\b|\bHwasong-?[56]\b", re.I), "SRBM"),
)
_SEAS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("east-sea", re.compile(r"\b(?:East Sea|Sea of Japan|waters? off (?:the|its|the country's|North Korea's) "
                            r"east(?:ern)? coast|eastern waters|off (?:the|its) east coast|Japan's exclusive "
                            r"economic zone|Japan's EEZ|off (?:Japan's )?(?:Okushiri|Oga|Sado)\b)", re.I)),
    ("yellow-sea", re.compile(r"\b(?:Yellow Sea|West Sea|waters? off (?:the|its|the country's|North Korea's) "
                              r"west(?:ern)? coast|western waters|off (?:the|its) west coast)", re.I)),
    ("pacific", re.compile(
        r"(?<!Indo-)\b(?:Pacific(?: Ocean)?|over (?:northern )?Japan|over Hokkaido|over Japan's)", re.I)),
)
_UNIDENTIFIED = re.compile(r"\b(?:unidentified|unknown|unspecified)\b", re.I)
_FAILURE = re.compile(r"\b(?:failed|failure|exploded|blew up|disintegrated|crashed|fizzled)\b", re.I)
_SOURCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ROK JCS", re.compile(r"\b(?:Joint Chiefs(?: of Staff)?|JCS|South Korea(?:n|'s)? (?:military|army|armed forces)"
                           r"|Seoul's military)\b", re.I)),
    ("Japan MoD", re.compile(r"\b(?:Japan(?:ese|'s)? (?:Defen[cs]e Ministry|Ministry of Defen[cs]e|defen[cs]e "
                             r"ministry|Defen[cs]e Minister|defen[cs]e minister)|Tokyo's defen[cs]e|MoD)\b", re.I)),
    ("Japan government", re.compile(r"\b(?:Japan(?:ese|'s)? (?:government|Prime Minister|prime minister|"
                                    r"coast guard|Coast Guard|officials?|Chief Cabinet Secretary)|Tokyo said)\b")),
    ("US", re.compile(r"\b(?:(?:U\.S\.|US|American|United States)(?:'s)? (?:officials?|military|"
                      r"spokes(?:wo)?man|Forces Korea|intelligence|defen[cs]e officials?|Indo-Pacific Command|"
                      r"Strategic Command|Northern Command)|Pentagon|Indo-Pacific Command|INDOPACOM|USFK|"
                      r"White House|State Department)", re.I)),
    ("ROK government", re.compile(r"\b(?:South Korea(?:n|'s)? (?:government|officials?|presidential office|"
                                  r"Unification Ministry|defen[cs]e ministry)|South Korea (?:said|says|detected|"
                                  r"confirmed)|Seoul (?:said|says|detected)|Seoul's (?:government|officials)|"
                                  r"South Korean officials|Blue House)\b", re.I)),
    ("KCNA", re.compile(r"\b(?:KCNA|Korean Central News Agency|(?:North Korea's |North Korean |Pyongyang's )?"
                        r"state media|Rodong Sinmun|North Korea (?:said|claimed|says)|Pyongyang (?:said|"
                        r"claimed))\b", re.I)),
)
_WORDS = re.compile(r"[A-Za-z]{2}")
_REFERENCE = re.compile(
    r"\b(?:the|that|this) (?:official|officials|ministry|military|agency|spokes(?:wo)?man|statement|command)\b"
    r"|\b(?:he|she|it|they) (?:said|added|told|says)\b", re.I)
_BACK_REFERENCE = re.compile(
    r"^[\"“‘']?(?:Those|These|That|They|It|Both|Each|The earlier|The previous|Both of those)\b(?!')", re.I)
_ABBREVIATIONS = re.compile(
    r"\b(?:U\.S|U\.N|U\.K|a\.m|p\.m|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Adm|Capt|Sgt|No|St|Jan|Feb|Aug|Sept|Sep|Oct|Nov|"
    r"Dec|Corp|Inc|e\.g|i\.e|vs|approx)\.", re.I)
# "SEOUL, March 25 (Reuters) -": where and when the report was filed, not when anything launched.
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .']{{1,40}},\s+(?:(?:{_MONTH_RE})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_RE})\.?)"
    rf"(?:,?\s+\d{{4}})?\s*(?:\([^)]{{1,60}}\))?\s*(?:--|-|:)\s*", re.I)


@dataclass(frozen=True)
class Conflict:
    """A figure the report attributes to another source than the one in the field."""

    field: str
    value: object
    source: str
    sentence: str


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


@dataclass(frozen=True)
class _Published:
    moment: datetime
    zone_name: str

    @property
    def local_date(self) -> date:
        return self.moment.date()

    @property
    def korean_date(self) -> date:
        return self.moment.astimezone(KST).date()

    @property
    def day_shift(self) -> int:
        """Days Korea is ahead of a US-zoned reporter's calendar at publication (0 or 1)."""
        if self.zone_name not in _US_ZONES:
            return 0
        return (self.korean_date - self.local_date).days


@dataclass
class _Candidate:
    value: object
    source: str
    sentence: str
    generic: bool = False


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
    clean = _normalise(text)
    stamp = _publication(clean, published)
    events: list[_Event] = []
    headline: _Event | None = None
    previous_events: list[_Event] = []
    previous_source = "media"
    for sentence in _sentences(clean):
        clauses = _clauses(sentence)
        sources, previous_source = _clause_sources(clauses, previous_source)
        dated = _launch_dates(sentence, stamp)
        refers_back = bool(_BACK_REFERENCE.search(sentence))
        if not dated:
            # From the first clause about an earlier launch on, the sentence is not about this one.
            past = next((index for index, clause in enumerate(clauses) if _PAST.search(clause)), None)
            if past == 0 or (refers_back and not previous_events):
                previous_events = []
                continue
            if past is not None:
                clauses, sources = clauses[:past], sources[:past]
        if dated:
            targets_by_clause = _assign_clauses(sentence, clauses, dated)
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


def published_in(text: str) -> datetime | None:
    """The report's own time stamp from its first lines, in its zone (None when it has none)."""
    stamp = _stamp_in(_normalise(text))
    return stamp.moment if stamp is not None else None


def _normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u2013", "-").replace("\u2014", " - ").replace("\u2011", "-")
    return re.sub(r"[ \t]+", " ", text)


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in re.split(r"\n+", text):
        paragraph = _ABBREVIATIONS.sub(lambda match: match.group(0).replace(".", "\x00"), _DATELINE.sub("", paragraph))
        for piece in re.split(r"(?<=[.!?])[\"”']?\s+(?=[\"“']?[A-Z0-9])", paragraph):
            piece = piece.replace("\x00", ".").strip()
            if piece:
                sentences.append(piece)
    return sentences


def _clauses(sentence: str) -> list[str]:
    parts = re.split(r"(?:,(?!\d{3})|;|:(?!\d)|\s-\s|\s(?=(?:although|while|whereas|but|after|before|and later)\s))",
                     sentence)
    return [part for part in parts if part and part.strip(" \"“”'")]


def _source_in(text: str) -> str | None:
    for name, pattern in _SOURCES:
        if pattern.search(text):
            return name
    return None


def _clause_sources(clauses: list[str], previous: str) -> tuple[list[str], str]:
    """Who says what: a clause's own source, else the attribution clause after it, else the sentence's."""
    own = [_source_in(clause) for clause in clauses]
    sentence = " ".join(clauses)
    sentence_source = next((source for source in own if source), None)
    if sentence_source is None:
        sentence_source = previous if _REFERENCE.search(sentence) else "media"
    result: list[str] = []
    following: str | None = None
    for source in reversed(own):
        following = source or following
        result.append(following or sentence_source)
    return result[::-1], sentence_source


def _publication(text: str, published: date | datetime | str | None) -> _Published | None:
    stamped = _stamp_in(text)
    if isinstance(published, str):
        published = _parse_plain_date(published)
    if isinstance(published, datetime):
        if published.tzinfo is None:
            return _Published(published.replace(tzinfo=KST), "kst")
        offset = published.utcoffset() or timedelta(0)
        # Only the day-shift rule depends on the zone: American zones behave alike, others as Korea.
        name = "kst" if offset == timedelta(hours=9) else "et" if offset <= timedelta(hours=-3) else "gmt"
        return _Published(published, name)
    if isinstance(published, date):
        if stamped is not None and stamped.local_date == published:
            return stamped
        return _Published(datetime.combine(published, time(12, 0), KST), "kst")
    return stamped


def _parse_plain_date(raw: str) -> date | datetime | None:
    raw = raw.strip()
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def _stamp_in(text: str) -> _Published | None:
    for line in text.splitlines()[:6]:
        line = line.strip()
        if not line:
            continue
        found_date = _absolute_date(line, None)
        if found_date is None:
            continue
        clock = _CLOCK.search(line)
        zone_name = "kst"
        moment = datetime.combine(found_date, time(12, 0), KST)
        if clock is not None:
            zone_name = (clock.group("zone") or clock.group("zone2") or clock.group("zone3") or "kst").lower()
            zone = _ZONES[zone_name]
            moment = datetime.combine(found_date, _clock_time(clock), zone)
        return _Published(moment, zone_name)
    return None


def _clock_time(match: re.Match[str]) -> time:
    if match.group("hhmm"):
        return time(int(match.group("hhmm")[:2]), int(match.group("hhmm")[2:]))
    if match.group("h24"):
        return time(int(match.group("h24")) % 24, int(match.group("m24")))
    hour = int(match.group("hour")) % 12
    if match.group("ampm").lower().startswith("p"):
        hour += 12
    return time(hour, int(match.group("minute") or 0))


def _absolute_date(text: str, stamp: _Published | None) -> date | None:
    iso = _ISO_DATE.search(text)
    if iso:
        return _safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.search(text)
        if match:
            month, day = _MONTHS[match.group("month").lower().rstrip(".")], int(match.group("day"))
            if match.group("year"):
                return _safe_date(int(match.group("year")), month, day)
            if stamp is None:
                continue
            found = _safe_date(stamp.korean_date.year, month, day)
            # "December 30" in a January report is last year's.
            if found is not None and found > stamp.korean_date + timedelta(days=1):
                found = _safe_date(stamp.korean_date.year - 1, month, day)
            return found
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class _DateMention:
    date: date
    start: int
    end: int
    time_utc: str | None = None


def _launch_dates(sentence: str, stamp: _Published | None) -> list[_DateMention]:
    """Dates in the sentence that say when a launch happened (not when it was reported)."""
    if not _LAUNCH_WORD.search(sentence):
        return []
    mentions = _date_mentions(sentence, stamp)
    kept = [m for m in mentions if not _NOT_LAUNCH_DATE_BEFORE.search(sentence[: m.start])]
    if stamp is not None:
        kept = [m for m in kept if m.date <= stamp.korean_date + timedelta(days=1)]
    return kept


def _date_mentions(sentence: str, stamp: _Published | None) -> list[_DateMention]:
    mentions: list[_DateMention] = []
    used: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in used)

    for clock in _CLOCK.finditer(sentence):
        zone_name = (clock.group("zone") or clock.group("zone2") or clock.group("zone3") or "").lower()
        if not zone_name:
            tail = sentence[clock.end() : clock.end() + 20].lower()
            zone_name = next((name for name in ("local time", "korean time", "korea time", "seoul time")
                              if tail.lstrip(" (").startswith(name)), "")
        if not zone_name and (stamp is None or stamp.zone_name == "kst"):
            zone_name = "kst"
        if not zone_name:
            continue
        zone = _ZONES[zone_name]
        day, span = _day_near(sentence, clock, stamp, zone)
        if day is None:
            continue
        moment = datetime.combine(day, _clock_time(clock), zone)
        mentions.append(_DateMention(moment.astimezone(KST).date(), clock.start(), clock.end(),
                                     moment.astimezone(timezone.utc).strftime("%H:%M")))
        used.append((min(clock.start(), span[0]), max(clock.end(), span[1])))
    for pattern in (_ISO_DATE, _MONTH_DAY, _DAY_MONTH):
        for match in pattern.finditer(sentence):
            if not free(match.start(), match.end()):
                continue
            found = _absolute_date(match.group(0), stamp)
            if found is not None:
                mentions.append(_DateMention(found, match.start(), match.end()))
                used.append((match.start(), match.end()))
    if stamp is None:
        return sorted(mentions, key=lambda m: m.start)
    for match in _WEEKDAY.finditer(sentence):
        if not free(match.start(), match.end()):
            continue
        mentions.append(_DateMention(_weekday_date(match, sentence, stamp), match.start(), match.end()))
        used.append((match.start(), match.end()))
    for match in _RELATIVE.finditer(sentence):
        if not free(match.start(), match.end()):
            continue
        found = _relative_date(match, stamp)
        if found is not None:
            mentions.append(_DateMention(found, match.start(), match.end()))
            used.append((match.start(), match.end()))
    return sorted(mentions, key=lambda m: m.start)


def _day_near(sentence: str, clock: re.Match[str], stamp: _Published | None,
              zone: tzinfo) -> tuple[date | None, tuple[int, int]]:
    """The day a clock time belongs to: the day words nearest to it, read in the clock's zone."""
    start, end = max(0, clock.start() - 30), min(len(sentence), clock.end() + 30)
    window = sentence[start:end]

    def distance(match: re.Match[str]) -> int:
        return min(abs(start + match.end() - clock.start()), abs(start + match.start() - clock.end()))

    for pattern in (_ISO_DATE, _MONTH_DAY, _DAY_MONTH):
        for match in sorted(pattern.finditer(window), key=distance):
            found = _absolute_date(match.group(0), stamp)
            if found is not None:
                return found, (start + match.start(), start + match.end())
    if stamp is None:
        return None, (0, 0)
    reference = stamp.moment.astimezone(zone).date()
    weekdays = sorted(_WEEKDAY.finditer(window), key=distance)
    if weekdays:
        weekday = weekdays[0]
        target = _WEEKDAYS[weekday.group("weekday").lower()]
        return reference - timedelta(days=(reference.weekday() - target) % 7), (
            start + weekday.start(), start + weekday.end())
    relative = _RELATIVE.search(window)
    if relative and relative.group("phrase").lower().startswith("yesterday"):
        return reference - timedelta(days=1), (start + relative.start(), start + relative.end())
    return reference, (0, 0)


def _weekday_date(match: re.Match[str], sentence: str, stamp: _Published) -> date:
    target = _WEEKDAYS[match.group("weekday").lower()]
    tail = sentence[match.end() : match.end() + 25].lower()
    korean = any(word in tail for word in ("local time", "korean time", "korea time", "seoul time", "kst"))
    if korean or stamp.day_shift == 0:
        reference = stamp.korean_date
        return reference - timedelta(days=(reference.weekday() - target) % 7)
    reference = stamp.local_date
    return reference - timedelta(days=(reference.weekday() - target) % 7) + timedelta(days=stamp.day_shift)


def _relative_date(match: re.Match[str], stamp: _Published) -> date | None:
    phrase = match.group("phrase").lower()
    if match.group("ago"):
        count = _NUMBER_WORDS.get(match.group("ago").lower()) or (
            int(match.group("ago")) if match.group("ago").isdigit() else None)
        return None if count is None else stamp.korean_date - timedelta(days=count)
    if phrase.startswith("yesterday"):
        return stamp.local_date - timedelta(days=1) + timedelta(days=stamp.day_shift)
    if phrase == "last night":
        # The Western evening before a report is the Korean morning it was written on.
        return stamp.korean_date - timedelta(days=1) if stamp.zone_name == "kst" else stamp.korean_date
    return stamp.korean_date


def _assign_clauses(sentence: str, clauses: list[str], dated: list[_DateMention]) -> list[list[date]]:
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


def _conjoined(dated: list[_DateMention], sentence: str) -> list[date]:
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


def _collect(event: _Event, clause: str, source: str, sentence: str, stamp: _Published | None) -> None:
    if event.date is not None and "date" not in event.candidates:
        event.add("date", _Candidate(event.date, source, sentence))
    if not _WORDS.search(clause):
        return
    capability = bool(_CAPABILITY.search(clause))
    for mention in _date_mentions(clause, stamp):
        if mention.time_utc and mention.date == event.date:
            event.add("time_utc", _Candidate(mention.time_utc, source, sentence))
    if _LAUNCH_VERB.search(clause):
        found, count, weak = _count(clause)
        if found:
            event.add("count", _Candidate(count, source, sentence, generic=weak))
    if not capability:
        for cls, generic in _classes(clause):
            event.add("missile_class", _Candidate(cls, source, sentence, generic=generic))
        name = _missile_name(clause)
        if name:
            event.add("missile", _Candidate(name, source, sentence))
        for name, value in _figures(clause):
            event.add(name, _Candidate(value, source, sentence))
    for sea in _seas(clause):
        event.add("sea", _Candidate(sea, source, sentence))
    origin = _origin(clause)
    if origin is not None:
        event.add("origin", _Candidate(origin, source, sentence))
    if _FAILURE.search(clause) and _LAUNCH_WORD.search(sentence):
        event.add("outcome", _Candidate("failure", source, sentence))


def _count(clause: str) -> tuple[bool, int | None, bool]:
    """(whether the clause counts the missiles, how many, whether weakly).

    The count is None for "several" and the like; "a missile" and "several" are weak counts that
    a number elsewhere in the report outranks.
    """
    lowered = clause.lower()
    noun = r"(?:ballistic |cruise )?(?:missiles?|projectiles?|rockets?|ICBMs?|SRBMs?|IRBMs?|MRBMs?|SLBMs?|rounds?)\b"
    adjective = (r"(?:[a-z]+-[a-z]+(?:-[a-z]+)? |new |more |unidentified |suspected |apparent |tactical |guided "
                 r"|strategic |additional |possible |presumed |unknown |ballistic |cruise |hypersonic |"
                 r"intercontinental |short |long |medium |what appeared to be |what appear to be )")
    for phrase in _UNKNOWN_COUNTS:
        if re.search(rf"\b{phrase} {adjective}{{0,4}}{noun}", lowered):
            return True, None, True
    words = "|".join(sorted((re.escape(word) for word in _NUMBER_WORDS), key=len, reverse=True))
    match = re.search(rf"\b(?P<n>{words}|\d+) {adjective}{{0,4}}{noun}", lowered)
    if match is None:
        return False, None, False
    raw = match.group("n")
    if raw in {"a", "an"} and re.search(r"\b(?:one of|of the)\b", lowered):
        return False, None, False
    return True, int(raw) if raw.isdigit() else _NUMBER_WORDS[raw], raw in {"a", "an"}


def _classes(clause: str) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    for cls, pattern in _CLASS_PATTERNS:
        if pattern.search(clause):
            found.append((cls, cls == "unknown"))
            if cls != "unknown":
                break
    if not any(not generic for _, generic in found):
        for pattern, cls in _MISSILE_NAMES:
            if pattern.search(clause):
                return [(cls, False)]
    specific = [item for item in found if not item[1]]
    return specific[:1] or found[:1]


def _missile_name(clause: str) -> str | None:
    for pattern, _ in _MISSILE_NAMES:
        match = pattern.search(clause)
        if match:
            return match.group(0)
    return None


def _unit(raw: str) -> str:
    unit = raw.lower()
    if unit.startswith("nautical") or unit in {"nm", "nmi"}:
        return "nautical mile"
    return unit.rstrip("s") if unit not in {"km"} else unit


def _figures(clause: str) -> Iterable[tuple[str, float]]:
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


def _seas(clause: str) -> list[str]:
    hits = [(match.start(), sea) for sea, pattern in _SEAS for match in pattern.finditer(clause)]
    return [sea for _, sea in sorted(hits)]


@dataclass(frozen=True)
class _Origin:
    text: str
    site_id: str
    name: str
    lat: float
    lon: float
    precision: str


_IMPACT_CUE = re.compile(
    r"\b(?:into|landed|landing|fell|falling|toward|towards|splash(?:ed)? down|over|impact|hit|struck|Japan's|"
    r"of Japan|Japanese)\b", re.I)
_ORIGIN_CUE = re.compile(r"\b(?:from|near|in|at|area of|around|off|outside|vicinity of|launched|fired)\b", re.I)


def _origin(clause: str) -> _Origin | None:
    candidates: list[_Origin] = []
    for place in sites.find_all(clause):
        if _is_origin(clause[max(0, _place_start(place) - 40) : _place_start(place)]):
            candidates.append(_as_origin(place, clause))
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: sites.PRECISION_RANK.get(candidate.precision, 3))


def _is_origin(before: str) -> bool:
    """Whether the words before a place make it where the missile left, not where it fell."""
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


def _place_start(place: object) -> int:
    span = getattr(place, "span", None)
    return span[0] if span is not None else int(getattr(place, "start"))


def _as_origin(place: object, clause: str) -> _Origin:
    span = getattr(place, "span", None) or (getattr(place, "start"), getattr(place, "end"))
    return _Origin(
        text=clause[span[0] : span[1]],
        site_id=str(getattr(place, "site_id")),
        name=str(getattr(place, "name")),
        lat=float(getattr(place, "lat")),
        lon=float(getattr(place, "lon")),
        precision=str(getattr(place, "precision")),
    )


def _draft(event: _Event) -> Draft:
    draft = Draft()
    for name, candidates in event.candidates.items():
        chosen = _choose(candidates)
        if chosen is None:
            continue
        value = chosen.value
        if name == "count" and event.share > 1:
            value = 1 if value == event.share else None
        if name == "origin":
            origin = value if isinstance(value, _Origin) else None
            if origin is None:
                continue
            draft.origin, draft.site_id = origin.name, origin.site_id
            draft.lat, draft.lon, draft.precision = origin.lat, origin.lon, origin.precision
        else:
            setattr(draft, name, value)
        draft.evidence[name] = chosen.sentence
        if name in {"range_km", "apogee_km", "flight_time_min"} and draft.confirmation is None:
            draft.confirmation = chosen.source
        if name in {"time_utc", "missile"}:
            continue
        seen = {(repr(chosen.value), chosen.source)}
        for other in candidates:
            key = (repr(other.value), other.source)
            if other is chosen or key in seen or (other.generic and not _UNIDENTIFIED.search(other.sentence)):
                continue
            seen.add(key)
            if other.value != chosen.value:
                shown = other.value.name if isinstance(other.value, _Origin) else other.value
                draft.conflicts.append(Conflict(name, shown, other.source, other.sentence))
    if draft.confirmation is None:
        draft.confirmation = next((c[0].source for c in event.candidates.values() if c), None)
    return draft


def _choose(candidates: list[_Candidate]) -> _Candidate | None:
    specific = [c for c in candidates if not c.generic] or candidates
    official = [c for c in specific if c.source in OFFICIAL_SOURCES]
    return (official or specific or [None])[0]
