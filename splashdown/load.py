"""Load simulation: many analysts at once against one store, and proof that no note was lost.

Each simulated analyst is a separate process running its own `streamlit.testing.v1.AppTest`
session of the real `app.py`: it changes the week and class filters, switches pages and adds notes for
the given number of seconds. Every analyst starts working at the same moment (after its process has
imported the app), so the store sees them all at once. Afterwards every note written is looked up
in the store; `run_load` reports reruns, errors, notes written and found, and the p50/p95 seconds
of a rerun.

Streamlit is imported inside the worker process only: this module stays importable by the domain.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import random
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from splashdown.config import PROJECT_ROOT

PAGES: tuple[str, ...] = ("views/overview.py", "views/launches.py", "views/map.py", "views/briefing.py")
_LAUNCHES_PAGE = "views/launches.py"
# Relative weights of what an analyst does next: mostly reading, one action in four a note.
_ACTIONS: tuple[tuple[str, int], ...] = (("filter", 3), ("page", 3), ("note", 2))
_FIRST_WEEK_YEAR = 2016
_RUN_TIMEOUT_S = 300.0
_START_TIMEOUT_S = 600.0
_MAX_ERROR_MESSAGES = 20


@dataclass
class _AnalystResult:
    """What one simulated analyst did: each rerun's seconds, the errors it saw, the notes it wrote."""

    analyst: int
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def run_load(database_url: str, analysts: int = 20, seconds: float = 60.0, seed: int = 1) -> dict[str, Any]:
    """Run `analysts` simulated analysts against the store at `database_url` for `seconds`.

    Returns `analysts, seconds, reruns, errors, notes_written, notes_found, p50_seconds,
    p95_seconds` and `error_messages` (the first few, to say what went wrong).
    """
    if analysts < 1 or seconds <= 0:
        raise ValueError("a load run needs at least one analyst and a positive duration")
    _prepare_store(database_url)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(analysts, timeout=_START_TIMEOUT_S)
    results: multiprocessing.Queue = context.Queue()
    workers = [
        context.Process(
            target=_analyst_process,
            args=(index, database_url, seconds, seed + index, start, results),
            name=f"splashdown-load-analyst-{index}",
        )
        for index in range(analysts)
    ]
    for worker in workers:
        worker.start()
    collected = _collect(results, workers, seconds)
    for worker in workers:
        worker.join()
    return _summary(database_url, analysts, seconds, collected)


def _prepare_store(database_url: str) -> None:
    # Create (or upgrade) the schema once, before the analysts race to do it.
    from splashdown.store import open_store

    open_store(database_url).close()


def _collect(results: multiprocessing.Queue, workers: list, seconds: float) -> list[_AnalystResult]:
    collected: list[_AnalystResult] = []
    deadline = time.monotonic() + _START_TIMEOUT_S + seconds + _RUN_TIMEOUT_S
    while len(collected) < len(workers) and time.monotonic() < deadline:
        try:
            collected.append(results.get(timeout=1.0))
        except queue.Empty:
            if not any(worker.is_alive() for worker in workers) and results.empty():
                break
    missing = set(range(len(workers))) - {result.analyst for result in collected}
    for index in sorted(missing):
        worker = workers[index]
        if worker.is_alive():
            worker.terminate()
        collected.append(_AnalystResult(index, errors=[f"analyst {index}: process ended without a report "
                                                       f"(exit code {worker.exitcode})"]))
    return collected


def _summary(database_url: str, analysts: int, seconds: float, collected: list[_AnalystResult]) -> dict[str, Any]:
    reruns = [duration for result in collected for duration in result.reruns]
    errors = [message for result in collected for message in result.errors]
    written = [note for result in collected for note in result.notes]
    found = _notes_found(database_url, written)
    if found < len(written):
        errors.append(f"{len(written) - found} of {len(written)} notes written are missing from the store")
    return {
        "analysts": analysts,
        "seconds": seconds,
        "reruns": len(reruns),
        "errors": len(errors),
        "notes_written": len(written),
        "notes_found": found,
        "p50_seconds": float(np.percentile(reruns, 50)) if reruns else None,
        "p95_seconds": float(np.percentile(reruns, 95)) if reruns else None,
        "error_messages": errors[:_MAX_ERROR_MESSAGES],
    }


def _notes_found(database_url: str, written: list[tuple[str, str]]) -> int:
    from splashdown.store import open_store

    store = open_store(database_url)
    try:
        live: dict[str, set[str]] = {}
        for launch_id in {launch_id for launch_id, _ in written}:
            live[launch_id] = {note.text for note in store.for_launch(launch_id)}
        return sum(1 for launch_id, text in written if text in live[launch_id])
    finally:
        store.close()


# The worker process ----------------------------------------------------------------------------


def _analyst_process(index: int, database_url: str, seconds: float, seed: int, start: Any,
                     results: multiprocessing.Queue) -> None:
    result = _AnalystResult(index)
    try:
        _simulate(result, database_url, seconds, random.Random(seed), start)
    except Exception:  # noqa: BLE001 - whatever broke is reported, never lost with the process
        result.errors.append(f"analyst {index}: {traceback.format_exc(limit=4)}")
    results.put(result)


def _simulate(result: _AnalystResult, database_url: str, seconds: float, rng: random.Random, start: Any) -> None:
    os.environ["SPLASHDOWN_DATABASE_URL"] = database_url
    os.environ["SPLASHDOWN_ANALYST"] = f"Load analyst {result.analyst}"
    try:
        session = _Session(result, _weeks_with_launches())
        session.open(rng)
    except BaseException:
        # Nobody waits out the start timeout for an analyst who will never come.
        start.abort()
        raise
    start.wait()
    deadline = time.monotonic() + seconds
    actions, weights = zip(*_ACTIONS)
    while time.monotonic() < deadline:
        action = rng.choices(actions, weights)[0]
        if action == "filter":
            session.change_filters(rng)
        elif action == "page":
            session.switch_page(rng.choice(PAGES))
        else:
            session.add_note(rng)


@dataclass(frozen=True)
class _Week:
    """A recent ISO week with catalog launches: their ids (notes go on these) and classes (filters)."""

    launch_ids: tuple[str, ...]
    classes: tuple[str, ...]


def _weeks_with_launches() -> dict[str, _Week]:
    from splashdown.catalog import load_launches

    launches = load_launches()
    recent = launches[launches["year"] >= _FIRST_WEEK_YEAR]
    return {
        week: _Week(tuple(sorted(group["launch_id"])), tuple(sorted(set(group["missile_class"]))))
        for week, group in recent.groupby("week")
    }


class _Session:
    """One analyst's browser tab, as an AppTest of the real entry script."""

    def __init__(self, result: _AnalystResult, weeks: dict[str, _Week]) -> None:
        self._result = result
        self._weeks = weeks
        self._week_names = sorted(weeks)
        self._app: Any = None
        self._notes_written = 0

    def open(self, rng: random.Random) -> None:
        from streamlit.testing.v1 import AppTest

        self._app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=_RUN_TIMEOUT_S)
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
        self._app.query_params["launch"] = launch_id
        self._app.switch_page(_LAUNCHES_PAGE)
        try:
            if self._run():
                self._write_note(launch_id)
        finally:
            self._app.query_params.pop("launch", None)

    def _write_note(self, launch_id: str) -> None:
        box = [area for area in self._app.text_area if area.key == f"add_text_{launch_id}"]
        if not box:
            self._result.errors.append(f"analyst {self._result.analyst}: no note box on {launch_id}")
            return
        self._notes_written += 1
        text = f"Load note {self._notes_written} by analyst {self._result.analyst} on {launch_id}"
        box[0].input(text)
        self._app.button(key=f"add_note_{launch_id}").click()
        if self._run():
            self._result.notes.append((launch_id, text))

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

