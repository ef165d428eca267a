"""Benchmark: `sco-publish build` against plain WeasyPrint on the same print HTML.

In one run: (1) a clean build of every edition as on a fresh clone: empty dist/, no font
cache (.cache/fonts removed) and an empty fontconfig user cache (a new XDG_CACHE_HOME, also
for the other side), with `sco-publish build`; (2) the `weasyprint` command rendering, one
after the other, the same print HTML with the system fonts named by family (no subsetting,
no parallelism), with its own empty fontconfig user cache; (3) a no-op rebuild, and the clean
build again with the caches (1) filled, to show what cold caches cost; (4) one
segment of the largest document's Russian catalog changed, then a build (its two editions,
ru and en-ru, are rebuilt). Prints wall and CPU times (user + system of every process), the
ratios (target <= 0.5), the one-segment rebuild (target <= 5 s) and the load average: on a
shared machine the wall times move with the load, the CPU times much less.
Run: .venv/bin/python benchmarks/bench_build.py  (uses --draft when translations are incomplete)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from common import REPO, Run, run_measured

sys.path.insert(0, str(REPO))

from sco_publish.catalogs.paths import catalog_path  # noqa: E402
from sco_publish.catalogs.pofile import read_po, write_po  # noqa: E402
from sco_publish.editions.build import build_date, font_cache, load_translations  # noqa: E402
from sco_publish.editions.labels import labels_for  # noqa: E402
from sco_publish.editions.model import editions_for  # noqa: E402
from sco_publish.editions.render import render_edition  # noqa: E402
from sco_publish.project import load_documents, load_project_glossary  # noqa: E402
from sco_publish.settings import load_settings  # noqa: E402


def system_font_css(langs: list[str], templates: Path) -> str:
    rules = []
    for lang in langs:
        labels = labels_for(templates, lang)
        stack = ", ".join(f'"{family}"' for family in labels.fonts)
        rules.append(f":lang({labels.html_lang}) {{ font-family: {stack}; }}")
    return "\n".join(rules)


def cold_environment(work: Path, name: str) -> dict[str, str]:
    """The environment with an empty fontconfig user cache (fontconfig writes it under XDG_CACHE_HOME)."""
    folder = work / f"xdg-cache-{name}"
    folder.mkdir()
    return {**os.environ, "XDG_CACHE_HOME": str(folder)}


def change_one_segment(path: Path) -> str:
    """Append a word to the first translated segment of a catalog; returns its ID."""
    catalog = read_po(path)
    message = next(m for m in catalog.entries if m.msgctxt and m.translated and not m.obsolete)
    message.msgstr += " ШОС"
    write_po(catalog, path)
    return message.msgctxt


def figures(run: Run) -> str:
    return f"{run.seconds:6.2f} s wall, {run.cpu_seconds:6.2f} s CPU"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    project = work / "project"
    project.mkdir()
    for name in ("pyproject.toml",):
        shutil.copy(REPO / name, project)
    for folder in ("texts", "locales", "templates"):
        shutil.copytree(REPO / folder, project / folder)
    settings = load_settings(project)
    documents = load_documents(settings)
    glossary = load_project_glossary(settings)
    draft = False
    try:
        for document in documents:
            load_translations(settings, document, draft=False)
    except Exception:
        draft = True
    command = [sys.executable, "-m", "sco_publish", "--project", str(project), "build", "-q"] + (["--draft"] if draft else [])
    shutil.rmtree(font_cache(settings), ignore_errors=True)
    clean = run_measured(command, env=cold_environment(work, "build"))
    noop = run_measured(command)
    shutil.rmtree(settings.output_dir)
    warm = run_measured(command)  # the same clean build with the font caches of the first

    editions = editions_for(documents, settings.languages, settings.source_language)
    date = build_date(settings, documents)
    plain_dir = work / "plain"
    plain_dir.mkdir()
    jobs = []
    for edition in editions:
        translations = load_translations(settings, edition.document, draft)
        html = render_edition(edition, translations, settings.templates_dir, glossary, "pdf", editions, draft, date,
                              font_css=system_font_css(list(settings.languages), settings.templates_dir))
        path = plain_dir / f"{edition.document.id}-{edition.slug}.html"
        path.write_text(html, encoding="utf-8")
        jobs.append(path)
    weasyprint = Path(sys.executable).with_name("weasyprint")
    plain_env = cold_environment(work, "weasyprint")
    plain = [run_measured([str(weasyprint), "--pdf-variant", "pdf/ua-1", str(path), str(path.with_suffix(".pdf"))],
                          env=plain_env) for path in jobs]
    plain_seconds = sum(run.seconds for run in plain)
    plain_cpu = sum(run.cpu_seconds for run in plain)
    one = run_measured([sys.executable, "-m", "sco_publish", "--project", str(project), "build", "-q", "-j", "1"]
                       + (["--draft"] if draft else []))

    largest = max(documents, key=lambda document: document.path.stat().st_size)
    segment = change_one_segment(catalog_path(settings, "ru", largest.id))
    os.sync()  # the catalog just written is not the build's to flush
    load = os.getloadavg()[0]
    changed = run_measured(command)

    print(f"{len(editions)} editions (PDF + HTML){' [draft]' if draft else ''}; load average {os.getloadavg()[0]:.1f}")
    print(f"sco-publish build, clean, cold caches: {figures(clean)} (peak {clean.peak_mb:.0f} MB, the largest process)")
    print(f"sco-publish build, clean, warm caches: {figures(warm)}")
    print(f"plain weasyprint, serial, cold caches: {plain_seconds:6.2f} s wall, {plain_cpu:6.2f} s CPU "
          f"(peak {max(run.peak_mb for run in plain):.0f} MB per edition)")
    print(f"ratio clean / plain:  {clean.seconds / plain_seconds:.2f} wall, {clean.cpu_seconds / plain_cpu:.2f} CPU  "
          "(target <= 0.5)")
    print(f"no-op rebuild:        {figures(noop)}  (target < 0.5 s)")
    print(f"(no-op with -j 1:     {figures(one)})")
    print(f"one segment changed ({largest.id}, ru, {segment}): {figures(changed)} at load {load:.1f}  (target <= 5 s)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
