"""What: the words for launches, counts, missile classes (the catalog's vocabulary), names and seas."""

from __future__ import annotations

import re

FIELDS: tuple[str, ...] = (
    "date", "count", "missile_class", "origin", "range_km", "apogee_km", "flight_time_min", "sea",
)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a pair of": 2,
    "a couple of": 2, "a dozen": 12, "both": 2,
}
_UNKNOWN_COUNTS = ("several", "multiple", "a number of", "a barrage of", "a salvo of", "a volley of",
                   "a series of", "a flurry of", "numerous", "some")

LAUNCH_WORD = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|test-(?:fired|launched)|lobbed|shot|blast(?:ed)? off|"
    r"lift(?:ed)? off|tested|flew|flown|projectiles?|missiles?|rockets?|ICBMs?|SLBMs?)\b", re.I)
LAUNCH_VERB = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|test-(?:fired|launched)|lobbed|shot|blasted off|"
    r"lifted off|tested)\b", re.I)
CAPABILITY = re.compile(
    r"\b(?:maximum range|max(?:imum)? range|can (?:fly|reach|travel|strike|hit)|could (?:fly|reach|travel|"
    r"strike|hit)|capable of|designed to|able to (?:fly|reach|strike)|has a range|with a range of|range of up to|"
    r"estimated range|enough to reach|(?:has|have|had|with) an? (?:maximum |potential |estimated |theoretical )?"
    r"range|within range of|putting .{0,40} within)\b", re.I)

_CLASS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("SLV", re.compile(r"\b(?:satellite|space (?:launch )?vehicle|space rocket|carrier rocket|SLV)\b", re.I)),
    ("SLBM", re.compile(r"\b(?:submarine-launched|SLBMs?|from a submarine|underwater-launched)\b", re.I)),
    ("HGV", re.compile(r"\b(?:hypersonic|glide vehicle|HGV)\b", re.I)),
    ("ICBM", re.compile(r"\b(?:intercontinental|ICBMs?|long-range ballistic)\b", re.I)),
    ("IRBM", re.compile(r"\b(?:intermediate-range|IRBMs?)\b", re.I)),
    ("MRBM", re.compile(r"\b(?:medium-range|mid-range|MRBMs?)\b", re.I)),
    ("SRBM", re.compile(r"\b(?:short-range|close-range|SRBMs?|tactical guided)\b", re.I)),
    ("cruise", re.compile(r"\bcruise missiles?\b", re.I)),
    ("unknown", re.compile(r"\b(?:unidentified|unknown|unspecified) (?:ballistic )?(?:projectiles?|missiles?)"
                           r"|\bprojectiles?\b|\bballistic missiles?\b", re.I)),
)
_MISSILE_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bHwasong-?1[5-9][A-Z]?\b|\bHwasong-?20\b|\bKN-(?:20|22|28)\b", re.I), "ICBM"),
    (re.compile(r"\bHwasong-?1[24]\b|\bMusudan\b|\bKN-17\b", re.I), "IRBM"),
    (re.compile(r"\bHwasong-?16B?\b", re.I), "HGV"),
    (re.compile(r"\bHwasong-?8\b", re.I), "HGV"),
    (re.compile(r"\bPukguksong-?\d\b|\bKN-(?:11|26)\b", re.I), "SLBM"),
    (re.compile(r"\b(?:Chollima|Unha|Taepodong|Kwangmyongsong|Malligyong)-?\d?\b", re.I), "SLV"),
    (re.compile(r"\bNodong\b|\bHwasong-?[79]\b", re.I), "MRBM"),
    (re.compile(r"\bKN-(?:23|24|25)\b|\bHwasong-?11[A-Z]?\b|\bScuds?\b|\bHwasong-?[56]\b", re.I), "SRBM"),
)
_SEAS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("east-sea", re.compile(r"\b(?:East Sea|Sea of Japan|waters? off (?:the|its|the country's|North Korea's) "
                            r"east(?:ern)? coast|eastern waters|off (?:the|its) east coast|Japan's exclusive "
                            r"economic zone|Japan's EEZ|off (?:Japan's )?(?:Okushiri|Oga|Sado)\b)", re.I)),
    ("yellow-sea", re.compile(r"\b(?:Yellow Sea|West Sea|waters? off (?:the|its|the country's|North Korea's) "
                              r"west(?:ern)? coast|western waters|off (?:the|its) west coast)", re.I)),
    ("pacific", re.compile(
        r"(?<!Indo-)\b(?:Pacific(?: Ocean)?|over (?:northern )?Japan|over Hokkaido|over Japan's)", re.I)),
)
UNIDENTIFIED = re.compile(r"\b(?:unidentified|unknown|unspecified)\b", re.I)
FAILURE = re.compile(r"\b(?:failed|failure|exploded|blew up|disintegrated|crashed|fizzled)\b", re.I)


def count_missiles(clause: str) -> tuple[bool, int | None, bool]:
    """(whether the clause counts the missiles, how many, whether weakly).

    The count is None for "several" and the like; "a missile" and "several" are weak counts that
    a number elsewhere in the report outranks.
    """
    lowered = clause.lower()
    noun = r"(?:ballistic |cruise )?(?:missiles?|projectiles?|rockets?|ICBMs?|SRBMs?|IRBMs?|MRBMs?|SLBMs?|rounds?)\b"
    adjective = (r"(?:[a-z]+-[a-z]+(?:-[a-z]+)? |new |more |unidentified |suspected |apparent |tactical |guided "
                 r"|strategic |additional |possible |presumed |unknown |ballistic |cruise |hypersonic |"
                 r"intercontinental |short |long |medium |what appeared to be |what appear to be )")
    for phrase in _UNKNOWN_COUNTS:
        if re.search(rf"\b{phrase} {adjective}{{0,4}}{noun}", lowered):
            return True, None, True
    words = "|".join(sorted((re.escape(word) for word in NUMBER_WORDS), key=len, reverse=True))
    match = re.search(rf"\b(?P<n>{words}|\d+) {adjective}{{0,4}}{noun}", lowered)
    if match is None:
        return False, None, False
    raw = match.group("n")
    if raw in {"a", "an"} and re.search(r"\b(?:one of|of the)\b", lowered):
        return False, None, False
    return True, int(raw) if raw.isdigit() else NUMBER_WORDS[raw], raw in {"a", "an"}


def classes_in(clause: str) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    for cls, pattern in _CLASS_PATTERNS:
        if pattern.search(clause):
            found.append((cls, cls == "unknown"))
            if cls != "unknown":
                break
    if not any(not generic for _, generic in found):
        for pattern, cls in _MISSILE_NAMES:
            if pattern.search(clause):
                return [(cls, False)]
    specific = [item for item in found if not item[1]]
    return specific[:1] or found[:1]


def missile_name(clause: str) -> str | None:
    for pattern, _ in _MISSILE_NAMES:
        match = pattern.search(clause)
        if match:
            return match.group(0)
    return None


def seas_in(clause: str) -> list[str]:
    hits = [(match.start(), sea) for sea, pattern in _SEAS for match in pattern.finditer(clause)]
    return [sea for _, sea in sorted(hits)]
