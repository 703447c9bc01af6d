"""News-report text -> draft launches, offline and rule-based, every field with the sentence it came from.

Decisions an analyst should know about (the form shows each field's evidence so they can check them):

- Dates are Korean (KST) dates. A clock time with a zone ("2206 GMT Wednesday", "6:06 p.m. EDT") is
  converted exactly. Day words ("this morning", "Tuesday", "yesterday") are read on the calendar of
  the report's time stamp; a report stamped in a US zone is a day behind Korea in its evening, and
  North Korea launches in the Korean daytime, so its days move by the difference between the Korean
  and the local date at publication (a US-evening report of "Wednesday" is Thursday in Korea, and
  its "Thursday", a day yet to come in New York, is Korea's today).
  Reports without a stamp, and UK ones, name the Korean day as wire services datelined Seoul do.
  "Pyongyang time" is UTC+8:30 from 2015-08-15 to 2018-05-04. A `published` date given as text
  ("2021-03-25") means the same as that `date`.
- The report's own date comes from its wire dateline before a page's stored date; photo captions
  are never dates (see `dates`).
- Counts: words or digits; "at least three" is a count of at least 3; "several", "multiple", "a
  barrage of" mean a real launch of unknown count (None).
- Classes: generic wording ("ballistic missile", "unidentified projectiles") is `unknown` and never
  outranks a specific class: when a US official says "at least one was a medium-range" while Seoul
  says "unidentified", the field is MRBM and Seoul's wording is kept in `conflicts`.
- Every figure is a claim: `Draft.claims` holds one per agency and stated value, with its bound
  ("about" approx, "at least", "between"...) and sentence, in the vocabulary of `load_claims()`
  (agencies in `agencies`). The draft's fields follow the project's precedence rule
  (`splashdown.claims.headline_of`: ROK JCS, Japan MoD, US government, compilations, media, KCNA;
  the winner's latest statement; a bound never a headline figure); `conflicts` lists the other
  agencies' differing statements.
- Not this launch's figures: distances of the impact point from a place ("250 km west of Oga"),
  a missile type's capability ("a maximum range of 4,500 km", "can fly up to"), launches of
  earlier dates or past periods ("last month", "in 2017", "since", "a week after the North fired",
  "so far this year"), and someone else's launch ("South Korea fired two missiles in response"): a
  sentence is read up to its first clause about them.
- Several launches in one report: the headline launch (the first one the report dates) comes first,
  then other launches it dates within 31 days of it; a count spread over several named days ("two missiles on
  Saturday and Sunday") is one a day, otherwise unknown per day. A sentence opening with "It",
  "They", "Those"... continues the launch the sentence before it described, and is dropped with it
  when that was an earlier launch.
- Origins go through the gazetteer (`splashdown.sites`); a place after "into", "landed", "fell",
  "toward", "over" or belonging to Japan is an impact area, never an origin.

Measured on the reports of `tests/test_reports.py` (headline fields: date, count, class, origin,
range, apogee, flight time, sea). The corpus (23 reports in wire, agency, government and
state-media styles) covers each failure kind the issue lists and was used to build the rules; the
held-out reports were written after, in other phrasings, in two batches of six, each measured
before any change for it:

    parser                                   corpus (184 fields)  held out 1 (48)  held out 2 (48)
    before claims (one official figure)      166  (90.2 %)        45  (93.8 %)     -
    with claims, as first measured           184  (100 %)         46  (95.8 %)     45  (93.8 %)
    now                                      184  (100 %)         48  (100 %)      48  (100 %)

Held-out misses, since fixed: a "1,500 km-long course"; a between of durations ("2 hours 46
minutes to 2 hours 50 minutes"); "fell into the Pacific outside Japan's EEZ" (the EEZ is no sea);
a day word beside a GMT clock read for the Korean one ("7:10 a.m. (2210 GMT Wednesday)"); a
US-evening report naming the Korean day ("Thursday" on a Wednesday evening in New York). Headline
accuracy on both held-out batches as first measured: 91 of 96 fields (94.8 %).

One module per question a sentence answers: `dates` (when), `vocabulary` (what: counts, classes,
seas), `figures` (how far, high, long), `origins` (where from), `agencies` (who says so);
`sentences` splits the text and `drafts` assembles each launch from its clauses.
"""

from splashdown.reports.drafts import Claim, Conflict, Draft, parse_report, published_in
from splashdown.reports.vocabulary import FIELDS

__all__ = ["FIELDS", "Claim", "Conflict", "Draft", "parse_report", "published_in"]
