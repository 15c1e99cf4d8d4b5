"""HTML documentation: the ontology reference, the index of works and a page per work, checked by parsing the HTML."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import Result

from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.publish.docs import DocSite, build_docs, work_file
from tests.conftest import DOCS

pytestmark = DOCS  # one worker builds the site the tests read
WORKS = ["darts", "amoebanet", "densenet"]


class Page(HTMLParser):
    """What a test needs from a page: title, headings, ids, links and text."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.headings: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag in ("title", "h1", "h2", "h3"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in == "title":
            self.title += data
        elif self._in in ("h1", "h2", "h3"):
            self.headings.append(data.strip())


@cache
def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(cli_docs: tuple[Result, Path]) -> DocSite:
    """The site the README's `nas-kg docs -o site/` writes (conftest's cli_docs, run once for this module and
    the quickstart test)."""
    result, folder = cli_docs
    assert result.exit_code == 0, result.output
    return DocSite(folder, tuple(sorted(folder.rglob("*.html"))))


def test_the_api_lists_every_page_it_writes(seed_kg: KnowledgeGraph, tmp_path: Path) -> None:
    site = build_docs(seed_kg, tmp_path)
    assert site.folder == tmp_path and site.index.is_file()
    assert sorted(site.pages) == sorted(tmp_path.rglob("*.html"))


def test_reference_has_title_and_sections(site: DocSite) -> None:
    page = parse(site.index)
    assert page.title == "NAS-KG: an ontology of Neural Architecture Search methods"
    assert {"Classes", "Object properties", "Annotation properties", "Named individuals (category values)"} <= set(
        page.headings
    )
    assert "works/index.html" in page.links


def test_reference_documents_classes_properties_and_values(site: DocSite) -> None:
    ids = parse(site.index).ids
    assert {
        "nas-NASMethod",
        "nas-DifferentiableNASMethod",
        "nas-hasSearchStrategy",
        "nas-Differentiable",
        "nasx-Task",
    } <= ids


def test_works_index_links_every_method(site: DocSite, kg: KnowledgeGraph) -> None:
    links = set(parse(site.folder / "works" / "index.html").links)
    missing = [m.label for m in kg.method_index if work_file(m.iri) not in links]
    assert missing == []


@pytest.mark.parametrize("work", WORKS)
def test_work_page_has_every_section(work: str, site: DocSite) -> None:
    page = parse(site.folder / "works" / f"{work}.html")
    assert {"Facets", "Categories", "Sources and claims", "Nearest neighbours"} <= set(page.headings)
    assert "index.html" in page.links and "../index.html" in page.links


def test_darts_page_shows_inferred_category_and_claims(site: DocSite) -> None:
    page = parse(site.folder / "works" / "darts.html")
    text = " ".join(page.text)
    assert page.title == "DARTS"
    assert "../index.html#nas-DifferentiableNASMethod" in page.links
    assert "inferred" in text
    assert "https://arxiv.org/abs/1806.09055" in page.links


def test_internal_links_resolve(site: DocSite) -> None:
    broken = []
    for path in site.pages:
        for link in parse(path).links:
            if link.startswith(("http://", "https://")):
                continue
            target, _, fragment = link.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            if not resolved.exists() or (fragment and fragment not in parse(resolved).ids):
                broken.append(f"{path.name}: {link}")
    assert broken == []


def test_cli_docs_writes_pages(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["docs", "-o", str(tmp_path / "site"), "--seed-only"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "works" / "darts.html").exists() is False  # seed-only: DARTS is a curated work
    assert (tmp_path / "site" / "works" / "amoebanet.html").is_file()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on PATH for the headless screenshot")
@pytest.mark.parametrize("page", ["index.html", "works/index.html", "works/darts.html"])
def test_renders_in_headless_chromium(page: str, site: DocSite, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tempfile.mkdtemp()}",
        "--window-size=1280,1600",
        f"--screenshot={shot}",
    ]
    subprocess.run([str(CHROMIUM), *flags, (site.folder / page).as_uri()], check=True, timeout=120, capture_output=True)
    assert shot.stat().st_size > 20_000  # a blank page is a few kB; ours has text and tables
