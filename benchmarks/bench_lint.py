"""Benchmark: `sco-publish lint` against `pofilter` (translate-toolkit) on the same catalogs.

Builds a synthetic corpus of N translated segments per language (ru, zh, kk) from the
real paragraphs of the project's catalogs (each numbered, so none repeats), then runs
both tools in one run and prints
segments per second and the ratio. Target: at least 10x pofilter's throughput, with the
full glossary.
Run: .venv/bin/python benchmarks/bench_lint.py [--segments N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, run_measured

sys.path.insert(0, str(REPO))

from sco_publish.catalogs.catalog import Catalog, Message  # noqa: E402
from sco_publish.catalogs.pofile import read_po, write_po  # noqa: E402


def ensure_pofilter() -> Path:
    venv = REPO / ".cache" / "bench-venv"
    pofilter = venv / "bin" / "pofilter"
    if not pofilter.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "translate-toolkit"], check=True)
    return pofilter


def synthetic_catalog(lang: str, segments: int, target: Path) -> None:
    real = [m for p in sorted((REPO / "locales" / lang / "LC_MESSAGES").glob("*.po"))
            for m in read_po(p).entries if m.translated]
    if not real:
        raise SystemExit(f"no translated entries in locales/{lang}; run sync and translate first")
    header = Message(msgid="", msgstr=f"Language: {lang}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
                                      "Content-Transfer-Encoding: 8bit\n")
    messages = [header]
    for n in range(segments):
        # every segment unique (a numbered copy), so that no tool profits from repeated text
        source = real[n % len(real)]
        messages.append(Message(msgid=f"{source.msgid} ({n})", msgstr=f"{source.msgstr} ({n})", msgctxt=f"s{n + 1}"))
    write_po(Catalog(messages=messages), target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, default=100_000, help="per language")
    args = parser.parse_args()
    pofilter = ensure_pofilter()
    work = Path(tempfile.mkdtemp(prefix="bench-lint-"))
    catalogs = []
    for lang in ("ru", "zh", "kk"):
        path = work / f"{lang}.po"
        synthetic_catalog(lang, args.segments, path)
        catalogs.append(path)
    os.sync()  # the kernel's write-back of the new files must not be timed with the first tool
    total = args.segments * len(catalogs)
    ours = run_measured([sys.executable, "-m", "sco_publish", "--project", str(REPO), "lint", "--format", "json",
                         *map(str, catalogs)])
    theirs_seconds = 0.0
    theirs_peak = 0.0
    for path in catalogs:
        run = run_measured([str(pofilter), "--progress=none", str(path), str(work / f"{path.stem}-out.po")])
        theirs_seconds += run.seconds
        theirs_peak = max(theirs_peak, run.peak_mb)
    print(f"{total} segments ({args.segments} per language, glossary: {REPO / 'texts' / 'glossary.tbx'})")
    print(f"sco-publish lint: {ours.seconds:.2f} s, {total / ours.seconds:,.0f} segments/s, {ours.peak_mb:.0f} MB peak")
    print(f"pofilter:         {theirs_seconds:.2f} s, {total / theirs_seconds:,.0f} segments/s, {theirs_peak:.0f} MB peak")
    print(f"throughput ratio (ours / pofilter): {theirs_seconds / ours.seconds:.1f}x  (target >= 10x)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
