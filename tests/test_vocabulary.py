"""The catalog's words are defined once (splashdown.vocabulary) and every check applies the same ones.

The source scan fails when a module writes a vocabulary out again (the same words as a literal
tuple, list or set, in any order) or builds the Korea time zone itself; the behaviour tests fail
when the catalog's row check, the claim check and the site check disagree about a word.
"""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from splashdown import geometry, palette, vocabulary
from splashdown.catalog import CatalogError, load_sites, validate_launch_rows
from splashdown.claims import validate_claim_rows
from splashdown.config import PROJECT_ROOT

_SCANNED = ("splashdown", "components", "views", "tools")
# Enumerations: a literal holding all their words, even among others, is a second definition.
_ENUMERATIONS = ("MISSILE_CLASSES", "OUTCOMES", "IMPACT_AREAS", "BEARING_BASES", "SITE_PRECISIONS",
                 "TAG_SUGGESTIONS", "AGENCIES", "BOUNDS")
_DATA_DIR = PROJECT_ROOT / "data"
_ROW = {
    "launch_id": "L-2021-03-25-1", "event_id": "E-2021-03-25-1", "date_kst": "2021-03-25", "time_utc": "22:04",
    "missile": "KN-23", "missile_class": "SRBM", "site_id": "county-hamhung", "range_km": "450", "apogee_km": "60",
    "flight_time_min": "", "bearing_deg": "", "bearing_basis": "", "impact_area": "east-sea",
    "outcome": "success", "confirmation": "ROK JCS", "sources": "Yonhap 2021-03-25", "notes": "",
}


def _launches(field: str, words: tuple[str, ...], **more: str) -> pd.DataFrame:
    """One missile of one salvo per word, with `field` set to it."""
    return pd.DataFrame([{**_ROW, **more, field: word, "launch_id": f"L-2021-03-25-{number}"}
                         for number, word in enumerate(words, start=1)])


def _vocabularies() -> dict[str, frozenset[str]]:
    return {name: frozenset(value) for name, value in vars(vocabulary).items()
            if name.isupper() and isinstance(value, tuple) and len(value) >= 2}


def _sources() -> list[Path]:
    files = [path for folder in _SCANNED for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))]
    return [*files, PROJECT_ROOT / "app.py"]


def _second_definitions(source: str, where: str) -> list[str]:
    found = []
    vocabularies = _vocabularies()
    for node in ast.walk(ast.parse(source)):
        line = f"{where}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            for name, vocabulary_words in vocabularies.items():
                if words == vocabulary_words or (name in _ENUMERATIONS and vocabulary_words < words):
                    found.append(f"{line} writes out vocabulary.{name}")
        elif isinstance(node, ast.Call):
            arguments = {a.value for a in node.args if isinstance(a, ast.Constant)}
            hours = {k.value.value for k in node.keywords if k.arg == "hours" and isinstance(k.value, ast.Constant)}
            if arguments & {"Asia/Seoul", "Asia/Pyongyang"} or 9 in hours:
                found.append(f"{line} builds the Korea time zone again")
    return sorted(found)


def test_no_module_writes_a_vocabulary_or_the_korea_time_zone_a_second_time():
    own = PROJECT_ROOT / "splashdown" / "vocabulary.py"
    found = [problem for path in _sources() if path != own
             for problem in _second_definitions(path.read_text(encoding="utf-8"), str(path.relative_to(PROJECT_ROOT)))]
    assert found == []


def test_the_scan_finds_a_reordered_copy_a_superset_and_a_hand_made_time_zone():
    source = (
        'OUTCOMES = ("failure", "success", "unknown")\n'
        'CHOICES = ["SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "cruise", "other", "unknown", "any"]\n'
        "KST = timezone(timedelta(hours=9))\n"
        'SEOUL = ZoneInfo("Asia/Seoul")\n'
        'SUBSET = ("SRBM", "ICBM")\n'
    )
    assert _second_definitions(source, "copy.py") == [
        "copy.py:1 writes out vocabulary.OUTCOMES",
        "copy.py:2 writes out vocabulary.MISSILE_CLASSES",
        "copy.py:3 builds the Korea time zone again",
        "copy.py:4 builds the Korea time zone again",
    ]


def test_colours_and_sea_outlines_cover_exactly_the_vocabulary():
    assert tuple(palette.CLASS_COLOURS) == vocabulary.MISSILE_CLASSES
    assert tuple(geometry.SEA_REGIONS) == vocabulary.SEAS


@pytest.mark.parametrize(("field", "words"), [
    ("missile_class", vocabulary.MISSILE_CLASSES),
    ("impact_area", vocabulary.IMPACT_AREAS),
    ("outcome", vocabulary.OUTCOMES),
])
def test_the_launch_check_and_the_claim_check_accept_the_same_words(field, words):
    sites = load_sites(_DATA_DIR)
    rows = _launches(field, words)
    assert validate_launch_rows(rows, "launches.csv", sites=sites, require_ids=True) == []
    claims = pd.DataFrame([{"event_id": _ROW["event_id"], "launch_id": _ROW["launch_id"], "field": field,
                            "agency": agency, "value": word, "bound": "exact", "low": "", "high": "",
                            "published": "2021-03-25", "citation": "test"}
                           for word in words for agency in vocabulary.AGENCIES])
    assert validate_claim_rows(claims, "claims.csv", launch_events={_ROW["launch_id"]: _ROW["event_id"]}) == []
    wrong = rows.head(1).assign(**{field: "somewhere"})
    assert validate_launch_rows(wrong, "launches.csv", sites=sites)[0].startswith(
        f"launches.csv row 1: {field} = 'somewhere': must be one of {', '.join(words)}")
    wrong_claim = claims.head(1).assign(value="somewhere")
    assert validate_claim_rows(wrong_claim, "claims.csv") == [
        f"claims.csv row 1: value = 'somewhere': must be one of {', '.join(words)}"]


def test_every_bearing_basis_is_accepted_and_nothing_else():
    sites = load_sites(_DATA_DIR)
    rows = _launches("bearing_basis", vocabulary.BEARING_BASES, bearing_deg="80")
    assert validate_launch_rows(rows, "launches.csv", sites=sites) == []
    guessed = rows.head(1).assign(bearing_basis="guessed")
    assert "bearing_basis = 'guessed'" in validate_launch_rows(guessed, "launches.csv", sites=sites)[0]


def test_every_site_precision_is_accepted_most_precise_first_and_nothing_else(tmp_path):
    header = ",".join(vocabulary.SITE_COLUMNS)
    rows = [f"site-{p},Site {p},,South Hamgyong,{',' if p == 'unknown' else '39.9,127.6'},{p}"
            for p in vocabulary.SITE_PRECISIONS]
    (tmp_path / "sites.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    assert list(load_sites(tmp_path)["precision"]) == list(vocabulary.SITE_PRECISIONS)
    assert [vocabulary.precision_rank(p) for p in vocabulary.SITE_PRECISIONS] == [0, 1, 2, 3]
    (tmp_path / "sites.csv").write_text(f"{header}\nsite-x,Site x,,South Hamgyong,39.9,127.6,street\n")
    with pytest.raises(CatalogError, match="sites.csv row 1: precision = 'street': must be one of facility, county"):
        load_sites(tmp_path)


def test_a_launch_date_is_its_date_in_korea_and_pyongyang_time_ran_half_an_hour_behind_in_2015_to_2018():
    assert datetime(2021, 3, 25, 7, 4, tzinfo=vocabulary.KST).utcoffset().total_seconds() == 9 * 3600
    assert datetime(2017, 7, 4, 9, 40, tzinfo=vocabulary.PYONGYANG_TIME).utcoffset().total_seconds() == 8.5 * 3600
    assert datetime(2019, 7, 4, 9, 40, tzinfo=vocabulary.PYONGYANG_TIME).utcoffset().total_seconds() == 9 * 3600
