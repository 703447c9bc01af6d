"""Per event: which agencies agree and which differ on each figure, and the run's summary."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from splashdown import claims as rule
from splashdown import vocabulary


def agreement_lines(launches: pd.DataFrame, claims: pd.DataFrame) -> tuple[list[str], Counter]:
    """One line per event and field that two or more agencies give, and the tallies."""
    lines: list[str] = []
    tally: Counter = Counter()
    dates = launches.groupby("event_id")["date_kst"].first()
    members = {event: rows for event, rows in launches.groupby("event_id")}
    for event_id, group in claims.groupby("event_id", sort=False):
        tally["events with claims"] += 1
        differs = False
        for field in vocabulary.NUMERIC_CLAIM_FIELDS:
            figures = _event_figures(members[event_id], group, field)
            if len(figures) < 2:
                continue
            low, high = min(figures.values()), max(figures.values())
            agree = high == 0 or (high - low) / high <= rule.DISPUTE_SHARE
            tally[f"{field} compared"] += 1
            tally[f"{field} {'agree' if agree else 'differ'}"] += 1
            differs |= not agree
            said = ", ".join(f"{agency} {value:g}" for agency, value in figures.items())
            lines.append(f"{dates.get(event_id, '?')} {event_id} {field}: {'agree' if agree else 'DIFFER'} ({said})")
        if differs:
            tally["events where agencies differ"] += 1
        if group["agency"].nunique() >= 2:
            tally["events with two or more agencies"] += 1
    return lines, tally


def _event_figures(launches: pd.DataFrame, group: pd.DataFrame, field: str) -> dict[str, float]:
    """Each agency's latest figure for the field on each launch of the event (its own claims and
    the event's); the largest across launches when an agency gives one per missile."""
    figures: dict[str, float] = {}
    for mine in rule.by_launch(launches, group).values():
        for agency, value in rule.latest_figures_of(mine, field).items():
            figures[agency] = max(value, figures.get(agency, value))
    return dict(sorted(figures.items(), key=lambda item: vocabulary.AGENCIES.index(item[0])))


def summary(tally: Counter, launches: pd.DataFrame, claims: pd.DataFrame, notes: list[str]) -> list[str]:
    events = launches["event_id"].nunique()
    lines = [
        (f"- {len(launches)} missile rows in {events} events, "
         f"{launches['date_kst'].min()} to {launches['date_kst'].max()}; "
        f"{len(claims)} claims by {claims['agency'].nunique()} agencies "
        f"({', '.join(f'{a} {n}' for a, n in claims['agency'].value_counts().items())})."),
        (f"- {tally['events with claims']} events have claims; {tally['events with two or more agencies']} have "
        f"claims by two or more agencies; on {tally['events where agencies differ']} of them the agencies differ "
        f"by more than 10 % on at least one figure."),
    ]
    for field in vocabulary.NUMERIC_CLAIM_FIELDS:
        if tally[f"{field} compared"]:
            lines.append(f"- {rule.FIELD_LABELS[field]}: {tally[f'{field} compared']} events compared, "
                         f"{tally[f'{field} agree']} agree, {tally[f'{field} differ']} differ.")
    confirmation = launches["confirmation"].value_counts()
    lines.append("- Headline agency (`confirmation`) of the rows: "
                 + ", ".join(f"{agency} {count}" for agency, count in confirmation.items()) + ".")
    lines += [f"- {note}" for note in notes]
    return lines
