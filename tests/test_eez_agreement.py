"""Our EEZ estimates against every Japan MoD EEZ statement curated in data/eez_statements.csv."""

from __future__ import annotations

import pandas as pd
import pytest

from splashdown import assessment
from splashdown.catalog import load_launches
from splashdown.config import PROJECT_ROOT

# 52 of 58 decisive statements agreed when the line was built (data/SOURCES.md, "Japan's EEZ");
# the six that differ are explained there. Re-curation may move an estimate, not the floor.
AGREEMENT_FLOOR = 0.85


@pytest.fixture(scope="module")
def statements() -> pd.DataFrame:
    return pd.read_csv(PROJECT_ROOT / "data" / "eez_statements.csv", dtype=str, keep_default_na=False)


def test_every_statement_names_a_catalog_event_a_verdict_and_a_citation(statements):
    launches = load_launches()
    assert set(statements["event_id"]) <= set(launches["event_id"])
    assert set(statements["eez"]) == {"inside", "outside"}
    assert (statements["citation"].str.len() > 10).all()
    assert statements["date_kst"].str[:4].astype(int).min() == 2016, "statements from 2016 on, not only the extract's"


def test_our_estimates_agree_with_japan_mod_where_they_are_not_near_the_line(statements):
    judged = assessment.eez_agreement(statements, load_launches())
    decisive = judged[judged["verdict"].isin(["agrees", "differs"])]
    assert len(decisive) >= 50
    share = (decisive["verdict"] == "agrees").mean()
    assert share >= AGREEMENT_FLOOR, assessment.agreement_summary(judged)
    # Every inside call Japan MoD made near Takeshima is inside by our line too, and says why.
    slbm = judged[judged["event_id"] == "E-2019-10-02-1"].iloc[0]
    assert slbm["verdict"] == "agrees"
