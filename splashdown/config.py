"""Settings read from the environment, with defaults that make `make run` work on a fresh clone."""

from __future__ import annotations

import functools
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


_ENVIRONMENT = (
    "SPLASHDOWN_DATA_DIR", "SPLASHDOWN_VAR_DIR", "SPLASHDOWN_DATABASE_URL", "SPLASHDOWN_MARKING",
    "SPLASHDOWN_ANALYST", "SPLASHDOWN_ADMINS", "SPLASHDOWN_ONLINE_GEOCODER",
)


def settings() -> Settings:
    """Current settings; the environment is read on every call so tests can point the app elsewhere."""
    return _settings_from(tuple(os.environ.get(name) for name in _ENVIRONMENT))


@functools.lru_cache(maxsize=16)
def _settings_from(environment: tuple[str | None, ...]) -> Settings:
    data_dir, var_dir, database_url, marking, analyst, admins, online_geocoder = environment
    var_path = Path(var_dir) if var_dir is not None else PROJECT_ROOT / "var"
    return Settings(
        data_dir=Path(data_dir) if data_dir is not None else PROJECT_ROOT / "data",
        var_dir=var_path,
        database_url=database_url or f"sqlite:///{var_path / 'splashdown.db'}",
        marking=marking or "",
        analyst=analyst or "",
        admins=_split_names(admins or ""),
        online_geocoder=(online_geocoder or "") in {"1", "true", "yes"},
    )


def basemap_dir() -> Path:
    """The base map files: the configured data directory's, else the bundled ones."""
    configured = settings().data_dir / "basemap"
    return configured if configured.is_dir() else PROJECT_ROOT / "data" / "basemap"
