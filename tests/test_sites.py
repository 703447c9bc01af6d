"""The gazetteer: any romanization of a place in a report lands on the right site, offline."""

from __future__ import annotations

import pytest

from splashdown.catalog import load_sites
from splashdown.config import PROJECT_ROOT
from splashdown.sites import find_all, fold, resolve

DATA_DIR = PROJECT_ROOT / "data"


@pytest.mark.parametrize(
    ("text", "site_id", "precision"),
    [
        ("South Hamkyung Province", "prov-south-hamgyong", "province"),
        ("South Hamgyŏng", "prov-south-hamgyong", "province"),
        ("Hamgyong-namdo", "prov-south-hamgyong", "province"),
        ("near Sondok", "sondok", "facility"),
        ("Pyongyang's Sunan area", "sunan", "facility"),
        ("Pyongyang’s Sunan area", "sunan", "facility"),
        ("the Sunan area of Pyongyang", "sunan", "facility"),
        ("Pyongyang International Airport", "sunan", "facility"),
        ("off Sinpo", "sinpo", "facility"),
        ("waters off Sinpho", "sinpo", "facility"),
        ("Jagang Province", "prov-jagang", "province"),
        ("Chagang province", "prov-jagang", "province"),
        ("North Phyongan Province", "prov-north-pyongan", "province"),
        ("P'yongan-namdo", "prov-south-pyongan", "province"),
        ("the Gitdaeryung base", "kittaeryong", "facility"),
        ("Kittaeryong", "kittaeryong", "facility"),
        ("Banghyon airbase", "panghyon-ab", "facility"),
        ("the Kalma area of Wonsan", "wonsan", "facility"),
        ("Tongchang-ri", "sohae", "facility"),
        ("Musudan-ri", "tonghae", "facility"),
        ("Mup'yong-ni", "mupyong-ni", "facility"),
        ("the eastern town of Hamju", "county-hamju", "county"),
        ("the western port county of Onchon", "county-onchon", "county"),
        ("the Chongju area", "county-jongju", "county"),
        ("SOUTH HAMGYONG", "prov-south-hamgyong", "province"),
    ],
)
def test_place_names_in_report_text_resolve(text, site_id, precision):
    match = resolve(text, data_dir=DATA_DIR, online=False)
    assert match is not None, text
    assert (match.site_id, match.precision) == (site_id, precision)
    assert text[match.start : match.end] == match.matched


def test_the_most_specific_place_wins():
    text = "two missiles from near Sondok, South Hamkyung Province"
    match = resolve(text, data_dir=DATA_DIR, online=False)
    assert match.site_id == "sondok"
    assert match.lat == pytest.approx(39.7437) and match.province == "South Hamgyong"


def test_province_only_report_is_placed_at_the_province_centroid():
    match = resolve("fired two projectiles from South Hamkyung Province", data_dir=DATA_DIR, online=False)
    assert match.precision == "province"
    assert (match.lat, match.lon) == (pytest.approx(40.191), pytest.approx(127.876))


def test_find_all_gives_every_place_with_its_span():
    text = "North Korea fired from Pyongyang's Sunan area into waters off Wonsan, Kangwon Province."
    matches = find_all(text, data_dir=DATA_DIR)
    assert [m.site_id for m in matches] == ["prov-pyongyang", "sunan", "wonsan", "prov-kangwon"]
    assert [text[m.start : m.end] for m in matches] == ["Pyongyang", "Sunan area", "Wonsan", "Kangwon Province"]


def test_unknown_places_and_words_inside_other_words_do_not_match():
    assert resolve("Seoul", data_dir=DATA_DIR, online=False) is None
    assert resolve("", data_dir=DATA_DIR, online=False) is None
    assert find_all("Hodor went to Kusongtown", data_dir=DATA_DIR) == []


def test_resolve_stays_offline_unless_the_setting_asks(monkeypatch):
    import splashdown.sites as sites_module

    def refuse(*args, **kwargs):
        raise AssertionError("the online geocoder was called")

    monkeypatch.setattr(sites_module, "geocode_online", refuse)
    monkeypatch.delenv("SPLASHDOWN_ONLINE_GEOCODER", raising=False)
    assert resolve("Atlantis", data_dir=DATA_DIR) is None


def test_fold_drops_case_diacritics_and_apostrophes():
    assert fold("Hamgyŏng-Namdo") == "hamgyong namdo"
    assert fold("Mup'yong-ni") == "mupyong ni"
    assert fold("Pyongyang's") == "pyongyang s"


def test_every_alias_resolves_to_its_own_site():
    sites = load_sites(DATA_DIR)
    failures = []
    for row in sites.to_dict("records"):
        if row["precision"] == "unknown":
            continue
        for name in [row["name"], *filter(None, row["aliases"].split(";"))]:
            match = resolve(name, data_dir=DATA_DIR, online=False)
            if match is None or match.site_id != row["site_id"]:
                failures.append((name, row["site_id"], match and match.site_id))
    assert failures == []


def test_aliases_cover_the_romanizations_analysts_meet():
    aliases = {
        alias.lower()
        for value in load_sites(DATA_DIR)["aliases"]
        for alias in value.split(";")
    }
    for spelling in ("south hamkyung", "south hamgyŏng", "south hamkyong", "north phyongan", "chagang",
                     "banghyon", "gitdaeryung", "kalma", "pyongyang airport", "tongchang-ri"):
        assert spelling in aliases, spelling
