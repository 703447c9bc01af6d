"""The deployment files: the nginx site nginx itself accepts, and the launcher's refusals."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from splashdown.__main__ import main
from splashdown.proxy import prepare_prefix
from tests.support import require

ROOT = Path(__file__).resolve().parent.parent
_NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
_SITE_ARGUMENTS = [
    "--servers", "4", "--first-port", "8501", "--server-name", "splashdown.example.org",
    "--certificate", "/etc/ssl/splashdown/fullchain.pem", "--key", "/etc/ssl/splashdown/privkey.pem",
]


def _nginx_accepts(config: Path, prefix: Path) -> subprocess.CompletedProcess:
    require(Path(_NGINX).exists(), "nginx is not installed (apt-get install nginx)")
    return subprocess.run([_NGINX, "-t", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config)],
                          capture_output=True, text=True, check=False)


def test_the_shipped_nginx_site_is_what_proxy_config_writes(capsys):
    assert main(["proxy-config", *_SITE_ARGUMENTS]) == 0
    assert capsys.readouterr().out == (ROOT / "deploy" / "nginx" / "splashdown.conf").read_text()


def test_nginx_accepts_the_tls_site_and_the_standalone_configuration(tmp_path, capsys):
    require(shutil.which("openssl") is not None, "openssl is not installed")
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
    assert main(["proxy-config", "--servers", "2", "--certificate", str(certificate), "--key", str(key)]) == 0
    site = capsys.readouterr().out.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    prefix = tmp_path / "prefix"
    main_config = prepare_prefix(prefix, [8501], 8500)
    (tmp_path / "tls.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n    include {tmp_path}/site.conf;\n}}\n"
    )

    for config in (tmp_path / "tls.conf", main_config):
        checked = _nginx_accepts(config, prefix)
        assert checked.returncode == 0, checked.stderr
        assert "syntax is ok" in checked.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["proxy-config", "--certificate", "cert.pem"], "give both --certificate and --key, or neither"),
        (["serve-team", "--database-url", "sqlite:///team.db"], "several app servers share one PostgreSQL database"),
    ],
)
def test_team_commands_refuse_a_setup_that_cannot_work_with_one_line(arguments, message, tmp_path, capsys):
    require(Path(_NGINX).exists(), "nginx is not installed (apt-get install nginx)")
    arguments = [argument.replace("team.db", str(tmp_path / "team.db")) for argument in arguments]

    assert main(arguments) in {1, 2}

    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
