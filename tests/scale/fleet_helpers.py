"""A fleet for the tests: N real server processes on one PostgreSQL database and one
S3 bucket, behind a real nginx doing plain round-robin (no stickiness), all on loopback.

`start_fleet(root, postgres_url, s3_endpoint, size)` creates a bucket and a database,
starts the processes one by one (they share `root/data`, which holds only the server
key) and nginx in front; `Fleet.stop()` ends them all. Every process is told its public
URL is the balancer's, as in production.
"""

from __future__ import annotations

import os
import secrets
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from engine_helpers import REPO, EngineError, free_port

from server_stub.backends.s3.blocks import S3Blocks, S3Location

READY_TIMEOUT = 30.0


@dataclass
class Member:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
        finally:
            if self.process.stdout is not None:
                self.process.stdout.close()


@dataclass
class Nginx:
    root: Path
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Fleet:
    root: Path
    database_url: str
    bucket: str
    s3_endpoint: str
    balancer_port: int
    members: list[Member] = field(default_factory=list)
    nginx: Nginx | None = None

    @property
    def balancer(self) -> Nginx:
        assert self.nginx is not None, "the balancer starts after the members"
        return self.nginx

    def member_args(self) -> list[str]:
        return [
            "--database",
            self.database_url,
            "--blob-store",
            f"s3://{self.bucket}",
            "--s3-endpoint",
            self.s3_endpoint,
        ]

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.stop()
        for member in self.members:
            member.stop()


def create_database(postgres_url: str) -> str:
    name = f"fleet_{secrets.token_hex(5)}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return postgres_url.rsplit("/", 1)[0] + "/" + name


def start_member(
    data_dir: Path, args: list[str], public_url: str, log_path: Path, *extra: str
) -> Member:
    env = dict(os.environ, PYTHONUNBUFFERED="1", PRIVSHARE_SERVER_TRUSTED_PROXIES="127.0.0.1")
    env["PRIVSHARE_SERVER_LEADER_INTERVAL"] = "2"
    command = [sys.executable, "-m", "server_stub", "--data-dir", str(data_dir), "--port", "0"]
    command += ["--open-registration", "--public-url", public_url, *args, *extra]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=log, env=env)
    line = _read_line(process, READY_TIMEOUT)
    if not line.startswith("READY http://"):
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
        raise EngineError(f"fleet member did not start: {line!r}\n{log_path.read_text()}")
    return Member(line.split()[1], process, log_path)


def start_nginx(root: Path, upstreams: list[str], port: int) -> Nginx:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        subprocess.run(["bash", str(REPO / "scripts" / "sysdeps.sh")], check=False)
    if not Path(nginx).exists():
        raise EngineError("nginx is not installed: run `make sysdeps` (as root)")
    root.mkdir(parents=True, exist_ok=True)
    servers = "".join(
        f"    server {u.removeprefix('http://')} max_fails=1 fail_timeout=2s;\n" for u in upstreams
    )
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {root}/nginx.pid;\n"
        f"error_log {root}/error.log warn;\nevents {{ worker_connections 512; }}\n"
        "http {\n"
        f"  access_log off;\n  client_body_temp_path {root}/body;\n"
        f"  proxy_temp_path {root}/proxy;\n  fastcgi_temp_path {root}/fastcgi;\n"
        f"  uwsgi_temp_path {root}/uwsgi;\n  scgi_temp_path {root}/scgi;\n"
        "  client_max_body_size 64m;\n  client_body_buffer_size 4m;\n"
        f"  upstream privshare {{\n{servers}  }}\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n"
        "    location / {\n      proxy_pass http://privshare;\n"
        '      proxy_http_version 1.1;\n      proxy_set_header Connection "";\n'
        "      proxy_set_header Host $http_host;\n"
        "      proxy_set_header X-Forwarded-For $remote_addr;\n"
        "      proxy_read_timeout 120s;\n      proxy_buffering off;\n    }\n  }\n}\n"
    )
    command = [
        nginx,
        "-c",
        str(root / "nginx.conf"),
        "-p",
        str(root),
        "-e",
        str(root / "error.log"),
    ]
    with (root / "stderr.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    balancer = Nginx(root, port, process)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EngineError(f"nginx exited: {(root / 'stderr.log').read_text()[-600:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return balancer
        except OSError:
            time.sleep(0.05)
    balancer.stop()
    raise EngineError("nginx did not listen within 10 s")


def start_fleet(root: Path, postgres_url: str, s3_endpoint: str, size: int = 3) -> Fleet:
    root.mkdir(parents=True, exist_ok=True)
    database_url = create_database(postgres_url)
    bucket = f"fleet-{secrets.token_hex(5)}"
    S3Blocks.open(S3Location(bucket, s3_endpoint), create=True)
    port = free_port()
    public_url = f"http://127.0.0.1:{port}"
    data_dir = root / "data"
    fleet = Fleet(root, database_url, bucket, s3_endpoint, port)
    try:
        for number in range(size):
            log_path = root / f"member-{number}.log"
            member = start_member(data_dir, fleet.member_args(), public_url, log_path)
            fleet.members.append(member)
        fleet.nginx = start_nginx(root / "nginx", [m.url for m in fleet.members], port)
    except BaseException:
        fleet.stop()
        raise
    return fleet


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=0.1):
            return process.stdout.readline().decode(errors="replace").strip()
        if process.poll() is not None:
            return f"<exited with {process.returncode}>"
    return "<timed out>"
