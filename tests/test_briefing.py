"""The briefing pack opened back: PPTX slides, pictures and text with python-pptx, PDF pages rendered."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date

import pypdf
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu, Pt

from splashdown import briefing
from splashdown.briefing import View, build_pack, load_view
from splashdown.export_figures import shutdown_export_browser, static_export_available
from splashdown.filters import Filters
from splashdown.store import open_store
from tests.support import require

MARKING = "UNCLASSIFIED // TRAINING"
NOTE_TEXT = "JCS: 450 km, apogee 60 km; Japan MoD: 420 km.\nKCNA claims a 2.5 t warhead."
HOSTILE_NOTE = '=HYPERLINK("http://x.invalid") <b>not bold</b> & KN-23 pull-up'
ADDED_SOURCE = "Yonhap 2021-03-27 (test report)"


@pytest.fixture(scope="module")
def team_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store where colleagues noted the seed launch and one analyst added a launch that week."""
    url = f"sqlite:///{tmp_path_factory.mktemp('briefing') / 'splashdown.db'}"
    store = open_store(url)
    store.add("L-2021-03-25-1", "Kim Analyst", NOTE_TEXT, ["KN-23"])
    store.add("L-2021-03-25-1", "Lee Analyst", HOSTILE_NOTE)
    store.add_launches(
        [
            {
                "event_id": "", "date_kst": "2021-03-27", "time_utc": "", "missile": "unknown",
                "missile_class": "cruise", "site_id": "sondok", "range_km": "", "apogee_km": "",
                "flight_time_min": "", "bearing_deg": "", "bearing_basis": "", "impact_area": "unknown",
                "outcome": "unknown", "confirmation": "media", "sources": ADDED_SOURCE, "notes": "",
            }
        ],
        "Kim Analyst",
        "test report",
    )
    store.close()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPLASHDOWN_DATABASE_URL", url)
        patch.setenv("SPLASHDOWN_MARKING", MARKING)
        patch.setenv("SPLASHDOWN_ANALYST", "Kim Analyst")
        yield url


@pytest.fixture(scope="module")
def exports_ready() -> Iterator[None]:
    available, reason = static_export_available()
    require(available, reason)
    yield
    shutdown_export_browser()


@pytest.fixture(scope="module")
def week_view(team_database: str) -> View:
    return load_view(Filters(week="2021-W12"))


@pytest.fixture(scope="module")
def week_pptx(week_view: View, exports_ready: None) -> Presentation:
    return Presentation(io.BytesIO(build_pack(week_view, "pptx")))


@pytest.fixture(scope="module")
def week_pdf(week_view: View, exports_ready: None) -> bytes:
    # The PPTX test already renders the charts through build_pack; the PDF reuses a render.
    slides = briefing.pack_slides(week_view, briefing.render_charts(week_view))
    return briefing.to_pdf(slides, week_view)


def _slide_text(slide) -> str:  # noqa: ANN001 - python-pptx Slide
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def _table_rows(presentation: Presentation) -> list[list[str]]:
    rows = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows += [[cell.text for cell in row.cells] for row in list(shape.table.rows)[1:]]
    return rows


def test_view_is_what_the_app_shows_catalog_added_launches_and_notes(week_view):
    launches = week_view.launches

    assert set(launches["launch_id"]) >= {"L-2021-03-25-1", "L-2021-03-25-2"}
    added = launches[launches["origin"] == "analyst"]
    assert list(added["sources"]) == [ADDED_SOURCE]
    assert [note.text for note in week_view.notes["L-2021-03-25-1"]] == [NOTE_TEXT, HOSTILE_NOTE]
    assert week_view.marking == MARKING


def test_week_pack_is_16_by_9_with_title_figures_charts_table_and_a_notes_slide(week_pptx):
    slides = list(week_pptx.slides)
    texts = [_slide_text(slide) for slide in slides]

    assert (week_pptx.slide_width, week_pptx.slide_height) == (Emu(12192000), Emu(6858000))
    assert "North Korean missile launches" in texts[0] and "2021-W12" in texts[0]
    assert "Key figures" in texts[1] and "450 km" in texts[1]
    pictures = [shape for slide in slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) >= 3, "timeline, weekly counts and map"
    for picture in pictures:
        image = Image.open(io.BytesIO(picture.image.blob))
        assert image.format == "PNG" and image.width >= 2000
    table = _table_rows(week_pptx)
    assert any(row[0].startswith("2021-03-25") and row[3] == "450" and row[4] == "60" for row in table)
    assert any(ADDED_SOURCE in row[-1] and "analyst-added" in row[1] for row in table)
    notes = [text for text in texts if "Team notes: " in text]
    assert len(notes) == 1
    assert NOTE_TEXT in notes[0] and HOSTILE_NOTE in notes[0] and "Kim Analyst" in notes[0]
    assert all(text.count(MARKING) >= 2 for text in texts), "every slide is marked top and bottom"
    assert "Sources and method" in texts[-1]


def test_pack_type_is_large_enough_to_read_at_the_back_of_the_room(week_pptx):
    sizes = [
        run.font.size
        for slide in week_pptx.slides
        for shape in slide.shapes
        for frame in ([shape.text_frame] if shape.has_text_frame else
                      [cell.text_frame for row in shape.table.rows for cell in row.cells] if shape.has_table else [])
        for paragraph in frame.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    ]
    assert sizes and all(size is not None for size in sizes)
    assert min(sizes) >= Pt(11), "only the footer line may be as small as 11 pt"
    body = [size for size in sizes if size > Pt(11)]
    assert min(body) >= Pt(13)


def test_every_slide_keeps_its_text_and_tables_inside_the_slide(week_pptx):
    for number, slide in enumerate(week_pptx.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, f"slide {number}: {shape.name} starts off the slide"
            assert shape.left + shape.width <= week_pptx.slide_width, f"slide {number}: {shape.name} too wide"
            height = shape.height
            if shape.has_table:
                height = sum(row.height for row in shape.table.rows)
            assert shape.top + height <= week_pptx.slide_height, f"slide {number}: {shape.name} runs off the bottom"


def test_long_period_table_continues_over_slides_without_losing_a_launch(team_database, exports_ready):
    view = load_view(Filters(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31)))
    slides = list(briefing.pack_slides(view, []))
    presentation = Presentation(io.BytesIO(briefing.to_pptx(slides, view)))

    table_slides = [slide for slide in presentation.slides if any(shape.has_table for shape in slide.shapes)]
    rows = _table_rows(presentation)
    assert len(table_slides) > 1
    assert len(rows) == len(view.launches)
    assert [row[0][:10] for row in rows] == [f"{day:%Y-%m-%d}" for day in view.launches["date_kst"]]
    body_bottom = Emu(int(briefing._BODY_BOTTOM_IN * 914400))
    for slide in table_slides:
        table = next(shape for shape in slide.shapes if shape.has_table)
        assert table.top + sum(row.height for row in table.table.rows) <= body_bottom


def test_pdf_pack_has_the_same_content_and_its_pages_render(week_pdf, tmp_path):
    reader = pypdf.PdfReader(io.BytesIO(week_pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert len(reader.pages) >= 7
    assert "450 km" in text and "Key figures" in text and "Launch timeline" in text
    assert "KCNA claims a 2.5 t warhead." in text
    assert "<b>not bold</b>" in text and "=HYPERLINK" in text
    assert text.count(MARKING) >= 2 * len(reader.pages)
    require(shutil.which("pdftoppm") is not None, "pdftoppm is not installed (apt-get install poppler-utils)")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(week_pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    for page in pages:
        image = Image.open(page).convert("L")
        assert image.width > image.height, "landscape pages"
        dark = sum(1 for value in image.getdata() if value < 128)
        assert dark > 0.002 * image.width * image.height, f"{page.name} is blank"


def test_brief_command_writes_the_pack_and_reports_it(team_database, exports_ready, tmp_path, capsys):
    out = tmp_path / "packs" / "brief.pptx"

    code = briefing.main(["--week", "2021-W12", "--format", "pptx", "--out", str(out)])

    assert code == 0, capsys.readouterr().err
    presentation = Presentation(str(out))
    assert any("450" in _slide_text(slide) for slide in presentation.slides)
    assert "2021-W12" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["--week", "2021-W54", "--out", "x.pptx"],
        ["--week", "2021-W12", "--to", "2021-03-01", "--out", "x.pptx"],
        ["--from", "2021-03-28", "--to", "2021-03-01", "--out", "x.pptx"],
        ["--week", "2021-W12", "--out", "x.docx"],
        ["--week", "2021-W12", "--format", "key", "--out", "x.key"],
        ["--week", "2021-W12"],
    ],
    ids=["no-such-week", "week-and-dates", "from-after-to", "unknown-extension", "unknown-format", "no-out"],
)
def test_brief_command_usage_errors_exit_2(argv, capsys):
    assert briefing.main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_brief_command_failure_exits_1_with_one_line_for_cron(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "data"
    broken.mkdir()
    (broken / "sites.csv").write_text("site_id,name\n")
    monkeypatch.setenv("SPLASHDOWN_DATA_DIR", str(broken))
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")

    code = briefing.main(["--week", "2021-W12", "--out", str(tmp_path / "brief.pdf")])

    error = capsys.readouterr().err
    assert code == 1
    assert len(error.strip().splitlines()) == 1 and error.startswith("splashdown brief: ")
    assert not (tmp_path / "brief.pdf").exists()


def test_help_exits_0_and_names_the_options(capsys):
    assert briefing.main(["--help"]) == 0
    help_text = capsys.readouterr().out
    assert all(option in help_text for option in ("--week", "--from", "--to", "--class", "--format", "--out"))


def test_pack_without_launches_says_so_instead_of_failing(team_database):
    view = load_view(Filters(week="2018-W20"))
    presentation = Presentation(io.BytesIO(briefing.to_pptx(briefing.pack_slides(view, []), view)))

    texts = [_slide_text(slide) for slide in presentation.slides]
    assert any("No launches in this period." in text for text in texts)
