"""How long the plan on paper takes: `/plans/<id>.pdf` for the demo's active plan (target ≤ 2 s).

    .venv/bin/python benchmarks/bench_pdf.py [--runs 10] [--chromium] [--vera]

Builds the demo (`coach demo`) in a temporary SQLite database, logs in as each reader and times
the whole request in process (after one warm-up request, which pays for loading the analyser
like any first request of a worker), then splits one copy into its parts: reading the plan
(the screen), the print template, and xhtml2pdf's layout. `--chromium` also times Debian's
Chromium printing the same HTML to PDF through Playwright (launch once, then per copy): the
alternative renderer that is installed only for the tests. `--vera` lays the same HTML out in
turn with the shipped DejaVu Sans and with ReportLab's Bitstream Vera (the fonts before DejaVu,
which lack ą, Cyrillic, arrows), copy for copy, so both face the same load.
"""

from __future__ import annotations

import argparse
import functools
import io
import re
import statistics
import tempfile
import time
from pathlib import Path

import reportlab
from flask import g, render_template
from pypdf import PdfReader
from sqlmodel import SQLModel, select
from xhtml2pdf import pisa

from coach import create_app
from coach.analysis import Context
from coach.cli.demo import DEMO_PASSWORD, ELI_TITLE, load_demo
from coach.db.engine import make_engine, session_scope
from coach.db.tables import Plan, User
from coach.signature import FORMAT
from coach.web.extensions import get_db, get_engine, preload
from coach.web.plans import paper as paper_module
from coach.web.plans.paper import paper_pdf, plan_paper

READERS = {"eli": "", "maria": "", "hana": "?private=1"}


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def summary(label: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{label:<34} p50 {statistics.median(ordered) * 1000:7.0f} ms   "
        f"p95 {p95 * 1000:7.0f} ms   max {ordered[-1] * 1000:7.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--chromium", action="store_true")
    parser.add_argument("--vera", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app(
            {"SECRET_KEY": "bench", "DATABASE_URL": url, "RATE_LIMIT": "", "TESTING": True}
        )
        app.config["WTF_CSRF_ENABLED"] = False
        preload(app)
        database = make_engine(url)
        SQLModel.metadata.create_all(database)
        engine = get_engine(app)
        with session_scope(database) as session:
            load_demo(
                session, lambda text, ctx: engine.analyze(text, Context.from_mapping(ctx)).to_dict()
            )
            plan_id = session.exec(select(Plan).where(Plan.title == ELI_TITLE)).one().id
        print(f"The demo's active plan ({ELI_TITLE!r}), {args.runs} copies per reader:")
        for name, query in READERS.items():
            client = app.test_client()
            client.post("/login", data={"email": f"{name}@demo.test", "password": DEMO_PASSWORD})
            fetch = functools.partial(client.get, f"/plans/{plan_id}.pdf{query}")
            fetch()  # warm-up
            seconds, body = [], b""
            for _ in range(args.runs):
                elapsed, response = timed(fetch)
                assert response.status_code == 200, response.status_code
                seconds.append(elapsed)
                body = response.data
            pages = len(PdfReader(io.BytesIO(body)).pages)
            label = f"GET .pdf{query} as {name}"
            print(f"{summary(label, seconds)}   {pages} pages, {len(body) / 1024:.0f} KiB")
        html = parts(app, plan_id)
        if args.chromium:
            chromium(html, args.runs)
        if args.vera:
            dejavu_against_vera(html, args.runs)
        database.dispose()


def parts(app, plan_id: int) -> str:
    """One copy's time split into reading, templating and PDF layout; returns its HTML."""
    with app.test_request_context():
        session = get_db()
        g.user = session.exec(select(User).where(User.email == "hana@demo.test")).one()
        screen, paper = timed(lambda: plan_paper(session, g.user, plan_id, private=True))
        template, html = timed(
            lambda: render_template(
                "plans/paper.html",
                paper=paper,
                plan=paper.plan,
                page=paper.page,
                signature_format=FORMAT,
            )
        )
        whole, _ = timed(lambda: paper_pdf(paper))
    layout = whole - template
    print(
        f"one HR copy: reading the plan {screen * 1000:.0f} ms, print template "
        f"{template * 1000:.0f} ms, xhtml2pdf {layout * 1000:.0f} ms"
    )
    return html


VERA_FOLDER = Path(reportlab.__file__).parent / "fonts"
VERA_FACES = """
  @font-face { font-family: "Vera"; src: url("font:Vera.ttf"); }
  @font-face { font-family: "Vera"; src: url("font:VeraBd.ttf"); font-weight: bold; }
  @font-face { font-family: "Vera"; src: url("font:VeraIt.ttf"); font-style: italic; }
"""


def as_vera(html: str) -> str:
    """The print template's HTML as it was before DejaVu: Vera's three faces, one family."""
    html = re.sub(r"(\s*@font-face \{[^}]*\})+", VERA_FACES.rstrip(), html, count=1)
    return html.replace('font-family: "DejaVu Sans", "STSong-Light";', 'font-family: "Vera";')


def vera_or_shipped(uri: str, relative: str) -> str:
    vera = VERA_FOLDER / uri.removeprefix("font:")
    return str(vera) if uri.startswith("font:Vera") else paper_module._local_only(uri, relative)


def dejavu_against_vera(html: str, runs: int) -> None:
    """xhtml2pdf's layout of one HR copy with each typeface, alternating (after a warm-up each).
    The charts' labels are in DejaVu both times, as they were before on a machine with DejaVu
    installed (svglib found it through fontconfig)."""
    vera = as_vera(html)
    assert "DejaVu" not in vera, "the print template's fonts changed: update as_vera()"
    paper_module._register_chart_fonts()

    def layout(document: str, fonts) -> bytes:
        out = io.BytesIO()
        assert not pisa.CreatePDF(document, dest=out, link_callback=fonts).err
        return out.getvalue()

    ways = {
        "DejaVu Sans": (html, paper_module._local_only),
        "Bitstream Vera": (vera, vera_or_shipped),
    }
    seconds: dict[str, list[float]] = {name: [] for name in ways}
    sizes = {name: len(layout(*way)) for name, way in ways.items()}  # warm-up
    for _ in range(runs):
        for name, way in ways.items():
            seconds[name].append(timed(lambda way=way: layout(*way))[0])
    for name in ways:
        label = f"xhtml2pdf layout, {name}"
        print(f"{summary(label, seconds[name])}   {sizes[name] / 1024:.0f} KiB")


def chromium(html: str, runs: int) -> None:
    """The same HTML printed by Chromium (page numbers from its own footer template)."""
    from playwright.sync_api import sync_playwright

    footer = "<div style='font-size:8px;margin:auto'>Page <span class=pageNumber></span></div>"
    with sync_playwright() as playwright:
        launch, browser = timed(
            lambda: playwright.chromium.launch(executable_path="/usr/bin/chromium")
        )
        seconds = []
        for _ in range(runs):

            def render():
                page = browser.new_page()
                page.set_content(html)
                body = page.pdf(format="A4", display_header_footer=True, footer_template=footer)
                page.close()
                return body

            elapsed, _ = timed(render)
            seconds.append(elapsed)
        browser.close()
    print(f"Chromium: launch {launch * 1000:.0f} ms, then")
    print(summary("Chromium page.pdf() per copy", seconds))


if __name__ == "__main__":
    main()
