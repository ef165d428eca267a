"""Benchmark: `sco-publish build` against plain WeasyPrint on the same print HTML.

In one run: (1) a clean build of every edition (empty dist/ and font cache) with
`sco-publish build`; (2) the `weasyprint` command rendering, one after the other, the
same print HTML with the system fonts named by family (no subsetting, no parallelism);
(3) a no-op rebuild. Prints the times, the ratio (target <= 0.5) and the peak memory of
one edition (target < 400 MB).
Run: .venv/bin/python benchmarks/bench_build.py  (uses --draft when translations are incomplete)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from common import REPO, run_measured

sys.path.insert(0, str(REPO))

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
    clean = run_measured(command)
    noop = run_measured(command)

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
    plain_seconds, plain_peak = 0.0, 0.0
    for path in jobs:
        run = run_measured([str(weasyprint), "--pdf-variant", "pdf/ua-1", str(path), str(path.with_suffix(".pdf"))])
        plain_seconds += run.seconds
        plain_peak = max(plain_peak, run.peak_mb)
    one = run_measured([sys.executable, "-m", "sco_publish", "--project", str(project), "build", "-q", "-j", "1"]
                       + (["--draft"] if draft else []))
    print(f"{len(editions)} editions (PDF + HTML){' [draft]' if draft else ''}")
    print(f"sco-publish build, clean:   {clean.seconds:.2f} s (peak {clean.peak_mb:.0f} MB, the largest of its processes: one edition)")
    print(f"plain weasyprint, serial:   {plain_seconds:.2f} s (peak {plain_peak:.0f} MB per edition)")
    print(f"ratio clean / plain:        {clean.seconds / plain_seconds:.2f}  (target <= 0.5)")
    print(f"no-op rebuild:              {noop.seconds:.2f} s  (target < 0.5 s)")
    print(f"(no-op with -j 1:           {one.seconds:.2f} s)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
