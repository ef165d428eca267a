"""Benchmark: how the lint's cost grows with the glossary.

Lints the project (its texts and catalogs) with the shipped glossary, then with the
shipped glossary plus 10,000 and 50,000 generated concepts: persons, places and
organizations with plausible names in en, ru, zh and kk (names built from syllables that
transliterate into each script, Russian and Kazakh written with an x-stem, some with a
deprecated misspelling), so that the term index and the near-miss index grow as a real
termbase would. Prints wall time, peak memory and the ratio against the shipped glossary.
There is no peer to compare with: pofilter has no glossary check, and Weblate's checks
match exact strings; the figure that matters is the growth ratio.
Run: .venv/bin/python benchmarks/bench_glossary.py [--sizes 10000 50000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from common import REPO, run_measured

# (Latin, Cyrillic, Chinese) for syllables that transliterate cleanly
SYLLABLES = (
    ("ka", "ка", "卡"), ("ra", "ра", "拉"), ("mi", "ми", "米"), ("to", "то", "托"), ("na", "на", "纳"),
    ("bu", "бу", "布"), ("li", "ли", "利"), ("sa", "са", "萨"), ("te", "те", "捷"), ("ro", "ро", "罗"),
    ("du", "ду", "杜"), ("ma", "ма", "马"), ("ni", "ни", "尼"), ("go", "го", "戈"), ("ta", "та", "塔"),
    ("le", "ле", "列"), ("zo", "зо", "佐"), ("ba", "ба", "巴"), ("ki", "ки", "基"), ("mu", "му", "穆"),
    ("da", "да", "达"), ("ve", "ве", "韦"), ("si", "си", "西"), ("ko", "ко", "科"), ("ri", "ри", "里"),
    ("lu", "лу", "卢"), ("pa", "па", "帕"), ("no", "но", "诺"), ("ga", "га", "加"), ("tu", "ту", "图"),
    ("al", "ал", "阿尔"), ("er", "ер", "埃尔"), ("bek", "бек", "别克"), ("an", "ан", "安"),
)
SURNAME_ENDINGS = (("ov", "ов", "夫"), ("ev", "ев", "耶夫"), ("enko", "енко", "连科"), ("bayev", "баев", "巴耶夫"),
                   ("in", "ин", "因"), ("uly", "улы", "乌勒"))
PLACE_KINDS = (("Centre", "центр|", "中心", "орталығы|"), ("Forum", "форум|", "论坛", "форумы|"))
ORGANIZATION_KINDS = (("Council of", "Совет|", "理事会", "Кеңесі|"),
                      ("Agency of", "Агентств|о", "署", "Агенттігі|"))


def _word(rng: random.Random, syllables: int) -> tuple[str, str, str]:
    parts = [rng.choice(SYLLABLES) for _ in range(syllables)]
    return tuple("".join(part[script] for part in parts) for script in range(3))  # type: ignore[return-value]


def _term(text: str, status: str, stem: str | None = None) -> str:
    stem_note = f'<termNote type="x-stem">{escape(stem)}</termNote>' if stem else ""
    return (f"<termSec><term>{escape(text)}</term>"
            f'<termNote type="administrativeStatus">{status}Term-admn-sts</termNote>{stem_note}</termSec>')


def _concept(number: int, subject: str, terms: dict[str, list[str]]) -> str:
    sections = "".join(f'<langSec xml:lang="{lang}">{"".join(entries)}</langSec>' for lang, entries in terms.items())
    return (f'<conceptEntry id="x{number}"><descrip type="subjectField">{subject}</descrip>{sections}</conceptEntry>\n')


def generated_concepts(count: int, seed: int = 11) -> list[str]:
    """``count`` concepts with unique, plausible names in en, ru, zh and kk."""
    rng = random.Random(seed)
    seen: set[str] = set()
    concepts = []
    while len(concepts) < count:
        kind = rng.random()
        if kind < 0.6:
            given, family, ending = _word(rng, 2), _word(rng, rng.choice((2, 3))), rng.choice(SURNAME_ENDINGS)
            en = f"{given[0].capitalize()} {(family[0] + ending[0]).capitalize()}"
            ru = kk = f"{given[1].capitalize()} {(family[1] + ending[1]).capitalize()}"
            zh = f"{given[2]}·{family[2]}{ending[2]}"
            subject, stem_ru, stem_kk = "person", ru.replace(" ", "| ") + "|", ru.replace(" ", "| ") + "|"
        else:
            name = _word(rng, rng.choice((3, 4)))
            latin, cyrillic = name[0].capitalize(), name[1].capitalize()
            subject = "place" if kind < 0.85 else "organization"
            en_kind, ru_kind, zh_kind, kk_kind = rng.choice(PLACE_KINDS if subject == "place" else ORGANIZATION_KINDS)
            if subject == "place":
                en, stem_ru = f"{latin} {en_kind}", f"{cyrillic}| {ru_kind}"
            else:
                en, stem_ru = f"{en_kind} {latin}", f"{ru_kind.capitalize()} {cyrillic}"
            stem_kk = f"{cyrillic}| {kk_kind}" if subject == "place" else f"{cyrillic} {kk_kind.capitalize()}"
            ru, kk, zh = stem_ru.replace("|", ""), stem_kk.replace("|", ""), f"{name[2]}{zh_kind}"
        if en in seen or zh in seen:
            continue
        seen.update((en, zh))
        terms = {
            "en": [_term(en, "preferred")],
            "ru": [_term(ru, "preferred", stem_ru)],
            "zh": [_term(zh, "preferred")],
            "kk": [_term(kk, "preferred", stem_kk)],
        }
        if rng.random() < 0.2:  # a misspelling seen in a source, as the shipped glossary records them
            misspelt = en[:-2] + en[-1] + en[-2]
            if misspelt not in seen:
                seen.add(misspelt)
                terms["en"].append(_term(misspelt, "deprecated"))
        concepts.append(_concept(len(concepts), subject, terms))
    return concepts


def glossary_with(extra: int, target: Path) -> None:
    """The shipped glossary with ``extra`` generated concepts added to its body."""
    shipped = (REPO / "texts" / "glossary.tbx").read_text(encoding="utf-8")
    head, tail = shipped.rsplit("</body>", 1)
    target.write_text(head + "".join(generated_concepts(extra)) + "</body>" + tail, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000], help="extra concepts")
    parser.add_argument("--keep", action="store_true", help="keep the generated glossaries (their folder is printed)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-glossary-"))
    glossaries = {0: REPO / "texts" / "glossary.tbx"}
    for size in args.sizes:
        glossaries[size] = work / f"glossary+{size}.tbx"
        glossary_with(size, glossaries[size])
    os.sync()
    command = [sys.executable, "-m", "sco_publish", "--project", str(REPO), "lint", "--format", "json"]
    subprocess.run([*command, "--glossary", str(glossaries[0])], check=False, capture_output=True)  # warm the caches
    runs = {size: run_measured([*command, "--glossary", str(path)]) for size, path in glossaries.items()}
    base = runs[0].seconds
    for size, run in runs.items():
        label = "shipped glossary" if size == 0 else f"+{size:,} concepts"
        print(f"lint, {label:>18}: {run.seconds:6.2f} s, {run.peak_mb:4.0f} MB peak, {run.seconds / base:5.1f}x the shipped glossary")
    if args.keep:
        print(f"glossaries kept in {work}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
