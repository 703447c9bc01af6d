"""When: the report's own time stamp, clock times with their zones, and the days a sentence names.

- The report's own date is, in this order: its wire dateline ("SEOUL, Oct. 4 (Yonhap) --", its
  year taken from another date at the top when it gives none), a time-stamped line ("Updated
  9:02 PM EST, Thu November 17, 2022"), then any other dated line at the top (a page's "date
  2022-10-10" is when it was stored, the weakest hint). A photo caption ("This photo taken on ...
  and released by KCNA on ...") is never the report's date, nor its dates launch dates.
- A naive time is Korean. "Pyongyang time" is North Korea's own clock, which ran at UTC+8:30 from
2015-08-15 to 2018-05-04 (tz database ``Asia/Pyongyang``); everywhere else it is Korean time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from splashdown.reports.vocabulary import LAUNCH_WORD, NUMBER_WORDS
from splashdown.vocabulary import KST, PYONGYANG_TIME

_ZONES: dict[str, tzinfo] = {
    "kst": KST, "local time": KST, "korean time": KST, "korea time": KST, "seoul time": KST,
    "pyongyang time": PYONGYANG_TIME,
    "jst": ZoneInfo("Asia/Tokyo"), "tokyo time": ZoneInfo("Asia/Tokyo"),
    "gmt": UTC, "utc": UTC, "bst": timezone(timedelta(hours=1)),
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

MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_RE = "|".join(_WEEKDAYS)
_ZONE_RE = "|".join(sorted((re.escape(name) for name in _ZONES), key=len, reverse=True))

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?", re.I)
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH_RE})\.?(?:,?\s+(?P<year>\d{{4}}))?\b", re.I)
_WEEKDAY = re.compile(
    rf"\b(?:early |late )?(?:on )?(?P<weekday>{_DAY_RE})(?:(?:'s)? (?:morning|afternoon|evening|night))?\b", re.I)
_RELATIVE = re.compile(
    r"\b(?P<phrase>(?:early |earlier |late )?(?:this morning|today|this afternoon|tonight|"
    r"this evening)|yesterday(?: morning| afternoon| evening)?|last night|(?P<ago>\w+) days ago)\b", re.I)
_CLOCK = re.compile(
    rf"\b(?P<hour>\d{{1,2}})(?::(?P<minute>\d{{2}}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?:\s+(?P<zone>{_ZONE_RE})\b)?"
    rf"|\b(?P<hhmm>[0-2]\d[0-5]\d)\s+(?:hrs\s+)?(?P<zone2>{_ZONE_RE})\b"
    rf"|\b(?P<h24>[0-2]?\d):(?P<m24>[0-5]\d)\s+(?P<zone3>{_ZONE_RE})\b", re.I)
PAST = re.compile(
    r"\b(?:last|previous|past) (?:week|month|year|weekend|time|launch|test)\b|\bearlier (?:this|last) "
    r"(?:month|year|week)\b|\bin (?:\d{4}|(?:early |late |mid-)?(?:" + MONTH_RE + r")\b(?!\.? \d{1,2}\b))|"
    r"\bover the weekend\b|\b(?:last|this) (?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b|\bpreviously\b|\bprior\b|\ba year ago\b|\bsince\b|"
    r"\b(?:\w+ )?(?:days?|weeks?|months?) after\b|\b(?:comes?|came) (?:just |shortly )?after\b|"
    r"\b(?:after|following) (?:it|the north|north korea|pyongyang|the country) (?:had |has )?(?:fired|launched|"
    r"test-fired|tested|conducted)\b|\bfollowing (?:its|the|a|last) (?:[\w-]+ ){0,3}(?:launch|test|firing)\b|"
    r"\bthis year\b|\bso far\b|\bto date\b", re.I)
_NOT_LAUNCH_DATE_BEFORE = re.compile(r"\b(?:until|since|before|after|by|reported|announced|said)\s+(?:on\s+)?$", re.I)

# "SEOUL, March 25 (Reuters) -": where and when the report was filed, not when anything launched.
CAPTION = re.compile(
    r"\b(?:photos?|pictures?|images?|footage)\b[^.]{0,120}\b(?:taken|released|provided|distributed|shows?)\b", re.I)
_STAMPED = re.compile(r"\b(?:updated|published|posted|first published|last modified)\b", re.I)
DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'/]{{1,40}},\s+(?:(?:{MONTH_RE})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTH_RE})\.?)"
    rf"(?:,?\s+\d{{4}})?\s*(?:\([^)]{{1,60}}\))?\s*(?:--|-|:)\s*", re.I)


@dataclass(frozen=True)
class Published:
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


@dataclass(frozen=True)
class DateMention:
    date: date
    start: int
    end: int
    time_utc: str | None = None


def publication(text: str, published: date | datetime | str | None) -> Published | None:
    stamped = stamp_in(text)
    if isinstance(published, str):
        published = _parse_plain_date(published)
    if isinstance(published, datetime):
        if published.tzinfo is None:
            return Published(published.replace(tzinfo=KST), "kst")
        offset = published.utcoffset() or timedelta(0)
        # Only the day-shift rule depends on the zone: American zones behave alike, others as Korea.
        name = "kst" if offset == KST.utcoffset(published) else "et" if offset <= timedelta(hours=-3) else "gmt"
        return Published(published, name)
    if isinstance(published, date):
        if stamped is not None and stamped.local_date == published:
            return stamped
        return Published(datetime.combine(published, time(12, 0), KST), "kst")
    return stamped


def _parse_plain_date(raw: str) -> date | datetime | None:
    """"2021-03-25" is the same day as ``date(2021, 3, 25)``; only text with a clock time is a moment."""
    raw = raw.strip()
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw)
    except ValueError:
        return None


def stamp_in(text: str) -> Published | None:
    """The report's own date and time from its first lines (None when it carries none)."""
    lines = [line.strip() for line in text.splitlines()[:8] if line.strip() and not CAPTION.search(line)]
    dated = [(line, found) for line in lines if (found := _absolute_date(line, None)) is not None]
    for line in lines:
        head = DATELINE.match(line)
        if head is None:
            continue
        found = _absolute_date(head.group(0), None)
        if found is None and dated:
            reference = Published(datetime.combine(max(day for _, day in dated), time(12, 0), KST), "kst")
            found = _absolute_date(head.group(0), reference)
        if found is not None:
            return _stamp(head.group(0), found)
    ranked = sorted(dated, key=lambda item: 0 if _STAMPED.search(item[0]) or _CLOCK.search(item[0]) else 1)
    return _stamp(*ranked[0]) if ranked else None


def _stamp(line: str, found_date: date) -> Published:
    clock = _CLOCK.search(line)
    if clock is None:
        return Published(datetime.combine(found_date, time(12, 0), KST), "kst")
    zone_name = (clock.group("zone") or clock.group("zone2") or clock.group("zone3") or "kst").lower()
    return Published(datetime.combine(found_date, _clock_time(clock), _ZONES[zone_name]), zone_name)


def _clock_time(match: re.Match[str]) -> time:
    if match.group("hhmm"):
        return time(int(match.group("hhmm")[:2]), int(match.group("hhmm")[2:]))
    if match.group("h24"):
        return time(int(match.group("h24")) % 24, int(match.group("m24")))
    hour = int(match.group("hour")) % 12
    if match.group("ampm").lower().startswith("p"):
        hour += 12
    return time(hour, int(match.group("minute") or 0))


def _absolute_date(text: str, stamp: Published | None) -> date | None:
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


def launch_dates(sentence: str, stamp: Published | None) -> list[DateMention]:
    """Dates in the sentence that say when a launch happened (not when it was reported)."""
    if not LAUNCH_WORD.search(sentence):
        return []
    mentions = date_mentions(sentence, stamp)
    kept = [m for m in mentions if not _NOT_LAUNCH_DATE_BEFORE.search(sentence[: m.start])]
    if stamp is not None:
        kept = [m for m in kept if m.date <= stamp.korean_date + timedelta(days=1)]
    return kept


def date_mentions(sentence: str, stamp: Published | None) -> list[DateMention]:
    mentions: list[DateMention] = []
    used: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in used)

    clocks = list(_CLOCK.finditer(sentence))
    for index, clock in enumerate(clocks):
        # A day word belongs to the clock it stands beside: "7:10 a.m. (2210 GMT Wednesday)".
        limits = (clocks[index - 1].end() if index else 0,
                  clocks[index + 1].start() if index + 1 < len(clocks) else len(sentence))
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
        day, span = _day_near(sentence, clock, limits, stamp, zone)
        if day is None:
            continue
        moment = datetime.combine(day, _clock_time(clock), zone)
        mentions.append(DateMention(moment.astimezone(KST).date(), clock.start(), clock.end(),
                                     moment.astimezone(UTC).strftime("%H:%M")))
        used.append((min(clock.start(), span[0]), max(clock.end(), span[1])))
    for pattern in (_ISO_DATE, _MONTH_DAY, _DAY_MONTH):
        for match in pattern.finditer(sentence):
            if not free(match.start(), match.end()):
                continue
            found = _absolute_date(match.group(0), stamp)
            if found is not None:
                mentions.append(DateMention(found, match.start(), match.end()))
                used.append((match.start(), match.end()))
    if stamp is None:
        return sorted(mentions, key=lambda m: m.start)
    for match in _WEEKDAY.finditer(sentence):
        if not free(match.start(), match.end()):
            continue
        mentions.append(DateMention(_weekday_date(match, sentence, stamp), match.start(), match.end()))
        used.append((match.start(), match.end()))
    for match in _RELATIVE.finditer(sentence):
        if not free(match.start(), match.end()):
            continue
        found = _relative_date(match, stamp)
        if found is not None:
            mentions.append(DateMention(found, match.start(), match.end()))
            used.append((match.start(), match.end()))
    return sorted(mentions, key=lambda m: m.start)


def _day_near(sentence: str, clock: re.Match[str], limits: tuple[int, int], stamp: Published | None,
              zone: tzinfo) -> tuple[date | None, tuple[int, int]]:
    """The day a clock time belongs to: the day words nearest to it (between its neighbouring clock
    times), read in the clock's zone."""
    start, end = max(limits[0], clock.start() - 30), min(limits[1], clock.end() + 30)
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


def _weekday_date(match: re.Match[str], sentence: str, stamp: Published) -> date:
    target = _WEEKDAYS[match.group("weekday").lower()]
    tail = sentence[match.end() : match.end() + 25].lower()
    korean = any(word in tail for word in ("local time", "korean time", "korea time", "seoul time", "kst"))
    # A US-evening report naming the Korean day ("Thursday" on a Wednesday evening in New York)
    # means Korea's today: on its own calendar that day has not come yet.
    if korean or stamp.day_shift == 0 or target == stamp.korean_date.weekday():
        reference = stamp.korean_date
        return reference - timedelta(days=(reference.weekday() - target) % 7)
    reference = stamp.local_date
    return reference - timedelta(days=(reference.weekday() - target) % 7) + timedelta(days=stamp.day_shift)


def _relative_date(match: re.Match[str], stamp: Published) -> date | None:
    phrase = match.group("phrase").lower()
    if match.group("ago"):
        count = NUMBER_WORDS.get(match.group("ago").lower()) or (
            int(match.group("ago")) if match.group("ago").isdigit() else None)
        return None if count is None else stamp.korean_date - timedelta(days=count)
    if phrase.startswith("yesterday"):
        return stamp.local_date - timedelta(days=1) + timedelta(days=stamp.day_shift)
    if phrase == "last night":
        # The Western evening before a report is the Korean morning it was written on.
        return stamp.korean_date - timedelta(days=1) if stamp.zone_name == "kst" else stamp.korean_date
    return stamp.korean_date
