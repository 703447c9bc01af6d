"""CSIS Beyond Parallel provocations: the citation of each launch day, its class label, and the
figures its text attributes to an agency.

The text is read sentence by sentence. A sentence naming one agency (ROK JCS, Japan MoD, the US
government, KCNA) gives that agency's claims; a sentence naming none gives `media` claims (CSIS
compiles press reports); a sentence naming two is ambiguous and left to hand curation
(`curation/claims.csv`). Figures are claims about the whole event; CSIS does not date the
statement, so the claims are undated. `curation/csis_links.csv` places rows the date match cannot.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from tools.curation.common import (
    CURATION_DIR,
    Claim,
    Record,
    between_claim,
    figure_claim,
    read_csv,
)
from tools.curation.events import events

CSIS_CLASS = {
    "Short-range Ballistic Missile Launch": "SRBM",
    "Short-range Missile Launch": "SRBM",
    "Medium-range Ballistic Missile Launch": "MRBM",
    "Intermediate-range Ballistic Missile Launch": "IRBM",
    "Intercontinental Ballistic Missile": "ICBM",
    "Submarine Launched Ballistic Missile Launch": "SLBM",
    "Multiple Lanuch Rocket System (MLRS) Test": "SRBM",
    "Multiple Launch Rocket System (MLRS) Test": "SRBM",
    "Satellite Launch": "SLV",
    "Satellite Launch (Other Provocation)": "SLV",
}
CSIS_AUDIT_FROM = "2019-01-01"
TEXT_CLAIMS_FROM = "2016-01-01"

_AGENCY_WORDS: dict[str, tuple[str, ...]] = {
    "ROK JCS": ("JCS", "Joint Chiefs", "South Korea's military", "South Korean military", "Seoul's military",
                "South Korean officials", "South Korea's Defense Ministry", "South Korean Defense Ministry"),
    "Japan MoD": ("Japan's Ministry of Defense", "Japanese Ministry of Defense", "Japan's defense ministry",
                  "Japanese MOD", "Japan's Defense Minist", "Japanese Defense Minist", "Japan's MOD", "Tokyo",
                  "Japanese government", "Japan's government", "Japan said"),
    "US INDOPACOM / DoD": ("INDOPACOM", "Indo-Pacific Command", "Pentagon", "U.S. military", "US military"),
    "KCNA": ("KCNA", "state media", "Korean Central News Agency", "North Korea claimed", "North Korea said",
             "According to North Korea", "Pyongyang claimed", "Rodong Sinmun", "Academy of Defense Science"),
}
_QUALIFIER = (r"(?P<q>about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|up to|"
              r"over|more than|at least|less than|under)?\s*")
# "80 miles (130 km)": the kilometres are the figure.
_NUMBER = r"(?:\d[\d,.]*\s*miles\s*\()?(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?:km|kilomet)"
_RANGE = re.compile(
    r"(?:flew|flying|flown|traveled|travelled|traveling|travelling|range of|distance of|covered)\s+"
    r"(?:for\s+|a distance of\s+|a range of\s+|an estimated\s+)?" + _QUALIFIER + _NUMBER, re.IGNORECASE)
_APOGEE = re.compile(r"(?:altitude|apogee|height)[^.\d]{0,20}?" + _QUALIFIER + _NUMBER, re.IGNORECASE)
# "The first missile flew ...": a figure of one missile of a salvo, left to the per-missile tables.
_ONE_OF_SEVERAL = re.compile(r"\b(first|second|third|fourth|last|other|one of the)\s+(missile|projectile|one)",
                             re.IGNORECASE)
_BETWEEN = re.compile(r"(?P<what>flew|traveled|travelled|range|altitude|apogee)[^.\d]{0,20}?between\s+"
                      r"(?P<low>\d[\d,]*)\s*(?:km|kilometers)?\s+and\s+(?P<high>\d[\d,]*)\s*(?:km|kilomet)",
                      re.IGNORECASE)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT = re.compile(
    r"(?:fired|launched|test-fired|launching|firing)\s+(?P<q>at least|about|around|more than|over|some)?\s*"
    r"(?P<n>" + "|".join(_NUMBER_WORDS) + r"|\d{1,2})\s+(?:[\w-]+\s+){0,5}?(?:missiles|projectiles|rockets)\b",
    re.IGNORECASE)
_BOUND_OF = {"up to": "at most", "less than": "at most", "under": "at most", "over": "at least",
             "more than": "at least", "at least": "at least"}
_SENTENCE = re.compile(r"(?<=[a-z0-9)\"”])\.\s+(?=[A-Z])")


def apply_csis(
    records: list[Record], sources: Path, sites: dict[str, dict[str, str]]
) -> tuple[list[Claim], list[str], list[str]]:
    """Cite each CSIS row, take its class label and its text's claims.

    A row about a day of several events (2022-11-02: salvos from four areas) gives no count: its
    numbers are the day's, not one event's.

    Returns the claims, the rows from 2019 on that match no catalogued launch and are not
    excluded, and the sentences left to hand curation because they name two agencies.
    """
    csis_file = sources / "csis-provocations-stiles" / "raw" / "north_korea_provocations_1958_present.json"
    rows = json.loads(csis_file.read_text())
    rows = [r for r in rows if r["type"] == "Missile Provocation" or "Satellite Launch" in r["event"]]
    links = {row["csis_date"]: row["action"] for row in read_csv(CURATION_DIR / "csis_links.csv")}
    skipped = {row["csis_date"] for row in read_csv(CURATION_DIR / "csis_text_skips.csv")}
    by_day: dict[date, list[Record]] = defaultdict(list)
    for record in records:
        by_day[record.date_kst].append(record)

    claims: list[Claim] = []
    unaccounted: list[str] = []
    ambiguous: list[str] = []
    for row in sorted(rows, key=lambda r: r["date"]):
        action = links.get(row["date"], "")
        if action == "exclude":
            continue
        day = date.fromisoformat(row["date"])
        cruise = "ruise" in row["event"]
        if action.startswith("cite:"):
            targets = by_day.get(date.fromisoformat(action[5:]), [])
        else:
            targets = _targets(by_day, day, cruise)
        if not targets:
            if row["date"] >= CSIS_AUDIT_FROM:
                unaccounted.append(f"{row['date']} {row['event']}")
            continue
        label = f"CSIS Beyond Parallel {row['date']}"
        label_class = CSIS_CLASS.get(row["event"].strip())
        for record in targets:
            if label not in record.sources:
                record.sources.append(label)
            if label_class and record.missile_class == "unknown" and "missile_class" not in record.corrected:
                record.missile_class = label_class
        if row["date"] >= TEXT_CLAIMS_FROM and row["date"] not in skipped:
            cite = label + (f" ({row['resources']})" if row["resources"] else "")
            found, unclear = text_claims(row["description"], targets[0].key, cite)
            if len(events(targets, sites)) > 1:
                found = [claim for claim in found if claim.field != "count"]
            claims += found
            ambiguous += [f"{row['date']}: {sentence}" for sentence in unclear]
    return claims, unaccounted, ambiguous


def text_claims(text: str, anchor: str, citation: str) -> tuple[list[Claim], list[str]]:
    """The range, apogee and count claims of one description, and the sentences left to hand
    curation (two agencies named, or a figure of one missile of several)."""
    claims: list[Claim] = []
    unclear: list[str] = []
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    for sentence in _SENTENCE.split(text):
        found = _sentence_claims(sentence, anchor, citation)
        if not found:
            continue
        if _ONE_OF_SEVERAL.search(sentence):
            unclear.append(sentence.strip())
            continue
        agencies = [agency for agency, words in _AGENCY_WORDS.items() if any(w in sentence for w in words)]
        if len(agencies) > 1:
            unclear.append(sentence.strip())
            continue
        agency = agencies[0] if agencies else "media"
        for claim in found:
            claim.agency = agency
        claims += found
    return claims, unclear


def _sentence_claims(sentence: str, anchor: str, citation: str) -> list[Claim]:
    claims: list[Claim] = []
    seen: set[str] = set()
    for match in _BETWEEN.finditer(sentence):
        field = "apogee_km" if match["what"].lower() in ("altitude", "apogee") else "range_km"
        low, high = float(match["low"]), float(match["high"])
        if low < high and field not in seen:
            claims.append(between_claim(anchor, True, field, "media", low, high, citation))
            seen.add(field)
    for field, pattern in (("range_km", _RANGE), ("apogee_km", _APOGEE)):
        found = pattern.search(sentence)
        if found and field not in seen:
            bound = _BOUND_OF.get((found["q"] or "").lower(), "approx")
            claims.append(figure_claim(anchor, True, field, "media", float(found["n"]), bound, citation))
            seen.add(field)
    count = _COUNT.search(sentence)
    if count:
        word = count["n"].lower()
        value = _NUMBER_WORDS.get(word) or int(word)
        bound = "at least" if (count["q"] or "").lower() in ("at least", "more than", "over") else (
            "approx" if count["q"] else "exact")
        claims.append(figure_claim(anchor, True, "count", "media", float(value), bound, citation))
    return claims


def _targets(by_day: dict[date, list[Record]], day: date, cruise: bool) -> list[Record]:
    def compatible(day_: date) -> list[Record]:
        return [r for r in by_day.get(day_, []) if (r.missile_class == "cruise") == cruise]

    exact = compatible(day)
    if exact:
        return exact
    near = [compatible(day - timedelta(days=1)), compatible(day + timedelta(days=1))]
    near = [group for group in near if group]
    return near[0] if len(near) == 1 else []
