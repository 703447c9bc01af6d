"""One colour per missile class, shared by charts, maps and exports so a class looks the same everywhere."""

from __future__ import annotations

CLASS_COLOURS: dict[str, str] = {
    "SRBM": "#1f77b4",
    "MRBM": "#2ca02c",
    "IRBM": "#ff7f0e",
    "ICBM": "#d62728",
    "SLBM": "#9467bd",
    "SLV": "#8c564b",
    "HGV": "#e377c2",
    "cruise": "#17becf",
    "other": "#bcbd22",
    "unknown": "#7f7f7f",
}


def class_colour(missile_class: str) -> str:
    return CLASS_COLOURS.get(missile_class, CLASS_COLOURS["unknown"])


def class_rgb(missile_class: str, alpha: int = 255) -> list[int]:
    """The class colour as the [r, g, b, a] list that deck.gl layers expect."""
    hex_colour = class_colour(missile_class).lstrip("#")
    return [int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]
