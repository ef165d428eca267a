"""Benchmark: `sco-publish align` of a 10,000-segment document.

Builds a synthetic canonical text from the Tianjin Declaration's real paragraphs (each
numbered, as long texts' paragraphs are) and its translation as a published page would
have it, from the project's Russian catalog: one paragraph in 12 run together with the
next, one in 12 split at a sentence, one left out and one added every 500. The length
model comes from the project's Russian catalogs, copied into the benchmark's project.
Prints the time, the peak memory and how many segments got their own translation.
Run: .venv/bin/python benchmarks/bench_align.py [--segments N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

from bench_sync import write_text
from common import REPO, declaration_paragraphs, run_measured

sys.path.insert(0, str(REPO))

from sco_publish.align.sentences import cut, cut_points  # noqa: E402
from sco_publish.catalogs.pofile import read_po  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's project (its path is printed)")
    args = parser.parse_args()
    russian = {m.msgid: m.msgstr for m in read_po(REPO / "locales" / "ru" / "LC_MESSAGES" / "tianjin-declaration.po").entries}
    source = declaration_paragraphs()
    english = [f"{source[n % len(source)]} ({n + 1})" for n in range(args.segments)]
    translations = [f"{russian[source[n % len(source)]]} ({n + 1})" for n in range(args.segments)]

    rng = random.Random(7)
    page: list[str] = []
    expected: dict[int, str] = {}  # paragraph number → its translation, where it is a page paragraph of its own
    n = 0
    while n < len(translations):
        text = translations[n]
        roll = rng.random()
        if n % 500 == 250:  # left out
            n += 1
            continue
        if roll < 1 / 12 and n + 1 < len(translations):
            page.append(f"{text} {translations[n + 1]}")
            n += 2
            continue
        if roll < 2 / 12 and (points := cut_points(text)):
            page += cut(text, points[len(points) // 2])
        else:
            page.append(text)
            expected[n] = text
        if n % 500 == 400:
            page.append("Редактор: Ли Мин. Перевод выполнен отделом информации.")
        n += 1

    work = Path(tempfile.mkdtemp(prefix="bench-align-"))
    project = work / "project"
    (project / "texts").mkdir(parents=True)
    shutil.copy(REPO / "texts" / "glossary.tbx", project / "texts" / "glossary.tbx")
    (project / "pyproject.toml").write_text('[tool.sco-publish]\nlanguages = ["en", "ru"]\n')
    write_text(project / "texts" / "bench.xml", english)
    run_measured([sys.executable, "-m", "sco_publish", "--project", str(project), "sync"])
    for catalog in (REPO / "locales" / "ru" / "LC_MESSAGES").glob("*.po"):
        shutil.copy(catalog, project / "locales" / "ru" / "LC_MESSAGES" / catalog.name)
    translation = work / "page.txt"
    translation.write_text("\n\n".join(page) + "\n", encoding="utf-8")

    run = run_measured([sys.executable, "-m", "sco_publish", "--project", str(project),
                        "align", "bench", "--lang", "ru", str(translation)])
    aligned = {m.msgctxt: m.msgstr for m in read_po(project / "locales" / "ru" / "LC_MESSAGES" / "bench.po").entries}
    right = sum(aligned.get(f"s{n + 4}") == text for n, text in expected.items())
    print(f"{args.segments} segments, {len(page)} page paragraphs: sco-publish align {run.seconds:.2f} s, "
          f"{run.peak_mb:.0f} MB peak; {right}/{len(expected)} paragraphs kept whole on the page came back "
          f"to their own entry")
    if args.keep:
        print(f"project: {project}, translation: {translation}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
