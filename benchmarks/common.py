"""Helpers shared by the benchmarks: timing a command with its peak memory."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    cpu_seconds: float  # user + system time of the command and the processes it waited for


# Commands are started by a small launcher process made before the benchmark grows: a
# child forked from a process holding hundreds of MB reports that memory as its own peak
# (ru_maxrss keeps the high-water mark from before exec).
_LAUNCHER_CODE = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    start = time.perf_counter()
    process = subprocess.Popen(job["command"], cwd=job["cwd"], env=job["env"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_kb": usage.ru_maxrss,
                      "cpu": usage.ru_utime + usage.ru_stime,
                      "code": os.waitstatus_to_exitcode(status), "stderr": stderr[-2000:]}), flush=True)
"""
_launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER_CODE], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)


def run_measured(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Wall time and peak resident memory of one command (which must succeed) and its processes."""
    job = {"command": [str(part) for part in command], "cwd": str(cwd) if cwd else None, "env": env}
    _launcher.stdin.write(json.dumps(job) + "\n")
    _launcher.stdin.flush()
    result = json.loads(_launcher.stdout.readline())
    if result["code"] not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({result['code']}): {result['stderr']}")
    return Run(result["seconds"], result["peak_kb"] / 1024, result["cpu"])


def declaration_paragraphs() -> list[str]:
    from sco_publish.texts.reader import load_document

    document = load_document(REPO / "texts" / "tianjin-declaration.xml")
    return [segment.text for segment in document.segments() if segment.kind == "p"]
