"""Hand-curated tables: launches the sources miss (`additions.csv`) and claims read by hand from
agency releases and press reports (`claims.csv`), each with its citation."""

from __future__ import annotations

from datetime import date

from splashdown.vocabulary import FIGURE_FIELDS
from tools.curation.common import (
    CURATION_DIR,
    Claim,
    Record,
    figure_claim,
    number,
    read_csv,
)


def addition_records() -> tuple[list[Record], list[Claim]]:
    """Records of `additions.csv` (count expands to that many rows) and the figures they state."""
    records: list[Record] = []
    claims: list[Claim] = []
    for row in read_csv(CURATION_DIR / "additions.csv"):
        count = int(row["count"])
        times = row["time_utc"].split(";") if ";" in row["time_utc"] else [row["time_utc"]] * count
        if len(times) != count:
            raise SystemExit(f"additions.csv {row['key']}: {len(times)} times for {count} missiles")
        first = f"{row['key']}#1"
        for number_ in range(1, count + 1):
            record = Record(
                key=f"{row['key']}#{number_}",
                date_kst=date.fromisoformat(row["date_kst"]),
                time_utc=times[number_ - 1],
                missile=row["missile"],
                missile_class=row["missile_class"],
                site_id=row["site_id"],
                bearing_deg=number(row["bearing_deg"]),
                bearing_basis=row["bearing_basis"],
                impact_area=row["impact_area"],
                outcome=row["outcome"],
                confirmation=row["confirmation"],
                sources=row["sources"].split(" | "),
                notes=[row["notes"]] if row["notes"] else [],
            )
            record.curated_bearing = record.bearing_deg is not None
            records.append(record)
        for field_name in FIGURE_FIELDS:
            value = number(row[field_name])
            if value is not None:
                claims.append(figure_claim(first, True, field_name, row["confirmation"], value, "approx",
                                           row["sources"]))
    return records, claims


def hand_claims(known_keys: set[str]) -> list[Claim]:
    claims: list[Claim] = []
    for line, row in enumerate(read_csv(CURATION_DIR / "claims.csv"), start=2):
        if row["key"] not in known_keys:
            raise SystemExit(f"curation/claims.csv line {line}: key {row['key']!r} names no record")
        if row["scope"] not in ("launch", "event"):
            raise SystemExit(f"curation/claims.csv line {line}: scope {row['scope']!r} must be launch or event")
        claims.append(Claim(
            anchor=row["key"], whole_event=row["scope"] == "event", field=row["field"], agency=row["agency"],
            value=row["value"], bound=row["bound"], citation=row["citation"], published=row["published"],
            low=row["low"], high=row["high"],
        ))
    return claims
