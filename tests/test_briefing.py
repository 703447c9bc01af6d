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

from splashdown import briefing, cli, pack_style
from splashdown.briefing import build_pack
from splashdown.filters import Filters
from splashdown.pack_pdf import to_pdf
from splashdown.pack_pptx import to_pptx
from splashdown.pack_slides import PackOptions, pack_slides
from splashdown.store import open_store
from splashdown.view import View, load_view
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
def week_view(team_database: str) -> View:
    return load_view(Filters(week="2021-W12"))


@pytest.fixture(scope="module")
def week_pptx(week_view: View, static_exports: None) -> Presentation:
    return Presentation(io.BytesIO(build_pack(week_view, "pptx")))


@pytest.fixture(scope="module")
def week_pdf(week_view: View, static_exports: None) -> bytes:
    # The PPTX test already renders the charts through build_pack; the PDF reuses a render.
    return to_pdf(pack_slides(week_view, briefing.render_charts(week_view)))


def _slide_text(slide) -> str:
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
    assert "Launch events" in texts[1] and "450 km" in texts[1]
    pictures = [shape for slide in slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) >= 3, "timeline, weekly counts and map"
    for picture in pictures:
        image = Image.open(io.BytesIO(picture.image.blob))
        assert image.format == "PNG" and image.width >= 2000
    table = _table_rows(week_pptx)
    assert any(row[0].startswith("2021-03-25") and row[3] == "450" and row[4] == "60" for row in table)
    assert any("analyst-added" in row[1] for row in table)
    assert any("KCNA about 600 km" in row[-1] for row in table), "other agencies' figures beside the headline"
    assert any(ADDED_SOURCE in text for text in texts if "Appendix: sources" in text)
    notes = [text for text in texts if "Team notes: " in text]
    assert len(notes) == 1
    assert NOTE_TEXT in notes[0] and HOSTILE_NOTE in notes[0] and "Kim Analyst" in notes[0]
    assert all(text.count(MARKING) >= 2 for text in texts), "every slide is marked top and bottom"
    assert "Appendix: sources and method" in texts[-1]


def test_pack_type_is_large_enough_to_read_at_the_back_of_the_room(week_pptx):
    presented = [slide for slide in week_pptx.slides if "Appendix" not in _slide_text(slide)]
    sizes = [
        run.font.size
        for slide in presented
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


def test_long_period_lists_events_and_the_appendix_every_missile_over_as_many_slides_as_needed(team_database):
    view = load_view(Filters(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31)))
    presentation = Presentation(io.BytesIO(to_pptx(pack_slides(view, []))))

    tables = [
        ("Appendix" if "Appendix: every missile" in _slide_text(slide) else "",
         next(shape for shape in slide.shapes if shape.has_table))
        for slide in presentation.slides if any(shape.has_table for shape in slide.shapes)
    ]
    events = [[cell.text for cell in row.cells] for title, table in tables if not title.startswith("Appendix")
              for row in list(table.table.rows)[1:]]
    missiles = [[cell.text for cell in row.cells] for title, table in tables if title.startswith("Appendix")
                for row in list(table.table.rows)[1:]]
    per_event = view.launches.groupby("event_id").agg(day=("date_kst", "min"), missiles=("launch_id", "size"))
    per_event = per_event.sort_values(["day"], kind="stable")
    assert [(row[0], int(row[1])) for row in events] == [
        (f"{day:%Y-%m-%d}", count) for day, count in zip(per_event["day"], per_event["missiles"])
    ]
    assert [row[0][:10] for row in missiles] == [f"{day:%Y-%m-%d}" for day in view.launches["date_kst"]]
    assert sum(1 for title, _ in tables if title.startswith("Appendix")) > 1
    body_bottom = Emu(int(pack_style.BODY_BOTTOM_IN * 914400))
    for _, table in tables:
        assert table.top + sum(row.height for row in table.table.rows) <= body_bottom


def test_pdf_pack_has_the_same_content_and_its_pages_render(week_pdf, tmp_path):
    reader = pypdf.PdfReader(io.BytesIO(week_pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert len(reader.pages) >= 7
    assert "450 km" in text and "Launch events" in text and "North Korea launched three missiles" in text
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


def test_brief_command_writes_the_pack_and_reports_it(team_database, static_exports, tmp_path, capsys):
    out = tmp_path / "packs" / "brief.pptx"

    code = cli.brief(["--week", "2021-W12", "--format", "pptx", "--out", str(out)])

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
    assert cli.brief(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_brief_command_failure_exits_1_with_one_line_for_cron(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "data"
    broken.mkdir()
    (broken / "sites.csv").write_text("site_id,name\n")
    monkeypatch.setenv("SPLASHDOWN_DATA_DIR", str(broken))
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")

    code = cli.brief(["--week", "2021-W12", "--out", str(tmp_path / "brief.pdf")])

    error = capsys.readouterr().err
    assert code == 1
    assert len(error.strip().splitlines()) == 1 and error.startswith("splashdown brief: ")
    assert not (tmp_path / "brief.pdf").exists()


def test_help_exits_0_and_names_the_options(capsys):
    assert cli.brief(["--help"]) == 0
    help_text = capsys.readouterr().out
    assert all(option in help_text for option in ("--week", "--from", "--to", "--class", "--format", "--out"))


def test_pack_without_launches_says_so_instead_of_failing(team_database):
    view = load_view(Filters(week="2018-W20"))
    presentation = Presentation(io.BytesIO(to_pptx(pack_slides(view, []))))

    texts = [_slide_text(slide) for slide in presentation.slides]
    assert any("No launches in this period." in text for text in texts)


def _notes_text(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


@pytest.fixture(scope="module")
def year_view(team_database: str) -> View:
    return load_view(Filters(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31)))


@pytest.fixture(scope="module")
def year_pptx(year_view: View, static_exports: None) -> Presentation:
    return Presentation(io.BytesIO(build_pack(year_view, "pptx")))


def test_year_pack_fits_fifteen_slides_before_its_appendix_and_opens_with_the_bottom_line(year_pptx, year_view):
    texts = [_slide_text(slide) for slide in year_pptx.slides]
    appendix = [number for number, text in enumerate(texts) if "Appendix: " in text]

    assert appendix and appendix[0] <= 15, f"{appendix[0]} slides before the appendix"
    assert appendix == list(range(appendix[0], len(texts))), "the appendix comes last, in one piece"
    summary = briefing.pack_slides(year_view, []).bottom_line
    assert summary.title in texts[0] and summary.text in texts[0]
    assert texts[0].startswith(f"{MARKING}\n{MARKING}") or texts[0].count(MARKING) == 2
    events = year_view.launches["event_id"].nunique()
    event_rows = [row for slide in list(year_pptx.slides)[: appendix[0]] for shape in slide.shapes if shape.has_table
                  for row in list(shape.table.rows)[1:]]
    assert len(event_rows) == events, "the main table lists launch events, not missiles"


def test_year_pack_charts_fill_at_least_half_of_their_slide_and_name_their_sources(year_pptx):
    slide_area = year_pptx.slide_width * year_pptx.slide_height
    chart_slides = [slide for slide in year_pptx.slides if any(shape.shape_type == 13 for shape in slide.shapes)]

    assert len(chart_slides) >= 3
    for slide in chart_slides:
        picture = next(shape for shape in slide.shapes if shape.shape_type == 13)
        assert picture.width * picture.height >= 0.5 * slide_area, _slide_text(slide)
        assert picture.left + picture.width <= year_pptx.slide_width
        assert "Sources (" in _notes_text(slide) and "CNS/NTI" in _notes_text(slide)
    titles = [_slide_text(slide) for slide in chart_slides]
    assert any("Busiest month: " in title for title in titles)
    assert any("Most missiles in one week: " in title for title in titles)
    assert any("Longest flight: " in title and " km apogee (" in title for title in titles)


def test_every_slide_has_speaker_notes_with_its_sources(year_pptx):
    for number, slide in enumerate(year_pptx.slides, start=1):
        assert _notes_text(slide).strip(), f"slide {number} has no speaker notes"
    table_notes = [_notes_text(slide) for slide in year_pptx.slides
                   if any(shape.has_table for shape in slide.shapes)]
    assert all(note.startswith("Sources of the rows on this slide") for note in table_notes)


def test_sections_left_out_are_absent_and_only_chosen_notes_get_a_slide(week_view):
    options = PackOptions(sections=frozenset({"table", "notes"}), annotated=())
    presentation = Presentation(io.BytesIO(build_pack(week_view, "pptx", options)))

    texts = [_slide_text(slide) for slide in presentation.slides]
    assert not any(shape.shape_type == 13 for slide in presentation.slides for shape in slide.shapes)
    assert not any("Appendix" in text or "Team notes: " in text or "Launch events\n" in text for text in texts)
    assert any(slide.shapes and any(shape.has_table for shape in slide.shapes) for slide in presentation.slides)
    chosen = PackOptions(sections=frozenset({"notes"}), annotated=("L-2021-03-25-1",))
    notes_pack = Presentation(io.BytesIO(build_pack(week_view, "pptx", chosen)))
    with_notes = [_slide_text(slide) for slide in notes_pack.slides]
    assert len(with_notes) == 2 and "Team notes: " in with_notes[1]


def test_edited_bottom_line_reaches_the_pptx_and_the_pdf_but_not_the_catalog(week_view):
    edited = PackOptions(
        sections=frozenset(), title="Second salvo in five days", bottom_line="Analyst's own words: two KN-23 & more."
    )
    pack = pack_slides(week_view, [], edited)

    pptx_text = _slide_text(Presentation(io.BytesIO(to_pptx(pack))).slides[0])
    pdf_text = pypdf.PdfReader(io.BytesIO(to_pdf(pack))).pages[0].extract_text()
    for text in (pptx_text, pdf_text):
        assert "Second salvo in five days" in text and "Analyst's own words: two KN-23 & more." in text
        assert pack.bottom_line.text not in text
    assert pack_slides(load_view(Filters(week="2021-W12")), []).slides[0].bottom_line == pack.bottom_line.text


def test_brief_command_leaves_sections_out_and_takes_the_analysts_bottom_line(team_database, tmp_path, capsys):
    words = tmp_path / "bottom-line.txt"
    words.write_text("Our own bottom line for the director.\n", encoding="utf-8")
    out = tmp_path / "brief.pdf"

    code = cli.brief(["--week", "2021-W12", "--out", str(out), "--title", "For the director",
                          "--bottom-line", str(words), *[arg for section in ("figures", "timeline", "weekly", "map",
                                                                              "profile", "appendix")
                                                          for arg in ("--without", section)]])

    assert code == 0, capsys.readouterr().err
    reader = pypdf.PdfReader(str(out))
    first = reader.pages[0].extract_text()
    assert "For the director" in first and "Our own bottom line for the director." in first
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Appendix" not in text and "Most missiles" not in text


def test_brief_command_refuses_notes_for_a_launch_without_notes(team_database, tmp_path, capsys):
    code = cli.brief(["--week", "2021-W12", "--out", str(tmp_path / "b.pptx"), "--notes-for", "L-1984-04-09-1",
                          "--without", "timeline", "--without", "weekly", "--without", "map", "--without", "profile"])

    assert code == 1
    assert "L-1984-04-09-1" in capsys.readouterr().err
    assert not (tmp_path / "b.pptx").exists()


@pytest.mark.slow
def test_libreoffice_opens_the_pack_and_its_pages_show_the_charts(week_pptx, tmp_path):
    """Impress from Debian converts the PPTX as an office user would open it: one page per slide,
    and every picture area of the converted pages carries a drawn chart, not a blank box."""
    soffice = shutil.which("soffice")
    require(soffice is not None, "LibreOffice is not installed (apt-get install libreoffice-impress)")
    require(shutil.which("pdftoppm") is not None, "pdftoppm is not installed (apt-get install poppler-utils)")
    pack = tmp_path / "brief.pptx"
    week_pptx.save(str(pack))
    profile = tmp_path / "libreoffice-profile"

    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(pack)],
        check=True, capture_output=True, timeout=240,
    )

    converted = tmp_path / "brief.pdf"
    slides = list(week_pptx.slides)
    assert len(pypdf.PdfReader(str(converted)).pages) == len(slides)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(converted), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    pictures_checked = 0
    for slide, page in zip(slides, pages, strict=True):
        image = Image.open(page).convert("L")
        scale = image.width / week_pptx.slide_width
        for picture in (shape for shape in slide.shapes if shape.shape_type == 13):
            box = tuple(int(value * scale) for value in (
                picture.left, picture.top, picture.left + picture.width, picture.top + picture.height))
            area = image.crop(box)
            drawn = sum(1 for value in area.getdata() if value < 200) / (area.width * area.height)
            assert drawn > 0.01, f"{page.name}: the picture area is blank ({drawn:.1%} drawn)"
            pictures_checked += 1
    assert pictures_checked >= 3


def test_year_table_carries_each_agencys_figures_and_japans_eez_assessment(team_database):
    view = load_view(Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    presentation = Presentation(io.BytesIO(to_pptx(pack_slides(view, [], PackOptions(sections=frozenset({"table"}))))))

    rows, notes = {}, []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_table:
                header = [cell.text for cell in shape.table.rows[0].cells]
                rows |= {row.cells[0].text: dict(zip(header, (cell.text for cell in row.cells)))
                         for row in list(shape.table.rows)[1:]}
                notes.append(_notes_text(slide))
    april = rows["2024-04-02"]
    assert april["Range\nkm"] == "600 †", "JCS's about 600 km headlines; the agencies differ by over 10 %"
    assert april["Figures by"].startswith("ROK JCS")
    april_notes = next(line for note in notes for line in note.splitlines() if line.startswith("2024-04-02"))
    assert "ROK JCS about 600 km" in april_notes and "Japan MoD 650 km or more" in april_notes
    assert "KCNA about 1,000 km" in april_notes
    assert rows["2024-11-05"]["Missiles"] == "at least 7"
    statuses = {row["Japan EEZ\n(estimate)"].split(";")[0] for row in rows.values()}
    assert statuses <= {"inside", "near line", "outside", "—"}


def test_overflights_of_japan_are_flagged_in_the_table(team_database):
    view = load_view(Filters(date_from=date(2022, 10, 1), date_to=date(2022, 12, 31)))
    presentation = Presentation(io.BytesIO(to_pptx(pack_slides(view, [], PackOptions(sections=frozenset({"table"}))))))

    flagged = [[cell.text for cell in row.cells] for slide in presentation.slides for shape in slide.shapes
               if shape.has_table for row in list(shape.table.rows)[1:] if "overflew" in row.cells[7].text]
    assert [row[0] for row in flagged] == ["2022-10-04"]


def test_a_long_edited_bottom_line_stays_on_the_opening_slide(week_view):
    words = ("The analyst's own long assessment of the salvo, its range and apogee and what it means. " * 17)[:1500]
    pack = pack_slides(week_view, [], PackOptions(sections=frozenset(), bottom_line=words))

    opening = Presentation(io.BytesIO(to_pptx(pack))).slides[0]
    box = next(shape for shape in opening.shapes if shape.has_text_frame and shape.text_frame.text == words.strip())
    size = box.text_frame.paragraphs[0].runs[0].font.size
    lines = len(words) / (box.width / 914400 * 72 / (size.pt * 0.5))
    assert lines * size.pt * 1.2 / 72 <= box.height / 914400
    assert size >= Pt(13)


def test_brief_command_refuses_a_bottom_line_longer_than_the_slide_holds(tmp_path, capsys):
    words = tmp_path / "long.txt"
    words.write_text("x" * 1_501, encoding="utf-8")

    assert cli.brief(["--week", "2021-W12", "--out", str(tmp_path / "b.pdf"), "--bottom-line", str(words)]) == 2
    assert "1,501 characters" in capsys.readouterr().err
