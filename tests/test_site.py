"""The dashboard as a site (okr report --format html -o DIR): its pages (goldens of the
example's index and of an owner's page, the index in Chinese), links that resolve both
ways, pages that stay small as the company grows, a folder written whole and only over an
empty folder or an earlier site, the one page refused beyond its size, user text shown as
text on every page, and the index in a real browser at a phone's width."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import Okr, golden
from test_dashboard import MEASURE, browse  # noqa: F401  (the browser fixture)
from test_hostile_output import UNIT as HOSTILE_UNIT
from test_hostile_output import WORDS, assert_plain, decoded, hostile  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from gen_workspace import generate

OWN_TAGS = {"html", "head", "meta", "title", "style", "body", "nav", "h1", "h2", "h3", "p",
            "div", "b", "span", "table", "tr", "th", "td", "ul", "li", "a", "i", "section",
            "svg", "line", "text", "polyline", "circle", "code"}


class Page(HTMLParser):
    """A page's tags, attributes, links, ids and text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.comments: list[str] = []
        self.text: list[str] = []
        self.lang: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "a":
            self.hrefs.append(found.get("href") or "")

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)


def write_site(okr: Okr, folder: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    result = okr("report", "--format", "html", "-o", str(folder), *args, env=env)
    assert result.exit_code == 0, result.stderr
    assert "wrote the site" in result.stderr or "网站" in result.stderr, result.stderr
    return folder


def site_pages(folder: Path) -> dict[str, Page]:
    return {p.relative_to(folder).as_posix(): Page(p.read_text(encoding="utf-8"))
            for p in folder.rglob("*.html")}


def links(folder: Path, pages: dict[str, Page]) -> Iterator[tuple[str, str, str]]:
    """(from page, to page, fragment) of every link, each checked to stay in the folder."""
    for name, page in pages.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), href
            target = (folder / name).parent / parts.path if parts.path else folder / name
            target = Path(os.path.normpath(target))
            assert target.is_relative_to(folder), (name, href)
            yield name, target.relative_to(folder).as_posix(), parts.fragment


# --- the pages ----------------------------------------------------------------------------


def test_the_example_site_golden(okr, tmp_path):
    folder = write_site(okr, tmp_path / "site")
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == [".okr-site", "everyone.html", "index.html", *(
        f"owners/{o}.html" for o in sorted(("company", "engineering", "li.na", "marketing",
                                            "purchasing", "sales", "service", "wang.qiang")))]
    golden("site/index.html", (folder / "index.html").read_text(encoding="utf-8"))
    golden("site/marketing.html", (folder / "owners/marketing.html").read_text(encoding="utf-8"))
    index = Page((folder / "index.html").read_text(encoding="utf-8"))
    assert index.lang == "en"
    import re

    text = (folder / "index.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table.*?</table>", text, flags=re.S)
    assert tables and not any("<p" in t for t in tables)  # no paragraph inside a table
    for section in ("review", "moved", "departments", "tree"):
        assert section in index.ids, section


def test_the_index_in_chinese(okr, tmp_path):
    folder = write_site(okr, tmp_path / "site", env={"OKR_LANG": "zh-CN"})
    text = (folder / "index.html").read_text(encoding="utf-8")
    golden("site/index.zh-CN.html", text)
    pages = site_pages(folder)
    assert {page.lang for page in pages.values()} == {"zh-CN"}
    for english in ("Departments", "Everyone", "Aligned to it", "Aligns to", "and 1 more",
                    "Members", "page 1 of"):
        assert all(english not in page.plain for page in pages.values()), english


def test_every_link_resolves_and_the_pages_link_both_ways(okr, tmp_path):
    folder = write_site(okr, tmp_path / "site")
    pages = site_pages(folder)
    found = set()
    for source, target, fragment in links(folder, pages):
        assert target in pages, (source, target)
        assert not fragment or fragment in pages[target].ids, (source, target, fragment)
        found.add((source, target))
    owners = {name for name in pages if name.startswith("owners/")}
    for owner in owners:  # every owner's page: reached from the index's side, and back
        assert (owner, "index.html") in found, owner
        assert any((s, owner) in found for s in pages if s != owner), owner
    assert ("index.html", "everyone.html") in found
    assert {t for s, t in found if s == "everyone.html"} >= owners
    # A person's page names its team (okr.yaml), up to the company, and the team's page
    # lists the person, who aligns to it.
    assert ("owners/li.na.html", "owners/marketing.html") in found
    assert ("owners/marketing.html", "owners/li.na.html") in found
    assert ("owners/marketing.html", "owners/company.html") in found
    assert ("owners/company.html", "owners/marketing.html") in found
    crumbs = (folder / "owners/li.na.html").read_text(encoding="utf-8")
    assert re.search(r'<nav class="crumbs"><a href="../index.html">星链分销</a> › '
                     r'<a href="company.html">公司</a> › <a href="marketing.html">市场部</a></nav>',
                     crumbs)
    # The index's departments are the teams below the company, each linked.
    index = (folder / "index.html").read_text(encoding="utf-8")
    for team in ("purchasing", "sales", "marketing", "service", "engineering"):
        assert f'href="owners/{team}.html"' in index, team
    # An objective's "aligns to" goes to the card of the objective on its owner's page.
    assert 'href="company.html#obj-company/customers"' in (
        folder / "owners/marketing.html").read_text(encoding="utf-8")


def test_pages_are_self_contained_and_fetch_nothing(okr, tmp_path):
    folder = write_site(okr, tmp_path / "site")
    for name, page in site_pages(folder).items():
        text = (folder / name).read_text(encoding="utf-8")
        assert "<script" not in text and "<link" not in text and "@import" not in text, name
        assert not [v for n, v in page.attrs if n == "src"], name
        assert "https://" not in text, name
        assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', ""), name
        assert "default-src 'none'; style-src 'unsafe-inline'" in text, name
        assert 'name="viewport"' in text, name


# --- owner ids as file names --------------------------------------------------------------


def test_owner_ids_make_safe_file_names_that_never_meet():
    from okrcli.render.site import file_name, file_names

    assert file_name("li.na") == "li.na" and file_name("team-1_a") == "team-1_a"
    ids = ["Ops", "ops", "OPS", "市场部", "市场-部", "con", "CON", "aux.team", "a\u202eb",
           "nul", "lpt1", "x" * 64, "é", "e", "Ｏps", "a\ud800"]
    names = file_names(ids)
    assert len(set(names.values())) == len(ids)  # unique ...
    assert len({n.lower() for n in names.values()}) == len(ids)  # ... whatever the case
    for owner, name in names.items():
        assert re.fullmatch(r"[a-z0-9._~-]{1,80}", name), (owner, name)
        assert not name.startswith(".") and ".." not in name.split("/"), name
        assert name.split(".")[0] not in {"con", "nul", "aux", "lpt1"}, name
    assert names["ops"] == "ops" and names["Ops"] != "ops" and names["Ops"].startswith("ops~")
    assert file_name("Ops") == file_name("Ops")  # the same name every run


def test_owners_with_unusual_ids_get_their_own_pages(tmp_path):
    root = tmp_path / "ws"
    (root / "okrs" / "2026-Q4").mkdir(parents=True)
    ids = ["company", "Ops", "ops", "市场部", "con"]
    (root / "okr.yaml").write_text(
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\nteams:\n"
        "  - {id: company}\n"
        + "".join(f"  - {{id: {i}, parent: company}}\n" for i in ids[1:]), encoding="utf-8")
    for i in ids:
        aligns = "" if i == "company" else "    aligns_to: company/o\n"
        (root / "okrs" / "2026-Q4" / f"{i}-file.yaml").write_text(
            f"owner: {i}\ncycle: 2026-Q4\nobjectives:\n  - id: o\n    title: 目标 {i}\n"
            f"{aligns}    key_results:\n      - id: k\n        title: 关键结果\n"
            "        start: 0\n        target: 10\n", encoding="utf-8")
    folder = write_site(Okr(root), tmp_path / "site")
    pages = site_pages(folder)
    owners = [n for n in pages if n.startswith("owners/")]
    assert len(owners) == len(ids)
    assert len({n.lower() for n in owners}) == len(ids)
    for source, target, _ in links(folder, pages):
        assert target in pages, (source, target)
    titles = {p.plain.split("目标 ")[1].split()[0] for n, p in pages.items() if n in owners}
    assert titles == set(ids)


# --- sizes --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated_sites(tmp_path_factory) -> dict[int, Path]:
    """Sites of generated workspaces of 100 and 300 owners."""
    out = {}
    for count in (100, 300):
        base = tmp_path_factory.mktemp(f"ws{count}")
        generate(base / "ws", count)
        out[count] = write_site(Okr(base / "ws"), base / "site")
    return out


def kinds(folder: Path) -> dict[str, int]:
    """The size of the index, of the company's page, of the largest list of everyone and
    of the largest other owner's page."""
    sizes = {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*.html")}
    return {"index": sizes["index.html"], "company": sizes["owners/company.html"],
            "everyone": max(v for k, v in sizes.items() if k.startswith("everyone")),
            "owner": max(v for k, v in sizes.items()
                         if k.startswith("owners/") and k != "owners/company.html")}


def test_pages_stay_under_their_bounds_as_the_company_grows(generated_sites):
    """Measured at 100 and 300 owners and drawn on to 10,000 in a straight line (each
    page's growth is at most linear in owners; a page of everyone holds DIRECTORY): the
    index under 1 MB, every page under 2 MB."""
    from okrcli.render.site import DIRECTORY

    small, large = kinds(generated_sites[100]), kinds(generated_sites[300])
    bounds = {"index": 1_000_000, "company": 2_000_000, "everyone": 2_000_000,
              "owner": 2_000_000}
    for kind, bound in bounds.items():
        assert large[kind] < bound, (kind, large[kind])
        owners = min(10_000, DIRECTORY) if kind == "everyone" else 10_000
        at_10000 = large[kind] + (large[kind] - small[kind]) * (owners - 300) / 200
        assert at_10000 < bound, (kind, small[kind], large[kind], at_10000)
    # The index holds cut lists: it barely grows with the company.
    assert large["index"] < small["index"] * 1.5, (small, large)


def test_cut_lists_say_how_many_more_and_link_to_them(generated_sites, monkeypatch, tmp_path):
    """With the limits scaled down to a 300-owner company, each cut list says how many
    more and links where they are; the list of everyone is split in pages; every link
    still resolves."""
    from okrcli.render import site

    for name, value in (("ROWS", 5), ("CHILDREN", 3), ("DEPARTMENTS", 4), ("BELOW", 6),
                        ("DIRECTORY", 120)):
        monkeypatch.setattr(site, name, value)
    workspace = generated_sites[300].parent / "ws"
    folder = write_site(Okr(workspace), tmp_path / "site", "--until", "2026-11-10")
    pages = site_pages(folder)
    assert {"everyone.html", "everyone-2.html", "everyone-3.html"} <= set(pages)
    for source, target, fragment in links(folder, pages):
        assert target in pages and (not fragment or fragment in pages[target].ids), \
            (source, target, fragment)
    index = pages["index.html"].plain
    assert re.search(r"and \d+ more", index)
    assert "owners/company.html#aligned" in pages["index.html"].hrefs
    company = pages["owners/company.html"].plain
    assert re.search(r"and \d+ more", company)
    assert "page 2 of 3" in pages["everyone-2.html"].plain


# --- the folder ---------------------------------------------------------------------------


def test_a_folder_that_is_not_a_site_is_refused(okr, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    result = okr("report", "--format", "html", "-o", str(home))
    assert result.exit_code == 1
    assert "is not a site okr wrote" in result.stderr and ".okr-site" in result.stderr
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "ws"]  # nothing beside
    (tmp_path / "plain").write_text("x", encoding="utf-8")  # a file, without .html
    result = okr("report", "--format", "html", "-o", str(tmp_path / "plain"))
    assert result.exit_code == 1 and "is a file, not a folder" in result.stderr
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "x"


def test_a_site_is_replaced_whole_and_an_empty_folder_taken(okr, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()  # empty: taken
    write_site(okr, folder)
    (folder / "owners" / "gone.html").write_text("old", encoding="utf-8")
    write_site(okr, folder)  # an earlier site: replaced whole, not patched
    assert not (folder / "owners" / "gone.html").exists()
    assert (folder / ".okr-site").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "ws"]  # nothing left beside
    nested = tmp_path / "a" / "b" / "public"  # folders made on the way
    write_site(okr, nested)
    assert (nested / "index.html").is_file()


def test_an_interrupted_write_leaves_the_old_site_whole(okr, tmp_path, monkeypatch):
    folder = write_site(okr, tmp_path / "site")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    from okrcli.render import site

    real = site.pages

    def broken(*args, **kwargs):
        for n, page in enumerate(real(*args, **kwargs)):
            if n == 3:
                raise OSError(28, "No space left on device")
            yield page

    monkeypatch.setattr(site, "pages", broken)
    result = okr("report", "--format", "html", "-o", str(folder))
    assert result.exit_code == 1 and "No space left" in result.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "ws"]


def test_a_folder_made_between_the_check_and_the_swap_is_not_replaced(tmp_path):
    from okrcli import atomic

    target = tmp_path / "site"

    def refuse() -> None:
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        atomic.write_folder(target, [("index.html", b"x")], refuse)
    assert list(tmp_path.iterdir()) == []


def test_html_to_a_file_keeps_the_one_page_and_other_formats_refuse_a_folder(okr, tmp_path):
    page = tmp_path / "dash.HTML"
    result = okr("report", "--format", "html", "-o", str(page))
    assert result.exit_code == 0 and page.is_file()
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for args in (("--format", "markdown"), ("--format", "json"), ("--retro", "-f", "html")):
        result = okr("report", *args, "-o", str(tmp_path))
        assert result.exit_code == 2, args
        assert "is a folder, not a file" in result.stderr, args


def test_the_one_page_is_refused_beyond_its_size_with_the_way_to_the_site(okr, tmp_path,
                                                                          monkeypatch):
    from okrcli.services import site

    assert site.SINGLE_PAGE_OWNERS == 200  # as the README says
    monkeypatch.setattr(site, "SINGLE_PAGE_OWNERS", 7)  # the example has 8 owners' files
    for args in (("-o", str(tmp_path / "dash.html")), ()):
        result = okr("report", "--format", "html", *args)
        assert result.exit_code == 1, args
        assert "has 8 owners' files, too many for one page (at most 7)" in result.stderr
        assert "okr report --format html -o FOLDER" in result.stderr
        assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"]
    monkeypatch.setattr(site, "SINGLE_PAGE_OWNERS", 8)
    assert okr("report", "--format", "html").exit_code == 0


# --- user text ----------------------------------------------------------------------------


def test_every_page_shows_user_text_as_text(hostile, tmp_path):  # noqa: F811
    folder = write_site(hostile, tmp_path / "site")
    pages = site_pages(folder)
    assert len(pages) == 4  # the index, company, evil, everyone
    for name, page in pages.items():
        text = (folder / name).read_text(encoding="utf-8")
        assert_plain(text)
        assert page.tags <= OWN_TAGS, (name, page.tags - OWN_TAGS)
        assert "img" not in page.tags and page.comments == [], name
        assert not [n for n, _ in page.attrs if n.startswith("on")], name
        assert "<b>b</b>" not in text and "<img" not in text, name
    for name in ("index.html", "owners/evil.html"):
        for word in WORDS:
            assert word in pages[name].plain, (name, word)
    assert decoded(HOSTILE_UNIT).replace("\x1b", "␛") in pages["owners/evil.html"].plain
    assert "Mallory" in pages["everyone.html"].plain


# --- in a real browser --------------------------------------------------------------------


@pytest.mark.parametrize("page", ["index.html", "owners/company.html"])
def test_the_site_fits_a_phone_in_a_real_browser(generated_sites, browse, page):  # noqa: F811
    """The index and the company's page of the 300-owner site at 390 px: no sideways
    scrolling, not zoomed out, nothing fetched but the page, nothing said on the console
    (a Content-Security-Policy refusal would be)."""
    html = generated_sites[300] / page
    tools = browse(html, 390, True)
    seen = json.loads(tools.evaluate(MEASURE))
    assert seen["scrollWidth"] <= 390 and seen["bodyWidth"] <= 390, seen
    assert tools.evaluate("window.innerWidth") == 390
    assert tools.evaluate("document.querySelectorAll('a[href]').length") > 10
    assert tools.requests() == [html.as_uri()]
    assert tools.complaints() == []


def test_a_marker_alone_never_lets_okr_replace_what_it_did_not_write(okr, tmp_path):
    """A `.okr-site` slipped into the workspace (by a pull request) must not let `-o .`
    delete okr.yaml, the OKR files or .git; nor a CNAME kept beside the pages."""
    root = Path(okr.root)
    (root / ".okr-site").write_text("", encoding="utf-8")
    before = sorted(p.name for p in root.iterdir())
    result = okr("report", "--format", "html", "-o", str(root))
    assert result.exit_code == 1
    assert "which okr's site does not write" in result.stderr and "okr.yaml" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == before
    folder = write_site(okr, tmp_path / "site")
    (folder / "CNAME").write_text("okr.example.com", encoding="utf-8")
    result = okr("report", "--format", "html", "-o", str(folder))
    assert result.exit_code == 1 and "CNAME" in result.stderr
    assert (folder / "CNAME").read_text(encoding="utf-8") == "okr.example.com"
    (folder / "CNAME").unlink()
    (folder / "owners" / "notes.txt").write_text("mine", encoding="utf-8")
    result = okr("report", "--format", "html", "-o", str(folder))
    assert result.exit_code == 1 and "owners/notes.txt" in result.stderr
