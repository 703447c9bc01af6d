"""Settings read from the environment, with defaults that make `make run` work on a fresh clone."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    var_dir: Path
    database_url: str
    marking: str
    analyst: str
    admins: frozenset[str] = field(default_factory=frozenset)
    online_geocoder: bool = False


def _split_names(raw: str) -> frozenset[str]:
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def settings() -> Settings:
    """Current settings; read on every call so tests can point the app elsewhere with env vars."""
    data_dir = Path(os.environ.get("SPLASHDOWN_DATA_DIR", PROJECT_ROOT / "data"))
    var_dir = Path(os.environ.get("SPLASHDOWN_VAR_DIR", PROJECT_ROOT / "var"))
    database_url = os.environ.get("SPLASHDOWN_DATABASE_URL") or f"sqlite:///{var_dir / 'splashdown.db'}"
    return Settings(
        data_dir=data_dir,
        var_dir=var_dir,
        database_url=database_url,
        marking=os.environ.get("SPLASHDOWN_MARKING", ""),
        analyst=os.environ.get("SPLASHDOWN_ANALYST", ""),
        admins=_split_names(os.environ.get("SPLASHDOWN_ADMINS", "")),
        online_geocoder=os.environ.get("SPLASHDOWN_ONLINE_GEOCODER", "") in {"1", "true", "yes"},
    )
