"""Events and stable ids: which missiles form one event, and the ids annotations rely on.

Ids recorded in `curation/ids.csv` are reused on every run, whatever the row's date becomes; a new
record gets the next free number on its Korean date. Ids are never renumbered.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from tools.curation.common import CURATION_DIR, Record, kst_minutes, read_csv, write_csv


def _province_of(record: Record, sites: dict[str, dict[str, str]]) -> str:
    return sites[record.site_id]["province"] if record.site_id in sites else ""


def assign_ids(records: list[Record], sites: dict[str, dict[str, str]]) -> dict[str, tuple[str, str]]:
    """Reuse recorded ids; give new records the next free number on their KST date."""
    id_path = CURATION_DIR / "ids.csv"
    known = {row["key"]: row for row in read_csv(id_path)}
    used_launch: dict[str, int] = defaultdict(int)
    used_event: dict[str, int] = defaultdict(int)
    for row in known.values():
        for used, value in ((used_launch, row["launch_id"]), (used_event, row["event_id"])):
            prefix, number = value.rsplit("-", 1)
            used[prefix] = max(used[prefix], int(number))

    ids: dict[str, tuple[str, str]] = {}
    for day, members in events(records, sites):
        event_id = next((known[m.key]["event_id"] for m in members if m.key in known), "")
        if not event_id:
            prefix = f"E-{day.isoformat()}"
            used_event[prefix] += 1
            event_id = f"{prefix}-{used_event[prefix]}"
        for member in members:
            if member.key in known:
                ids[member.key] = (known[member.key]["launch_id"], known[member.key]["event_id"])
                continue
            prefix = f"L-{day.isoformat()}"
            used_launch[prefix] += 1
            ids[member.key] = (f"{prefix}-{used_launch[prefix]}", event_id)

    rows = [{"key": key, "launch_id": launch_id, "event_id": event_id} for key, (launch_id, event_id) in ids.items()]
    rows += [row for key, row in known.items() if key not in ids]
    rows.sort(key=lambda row: id_sort_key(row["launch_id"]))
    write_csv(id_path, ["key", "launch_id", "event_id"], rows)
    return ids


EVENT_GAP_MINUTES = 120


def kst_order(record: Record) -> tuple[int, str]:
    """Launches of one Korean day in local time order; untimed ones last, in source order."""
    return (kst_minutes(record.time_utc) if record.time_utc else 24 * 60, record.key)


def events(records: list[Record], sites: dict[str, dict[str, str]]) -> list[tuple[date, list[Record]]]:
    """Same Korean day, same province (or same unplaced site), no gap over two hours: one event."""
    areas: dict[tuple[date, str], list[Record]] = defaultdict(list)
    for record in records:
        area = _province_of(record, sites) or record.site_id
        areas[(record.date_kst, area)].append(record)
    found: list[tuple[date, list[Record]]] = []
    for (day, _), members in areas.items():
        members.sort(key=kst_order)
        current: list[Record] = []
        last = None
        for member in members:
            minute = kst_minutes(member.time_utc) if member.time_utc else None
            if current and minute is not None and last is not None and minute - last > EVENT_GAP_MINUTES:
                found.append((day, current))
                current = []
            current.append(member)
            last = minute if minute is not None else last
        found.append((day, current))
    found.sort(key=lambda item: (item[0], kst_order(item[1][0])))
    return found


def id_sort_key(launch_id: str) -> tuple[str, int]:
    prefix, number = launch_id.rsplit("-", 1)
    return prefix, int(number)
