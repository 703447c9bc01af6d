"""Text -> sentences -> clauses, keeping abbreviations and datelines out of the way."""

from __future__ import annotations

import re

from splashdown.reports.dates import DATELINE

BACK_REFERENCE = re.compile(
    r"^[\"“‘']?(?:Those|These|That|They|It|Both|Each|The earlier|The previous|Both of those)\b(?!')", re.I)
_ABBREVIATIONS = re.compile(
    r"\b(?:U\.S|U\.N|U\.K|a\.m|p\.m|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Adm|Capt|Sgt|No|St|Jan|Feb|Aug|Sept|Sep|Oct|Nov|"
    r"Dec|Corp|Inc|e\.g|i\.e|vs|approx)\.", re.I)


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u2013", "-").replace("\u2014", " - ").replace("\u2011", "-")
    return re.sub(r"[ \t]+", " ", text)


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in re.split(r"\n+", text):
        paragraph = _ABBREVIATIONS.sub(lambda match: match.group(0).replace(".", "\x00"), DATELINE.sub("", paragraph))
        for piece in re.split(r"(?<=[.!?])[\"”']?\s+(?=[\"“']?[A-Z0-9])", paragraph):
            piece = piece.replace("\x00", ".").strip()
            if piece:
                sentences.append(piece)
    return sentences


def split_clauses(sentence: str) -> list[str]:
    parts = re.split(r"(?:,(?!\d{3})|;|:(?!\d)|\s-\s|\s(?=(?:although|while|whereas|but|after|before|and later)\s))",
                     sentence)
    return [part for part in parts if part and part.strip(" \"“”'")]
