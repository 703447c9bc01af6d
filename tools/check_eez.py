"""Curate Japan MoD's EEZ statements into data/eez_statements.csv and report how our estimates agree.

    python -m tools.check_eez [--sources ../shared/sources]    # reads the JMoD release extract

Each Japan MoD release of 2020-2026 in the extract that says "inside" or "outside our EEZ" becomes
one row per catalog event it describes (matched by launch time within 90 minutes, else by the
Korean date); earlier statements (2016-2019, and 2022-03-24, which the extract lacks) come from
the press reports in EARLIER, each with its URL. The stated place ("about 200 km west of
Okushiri") is kept in English where the release gives one. The app and its tests read only the
CSV; the agreement printed here is what data/SOURCES.md reports.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from splashdown import assessment
from splashdown.catalog import load_launches
from splashdown.config import PROJECT_ROOT

EXTRACT = Path("jmod-launch-reports") / "launch-reports.extract.json"
OUT = PROJECT_ROOT / "data" / "eez_statements.csv"
COLUMNS = ("event_id", "date_kst", "agency", "eez", "place", "published", "citation")
_MATCH_WINDOW = timedelta(minutes=90)
_PLACES = {"奥尻島": "Okushiri", "渡島大島": "Oshima-Oshima", "舳倉島": "Hegura-jima", "日本": "Japan"}
_DIRECTIONS = {
    "北北西": "north-northwest", "西北西": "west-northwest", "北北東": "north-northeast", "東北東": "east-northeast",
    "北西": "northwest", "北東": "northeast", "南西": "southwest", "南東": "southeast",
    "北": "north", "南": "south", "東": "east", "西": "west",
}
_STATED_PLACE = re.compile(r"(奥尻島|渡島大島|舳倉島|日本)の"
                           r"(北北西|西北西|北北東|東北東|北西|北東|南西|南東|北|南|東|西)方?約([\d,]+)km")
# (date KST, eez, stated place, published, citation): Japan's government as reported in the press.
EARLIER: tuple[tuple[str, str, str, str, str], ...] = (
    ("2016-08-03", "inside", "about 250 km west of the Oga Peninsula", "2016-08-03",
     "Japan MoD via The Japan Times: https://missiledefenseadvocacy.org/threat-news/north-korea-launches-ballistic-missile-into-sea-of-japan-eez"),
    ("2016-09-05", "inside", "about 200 and 250 km from Okushiri", "2017-03-09",
     "Japan MoD via The Japan News: https://annx.asianews.network/content/north-korean-missile-landed-200km-noto-peninsula-40916"),
    ("2017-03-06", "inside", "three of four about 300-350 km west of the Oga Peninsula", "2017-03-06",
     "Japan MoD via The Japan News: https://annx.asianews.network/content/north-korean-missile-landed-200km-noto-peninsula-40916"),
    ("2017-05-14", "outside", "", "2017-05-21",
     "Japan MoD via Sputnik: https://www.globalsecurity.org/wmd/library/news/dprk/2017/dprk-170521-sputnik01.htm"),
    ("2017-05-21", "outside", "about 400 km from Oki, 700 km from the Oga Peninsula", "2017-05-21",
     "Japan MoD via Sputnik: https://www.globalsecurity.org/wmd/library/news/dprk/2017/dprk-170521-sputnik01.htm"),
    ("2017-07-28", "inside", "about 150 km northwest of Okushiri", "2017-07-29",
     "Japan's government via Bloomberg (quoted): https://blog.goo.ne.jp/gooksky/e/8e82896ff827d9e6cb789a81ae6e79bc"),
    ("2017-11-29", "inside", "", "2017-11-29",
     "Japan's government via NHK: https://www.theissue.com/politics/north-korea-fires-ballistic-missile-which-lands-in-japans-economic-zone"),
    ("2019-10-02", "inside", "about 350 km north of Dogo (Oki)", "2019-10-02",
     "Japan MoD via Ships-net: https://www.ships-net.co.jp/%e5%8c%97%e6%9c%9d%e9%ae%ae%e3%81%8c%e5%bc%be%e9%81%93%e3%83%9f%e3%82%b5%e3%82%a4%e3%83%ab%e3%82%92%e7%99%ba%e5%b0%84/"),
    ("2022-03-24", "inside", "about 170 km west of Cape Tappi", "2022-03-24",
     "Japan Coast Guard and Japan MoD via Nikkei: https://rebuildu.org/en/2022/03/24/north-korea-launches-icbm-ballistic-missile/"),
)


def statements(launches: pd.DataFrame, sources: Path) -> list[dict]:
    rows = []
    releases = json.loads((sources / EXTRACT).read_text(encoding="utf-8"))["reports"]
    # A preliminary and a final release of one launch: the final (later id) speaks for it.
    latest = {}
    for release in sorted(releases, key=lambda release: release["id"]):
        if release["eez"] in {"inside", "outside"}:
            latest[release["launchUtc"]] = release
    for release in latest.values():
        for event_id, date_kst in _events(launches, release):
            rows.append({
                "event_id": event_id, "date_kst": date_kst, "agency": "Japan MoD", "eez": release["eez"],
                "place": _place(release["landingJa"] or ""), "published": release["published"],
                "citation": f"Japan MoD {release['id']} ({release['htmlUrl']})",
            })
    for date_kst, eez, place, published, citation in EARLIER:
        for event_id in _events_on(launches, date_kst):
            rows.append({"event_id": event_id, "date_kst": date_kst, "agency": "Japan MoD", "eez": eez,
                         "place": place, "published": published, "citation": citation})
    return sorted(rows, key=lambda row: (row["date_kst"], row["event_id"]))


def _events(launches: pd.DataFrame, release: dict) -> list[tuple[str, str]]:
    when = datetime.fromisoformat(release["launchUtc"].replace("Z", "+00:00")).replace(tzinfo=None)
    date_kst = release["launchJst"][:10]
    day = launches[launches["date_kst"].dt.strftime("%Y-%m-%d") == date_kst]
    timed = day[day["time_utc"].fillna("") != ""]
    near = [
        row.event_id for row in timed.itertuples(index=False)
        if abs(_utc(row.date_kst, row.time_utc) - when) <= _MATCH_WINDOW
    ]
    events = sorted(set(near)) or _events_on(launches, date_kst)
    return [(event_id, date_kst) for event_id in events]


def _events_on(launches: pd.DataFrame, date_kst: str) -> list[str]:
    on_day = launches["date_kst"].dt.strftime("%Y-%m-%d") == date_kst
    day = launches[on_day & (launches["impact_area"] != "yellow-sea")]
    return sorted(day["event_id"].unique())


def _utc(date_kst: pd.Timestamp, time_utc: str) -> datetime:
    hours, minutes = (int(part) for part in time_utc.split(":"))
    local = datetime(date_kst.year, date_kst.month, date_kst.day, hours, minutes)
    # A UTC time of day at or after 15:00 is the previous calendar day in UTC.
    return local - timedelta(days=1) if hours >= 15 else local


def _place(text: str) -> str:
    found = _STATED_PLACE.search(text)
    if not found:
        return ""
    place, direction, km = found.groups()
    return f"about {km} km {_DIRECTIONS[direction]} of {_PLACES[place]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=PROJECT_ROOT.parent / "shared" / "sources")
    args = parser.parse_args()
    launches = load_launches()
    rows = statements(launches, args.sources)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT.relative_to(PROJECT_ROOT)}: {len(rows)} statements")
    judged = assessment.eez_agreement(pd.read_csv(OUT, dtype=str, keep_default_na=False), launches)
    print(assessment.agreement_summary(judged))
    print(judged[judged["verdict"] != "agrees"].to_string(index=False))


if __name__ == "__main__":
    main()
