"""Who says so: the agency each clause's figures come from, in the claims' vocabulary.

- The agencies are those of ``load_claims()``: ROK JCS, Japan MoD, US INDOPACOM / DoD, KCNA and
  media (a report's own unattributed words). Seoul's figures are the JCS's whoever voices them
  ("South Korean officials", "Seoul's government"), Tokyo's the defense ministry's ("Japan's Chief
  Cabinet Secretary", "the Japan Coast Guard"), Washington's INDOPACOM's or the Pentagon's ("a US
  official told Reuters", "the White House"); the evidence sentence keeps the exact wording.
- A clause's own attribution wins, else the attribution clause after it ("flew 450 km, the JCS
  said"), else the sentence's; a sentence naming nobody but referring back ("the official said",
  "it added") keeps the previous sentence's agency, otherwise it is the text's issuer: an agency's
  own press release ("Ministry of Defense press release, 25 March 2021") speaks for that agency
  throughout; any other text is media.
"""

from __future__ import annotations

import re

MEDIA = "media"

_SOURCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ROK JCS", re.compile(
        r"\b(?:Joint Chiefs(?: of Staff)?|JCS|South Korea(?:n|'s)? (?:military|army|armed forces)|Seoul's military)\b",
        re.I)),
    ("Japan MoD", re.compile(
        r"\b(?:Japan(?:ese|'s)? (?:Defen[cs]e Ministry|Ministry of Defen[cs]e|defen[cs]e ministry|Defen[cs]e Minister|"
        r"defen[cs]e minister)|Tokyo's defen[cs]e|MoD)\b", re.I)),
    ("Japan MoD", re.compile(
        r"\b(?:Japan(?:ese|'s)? (?:government|Prime Minister|prime minister|coast guard|Coast Guard|officials?|"
        r"authorities|Chief Cabinet Secretary)|Tokyo said)\b", re.I)),
    ("US INDOPACOM / DoD", re.compile(
        r"\b(?:(?:U\.S\.|US|American|United States)(?:'s)? (?:officials?|military|spokes(?:wo)?man|Forces Korea|"
        r"intelligence|defen[cs]e officials?|Indo-Pacific Command|Strategic Command|Northern Command|Pacific Command|"
        r"Forces Japan)|Pentagon|Indo-Pacific Command|INDOPACOM|USINDOPACOM|USFK|NORAD|White House|State Department)",
        re.I)),
    ("ROK JCS", re.compile(
        r"\b(?:South Korea(?:n|'s)? (?:government|officials?|presidential office|Unification Ministry|defen[cs]e "
        r"ministry)|South Korea (?:said|says|detected|confirmed)|Seoul (?:said|says|detected)|Seoul's (?:government|"
        r"officials)|South Korean officials|Blue House)\b", re.I)),
    ("KCNA", re.compile(
        r"\b(?:KCNA|Korean Central News Agency|(?:North Korea's |North Korean |Pyongyang's )?state media|state-run "
        r"media|Rodong Sinmun|(?:North Korea|Pyongyang|the North) (?:has |had )?(?:said|claimed|says|claims)|"
        r"Missile Administration)\b", re.I)),
)

_RELEASE = re.compile(r"\b(?:press release|news release|press statement|official statement)\b", re.I)
# Japan's ministry calls itself the "Ministry of Defense"; Seoul's is the Ministry of National Defense.
_JAPAN_MINISTRY = re.compile(r"(?<!National )\bMinistry of Defen[cs]e\b")
_REFERENCE = re.compile(
    r"\b(?:the|that|this) (?:official|officials|ministry|minister|secretary|military|agency|spokes(?:wo)?man|"
    r"spokesperson|statement|command|release)\b"
    r"|\b(?:he|she|it|they) (?:said|added|told|says)\b", re.I)


def _source_in(text: str) -> str | None:
    for name, pattern in _SOURCES:
        if pattern.search(text):
            return name
    return None


def issuer(text: str) -> str:
    """The agency whose own release the text is ("Ministry of Defense press release, ..."), else media."""
    for line in [line for line in text.splitlines() if line.strip()][:3]:
        if _RELEASE.search(line):
            return _source_in(line) or ("Japan MoD" if _JAPAN_MINISTRY.search(line) else MEDIA)
    return MEDIA


def clause_sources(clauses: list[str], previous: str, default: str = MEDIA) -> tuple[list[str], str]:
    """Who says what: a clause's own source, else the attribution clause after it, else the sentence's.

    A sentence naming nobody is ``previous``'s when it refers back ("the ministry said"), else the
    text's ``default`` (its issuer).
    """
    own = [_source_in(clause) for clause in clauses]
    sentence = " ".join(clauses)
    sentence_source = next((source for source in own if source), None)
    if sentence_source is None:
        sentence_source = previous if _REFERENCE.search(sentence) else default
    result: list[str] = []
    following: str | None = None
    for source in reversed(own):
        following = source or following
        result.append(following or sentence_source)
    return result[::-1], sentence_source
