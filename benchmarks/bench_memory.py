"""Benchmark: translation-memory suggestions in `sco-publish sync` against `msgmerge --compendium`.

A new document of 5,000 segments is synced for the first time against a memory of
200,000 translated units (a TMX in memory/ for sco-publish; the same units as a
compendium .po for msgmerge). The sentences are made from SCO phrasing (subjects,
verbs, fields of cooperation, places, bodies, years) with variation; of the new
segments, 40% repeat a memory sentence, 35% change one word of one (substitution,
insertion or deletion) and 25% are new sentences. Target: sco-publish ≤ 0.2× msgmerge.
Both tools' exact and near matches are counted (msgmerge's also at sco-publish's
threshold, by the same Levenshtein ratio, since its own cut-off is lower).
Run: .venv/bin/python benchmarks/bench_memory.py [--memory N] [--segments N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from bench_sync import write_text
from common import REPO, run_measured

sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz  # noqa: E402

from sco_publish.catalogs.catalog import Catalog, Message  # noqa: E402
from sco_publish.catalogs.memory import MEMORY_COMMENT  # noqa: E402
from sco_publish.catalogs.pofile import read_po, write_po  # noqa: E402
from sco_publish.exchange.tmx import TranslationUnit, write_tmx  # noqa: E402

SUBJECTS = ["The member states", "The Heads of State", "The parties", "The Council of Foreign Ministers",
            "The SCO member states", "The leaders", "The Council of Heads of Government", "The delegations",
            "The Secretary-General", "The Regional Anti-Terrorist Structure", "The ministers of defence",
            "The observer states", "The dialogue partners", "The Council of National Coordinators"]
VERBS = ["reaffirmed their commitment to", "noted the importance of", "welcomed", "supported",
         "called for strengthening", "expressed readiness to deepen", "stressed the need for",
         "highly appreciated", "agreed to continue", "reiterated their support for", "emphasized",
         "will promote", "decided to intensify", "spoke in favour of", "approved the plan for"]
OBJECTS = ["cooperation in the field of {field}", "practical cooperation in {field}", "the development of {field}",
           "joint projects in {field}", "the programme of cooperation in {field} for {years}",
           "mutual trust in {field}", "the exchange of experience in {field}", "an expert meeting on {field}",
           "the roadmap for {field} until {year}", "the implementation of the agreement on {field}"]
FIELDS = ["energy", "transport", "agriculture", "the digital economy", "trade and investment", "public health",
          "education", "science and technology", "culture", "tourism", "environmental protection", "customs",
          "combating terrorism", "combating drug trafficking", "information security", "emergency relief",
          "finance", "industry", "poverty reduction", "sport", "youth policy", "media", "green development",
          "artificial intelligence", "interregional ties", "connectivity", "water resources", "food security"]
PLACES = ["Tianjin", "Astana", "Bishkek", "Dushanbe", "Tashkent", "Moscow", "New Delhi", "Islamabad", "Minsk",
          "Tehran", "Beijing", "Samarkand", "Qingdao", "Ufa", "Almaty"]
CLOSINGS = ["in accordance with the SCO Charter", "on the basis of mutual respect and equality",
            "in the spirit of the Shanghai Spirit", "within the framework of the SCO",
            "taking into account the interests of all member states", "at the meeting in {place} in {year}",
            "for the period {years}", "as agreed at the summit in {place}", "with the participation of observers",
            "in the interest of lasting peace and stability in the region"]


def sentence(rng: random.Random) -> str:
    year = rng.randint(2001, 2035)
    fillers = {"field": rng.choice(FIELDS), "place": rng.choice(PLACES), "year": year,
               "years": f"{year}–{year + rng.choice((2, 3, 4, 5))}"}
    clauses = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS).format(**fillers)]
    if rng.random() < 0.6:
        fillers["field"] = rng.choice(FIELDS)
        clauses.append("and " + rng.choice(OBJECTS).format(**fillers))
    if rng.random() < 0.7:
        clauses.append(rng.choice(CLOSINGS).format(**fillers))
    return " ".join(clauses) + "."


def one_word_changed(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    n = rng.randrange(1, len(words) - 1)
    change = rng.choice(("substitute", "insert", "delete"))
    if change == "substitute":
        words[n] = rng.choice(("further", "regional", "all", "joint", "broad", "effective"))
    elif change == "insert":
        words.insert(n, rng.choice(("further", "actively", "also", "jointly", "fully")))
    else:
        del words[n]
    return " ".join(words)


def translation(text: str) -> str:
    return "Перевод: " + text[::-1]


def make_data(memory_size: int, segments: int, seed: int = 11) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    memory: dict[str, None] = {}
    while len(memory) < memory_size:
        memory[sentence(rng)] = None
    sources = list(memory)
    known = set(sources)
    new = []
    for n in range(segments):
        share = n / segments
        if share < 0.40:
            new.append(rng.choice(sources))
        elif share < 0.75:
            new.append(one_word_changed(rng.choice(sources), rng))
        else:
            text = sentence(rng)
            while text in known:
                text = sentence(rng)
            new.append(text)
    rng.shuffle(new)
    return sources, list(dict.fromkeys(new))  # a text's segments differ from one another


def count_ours(po: Path) -> tuple[int, int]:
    exact = near = 0
    for message in read_po(po).entries:
        comment = next((c for c in message.extracted_comments if c.startswith(MEMORY_COMMENT)), None)
        if comment is not None:
            exact += comment.startswith(f"{MEMORY_COMMENT}100%")
            near += not comment.startswith(f"{MEMORY_COMMENT}100%")
    return exact, near


def count_msgmerge(po: Path, threshold: float) -> tuple[int, int, int]:
    """Exact (the previous msgid is the msgid), near, and near at sco-publish's threshold."""
    exact = near = near_at_threshold = 0
    for message in read_po(po).entries:
        if not message.msgstr:
            continue
        if message.previous_msgid in (None, message.msgid):
            exact += 1
        else:
            near += 1
            near_at_threshold += fuzz.ratio(message.msgid, message.previous_msgid) >= threshold * 100
    return exact, near, near_at_threshold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--memory", type=int, default=200_000)
    parser.add_argument("--segments", type=int, default=5_000)
    parser.add_argument("--threshold", type=float, default=0.75)
    args = parser.parse_args()
    sources, new = make_data(args.memory, args.segments)

    work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    project = work / "project"
    (project / "texts").mkdir(parents=True)
    shutil.copy(REPO / "texts" / "glossary.tbx", project / "texts" / "glossary.tbx")
    (project / "pyproject.toml").write_text(
        f'[tool.sco-publish]\nlanguages = ["en", "ru"]\nmemory-threshold = {args.threshold}\n')
    write_text(project / "texts" / "bench.xml", new)
    sco = [sys.executable, "-m", "sco_publish", "--project", str(project), "sync"]
    run_measured(sco)  # the template msgmerge merges, and an empty catalog for its header
    po = project / "locales" / "ru" / "LC_MESSAGES" / "bench.po"
    pot = project / "locales" / "bench.pot"
    empty = work / "empty.po"
    write_po(Catalog(messages=[read_po(po).header]), empty)
    compendium = work / "compendium.po"
    write_po(Catalog(messages=[read_po(po).header, *(Message(msgid=s, msgstr=translation(s)) for s in sources)]),
             compendium)
    memory = project / "memory" / "bench.tmx"
    memory.parent.mkdir()
    memory.write_bytes(write_tmx((TranslationUnit({"en": s, "ru": translation(s)}, origin=f"u{n}")
                                  for n, s in enumerate(sources)), "en"))
    print(f"{len(new)} new segments, memory of {len(sources)} units "
          f"(TMX {memory.stat().st_size / 1e6:.0f} MB, compendium {compendium.stat().st_size / 1e6:.0f} MB)")

    po.unlink()  # the document's first sync: every segment is new
    shutil.rmtree(project / ".cache")
    os.sync()  # the kernel's write-back of the files just written must not be timed with either tool
    ours = run_measured(sco)
    os.sync()
    merged = work / "merged.po"
    theirs = run_measured(["msgmerge", "--previous", "--quiet", "--lang=ru", "--compendium", str(compendium),
                           "-o", str(merged), str(empty), str(pot)])
    exact, near = count_ours(po)
    their_exact, their_near, their_near_at_threshold = count_msgmerge(merged, args.threshold)
    print(f"sco-publish sync: {ours.seconds:.2f} s ({ours.peak_mb:.0f} MB peak); "
          f"{exact} exact, {near} near (≥ {args.threshold:.0%})")
    print(f"msgmerge --compendium: {theirs.seconds:.2f} s ({theirs.peak_mb:.0f} MB peak); "
          f"{their_exact} exact, {their_near} near ({their_near_at_threshold} of them ≥ {args.threshold:.0%})")
    print(f"ratio {ours.seconds / theirs.seconds:.3f} (target ≤ 0.2)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
