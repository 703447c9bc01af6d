"""Build data/launches.csv, data/claims.csv and data/sites.csv from the public sources and the
hand-curated tables: `python -m tools.curation [--sources ../shared/sources] [--verbose]`.

Reads `../shared/sources/` and `data/curation/*.csv`; the product never reads the sources. Each
source has its module (nagix_cns, jmod, csis, hand); `derive` applies the precedence rule of
`splashdown.claims`; the result is validated with the catalog's own rules before anything is
written, so a bad run leaves the data as it was. Ids recorded in `curation/ids.csv` are kept.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from splashdown import catalog
from splashdown import claims as rule
from splashdown.vocabulary import RAW_COLUMNS, SITE_COLUMNS
from tools.curation import derive, report
from tools.curation.common import DATA_DIR, DEFAULT_SOURCES, write_csv
from tools.curation.csis import apply_csis
from tools.curation.events import assign_ids, events, id_sort_key, kst_order
from tools.curation.hand import addition_records, hand_claims
from tools.curation.jmod import apply_jmod
from tools.curation.nagix_cns import apply_corrections, nagix_records
from tools.curation.sites import build_sites

_SUMMARY_START = "<!-- curation summary: written by python -m tools.curation -->"
_SUMMARY_END = "<!-- end of curation summary -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="the shared sources folder")
    parser.add_argument("--verbose", action="store_true", help="print every event's agreement line")
    args = parser.parse_args(argv)
    if not args.sources.is_dir():
        print(f"sources folder not found: {args.sources}", file=sys.stderr)
        return 2

    site_rows, sites = build_sites(args.sources)
    records, claims = nagix_records(args.sources, set(sites))
    apply_corrections(records)
    added, added_claims = addition_records()
    records += added
    claims += added_claims
    for record in records:
        if record.site_id not in sites:
            raise SystemExit(f"{record.key}: site_id {record.site_id!r} is not in sites.csv")
    jmod_claims, unmatched_jmod = apply_jmod(records, args.sources)
    csis_claims, unaccounted_csis, ambiguous = apply_csis(records, args.sources, sites)
    claims += jmod_claims + csis_claims + hand_claims({r.key for r in records})

    derive.apply_dates(events(records, sites), claims)
    groups = events(records, sites)
    claims += derive.compilation_counts(groups)
    extra, dropped = derive.apply_counts(groups, claims)
    records = [r for r in records if r not in dropped] + extra
    claims = [c for c in claims if c.anchor not in {r.key for r in dropped} or c.whole_event]
    problems = [f"Japan MoD release {r} matches no launch" for r in unmatched_jmod]
    problems += [f"CSIS row {r} matches no launch and is not in csis_links.csv" for r in unaccounted_csis]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    records.sort(key=lambda r: (r.date_kst, kst_order(r)))
    ids = assign_ids(records, sites)
    event_of = {key: event_id for key, (_, event_id) in ids.items()}
    launch_of = {key: launch_id for key, (launch_id, _) in ids.items()}
    claim_table = derive.claims_frame(claims, event_of, launch_of)
    claim_table = derive.repeated_bounds(claim_table)
    derive.apply_headlines(records, ids, claim_table)
    derive.finish_bearings(records)
    launch_rows = [{"launch_id": ids[r.key][0], "event_id": ids[r.key][1], **derive.raw_columns(r)} for r in records]
    launch_rows.sort(key=lambda row: (row["date_kst"], id_sort_key(row["launch_id"])))
    launches = pd.DataFrame(launch_rows, columns=list(RAW_COLUMNS))
    claim_table = _in_catalog_order(claim_table, launches)

    errors = _validate(launches, claim_table, pd.DataFrame(site_rows, columns=SITE_COLUMNS).astype(str))
    if errors:
        print("the curated tables break the catalog's rules; nothing written:\n" + "\n".join(errors[:40]),
              file=sys.stderr)
        return 1
    write_csv(DATA_DIR / "sites.csv", SITE_COLUMNS, site_rows)
    write_csv(DATA_DIR / "launches.csv", RAW_COLUMNS, launch_rows)
    claim_table.to_csv(DATA_DIR / "claims.csv", index=False, lineterminator="\n")

    lines, tally = report.agreement_lines(launches, claim_table)
    if args.verbose:
        print("\n".join(lines))
    notes = [f"{len(ambiguous)} CSIS sentences name two agencies and are left to hand curation"] if ambiguous else []
    summary = report.summary(tally, launches, claim_table, notes)
    print("\n".join(summary))
    _write_summary(DATA_DIR / "SOURCES.md", summary)
    print(f"{len(launch_rows)} launches, {len(claim_table)} claims, {len(site_rows)} sites written to {DATA_DIR}")
    return 0


def _in_catalog_order(claims: pd.DataFrame, launches: pd.DataFrame) -> pd.DataFrame:
    """Claims sorted by their event's place in the catalog; within an event, in the order stated."""
    order = {event: i for i, event in enumerate(dict.fromkeys(launches["event_id"]))}
    ranked = claims.assign(_event=claims["event_id"].map(order), _row=range(len(claims)))
    return ranked.sort_values(["_event", "_row"]).drop(columns=["_event", "_row"]).reset_index(drop=True)


def _validate(launches: pd.DataFrame, claims: pd.DataFrame, sites: pd.DataFrame) -> list[str]:
    errors = catalog.validate_launch_rows(launches, "launches.csv", sites=sites, require_ids=True, catalog=True)
    errors += rule.validate_claim_rows(
        claims, "claims.csv", launch_events=dict(zip(launches["launch_id"], launches["event_id"], strict=True)),
        site_ids=sites["site_id"],
    )
    if not errors:
        errors += rule.headline_disagreements(launches, claims)
    return errors


def _write_summary(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    block = "\n".join([_SUMMARY_START, *lines, _SUMMARY_END])
    if _SUMMARY_START in text:
        old_block = re.escape(_SUMMARY_START) + r".*?" + re.escape(_SUMMARY_END)
        text = re.sub(old_block, lambda _: block, text, flags=re.DOTALL)
    else:
        text = text.rstrip("\n") + "\n\n## Last curation run\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
