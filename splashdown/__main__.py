"""Command line: `python -m splashdown brief|export|import|notes|serve-team|proxy-config|bench ...`.

See `--help` of each.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module

# command: (module, function, summary). Commands load lazily: `brief` should not pay for
# importing the benchmark harness.
_COMMANDS: dict[str, tuple[str, str, str]] = {
    "brief": ("splashdown.cli", "brief", "Build a briefing pack (PPTX or PDF) for a period."),
    "export": ("splashdown.cli", "export", "Export one chart (timeline, weekly, map, profile)."),
    "import": ("splashdown.imports", "main", "Import analyst launches from a CSV file, all or nothing."),
    "notes": ("splashdown.backup", "main", "Back up (export) or restore (import) team notes and added launches."),
    "serve-team": ("splashdown.team_server", "main", "Run several app servers behind nginx on one PostgreSQL."),
    "proxy-config": ("splashdown.proxy", "main", "Print the nginx site configuration for a team's app servers."),
    "bench": ("splashdown.bench.command", "main", "Measure start-up, reruns, exports and ballistics throughput."),
}


def _usage() -> str:
    lines = ["usage: python -m splashdown COMMAND [options]", "", "commands:"]
    lines += [f"  {name:<12} {summary}" for name, (_, _, summary) in _COMMANDS.items()]
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
    module, function, _ = _COMMANDS[command]
    run: Callable[[list[str]], int] = getattr(import_module(module), function)
    return run(rest)


if __name__ == "__main__":
    sys.exit(main())
