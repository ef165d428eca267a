"""Benchmark: `sco-publish sync` against `msgmerge --previous` on a 50,000-segment document.

Builds a synthetic canonical text from the Tianjin Declaration's real paragraphs and a
fully translated Russian catalog, then times both tools on the same pair:
  (a) nothing changed          target ratio <= 1.0
  (b) 5% of segments changed   target ratio <= 0.1
Run: .venv/bin/python benchmarks/bench_sync.py [--segments N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from common import REPO, declaration_paragraphs, run_measured

sys.path.insert(0, str(REPO))

from sco_publish.catalogs.catalog import Catalog, Message  # noqa: E402
from sco_publish.catalogs.pofile import write_po  # noqa: E402


def write_text(path: Path, paragraphs: list[str]) -> None:
    body = "\n".join(f'    <p xml:id="s{n + 4}">{escape(text)}</p>' for n, text in enumerate(paragraphs))
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<document type="declaration" xml:lang="en" nextId="s{len(paragraphs) + 4}">
  <meta>
    <identifier>bench</identifier>
    <title xml:id="s1">Benchmark text</title>
    <date type="adoption">2025-09-01</date>
    <place xml:id="s2">Tianjin</place>
    <author xml:id="s3">Council of Heads of State</author>
    <source url="https://example.org/">synthetic</source>
    <authenticLanguages>ru zh</authenticLanguages>
  </meta>
  <mainBody>
{body}
  </mainBody>
</document>
""", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--glossary", type=Path, default=REPO / "texts" / "glossary.tbx")
    args = parser.parse_args()
    source = declaration_paragraphs()
    rng = random.Random(7)
    paragraphs = [f"{source[n % len(source)]} ({n})" for n in range(args.segments)]

    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    project = work / "project"
    (project / "texts").mkdir(parents=True)
    shutil.copy(args.glossary, project / "texts" / "glossary.tbx")
    (project / "pyproject.toml").write_text('[tool.sco-publish]\nlanguages = ["en", "ru"]\n')
    text = project / "texts" / "bench.xml"
    write_text(text, paragraphs)
    sco = [sys.executable, "-m", "sco_publish", "--project", str(project), "sync"]
    run_measured(sco)  # creates the .pot and an empty Russian catalog
    po = project / "locales" / "ru" / "LC_MESSAGES" / "bench.po"
    pot = project / "locales" / "bench.pot"

    from sco_publish.catalogs.pofile import read_po

    catalog = read_po(po)
    for message in catalog.entries:
        message.msgstr = "Перевод: " + message.msgid[::-1]
    write_po(catalog, po)
    translated = po.read_bytes()
    old_po = work / "translated.po"
    old_po.write_bytes(translated)

    print(f"{args.segments} segments, catalog {len(translated) / 1e6:.1f} MB")
    for case, changed in (("a) nothing changed", 0.0), ("b) 5% changed", 0.05)):
        edited = list(paragraphs)
        for n in rng.sample(range(len(edited)), int(len(edited) * changed)):
            edited[n] = edited[n].replace(" will ", " will not ", 1) if " will " in edited[n] else "Not: " + edited[n]
        write_text(text, edited)
        po.write_bytes(translated)
        os.sync()  # the kernel's write-back of the files just written must not be timed with either tool
        ours = run_measured(sco)  # also writes the edited text's .pot, which msgmerge then merges
        os.sync()
        theirs = run_measured(["msgmerge", "--previous", "--quiet", "-o", str(work / "merged.po"), str(old_po), str(pot)])
        ratio = ours.seconds / theirs.seconds
        print(f"{case}: sco-publish sync {ours.seconds:.2f} s ({ours.peak_mb:.0f} MB peak), "
              f"msgmerge --previous {theirs.seconds:.2f} s ({theirs.peak_mb:.0f} MB peak), ratio {ratio:.3f}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
