"""One simulated analyst for `splashdown.bench.concurrent_analysts`: an AppTest session of the
real app.py that filters, switches pages, writes notes and edits its own, then prints what it did
as one JSON line.

It waits in the rendezvous folder until every analyst has opened the app, so all start at once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from splashdown.bench.concurrent_analysts import RUN_TIMEOUT_S, START_TIMEOUT_S, AnalystResult
from splashdown.catalog import load_launches

ROOT = Path(__file__).resolve().parent.parent

PAGES: tuple[str, ...] = ("views/overview.py", "views/launches.py", "views/map.py", "views/briefing.py")
_LAUNCHES_PAGE = "views/launches.py"
# Relative weights of what an analyst does next: mostly reading, one action in three a write.
_ACTIONS: tuple[tuple[str, int], ...] = (("filter", 3), ("page", 3), ("note", 2), ("edit", 1))
_FIRST_WEEK_YEAR = 2016


def _simulate(result: AnalystResult, seconds: float, rng: random.Random, rendezvous: Path) -> None:
    session = _Session(result, _weeks_with_launches())
    session.open(rng)
    (rendezvous / f"ready-{result.analyst}").touch()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not (rendezvous / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    deadline = time.monotonic() + seconds
    # Every analyst writes at least one note, so even a short run on a busy machine proves something.
    session.add_note(rng)
    actions, weights = zip(*_ACTIONS)
    while time.monotonic() < deadline:
        action = rng.choices(actions, weights)[0]
        if action == "filter":
            session.change_filters(rng)
        elif action == "page":
            session.switch_page(rng.choice(PAGES))
        elif action == "note":
            session.add_note(rng)
        else:
            session.edit_note(rng)


@dataclass(frozen=True)
class _Week:
    """A recent ISO week with catalog launches: their ids (notes go on these) and classes (filters)."""

    launch_ids: tuple[str, ...]
    classes: tuple[str, ...]


def _weeks_with_launches() -> dict[str, _Week]:
    launches = load_launches()
    recent = launches[launches["year"] >= _FIRST_WEEK_YEAR]
    return {
        week: _Week(tuple(sorted(group["launch_id"])), tuple(sorted(set(group["missile_class"]))))
        for week, group in recent.groupby("week")
    }


class _Session:
    """One analyst's browser tab, as an AppTest of the real entry script."""

    def __init__(self, result: AnalystResult, weeks: dict[str, _Week]) -> None:
        self._result = result
        self._weeks = weeks
        self._week_names = sorted(weeks)
        self._app: Any = None
        self._notes_written = 0
        # This analyst's notes by id: the launch and the text it should hold now.
        self._mine: dict[int, tuple[str, str]] = {}

    def open(self, rng: random.Random) -> None:
        self._app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT_S)
        self._app.query_params["week"] = rng.choice(self._week_names)
        self._run()

    def change_filters(self, rng: random.Random) -> None:
        """Another week; half the time narrowed to one of the missile classes launched that week."""
        week = rng.choice(self._week_names)
        self._app.query_params["week"] = week
        if rng.random() < 0.5:
            self._app.query_params["class"] = rng.choice(self._weeks[week].classes)
        else:
            self._app.query_params.pop("class", None)
        self._run()

    def switch_page(self, page: str) -> None:
        self._app.switch_page(page)
        self._run()

    def add_note(self, rng: random.Random) -> None:
        week = rng.choice(self._week_names)
        launch_id = rng.choice(self._weeks[week].launch_ids)
        self._app.query_params["week"] = week
        with self._on_launch(launch_id) as opened:
            if opened:
                self._write_note(launch_id)

    def edit_note(self, rng: random.Random) -> None:
        """Rewrite one of this analyst's notes; the new text must be what the store keeps."""
        if not self._mine:
            self.add_note(rng)
            return
        note_id = rng.choice(sorted(self._mine))
        launch_id, old = self._mine[note_id]
        with self._on_launch(launch_id) as opened:
            if opened:
                self._rewrite(note_id, launch_id, old, f"{old.split(' (edit', 1)[0]} (edit {rng.randrange(10**6)})")

    def _rewrite(self, note_id: int, launch_id: str, old: str, new: str) -> None:
        if f"edit_{note_id}" not in self._edit_keys():
            self._result.errors.append(f"analyst {self._result.analyst}: no Edit button on own note {note_id}")
            return
        self._app.button(key=f"edit_{note_id}").click()
        if not self._run():
            return
        self._app.text_area(key=f"edit_text_{note_id}").input(new)
        self._app.button(key=f"save_{note_id}").click()
        if self._run():
            self._mine[note_id] = (launch_id, new)
            self._result.notes[self._result.notes.index((launch_id, old))] = (launch_id, new)

    @contextmanager
    def _on_launch(self, launch_id: str) -> Iterator[bool]:
        """The Launches page with this launch open (the link names it) for the length of the block."""
        self._app.query_params["launch"] = launch_id
        self._app.switch_page(_LAUNCHES_PAGE)
        try:
            yield self._run()
        finally:
            self._app.query_params.pop("launch", None)

    def _edit_keys(self) -> set[str]:
        return {button.key for button in self._app.button if button.key and button.key.startswith("edit_")}

    def _write_note(self, launch_id: str) -> None:
        box = [area for area in self._app.text_area if area.key == f"add_text_{launch_id}"]
        if not box:
            self._result.errors.append(f"analyst {self._result.analyst}: no note box on {launch_id}")
            return
        self._notes_written += 1
        text = f"Load note {self._notes_written} by analyst {self._result.analyst} on {launch_id}"
        box[0].input(text)
        before = self._edit_keys()
        self._app.button(key=f"add_note_{launch_id}").click()
        if self._run():
            self._result.notes.append((launch_id, text))
            added = self._edit_keys() - before
            if len(added) == 1:
                self._mine[int(added.pop().removeprefix("edit_"))] = (launch_id, text)

    def _run(self) -> bool:
        began = time.perf_counter()
        try:
            self._app.run()
        except Exception as error:  # noqa: BLE001 - a timed-out or crashed run is an error to report
            self._result.errors.append(f"analyst {self._result.analyst}: run failed: {error}")
            return False
        self._result.reruns.append(time.perf_counter() - began)
        problems = [str(exception.message) for exception in self._app.exception]
        problems += [str(error.value) for error in self._app.error]
        for problem in problems:
            self._result.errors.append(f"analyst {self._result.analyst}: {problem}")
        return not problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--analyst", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rendezvous", type=Path, required=True)
    args = parser.parse_args()
    os.environ["SPLASHDOWN_DATABASE_URL"] = args.database_url
    os.environ["SPLASHDOWN_ANALYST"] = f"Load analyst {args.analyst}"
    result = AnalystResult(args.analyst)
    try:
        _simulate(result, args.seconds, random.Random(args.seed), args.rendezvous)
    except Exception:  # noqa: BLE001 - whatever broke is reported, never lost with the process
        result.errors.append(f"analyst {args.analyst}: {traceback.format_exc(limit=4)}")
        (args.rendezvous / f"ready-{args.analyst}").touch()
    print(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
