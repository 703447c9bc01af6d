"""Gazetteer: place names in free text (any romanization) to launch sites, counties and provinces.

Offline by default. Text is folded before matching (case, diacritics, apostrophes, hyphens), so
"South Hamkyung", "Hamgyŏng-namdo" and "S. Hamgyong" all land on the same province. When several
places are named, the most specific one wins: facility over county over province.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from splashdown.catalog import load_sites
from splashdown.config import settings
from splashdown.vocabulary import precision_rank

GEOCODER_TIMEOUT_S = 5.0
_APOSTROPHES = frozenset("'’‘ʼʻ`´")


@dataclass(frozen=True)
class SiteMatch:
    site_id: str
    name: str
    province: str
    lat: float
    lon: float
    precision: str
    matched: str
    start: int = 0
    end: int = 0
    source: str = "gazetteer"


def fold(text: str) -> str:
    """Lower case, no diacritics or apostrophes, every other separator a single space."""
    return _fold_with_positions(text)[0]


def resolve(text: str, *, data_dir: Path | str | None = None, online: bool | None = None) -> SiteMatch | None:
    """The most specific place named in `text`, or None.

    Falls back to the online geocoder only when `online` is true, or when it is None and the
    SPLASHDOWN_ONLINE_GEOCODER setting is on; a geocoder failure is treated as no match.
    """
    matches = find_all(text, data_dir=data_dir)
    if matches:
        return min(matches, key=lambda m: (precision_rank(m.precision), m.start))
    use_online = settings().online_geocoder if online is None else online
    return geocode_online(text, data_dir=data_dir) if use_online and text.strip() else None


def find_all(text: str, *, data_dir: Path | str | None = None) -> list[SiteMatch]:
    """Every place named in `text`, in order, with its character span in the original text."""
    if not text:
        return []
    gazetteer = _gazetteer(_sites_path(data_dir))
    folded, positions = _fold_with_positions(text)
    matches: list[SiteMatch] = []
    for found in gazetteer.pattern.finditer(folded):
        start, end = positions[found.start(1)], positions[found.end(1) - 1] + 1
        site = gazetteer.by_alias[found.group(1)]
        matches.append(replace(site, matched=text[start:end], start=start, end=end))
    return matches


def geocode_online(text: str, *, data_dir: Path | str | None = None,
                   timeout: float = GEOCODER_TIMEOUT_S) -> SiteMatch | None:
    """Ask OpenStreetMap's Nominatim (through geopy) for a place in North Korea; None on any failure.

    The result is keyed to the province row nearest to the point, so it stays a valid site_id.
    """
    try:
        from geopy.exc import GeopyError
        from geopy.geocoders import Nominatim
    except ImportError:
        return None
    geocoder = Nominatim(user_agent="splashdown-dashboard", timeout=timeout)
    try:
        location = geocoder.geocode(text, country_codes="kp", exactly_one=True, language="en")
    except (GeopyError, OSError, ValueError):
        return None
    if location is None:
        return None
    sites = load_sites(data_dir)
    provinces = sites[sites["precision"] == "province"]
    nearest = provinces.loc[
        ((provinces["lat"] - location.latitude) ** 2 + (provinces["lon"] - location.longitude) ** 2).idxmin()
    ]
    kind = str(location.raw.get("addresstype", "")) if isinstance(location.raw, dict) else ""
    return SiteMatch(
        site_id=str(nearest["site_id"]),
        name=str(location.address),
        province=str(nearest["province"]),
        lat=float(location.latitude),
        lon=float(location.longitude),
        precision="province" if kind in {"state", "province", "region"} else "county",
        matched=text,
        end=len(text),
        source="geocoder",
    )


# --- index ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Gazetteer:
    pattern: re.Pattern[str]
    by_alias: dict[str, SiteMatch]


def _sites_path(data_dir: Path | str | None) -> Path:
    directory = Path(data_dir) if data_dir is not None else settings().data_dir
    return directory / "sites.csv"


def _gazetteer(path: Path) -> _Gazetteer:
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _build_gazetteer(str(path), stamp)


@lru_cache(maxsize=8)
def _build_gazetteer(path: str, _stamp: int) -> _Gazetteer:
    sites = load_sites(Path(path).parent)
    by_alias: dict[str, SiteMatch] = {}
    for row in sites.to_dict("records"):
        if row["precision"] == "unknown":
            continue
        site = SiteMatch(
            site_id=row["site_id"], name=row["name"], province=row["province"],
            lat=float(row["lat"]), lon=float(row["lon"]), precision=row["precision"], matched="",
        )
        names = [row["name"], *(a for a in str(row["aliases"]).split(";") if a.strip())]
        for name in names:
            key = fold(name)
            if not key:
                continue
            held = by_alias.get(key)
            if held is None or precision_rank(site.precision) < precision_rank(held.precision):
                by_alias[key] = site
    alternation = "|".join(re.escape(alias) for alias in sorted(by_alias, key=len, reverse=True))
    pattern = re.compile(rf"(?<![a-z0-9])({alternation})(?![a-z0-9])")
    return _Gazetteer(pattern=pattern, by_alias=by_alias)


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of its source character."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if char in _APOSTROPHES:
            if _is_possessive(text, index):
                _append_space(chars, positions, index)
            continue
        for piece in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(piece):
                continue
            piece = piece.lower()
            if piece.isalnum():
                chars.append(piece)
                positions.append(index)
            else:
                _append_space(chars, positions, index)
    while chars and chars[-1] == " ":
        chars.pop()
        positions.pop()
    return "".join(chars), positions


def _is_possessive(text: str, index: int) -> bool:
    """ "Pyongyang's" splits into a word and an s; "P'yongan" joins."""
    following = text[index + 1 : index + 3]
    return following[:1] in {"s", "S"} and not following[1:2].isalpha()


def _append_space(chars: list[str], positions: list[int], index: int) -> None:
    if chars and chars[-1] != " ":
        chars.append(" ")
        positions.append(index)
