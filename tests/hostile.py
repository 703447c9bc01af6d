"""Hostile data for the hostile-input suite, made at test time (nothing large is ever committed).

Texts an analyst or a pasted report could carry (markup, script, SQL, control characters,
right-to-left overrides, formulas, very long text), CSV import files that are malformed,
mis-encoded, formula-laden or huge, and launch rows with extreme figures.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from splashdown.imports import TEMPLATE_COLUMNS

HOSTILE_TEXTS: dict[str, str] = {
    "html": '<b>bold?</b> <img src=x onerror="alert(1)"> <a href="http://x.invalid">link</a> &amp; &lt;',
    "script": "<script>alert('note')</script></script><!-- --></textarea>",
    "markdown": "# Heading\n**not bold** _not italic_ [link](javascript:alert(1)) :red[red] $x^2$ `code`",
    "sql": "Robert'); DROP TABLE annotations; -- \" OR 1=1; SELECT * FROM added_launches",
    "control": "bell\x07 backspace\x08 vt\x0b ff\x0c esc\x1b[31m red\x1b[0m del\x7f cr\r tab\t end",
    "rtl": "\u202eevil.exe\u202c مرحبا بالعالم שלום \u200fRLM\u200e 한국어",
    "formula": '=HYPERLINK("http://x.invalid","click me")',
    "long": " ".join(f"word{index}" for index in range(1_200)) + " THE-END",
}
"""Every kind of text the suite sends everywhere text shows: each must come back as typed."""

FORMULAS: tuple[str, ...] = ("=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\tindented", "\rreturn",
                             "=cmd|' /C calc'!A0")

# Characters an XLSX (XML 1.0) cell cannot hold: C0 controls other than tab, newline and return.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

SEED_ROW: dict[str, str] = {
    "date_kst": "2021-03-25", "missile": "KN-23", "missile_class": "SRBM", "site_id": "prov-south-hamgyong",
    "range_km": "450", "apogee_km": "60", "impact_area": "east-sea", "outcome": "success",
    "confirmation": "ROK JCS", "sources": "wire report 2021-03-25",
}


def import_csv(rows: list[dict[str, str]], columns: tuple[str, ...] = TEMPLATE_COLUMNS,
               encoding: str = "utf-8") -> bytes:
    """An import file with the template's header and these rows."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def formula_rows() -> list[dict[str, str]]:
    """Seed-like rows whose every free-text field starts like a spreadsheet formula."""
    return [
        {**SEED_ROW, "missile": formula, "confirmation": formula, "sources": formula, "notes": formula}
        for formula in FORMULAS
    ]


def write_huge_csv(path: Path, size_bytes: int) -> Path:
    """A valid-looking import file of at least `size_bytes`, written in chunks (never held whole)."""
    row = import_csv([SEED_ROW]).split(b"\r\n", 1)[1]
    chunk = row * max(1, (1 << 20) // len(row))
    with path.open("wb") as handle:
        handle.write(import_csv([]))
        written = 0
        while written < size_bytes:
            handle.write(chunk)
            written += len(chunk)
    return path


def extreme_rows() -> list[dict[str, str]]:
    """Launches at the edges of what the catalog accepts: straight up, 10,000 km apogee, near-orbital."""
    base = {**SEED_ROW, "missile": "extreme", "missile_class": "ICBM", "site_id": "sunan"}
    return [
        {**base, "range_km": "0", "apogee_km": "100", "notes": "straight up"},
        {**base, "range_km": "1000", "apogee_km": "10000", "notes": "highest apogee the catalog accepts"},
        {**base, "range_km": "20000", "apogee_km": "10", "impact_area": "pacific", "notes": "orbital speed"},
        {**base, "range_km": "15000", "apogee_km": "10000", "impact_area": "pacific",
         "bearing_deg": "359.9", "bearing_basis": "reported", "notes": "beyond orbital speed"},
    ]
