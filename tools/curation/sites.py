"""The gazetteer: hand-curated facilities, the counties reports name, and every province."""

from __future__ import annotations

import json
import re
from pathlib import Path

from splashdown.sites import fold
from splashdown.vocabulary import SITE_COLUMNS, precision_rank
from tools.curation.common import CURATION_DIR, read_csv, unique

# Romanization variants of province names, used to build the alias lists of province rows.
_PROVINCE_STEMS: dict[str, list[str]] = {
    "Hamgyong": ["Hamgyong", "Hamkyung", "Hamgyŏng", "Hamkyong", "Hamgyeong", "Ham'gyong",
                 "Hamgyung", "Hamkyŏng"],
    "Pyongan": ["Pyongan", "Phyongan", "P'yongan", "P'yŏngan", "Pyŏngan", "Pyeongan", "Pyong'an"],
    "Hwanghae": ["Hwanghae", "Hwanghai"],
}
_SINGLE_PROVINCES: dict[str, list[str]] = {
    "Jagang": ["Jagang", "Chagang", "Jagang-do", "Chagang-do", "Chagangdo", "Jagangdo"],
    "Kangwon": ["Kangwon", "Gangwon", "Kangwŏn", "Kangwong", "Kangwon-do", "Gangwon-do"],
    "Ryanggang": ["Ryanggang", "Yanggang", "Ryanggang-do", "Yanggang-do"],
    "Pyongyang": ["Pyongyang", "P'yongyang", "Phyongyang", "Pyŏngyang", "Pyongyang area",
                  "Pyongyang city"],
    "Nampo": ["Nampo Special City", "Nampho Special City", "Nampo province"],
}
_PROVINCE_NAMES = {"Pyongyang": "Pyongyang", "Nampo": "Nampo Special City"}
_DIRECTION_WORDS = {
    "North": ["North", "N.", "Northern"],
    "South": ["South", "S.", "Southern"],
}
_KOREAN_SUFFIX = {"North": ["bukto", "pukto", "bukdo", "pukdo"], "South": ["namdo"]}




def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _province_aliases(name: str) -> list[str]:
    parts = name.split(" ", 1)
    if len(parts) == 2 and parts[0] in _DIRECTION_WORDS:
        direction, stem = parts
        aliases: list[str] = []
        for variant in _PROVINCE_STEMS[stem]:
            for word in _DIRECTION_WORDS[direction]:
                aliases.append(f"{word} {variant}")
            for suffix in _KOREAN_SUFFIX[direction]:
                aliases.append(f"{variant}-{suffix}")
        return unique(aliases)
    return unique(_SINGLE_PROVINCES.get(name, [name]))


def _county_forms(name: str, base: str) -> list[str]:
    if name.endswith((" City", " Dist.")):
        return [f"{base} City"]
    return [f"{base} County", f"{base}-gun"]


def _drop_shared_aliases(rows: list[dict[str, str]]) -> None:
    """An alias names one place: the most specific site keeps it, the others drop it."""
    owner: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: precision_rank(r["precision"])):
        name_key = fold(row["name"])
        if name_key in owner and owner[name_key] != row["site_id"]:
            raise SystemExit(f"site {row['site_id']}: name {row['name']!r} already names {owner[name_key]}")
        owner.setdefault(name_key, row["site_id"])
        kept = []
        for alias in row["aliases"].split(";") if row["aliases"] else []:
            key = fold(alias)
            if key and owner.setdefault(key, row["site_id"]) == row["site_id"]:
                kept.append(alias)
        row["aliases"] = ";".join(kept)


def build_sites(sources: Path) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    """Facility rows (hand-curated), named counties and every province (open-admin-data-kp)."""
    facilities = read_csv(CURATION_DIR / "facilities.csv")
    county_aliases = {row["county"]: row["aliases"].split(";") for row in read_csv(CURATION_DIR / "counties.csv")}
    represented = {row["county"] for row in facilities if row["precision"] == "county"}
    wanted_counties = {row["county"] for row in facilities if row["county"]} | set(county_aliases)
    wanted_counties -= represented - set(county_aliases)

    provinces = json.loads((sources / "open-admin-data-kp" / "all-province.json").read_text())
    counties = json.loads((sources / "open-admin-data-kp" / "all-county.json").read_text())

    rows: list[dict[str, str]] = []
    for row in facilities:
        rows.append({column: row[column] for column in SITE_COLUMNS})
    facility_ids = {row["site_id"] for row in rows}
    for county in sorted(counties, key=lambda c: c["name"]["en"]):
        name = county["name"]["en"]
        if name not in wanted_counties:
            continue
        base = name.removesuffix(" City").removesuffix(" Dist.")
        site_id = f"county-{_slug(base)}"
        if site_id in facility_ids:
            raise SystemExit(f"county id {site_id} collides with a facility id")
        rows.append({
            "site_id": site_id,
            "name": f"{base} County" if not name.endswith((" City", " Dist.")) else name,
            "aliases": ";".join(unique([name, base, *_county_forms(name, base), *county_aliases.get(name, [])])),
            "province": county["parent"]["name"]["en"],
            "lat": county["geo"]["lat"],
            "lon": county["geo"]["lon"],
            "precision": "county",
        })
    for province in sorted(provinces, key=lambda p: p["name"]["en"]):
        name = province["name"]["en"]
        rows.append({
            "site_id": f"prov-{_slug(name)}",
            "name": _PROVINCE_NAMES.get(name, f"{name} Province"),
            "aliases": ";".join(_province_aliases(name)),
            "province": name,
            "lat": province["geo"]["lat"],
            "lon": province["geo"]["lon"],
            "precision": "province",
        })
    _drop_shared_aliases(rows)
    known_provinces = {p["name"]["en"] for p in provinces}
    for row in rows:
        if row["province"] not in known_provinces and row["precision"] != "unknown":
            raise SystemExit(f"site {row['site_id']}: unknown province {row['province']!r}")
    return rows, {row["site_id"]: row for row in rows}
