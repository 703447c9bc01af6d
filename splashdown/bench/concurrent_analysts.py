"""Load simulation: many analysts at once against one store, and proof that no note was lost.

Each simulated analyst is a separate process running its own `streamlit.testing.v1.AppTest`
session of the real `app.py`: for the given number of seconds it changes the week and class
filters, switches pages, adds notes and edits its own. Every analyst starts working at the same
moment (after its process has imported the app), so the store sees them all at once. Afterwards
every note is looked up in the store with the text its analyst last gave it; `run_load` reports
reruns, errors, notes written and found, and the p50/p95 seconds of a rerun.

The analysts run `tools/load_worker.py` (which drives Streamlit); this module only starts them,
lines them up, and checks the store afterwards, so the domain layer never imports Streamlit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from splashdown.config import PROJECT_ROOT

_WORKER = "tools.load_worker"
RUN_TIMEOUT_S = 300.0
START_TIMEOUT_S = 600.0
_MAX_ERROR_MESSAGES = 20


@dataclass
class AnalystResult:
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
    with tempfile.TemporaryDirectory(prefix="splashdown-load-") as rendezvous:
        workers = [_start_analyst(index, database_url, seconds, seed + index, Path(rendezvous))
                   for index in range(analysts)]
        _line_up(workers, Path(rendezvous))
        collected = [_collect(index, worker, seconds) for index, worker in enumerate(workers)]
    return _summary(database_url, analysts, seconds, collected)


def _start_analyst(index: int, database_url: str, seconds: float, seed: int, rendezvous: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", _WORKER, "--analyst", str(index), "--database-url", database_url,
         "--seconds", str(seconds), "--seed", str(seed), "--rendezvous", str(rendezvous)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _line_up(workers: list[subprocess.Popen], rendezvous: Path) -> None:
    """Every analyst starts working at the same moment, once all have opened the app."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        ready = len(list(rendezvous.glob("ready-*")))
        if ready == len(workers) or any(worker.poll() is not None for worker in workers):
            break
        time.sleep(0.1)
    (rendezvous / "go").touch()


def _prepare_store(database_url: str) -> None:
    # Create (or upgrade) the schema once, before the analysts race to do it.
    from splashdown.store import open_store

    open_store(database_url).close()


def _collect(index: int, worker: subprocess.Popen, seconds: float) -> AnalystResult:
    try:
        out, err = worker.communicate(timeout=START_TIMEOUT_S + seconds + RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        worker.kill()
        out, err = worker.communicate()
    lines = out.strip().splitlines()
    if worker.returncode != 0 or not lines:
        detail = err.strip().splitlines()[-1] if err.strip() else "no output"
        return AnalystResult(index, errors=[f"analyst {index}: process ended without a report "
                                             f"(exit code {worker.returncode}): {detail}"])
    report = json.loads(lines[-1])
    return AnalystResult(index, report["reruns"], report["errors"], [tuple(note) for note in report["notes"]])


def _summary(database_url: str, analysts: int, seconds: float, collected: list[AnalystResult]) -> dict[str, Any]:
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
