"""News-report text -> draft launches, offline and rule-based, every field with the sentence it came from.

Decisions an analyst should know about (the form shows each field's evidence so they can check them):

- Dates are Korean (KST) dates. A clock time with a zone ("2206 GMT Wednesday", "6:06 p.m. EDT") is
  converted exactly. Day words ("this morning", "Tuesday", "yesterday") are read on the calendar of
  the report's time stamp; a report stamped in a US zone is a day behind Korea in its evening, and
  North Korea launches in the Korean daytime, so its days move by the difference between the Korean
  and the local date at publication (a US-evening report of "Wednesday" is Thursday in Korea).
  Reports without a stamp, and UK ones, name the Korean day as wire services datelined Seoul do.
  "Pyongyang time" is UTC+8:30 from 2015-08-15 to 2018-05-04. A `published` date given as text
  ("2021-03-25") means the same as that `date`.
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

One module per question a sentence answers: `dates` (when), `vocabulary` (what: counts, classes,
seas), `figures` (how far, high, long), `origins` (where from), `agencies` (who says so);
`sentences` splits the text and `drafts` assembles each launch from its clauses.
"""

from splashdown.reports.agencies import OFFICIAL_SOURCES
from splashdown.reports.dates import KST
from splashdown.reports.drafts import Conflict, Draft, parse_report, published_in
from splashdown.reports.vocabulary import FIELDS

__all__ = ["FIELDS", "KST", "OFFICIAL_SOURCES", "Conflict", "Draft", "parse_report", "published_in"]
