"""The plan on paper: `/plans/<id>.pdf`, from its own print template (templates/plans/paper.html).

`plan_paper()` builds what the copy shows from the plan page's read model (one permission check,
the same one as `/plans/<id>`, so whoever may not read the plan gets 404), then narrows it for
paper: check-ins oldest first, with their private notes only in HR's copy and only when asked
for (`?private=1`; anyone else asking gets the ordinary copy, which says it leaves them out);
the signature as `coach.signature` defines it, with its SHA-256; each goal's charts (its
numbers against the planned line, and the self-rating against the manager's) as the same
self-contained SVG the screen shows (`coach.charts`), with the table of their points beside.

`paper_pdf()` renders the template and turns it into PDF with xhtml2pdf (HTML and a CSS subset
over ReportLab; SVG through svglib): it installs from PyPI alone, and renders the demo's active
plan in about 0.3 s (benchmarks/bench_pdf.py). The renderer may read nothing but the fonts it
is given (DejaVu Sans, shipped in `fonts/`, for the text and the charts' labels alike) and the
charts inlined as data: URIs, never a file or URL named in the document.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
from dataclasses import dataclass, replace
from pathlib import Path

from flask import render_template
from sqlmodel import Session
from svglib.fonts import register_font as register_chart_font
from xhtml2pdf import pisa

from coach.charts import GoalCharts, ratings_svg, values_svg
from coach.db.tables import Plan, User, utcnow
from coach.policy.permissions import CheckInView
from coach.services import signing
from coach.signature import FORMAT, SignedPlan, signed_hash
from coach.web.plans.screens import GoalCard, PlanPage, plan_page

# DejaVu Sans, shipped in the package (fonts/SOURCE.md says where from), embedded in every copy:
# Vera's design with the letters Vera lacks (ą ő Ł, Greek, Cyrillic), arrows and ticks, so the
# names and comments people type print as typed. The print template names these files in its
# @font-face rules; `_local_only` hands the renderer these and nothing else.
FONT_FOLDER = Path(__file__).resolve().parent / "fonts"
FACES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)
FONTS = {f"font:{name}": FONT_FOLDER / name for name in FACES}
# The charts' SVG (templates/charts/*.svg, shared with the screen) asks for this family first,
# in these weights. svglib would otherwise look it up among the machine's fonts (fc-match, or a
# file of that name), so labels and a unit typed in Cyrillic would depend on the server.
CHART_FAMILY = "system-ui"
CHART_WEIGHTS = {
    "normal": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "600": "DejaVuSans-Bold.ttf",
}
PRIVATE_COPY = "paper.private_notes"  # policy/permissions.py: HR's alone


class PdfRenderError(RuntimeError):
    """The renderer could not lay out the document (a bug in the print template)."""


@dataclass(frozen=True)
class PaperChart:
    """One chart as the paper copy lays it out: the SVG as a data: URI, and its points."""

    uri: str
    width: int
    height: int
    alt: str
    heads: tuple[str, ...]  # the table's column heads
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class PlanPaper:
    """A plan as its paper copy shows it, for one reader."""

    page: PlanPage
    check_ins: list[CheckInView]  # oldest first; private_notes None unless `private`
    private: bool  # HR's copy with the check-ins' private notes
    private_left_out: bool  # private notes were asked for, or exist, and are not on this copy
    signed: SignedPlan | None
    charts: dict[int, list[PaperChart]]  # goal id -> its charts, numbers first
    made_for: User
    made_at: dt.datetime

    @property
    def plan(self) -> Plan:
        return self.page.plan

    @property
    def signed_hash(self) -> str:
        return signed_hash(self.signed) if self.signed else ""

    @property
    def changed_since_signing(self) -> list[GoalCard]:
        return self.page.waiting_for_signature

    @property
    def filename(self) -> str:
        suffix = "-hr-copy" if self.private else ""
        return f"plan-{self.plan.id}{suffix}.pdf"


def plan_paper(session: Session, user: User, plan_id: int, private: bool = False) -> PlanPaper:
    """The paper copy of a plan for `user` (NotFound when they may not read the plan);
    `private`: HR asks for their copy with the check-ins' private notes."""
    page = plan_page(session, user, plan_id)
    with_private = private and page.can(PRIVATE_COPY)
    check_ins = sorted(page.tracking.check_ins, key=lambda row: (row.date, row.id))
    hidden = not with_private and any(row.private_notes for row in check_ins)
    if not with_private:
        check_ins = [replace(row, private_notes=None) for row in check_ins]
    revisions = {card.goal.id: card.revisions for card in page.goals if card.goal.id}
    return PlanPaper(
        page=page,
        check_ins=check_ins,
        private=with_private,
        private_left_out=hidden or (private and not with_private),
        signed=signing.signed_plan(
            session, page.access, [card.goal for card in page.goals], revisions
        ),
        charts={
            card.goal.id: paper_charts(card.charts)
            for card in page.goals
            if card.charts and card.goal.id is not None
        },
        made_for=user,
        made_at=utcnow(),
    )


def paper_charts(charts: GoalCharts) -> list[PaperChart]:
    """A goal's charts for paper: the numbers chart (when it has numbers), then the ratings."""
    laid_out = []
    if charts.values is not None:
        chart = charts.values
        rows = [(row.what, _day(row.day), row.value) for row in chart.rows]
        laid_out.append(_paper_chart(values_svg(chart), chart, ("What", "Date", "Value"), rows))
    if charts.ratings is not None:
        chart = charts.ratings
        rows = [(_day(row.day), row.self_rating, row.manager) for row in chart.rows]
        laid_out.append(_paper_chart(ratings_svg(chart), chart, ("Date", "Self", "Manager"), rows))
    return laid_out


def _paper_chart(svg: str, chart, heads: tuple[str, ...], rows) -> PaperChart:
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    return PaperChart(uri, chart.frame.width, chart.frame.height, chart.title, heads, rows)


def _day(day: dt.date) -> str:
    return f"{day:%-d %b %Y}"


def paper_pdf(paper: PlanPaper) -> bytes:
    """The paper copy as PDF bytes."""
    html = render_template(
        "plans/paper.html",
        paper=paper,
        plan=paper.plan,
        page=paper.page,
        signature_format=FORMAT,
    )
    _register_chart_fonts()
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8", link_callback=_local_only)
    if result.err:
        raise PdfRenderError(f"xhtml2pdf reported {result.err} error(s)")
    return out.getvalue()


@functools.cache
def _register_chart_fonts() -> None:
    """The charts' labels in the shipped faces (once per process: svglib's font map is global,
    and reading a face takes a few milliseconds)."""
    for weight, face in CHART_WEIGHTS.items():
        name = f"PaperChart-{weight}"
        registered, _ = register_chart_font(
            CHART_FAMILY, str(FONT_FOLDER / face), weight, rlgFontName=name
        )
        if registered is None:
            raise PdfRenderError(f"cannot read the shipped font {face}")


def _local_only(uri: str, _relative: str) -> str:
    """What the renderer may open: our fonts and inlined data; nothing else (no file, no URL)."""
    if uri.startswith("data:"):
        return uri
    font = FONTS.get(uri)
    return str(font) if font is not None else ""
