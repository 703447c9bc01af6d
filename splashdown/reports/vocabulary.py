"""What: the words for launches, counts, missile classes (the catalog's vocabulary), names and seas.

- Counts carry their bound: "at least three" is 3 at least, "about ten" 10 approx; "several",
  "multiple", "a barrage of" mean a real launch of unknown count (None).
- Ship-attack missiles ("surface-to-ship", "ground-to-ship", "anti-ship") are cruise missiles even
  when called short-range; surface-to-air missiles are `other`.
- A sea is where something fell only in a clause about a flight (fired, landed, into, toward...):
  "Asia-Pacific", "Indo-Pacific", "Pacific Command" and a site's menu are no seas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS: tuple[str, ...] = (
    "date", "count", "missile_class", "origin", "range_km", "apogee_km", "flight_time_min", "sea",
)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "a pair of": 2, "a couple of": 2, "a dozen": 12, "both": 2,
}
_COUNT_BOUNDS = (
    ("at least", re.compile(r"\b(?:at least|more than|over|no fewer than|upwards of)\s+$")),
    ("at most", re.compile(r"\b(?:up to|at most|no more than|fewer than|less than)\s+$")),
    ("approx", re.compile(r"\b(?:about|around|some|roughly|approximately|nearly|an estimated)\s+$")),
)
_UNKNOWN_COUNTS = ("several", "a few", "multiple", "a number of", "a barrage of", "a salvo of", "a volley of",
                   "a series of", "a flurry of", "numerous", "some")

LAUNCH_WORD = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|test-(?:fired|launched)|lobbed|shot|blast(?:ed)? off|"
    r"lift(?:ed)? off|tested|flew|flown|projectiles?|missiles?|rockets?|ICBMs?|SLBMs?)\b", re.I)
LAUNCH_VERB = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|test-(?:fired|launched)|lobbed|shot|blasted off|"
    r"lifted off|tested)\b", re.I)
CAPABILITY = re.compile(
    r"\b(?:maximum range|max(?:imum)? range|can (?:fly|reach|travel|strike|hit)|could (?:fly|reach|travel|"
    r"strike|hit)|capable of|designed to|able to (?:fly|reach|strike)|has a range|range of up to|"
    r"estimated range|enough to reach|(?:has|have|had) an? (?:maximum |potential |estimated |theoretical )?range|"
    r"with an? (?:maximum |potential |estimated |theoretical )range|with a range of (?!(?:about|some|around|"
    r"roughly|approximately) )|within range of|putting .{0,40} within)\b", re.I)

# Someone else's launch told in the same report: the allies' answer to this one, or an exercise.
OTHER_LAUNCH = re.compile(
    r"\bin (?:response|retaliation)\b|\bresponse (?:drill|exercise|launch|fire)\b|\b(?:South Korea|the South|"
    r"Seoul|South Korean (?:military|forces|army|navy|troops)|(?:US|U\.S\.|American) and South Korean (?:forces|"
    r"troops|militaries)|allied forces|the allies)(?:'s military)? (?:also |then )?(?:fired|launched|responded)\b|"
    r"\bATACMS\b|\bHyunmoo\b|\b(?:simulated|mock) targets?\b", re.I)

_CLASS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("SLV", re.compile(r"\b(?:satellite|space (?:launch )?vehicle|space rocket|carrier rocket|SLV)\b", re.I)),
    ("SLBM", re.compile(r"\b(?:submarine-launched|SLBMs?|from a submarine|underwater-launched)\b", re.I)),
    ("other", re.compile(r"\b(?:surface|ground|ship)-to-air\b|\banti-aircraft\b", re.I)),
    ("cruise", re.compile(r"\b(?:surface|ground|ship|land|shore)-to-ship\b|\banti-ship\b|\bship-to-(?:ship|surface)\b"
                          r"|\bcruise missiles?\b", re.I)),
    ("HGV", re.compile(r"\b(?:hypersonic|glide vehicle|HGV)\b", re.I)),
    ("ICBM", re.compile(r"\b(?:intercontinental|ICBMs?|long-range ballistic)\b", re.I)),
    ("IRBM", re.compile(r"\b(?:intermediate[- ]range|IRBMs?)\b", re.I)),
    ("MRBM", re.compile(r"\b(?:medium[- ]range|mid-range|MRBMs?)\b", re.I)),
    ("SRBM", re.compile(r"\b(?:short[- ]range|close-range|SRBMs?|tactical (?:guided|ballistic))\b", re.I)),
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
    (re.compile(r"\b[NR]odong\b|\bHwasong-?[79]\b", re.I), "MRBM"),
    (re.compile(r"\bKN-(?:23|24|25)\b|\bHwasong-?11[A-Z]?\b|\bScuds?\b|\bHwasong-?[56]\b", re.I), "SRBM"),
)
_SEAS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("east-sea", re.compile(r"\b(?:East Sea|Sea of Japan|waters? off (?:the|its|the country's|North Korea's) "
                            r"east(?:ern)? coast|eastern waters|off (?:the|its) east coast|"
                            r"between the Korean Peninsula and Japan|off (?:Japan's )?(?:Okushiri|Oga|Sado)\b)", re.I)),
    ("yellow-sea", re.compile(r"\b(?:Yellow Sea|West Sea|waters? off (?:the|its|the country's|North Korea's) "
                              r"west(?:ern)? coast|western waters|off (?:the|its) west coast)", re.I)),
    ("pacific", re.compile(
        r"(?<![-\w])(?:Pacific(?: Ocean)?(?! (?:Command|Fleet|Economic|Forces|Air Forces|region|Rim|nations|"
        r"countries|allies|partners|Islands))|over (?:northern )?Japan|over Hokkaido|over Japan's)", re.I)),
)
_JAPAN_EEZ = re.compile(r"\bJapan's (?:exclusive economic zone|EEZ)\b", re.I)
_SEA_CONTEXT = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|land(?:ed|ing|s)?|fell|fall(?:en|ing|s)?|splash(?:ed|ing)?|"
    r"flew|flown|fly(?:ing)?|flight|into|toward|towards|impact\w*|hit|struck|dropp(?:ed|ing)|plung(?:ed|ing)|"
    r"crash(?:ed|ing)?|targets?|waters)\b", re.I)
_RHETORIC = re.compile(r"\b(?:threat(?:en|ens|ened)?|vow(?:ed|s)?|warn(?:ed|s)?|sea of fire|would|could|can|"
                       r"summit|cooperation|forum|conference)\b", re.I)
UNIDENTIFIED = re.compile(r"\b(?:unidentified|unknown|unspecified)\b", re.I)
FAILURE = re.compile(r"\b(?:failed|failure|exploded|blew up|disintegrated|crashed|fizzled)\b", re.I)


@dataclass(frozen=True)
class Count:
    """How many missiles a clause says flew: ``value`` None for "several"; a weak count ("a missile",
    "several") is outranked by a number elsewhere in the report."""

    value: int | None
    bound: str
    weak: bool


def count_missiles(clause: str) -> Count | None:
    """The clause's count of missiles, None when it counts none."""
    lowered = clause.lower()
    noun = r"(?:ballistic |cruise )?(?:missiles?|projectiles?|rockets?|icbms?|srbms?|irbms?|mrbms?|slbms?|rounds?)\b"
    adjective = (r"(?:[a-z0-9]+-[a-z0-9]+(?:-[a-z0-9]+)? |new |more |unidentified |suspected |apparent "
                 r"|tactical |guided |strategic |additional |possible |presumed |unknown |ballistic |cruise "
                 r"|hypersonic |intercontinental |short |long |medium |what appeared to be |what appear to be )")
    for phrase in _UNKNOWN_COUNTS:
        if re.search(rf"\b{phrase} {adjective}{{0,4}}{noun}", lowered):
            return Count(None, "exact", weak=True)
    words = "|".join(sorted((re.escape(word) for word in NUMBER_WORDS), key=len, reverse=True))
    match = re.search(rf"\b(?P<n>{words}|\d+) {adjective}{{0,5}}{noun}", lowered) or re.search(
        rf"\b(?P<n>a|an) [a-z0-9]+ {adjective}{{0,3}}{noun}", lowered)  # "a Rodong missile"
    if match is None:
        return None
    raw = match.group("n")
    if raw in {"a", "an"} and re.search(r"\b(?:one of|of the)\b", lowered):
        return None
    before = lowered[max(0, match.start() - 20) : match.start()]
    bound = next((bound for bound, pattern in _COUNT_BOUNDS if pattern.search(before)), "exact")
    return Count(int(raw) if raw.isdigit() else NUMBER_WORDS[raw], bound, weak=raw in {"a", "an"})


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


def seas_in(clause: str, sentence: str) -> list[tuple[str, bool]]:
    """(sea, whether only Japan's EEZ says so) for each sea a clause names as where something fell.

    A flight is told in its sentence. Japan's EEZ reaches into the Pacific, so it means the East Sea
    only when nothing else names the sea.
    """
    if not _SEA_CONTEXT.search(sentence) or _RHETORIC.search(clause):
        return []
    hits = [(match.start(), sea, False) for sea, pattern in _SEAS for match in pattern.finditer(clause)]
    hits += [(match.start(), "east-sea", True) for match in _JAPAN_EEZ.finditer(clause)]
    return [(sea, weak) for _, sea, weak in sorted(hits)]
