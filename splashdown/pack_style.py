"""The pack's look, shared by its PPTX and PDF: colours, type and the size charts are rendered at.

Charts are rendered to fill the PPTX content area exactly (12.4 x 5.7 inches under the title), at
a pixel size where the figures' type lands at about 14 pt on the slide.
"""

from __future__ import annotations

from splashdown.palette import class_colour

INK = "1F2933"
MUTED = "52606D"
MARKING_FILL = "FFF3C4"
MARKING_INK = "7A0000"
HEADER_FILL = "2E3B4E"
BAND_FILL = "F1F4F7"
RULE = "C8D0D8"
APPENDIX_FILL = "E4E9EF"

SLIDE_W_IN = 13.333
SLIDE_H_IN = 7.5
MARGIN_IN = 0.45
BODY_TOP_IN = 1.12
BODY_BOTTOM_IN = 6.78
CHART_W_IN = SLIDE_W_IN - 2 * MARGIN_IN
CHART_H_IN = BODY_BOTTOM_IN - BODY_TOP_IN
CHART_WIDTH_PX = 1500
CHART_HEIGHT_PX = round(CHART_WIDTH_PX * CHART_H_IN / CHART_W_IN)
# 24 px on a 1500 px picture 12.4 inches wide: about 14 pt.
CHART_FONT_PX = 24


def class_hex(missile_class: str) -> str:
    return class_colour(missile_class).lstrip("#").upper()
