"""Japan's EEZ and overflight on the Launches page, worded as estimates."""

from __future__ import annotations

import pytest

from tests.apps import open_app

pytestmark = pytest.mark.usefixtures("isolated_store")


def _launch_page(week: str, launch: str):  # noqa: ANN202 - AppTest
    app = open_app({"week": week}, page="views/launches.py")
    app.query_params["launch"] = launch
    app.run()
    assert not app.exception, app.exception
    return app


def test_an_overflight_is_flagged_in_the_table_and_said_in_the_detail():
    app = _launch_page("2017-W35", "L-2017-08-29-1")
    table = app.dataframe[0].value
    assert table.loc[table["launch_id"] == "L-2017-08-29-1", "over_japan"].tolist() == ["yes"]
    detail = " ".join(element.value for element in app.text)
    assert "Japan (estimate): Estimated splashdown" in detail
    assert "ground track crosses Japan" in detail


def test_a_sea_of_japan_launch_says_its_eez_status_and_no_overflight():
    app = _launch_page("2019-W40", "L-2019-10-02-1")
    table = app.dataframe[0].value
    assert set(table["over_japan"]) == {""}
    detail = " ".join(element.value for element in app.text)
    assert "inside Japan's EEZ by the approximate line" in detail
    assert "only by counting Takeshima/Dokdo as Japan's" in detail
    assert "crosses Japan" not in detail


def test_the_trajectory_can_be_rebuilt_from_another_agencys_range_and_apogee():
    app = open_app({"week": "2017-W37"}, page="views/trajectory.py")
    assert not app.exception, app.exception
    picker = app.selectbox(key="trajectory_pair")
    assert "Japan MoD" in picker.options[1:] or any("Japan MoD" in option for option in picker.options)
    before = " ".join(element.value for element in app.text)
    picker.set_value("Japan MoD").run()
    assert not app.exception, app.exception
    after = " ".join(element.value for element in app.text)
    assert "apogee 800 km as reported by Japan MoD" in after
    assert after != before
