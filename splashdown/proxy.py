"""nginx in front of several Splashdown app servers: the site configuration, written from one place.

Decisions:
- Sticky sessions by a cookie the proxy sets itself (``splashdown_route``, a random request id
  on the first visit), hashed onto the app servers with ``hash ... consistent``. Unlike
  ``ip_hash`` it spreads analysts behind one NAT or office proxy over every server, and it keeps
  a browser on one server for the page, its WebSocket and its file uploads.
- WebSockets (``/_stcore/stream``) are upgraded with HTTP/1.1 and kept open for a working day.
- When an app server stops, the connection to it is refused and nginx passes the request to the
  next server (``proxy_next_upstream``), so the page's automatic reconnect lands on a live one;
  ``max_fails``/``fail_timeout`` keep it off the dead one for a while.
- TLS ends at the proxy; the app servers listen on 127.0.0.1 only.
- The same text serves production (``python -m splashdown proxy-config`` prints the site file for
  ``/etc/nginx/conf.d/``; ``deploy/nginx/splashdown.conf`` is that output for four servers) and the
  standalone configuration that ``make serve-team`` and the tests run from a temporary prefix.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROUTE_COOKIE = "splashdown_route"
_DAY_S = 86_400


@dataclass(frozen=True)
class Tls:
    """Certificate and key files for HTTPS at the proxy."""

    certificate: str
    key: str


def site_config(
    app_ports: Sequence[int],
    *,
    listen: str = "80",
    server_name: str = "_",
    tls: Tls | None = None,
    access_log: str = "/var/log/nginx/splashdown.access.log",
) -> str:
    """The http-context configuration: sticky map, upstream of app servers and the server block."""
    if not app_ports:
        raise ValueError("the proxy needs at least one app server port")
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in app_ports)
    if tls is None:
        listening = f"    listen {listen};"
        redirect = ""
    else:
        listening = (
            f"    listen {listen} ssl;\n"
            f"    ssl_certificate {tls.certificate};\n"
            f"    ssl_certificate_key {tls.key};\n"
            "    ssl_protocols TLSv1.2 TLSv1.3;"
        )
        redirect = (
            "\n# Plain HTTP only redirects to HTTPS.\n"
            "server {\n"
            "    listen 80;\n"
            f"    server_name {server_name};\n"
            "    return 301 https://$host$request_uri;\n"
            "}\n"
        )
    headers = f'    add_header Set-Cookie "{ROUTE_COOKIE}=$splashdown_route; Path=/; HttpOnly; SameSite=Lax'
    if tls is None:
        headers += '";'
    else:
        headers += '; Secure";\n    add_header Strict-Transport-Security "max-age=31536000" always;'

    comment = (f"# Splashdown: nginx in front of {len(app_ports)} app server(s); "
               "written by `python -m splashdown proxy-config`.")
    return f"""{comment}

map $http_upgrade $connection_upgrade {{
    default upgrade;
    ''      close;
}}

# Sticky sessions: a browser keeps the route cookie the proxy gave it on its first visit.
map $cookie_{ROUTE_COOKIE} $splashdown_route {{
    ""      $request_id;
    default $cookie_{ROUTE_COOKIE};
}}

# Which app server answered and how long it took: what to watch (see docs/DEPLOY.md).
log_format splashdown '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                      'upstream=$upstream_addr upstream_seconds=$upstream_response_time seconds=$request_time';

upstream splashdown_app {{
    hash $splashdown_route consistent;
{servers}
}}

server {{
{listening}
    server_name {server_name};
    access_log {access_log} splashdown;
    client_max_body_size 50m;
{headers}

    location / {{
        proxy_pass http://splashdown_app;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout {_DAY_S}s;
        proxy_send_timeout {_DAY_S}s;
        proxy_connect_timeout 2s;
        proxy_buffering off;
        # A stopped app server refuses the connection: try the next one.
        proxy_next_upstream error timeout http_502 http_503;
    }}
}}
{redirect}"""


def standalone_config(app_ports: Sequence[int], listen_port: int, prefix: Path) -> str:
    """A whole nginx.conf that runs unprivileged from ``prefix``: loopback port, own logs and temp files."""
    temp = "\n".join(
        f"    {name}_temp_path {prefix / 'temp' / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    site = site_config(app_ports, listen=f"127.0.0.1:{listen_port}", server_name="127.0.0.1",
                       access_log=str(prefix / "access.log"))
    indented = "\n".join(f"    {line}" if line else "" for line in site.splitlines())
    return f"""worker_processes 1;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{
    worker_connections 1024;
}}
http {{
{temp}
{indented}
}}
"""


def prepare_prefix(prefix: Path, app_ports: Sequence[int], listen_port: int) -> Path:
    """Write a standalone config and its temp folders under ``prefix``; returns the config path."""
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "temp" / name).mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(standalone_config(app_ports, listen_port, prefix))
    return config


def nginx_command(prefix: Path, config: Path, nginx: str = "nginx") -> list[str]:
    """Run nginx in the foreground from ``prefix`` (``-e`` keeps it off /var/log even at start-up)."""
    return [nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config), "-g", "daemon off;"]


def main(argv: Sequence[str]) -> int:
    """`python -m splashdown proxy-config`: print the nginx site file for a team's app servers."""
    parser = argparse.ArgumentParser(
        prog="python -m splashdown proxy-config",
        description="Print the nginx site configuration (for /etc/nginx/conf.d/) for N app servers.",
    )
    parser.add_argument("--servers", type=int, default=4, help="number of app servers (default 4)")
    parser.add_argument("--first-port", type=int, default=8501, help="port of the first app server (default 8501)")
    parser.add_argument("--server-name", default="splashdown.example.org", help="the name analysts open")
    parser.add_argument("--certificate", help="TLS certificate file (PEM, full chain); omit for plain HTTP")
    parser.add_argument("--key", help="TLS private key file (PEM)")
    args = parser.parse_args(list(argv))
    if bool(args.certificate) != bool(args.key):
        print("splashdown proxy-config: give both --certificate and --key, or neither", file=sys.stderr)
        return 2
    if args.servers < 1:
        print("splashdown proxy-config: --servers must be at least 1", file=sys.stderr)
        return 2
    tls = Tls(args.certificate, args.key) if args.certificate else None
    ports = range(args.first_port, args.first_port + args.servers)
    print(site_config(ports, listen="443" if tls else "80", server_name=args.server_name, tls=tls), end="")
    return 0
