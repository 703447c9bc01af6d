"""Command line: `python -m splashdown brief|export|import|notes|serve-team|proxy-config|bench ...` (see `--help` of each)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module

_COMMANDS: dict[str, tuple[str, str]] = {
    "brief": ("splashdown.briefing", "Build a briefing pack (PPTX or PDF) for a period."),
    "export": ("splashdown.export_figures", "Export one chart (timeline, weekly, map, profile)."),
    "import": ("splashdown.imports", "Import analyst launches from a CSV file, all or nothing."),
    "notes": ("splashdown.backup", "Back up (export) or restore (import) team notes and added launches."),
    "serve-team": ("splashdown.team_server", "Run several app servers behind nginx on one PostgreSQL."),
    "proxy-config": ("splashdown.proxy", "Print the nginx site configuration for a team's app servers."),
    "bench": ("splashdown.bench", "Measure start-up, reruns, exports and ballistics throughput."),
}


def _usage() -> str:
    lines = ["usage: python -m splashdown COMMAND [options]", "", "commands:"]
    lines += [f"  {name:<12} {summary}" for name, (_, summary) in _COMMANDS.items()]
    lines.append("\nRun `python -m splashdown COMMAND --help` for a command's options.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"}:
        print(_usage())
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command not in _COMMANDS:
        print(f"splashdown: unknown command {command!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    # Commands load lazily: `brief` should not pay for importing the benchmark harness.
    run: Callable[[list[str]], int] = import_module(_COMMANDS[command][0]).main
    return run(rest)


if __name__ == "__main__":
    sys.exit(main())
