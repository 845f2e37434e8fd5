"""A real Apache Superset for the tests, as a user runs it: installed into its own venv
(``.venv-superset``, see tool_venvs), SQLite metadata database, a generated SECRET_KEY, an admin
user, the web server on 127.0.0.1; and a small client of its REST API."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tool_venvs import tool_venv

#: What the README tells a Superset user to install (Superset's own `[duckdb]` extra requires
#: duckdb<2, hence the serving file's older storage version).
REQUIREMENTS = [
    "apache-superset==6.1.0",
    "rich",
    "cachetools",
    "flask-caching==2.3.1",
    "duckdb-engine==0.17.0",
    "duckdb<2",
]
ADMIN = "admin"
STARTUP_SECONDS = 180


class SupersetError(RuntimeError):
    """An API call answered with an HTTP error or a failed query."""


class SupersetClient:
    """The REST API with a JWT of the admin user."""

    def __init__(self, base_url: str, password: str) -> None:
        self.base_url = base_url
        self.token = None
        self.token = self.call(
            "POST",
            "/api/v1/security/login",
            {"username": ADMIN, "password": password, "provider": "db", "refresh": False},
        )["access_token"]

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise SupersetError(
                f"{method} {path}: HTTP {error.code}: {error.read().decode()[:2000]}"
            ) from None

    def add_database(self, name: str, sqlalchemy_uri: str) -> int:
        """Register a database as *Settings > Database connections > + Database* does."""
        return self.call(
            "POST",
            "/api/v1/database/",
            {"database_name": name, "sqlalchemy_uri": sqlalchemy_uri, "expose_in_sqllab": True},
        )["id"]

    def sql_lab(self, database_id: int, sql: str) -> list[dict]:
        """Run ``sql`` in SQL Lab (synchronously) and return its rows."""
        result = self.call(
            "POST",
            "/api/v1/sqllab/execute/",
            {"database_id": database_id, "sql": sql, "runAsync": False},
        )
        if result.get("status") != "success":
            raise SupersetError(f"SQL Lab query failed: {json.dumps(result)[:2000]}")
        return result["data"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"Superset exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    return
        time.sleep(1)
    raise RuntimeError(
        f"Superset did not answer in {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}"
    )


@contextlib.contextmanager
def running_superset(home: Path, extra_config: str = "") -> Iterator[SupersetClient]:
    """Install (first time only), configure, initialise and start Superset with its state in
    ``home``; yield a client logged in as the admin user; stop the server."""
    venv = tool_venv("superset", REQUIREMENTS)
    password = secrets.token_urlsafe(16)
    config = home / "superset_config.py"
    config.write_text(
        f"SECRET_KEY = {secrets.token_urlsafe(42)!r}\n"
        f"SQLALCHEMY_DATABASE_URI = {'sqlite:///' + str(home / 'superset.db')!r}\n"
        # the API is called with a JWT, not from a browser form
        "WTF_CSRF_ENABLED = False\n" + extra_config,
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "SUPERSET_CONFIG_PATH": str(config),
        "SUPERSET_HOME": str(home),
        "FLASK_APP": "superset",
    }
    superset = str(venv / "bin" / "superset")
    log = home / "superset.log"
    with open(log, "a", encoding="utf-8") as output:
        for command in (
            ["db", "upgrade"],
            ["fab", "create-admin", "--username", ADMIN, "--firstname", "Test"]
            + ["--lastname", "Admin", "--email", "admin@example.com", "--password", password],
            ["init"],
        ):
            subprocess.run([superset, *command], env=env, stdout=output, stderr=output, check=True)
        port = _free_port()
        server = subprocess.Popen(
            [superset, "run", "-h", "127.0.0.1", "-p", str(port), "--with-threads"],
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server, log)
        yield SupersetClient(url, password)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
