"""The catalog's words, defined once: every module that checks, stores, draws or writes them imports them.

Decisions:
- Missile classes are written as analysts write them (SRBM ... SLV, HGV, cruise, other, unknown),
  in the order legends and counts list them. `unknown` is a class of its own: the sources name
  launches whose type nobody has said.
- `unknown` is also an outcome and an impact area, and an unnamed missile type is called
  `unknown`: in those columns it is a value the sources give ("an unidentified ballistic
  missile"), shown as written. A missing *figure* (range, apogee, flight time, bearing) is never
  "unknown" and never 0: the file leaves it empty and every output says it was not reported,
  `NOT_REPORTED` ("not reported") in prose, hover text and captions, `NOT_REPORTED_CELL` ("—")
  in the cells of a table or a headline figure, whose caption says what the dash means.
- Impact areas are the seas (each has an outline in splashdown.geometry), `land` and `unknown`.
- A bearing's basis says how it was found: `reported` by an agency, `inferred` from the impact
  area, or `assumed` (due east, the usual direction) when nothing was said.
- Site precisions run from the most precise to the least; a site's rank is its position, so the
  most specific place named in a text wins (facility over county over province).
- An estimated splashdown is `inside` Japan's approximate EEZ line, `near-line` (too close to call)
  or `outside`; an event takes the first of these that any of its missiles has.
- Tags are the suggestions an analyst picks from; any other tag may be typed.
- Columns: `RAW_COLUMNS` are data/launches.csv's (and an analyst-added launch's), in file order;
  `FIGURE_COLUMNS` the numeric ones (empty: not reported), `TEXT_COLUMNS` the rest but the date;
  `SITE_COLUMNS` data/sites.csv's; `CLAIM_COLUMNS` data/claims.csv's (rules in splashdown.claims).
- Claims: `CLAIM_FIELDS` a statement can be about; `AGENCIES` in the precedence order of the
  headline rule (ROK JCS first, KCNA last); `BOUNDS`, of which only `FIGURE_BOUNDS` are figures.
- Time: a launch's date is its date in Korea, `KST` (UTC+9; the tz database's Asia/Seoul, whose
  1987-88 summer time no catalogued launch falls in). `PYONGYANG_TIME` is North Korea's own clock,
  UTC+8:30 from 2015-08-15 to 2018-05-04 and Korea time otherwise, for reports that quote it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

MISSILE_CLASSES: tuple[str, ...] = (
    "SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "cruise", "other", "unknown",
)
OUTCOMES: tuple[str, ...] = ("success", "failure", "unknown")
SEAS: tuple[str, ...] = ("east-sea", "yellow-sea", "pacific")
IMPACT_AREAS: tuple[str, ...] = (*SEAS, "land", "unknown")
BEARING_BASES: tuple[str, ...] = ("reported", "inferred", "assumed")
SITE_PRECISIONS: tuple[str, ...] = ("facility", "county", "province", "unknown")
EEZ_STATUSES: tuple[str, ...] = ("inside", "near-line", "outside")
UNNAMED_MISSILE = "unknown"
TAG_SUGGESTIONS: tuple[str, ...] = (
    "assessment", "new type", "trajectory", "figures revised", "source conflict", "follow-up",
)

NOT_REPORTED = "not reported"
NOT_REPORTED_CELL = "—"

RAW_COLUMNS: tuple[str, ...] = (
    "launch_id", "event_id", "date_kst", "time_utc", "missile", "missile_class", "site_id",
    "range_km", "apogee_km", "flight_time_min", "bearing_deg", "bearing_basis", "impact_area",
    "outcome", "confirmation", "sources", "notes",
)
FIGURE_COLUMNS: tuple[str, ...] = ("range_km", "apogee_km", "flight_time_min", "bearing_deg")
TEXT_COLUMNS: tuple[str, ...] = tuple(c for c in RAW_COLUMNS if c not in (*FIGURE_COLUMNS, "date_kst"))
SITE_COLUMNS: tuple[str, ...] = ("site_id", "name", "aliases", "province", "lat", "lon", "precision")
CLAIM_COLUMNS: tuple[str, ...] = (
    "event_id", "launch_id", "field", "agency", "value", "bound", "low", "high", "published", "citation",
)

CLAIM_FIELDS: tuple[str, ...] = (
    "count", "range_km", "apogee_km", "flight_time_min", "missile_class", "date_kst", "time_utc",
    "site", "impact_area", "outcome",
)
NUMERIC_CLAIM_FIELDS: tuple[str, ...] = ("count", "range_km", "apogee_km", "flight_time_min")
FIGURE_FIELDS: tuple[str, ...] = ("range_km", "apogee_km", "flight_time_min")
AGENCIES: tuple[str, ...] = ("ROK JCS", "Japan MoD", "US INDOPACOM / DoD", "CNS/NTI", "nagix", "media", "KCNA")
OFFICIAL_AGENCIES: tuple[str, ...] = AGENCIES[:3]
COMPILATIONS: tuple[str, ...] = ("CNS/NTI", "nagix")
BOUNDS: tuple[str, ...] = ("approx", "at least", "at most", "between", "exact")
FIGURE_BOUNDS: tuple[str, ...] = ("approx", "exact")

KST = ZoneInfo("Asia/Seoul")
PYONGYANG_TIME = ZoneInfo("Asia/Pyongyang")


def precision_rank(precision: str) -> int:
    """How precise a site is: 0 for a facility, larger for coarser places and for unknown words."""
    return SITE_PRECISIONS.index(precision) if precision in SITE_PRECISIONS else len(SITE_PRECISIONS)
