"""Helpers shared by the benchmarks: timing a command with its peak memory."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def run_measured(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Wall time and peak resident memory of one command (which must succeed)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({process.returncode}): {stderr[-2000:]}")
    return Run(elapsed, usage.ru_maxrss / 1024)


def declaration_paragraphs() -> list[str]:
    from sco_publish.textfile import load_document

    document = load_document(REPO / "texts" / "tianjin-declaration.xml")
    return [segment.text for segment in document.segments() if segment.kind == "p"]
