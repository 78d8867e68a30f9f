"""No network unless the user asks: `analyze` and the app start make no DNS lookup or connection.

Two guards, both on real subprocesses: an audit hook (installed through a
sitecustomize.py on PYTHONPATH, so spawned workers get it too) that records
every Python-level socket connect and name lookup, and, where strace exists,
`strace -f -e trace=connect,sendto,sendmsg` that sees native code as well
(onnxruntime's telemetry client is C++ and never goes through Python's socket
module). Any AF_INET/AF_INET6 connect, any datagram sent to port 53, and any
name lookup through Python fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.fixtures.audio import SynthesizedCall

REPO = Path(__file__).resolve().parents[2]

SITECUSTOMIZE = textwrap.dedent(
    """
    import os, sys

    _LOG = os.environ["CALLSCOPE_NET_LOG"]
    _WATCHED = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.sendto")

    def _guard(event, args):
        if event not in _WATCHED:
            return
        if event == "socket.connect" and isinstance(args[1], (str, bytes)):
            return  # an AF_UNIX socket (multiprocessing's pipes), not the network
        with open(_LOG, "a") as log:
            log.write(f"{os.getpid()} {event} {args[1:]!r}\\n")

    sys.addaudithook(_guard)
    """
)

# AF_INET/AF_INET6 connects and DNS datagrams (nscd's AF_UNIX socket also serves
# user-name lookups, which are not network traffic).
NETWORK = re.compile(r"AF_INET6?\b|htons\(53\)")

MISSING_MODEL = ("--asr-model", "base.en", "--jobs", "1")
ANALYZE_WAIT_S = 12  # onnxruntime's telemetry looked its host up ~9 s after import


def _guarded_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    hook_dir = tmp_path / "netguard"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "python-network.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "ORT_"))}
    env.pop("TRANSFORMERS_OFFLINE", None)  # the app must set these itself
    env.pop("CALLSCOPE_OFFLINE", None)
    env.update(
        CALLSCOPE_HOME=str(tmp_path / "home"),
        CALLSCOPE_NET_LOG=str(log),
        PYTHONPATH=os.pathsep.join([str(hook_dir), str(REPO)]),
        QT_QPA_PLATFORM="offscreen",
    )
    return env, log


def _traced(command: list[str], trace: Path) -> list[str]:
    if shutil.which("strace") is None:
        return command
    return ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace), *command]


def _attempts(trace: Path, log: Path) -> list[str]:
    found = log.read_text().splitlines() if log.exists() else []
    if trace.exists():
        found += [line for line in trace.read_text().splitlines() if NETWORK.search(line)]
    return found


@pytest.mark.slow
def test_analyze_makes_no_network_attempt(
    short_phone_call: SynthesizedCall, tmp_path: Path
) -> None:
    env, log = _guarded_env(tmp_path)
    trace = tmp_path / "analyze.strace"
    # A base.en that is not installed: without --download-model nothing may look up its host.
    missing_db = ["--db", str(tmp_path / "other.db")]
    missing = subprocess.run(
        _traced(
            [
                sys.executable,
                "main.py",
                "analyze",
                str(short_phone_call.path),
                *MISSING_MODEL,
                *missing_db,
            ],
            trace,
        ),
        cwd=REPO,
        env={**env, "CALLSCOPE_MODEL_CACHE": str(tmp_path / "empty-cache")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert missing.returncode != 0
    assert "--download-model" in missing.stderr
    assert _attempts(trace, log) == []

    # The real thing, kept alive long enough for a delayed telemetry lookup.
    script = (
        "import sys, time\n"
        "from app.cli import main\n"
        "code = main(sys.argv[1:])\n"
        f"time.sleep({ANALYZE_WAIT_S})\n"
        "sys.exit(code)\n"
    )
    db_args = ["--db", str(tmp_path / "library.db"), "--jobs", "1"]
    result = subprocess.run(
        _traced(
            [sys.executable, "-c", script, "analyze", str(short_phone_call.path), *db_args],
            trace,
        ),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "1 analysed" in result.stdout + result.stderr
    assert "onnxruntime" in _loaded_modules(env), "VAD no longer loads onnxruntime"
    assert _attempts(trace, log) == []


def _loaded_modules(env: dict[str, str]) -> str:
    """Proof the guarded run exercised onnxruntime (the telemetry source)."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import models.audio.vad as v, sys; v._silero(); print(list(sys.modules))",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return probe.stdout


@pytest.mark.slow
def test_app_start_makes_no_network_attempt(tmp_path: Path) -> None:
    env, log = _guarded_env(tmp_path)
    trace = tmp_path / "app.strace"
    script = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtCore import QTimer
        from app.ui.application import ensure_qapplication
        qapp = ensure_qapplication()
        QTimer.singleShot({ANALYZE_WAIT_S * 1000}, qapp.quit)
        from app.cli import main
        sys.exit(main(["gui", "--db", sys.argv[1], "--no-resume"]))
        """
    )
    result = subprocess.run(
        _traced([sys.executable, "-c", script, str(tmp_path / "library.db")], trace),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert _attempts(trace, log) == []


def test_the_guard_sees_an_attempt(tmp_path: Path) -> None:
    """The guard itself works: a lookup of a name is recorded (nothing needs to answer)."""
    env, log = _guarded_env(tmp_path)
    trace = tmp_path / "probe.strace"
    subprocess.run(
        _traced(
            [
                sys.executable,
                "-c",
                "import socket\ntry: socket.getaddrinfo('example.invalid', 80)\n"
                "except OSError: pass",
            ],
            trace,
        ),
        cwd=REPO,
        env=env,
        timeout=60,
    )
    assert any("getaddrinfo" in line for line in _attempts(trace, log))
    if shutil.which("strace"):
        assert any(NETWORK.search(line) for line in trace.read_text().splitlines())


def test_importing_app_sets_the_offline_defaults(tmp_path: Path) -> None:
    env, _log = _guarded_env(tmp_path)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, app; "
            "print(os.environ['ORT_DISABLE_TELEMETRY'], os.environ['HF_HUB_OFFLINE'])",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.split() == ["1", "1"]
