"""The plan on paper, `/plans/<id>.pdf`: read back as text (pypdf), page by page.

Whoever may read the plan gets its PDF (others 404, like the page); it holds the goals with
their numbers and verdicts, the support, the check-ins with their values, the progress chart,
the signature block with the SHA-256 of the signed content (recomputed here from the record)
and "Page n of N" on every page. Check-in private notes are only in HR's copy and only when
asked for with ?private=1; anyone else asking for them gets the ordinary copy, which says so.
Names and comments in Polish, Hungarian or Cyrillic letters, arrows and ticks print in the
shipped DejaVu Sans (its embedded glyphs are checked, not just the text layer); Chinese goes to
the viewer's CJK font and stays in the text layer.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from builders import DEADLINE, advance, build_objects, draft_plan, parse
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile
from sqlmodel import select
from svglib.fonts import find_font

from coach.db.tables import Goal, Plan, User
from coach.services import goals as goal_services
from coach.services import plans as plan_services
from coach.services import tracking
from coach.signature import SignedGoal, SignedPlan, signed_hash
from coach.web.plans import paper

PRIVATE = "PRIVATE-NOTE-SENTINEL mine"
LEFT_OUT = "Private notes on check-ins are not part of this copy."


@pytest.fixture
def ids(world, unit, analyze) -> dict[str, int]:
    with unit() as session:
        mine = build_objects(session, world, "maria", "eli", "cole", analyze, tag="mine")
        theirs = build_objects(session, world, "mo", "erin", "cara", analyze, tag="theirs")
    return {**mine, "theirs": theirs["plan"]}


def pages_of(response) -> list[str]:
    """The PDF's text, page by page, with its white space made single spaces."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(response) -> str:
    return " ".join(pages_of(response))


def printed_hash(text: str) -> str:
    found = re.search(r"SHA-256 of the signed content ([0-9a-f]{64})", text)
    assert found, "the signature block shows the hash"
    return found.group(1)


def recomputed_hash(session, plan_id: int, agreement: str = "agree") -> str:
    """The hash as coach.signature defines it, from the stored plan and goals as they are."""
    plan = session.get(Plan, plan_id)
    goals = session.exec(select(Goal).where(Goal.plan_id == plan_id).order_by(Goal.position))
    return signed_hash(
        SignedPlan(
            plan_id=plan.id,
            title=plan.title,
            employee_id=plan.employee_id,
            manager_id=plan.manager_id,
            start_date=plan.start_date,
            end_date=plan.end_date,
            gap=plan.gap,
            baseline=plan.baseline,
            goals=tuple(
                SignedGoal(number, goal.text, goal.baseline, goal.target, goal.deadline)
                for number, goal in enumerate(goals.all(), start=1)
            ),
            acknowledged_at=plan.acknowledged_at,
            agreement=agreement,
            comment=plan.employee_comment,
        )
    )


def issue_and_answer(session, world, plan: Plan, agreement: str, comment: str) -> None:
    """Maria issues the plan and Eli answers it with `agreement` and `comment`."""
    advance(session, plan, world["maria"], world["eli"], "issued")
    plan_services.acknowledge_plan(
        session=session,
        actor=world["eli"],
        plan_id=plan.id,
        version=plan.version,
        agreement=agreement,
        comment=comment,
    )


def test_the_employees_copy_holds_the_plan_on_numbered_pages(auth, ids):
    response = auth.login("eli").get(f"/plans/{ids['plan']}.pdf")
    pages = pages_of(response)
    text = " ".join(pages)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="plan-{ids["plan"]}.pdf"'
    )
    assert "Active plan mine" in text and "Eli" in text and "Maria" in text
    assert "Median first response was 11 hours against a standard of 4 hours." in text  # gap
    assert "Resolve 90% of support tickets within 4 hours by" in text  # the goal
    assert "Specific Measurable Achievable Relevant Time-bound Score" in text  # verdicts
    assert f"Unit Deadline — 90% % {DEADLINE:%-d %b %Y}" in text  # no baseline, target, unit
    assert "Ticket triage course mine" in text  # support: the learning plan
    assert "Check-in notes mine" in text and "At risk 70%" in text  # a check-in, its value
    assert f"Target {DEADLINE:%-d %b %Y} 90%" in text, "the numbers chart's table, its target"
    assert "Acknowledged by Eli" in text and "Agreed" in text
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert PRIVATE not in text and "Private notes" not in text
    assert "Log out" not in text and "csrf" not in text.lower()  # no navigation, no forms


@pytest.mark.parametrize("query", ["", "?private=1"])
def test_the_manager_never_gets_private_notes_on_paper(auth, ids, query):
    """The manager reads them on screen, but the issue keeps them to HR's copy."""
    text = pdf_text(auth.login("maria").get(f"/plans/{ids['plan']}.pdf{query}"))
    assert "Check-in notes mine" in text
    assert PRIVATE not in text
    assert LEFT_OUT in text


@pytest.mark.parametrize("name", ["cole", "eli"])
def test_asking_for_private_notes_as_someone_else_gives_the_ordinary_copy(auth, ids, name):
    response = auth.login(name).get(f"/plans/{ids['plan']}.pdf?private=1")
    text = pdf_text(response)
    assert PRIVATE not in text and "HR copy" not in text
    assert "hr-copy" not in response.headers["Content-Disposition"]


def test_hrs_copy_has_the_private_notes_only_when_asked_for(auth, ids):
    hana = auth.login("hana")
    plain = pdf_text(hana.get(f"/plans/{ids['plan']}.pdf"))
    assert PRIVATE not in plain and LEFT_OUT in plain
    assert PRIVATE not in pdf_text(hana.get(f"/plans/{ids['plan']}.pdf?private=yes"))
    response = hana.get(f"/plans/{ids['plan']}.pdf?private=1")
    text = pdf_text(response)
    assert PRIVATE in text
    assert "HR copy: this copy includes the managers’ private notes" in text
    assert f'filename="plan-{ids["plan"]}-hr-copy.pdf"' in response.headers["Content-Disposition"]


@pytest.mark.parametrize("name", ["erin", "mo", "cara", "adam"])
def test_someone_not_on_the_plan_gets_404(auth, ids, name):
    browser = auth.login(name)
    assert browser.get(f"/plans/{ids['plan']}.pdf").status_code == 404
    assert browser.get(f"/plans/{ids['plan']}.pdf?private=1").status_code == 404


def test_an_unknown_plan_is_404_and_a_visitor_is_sent_to_log_in(auth, ids):
    assert auth.login("hana").get("/plans/999999.pdf").status_code == 404
    assert auth.visitor.get(f"/plans/{ids['plan']}.pdf").status_code == 302


def test_the_printed_hash_is_the_signed_content_and_follows_acknowledged_changes(
    auth, ids, unit, world, analyze
):
    hana = auth.login("hana")
    first = pdf_text(hana.get(f"/plans/{ids['plan']}.pdf"))
    with unit() as session:
        assert printed_hash(first) == recomputed_hash(session, ids["plan"])
        goal = session.get(Goal, ids["goal"])
        signed_text = goal.text
        goal_services.update_goal(
            session=session,
            actor=world["maria"],
            goal_id=goal.id,
            version=goal.version,
            text=goal.text.replace("90%", "85%"),
            deadline=DEADLINE,
            analyze=analyze,
            reason="Agreed lower target for the holidays.",
            numbers="text",  # the new target is the one the text says
        )
    changed = pdf_text(hana.get(f"/plans/{ids['plan']}.pdf"))
    assert printed_hash(changed) == printed_hash(first), "the hash covers what was signed"
    assert "Changed after signing and not acknowledged yet: goal 1" in changed
    assert f"Signed wording: “{signed_text}”" in changed
    with unit() as session:
        goal = session.get(Goal, ids["goal"])
        goal_services.acknowledge_goal_change(
            session=session, actor=world["eli"], goal_id=goal.id, version=goal.version
        )
    signed_again = pdf_text(hana.get(f"/plans/{ids['plan']}.pdf"))
    with unit() as session:
        assert printed_hash(signed_again) == recomputed_hash(session, ids["plan"])
    assert printed_hash(signed_again) != printed_hash(first)
    assert "not acknowledged yet" not in signed_again


def test_a_disagreement_is_on_paper_with_the_comment(auth, world, unit, analyze):
    comment = "The targets ignore the weekend rota."
    with unit() as session:
        plan = draft_plan(
            session, world["maria"], world["eli"], world["cole"], world["hana"], analyze
        )
        issue_and_answer(session, world, plan, "disagree", comment)
        plan_id = plan.id
    text = pdf_text(auth.login("maria").get(f"/plans/{plan_id}.pdf"))
    assert "Answer Received but not agreed" in text
    assert f"Employee’s comment {comment}" in text
    with unit() as session:
        assert printed_hash(text) == recomputed_hash(session, plan_id, agreement="disagree")


def test_a_draft_on_paper_is_not_signed_and_has_no_hash(auth, ids):
    text = pdf_text(auth.login("maria").get(f"/plans/{ids['draft']}.pdf"))
    assert "Not signed yet." in text
    assert "SHA-256" not in text
    assert "No check-in has been recorded." in text


def test_the_overview_links_to_the_pdf_and_hr_to_its_own_copy(auth, ids):
    pdf = f"/plans/{ids['plan']}.pdf"
    for name in ("eli", "maria", "cole", "hana"):
        links = parse(auth.login(name).get(f"/plans/{ids['plan']}")).select(".plan-paper a")
        hrefs = {link.get_text(strip=True): link["href"] for link in links}
        assert hrefs["Download as PDF"] == pdf
        hr_copy = hrefs.get("HR copy with private notes (PDF)")
        assert hr_copy == (f"{pdf}?private=1" if name == "hana" else None), name


def test_typed_markup_prints_as_text_and_the_renderer_opens_nothing_it_names(
    auth, world, unit, analyze, monkeypatch
):
    from coach.web.plans import paper

    comment = '<img src="file:///etc/hostname"> <b>bold</b> <pdf:pagecount> http://127.0.0.1:9/'
    with unit() as session:
        plan = draft_plan(
            session, world["maria"], world["eli"], world["cole"], world["hana"], analyze
        )
        issue_and_answer(session, world, plan, "disagree", comment)
        plan_id = plan.id
    asked: list[str] = []
    local_only = paper._local_only

    def recording(uri: str, relative: str) -> str:
        asked.append(uri)
        return local_only(uri, relative)

    monkeypatch.setattr(paper, "_local_only", recording)
    text = pdf_text(auth.login("eli").get(f"/plans/{plan_id}.pdf"))
    assert '<img src="file:///etc/hostname"> <b>bold</b> <pdf:pagecount>' in text
    # Only the fonts, and the charts inlined as data: URIs (nothing it could fetch or read).
    named = [uri for uri in asked if not uri.startswith("data:image/svg+xml;base64,")]
    assert asked and set(named) <= set(paper.FONTS), asked
    assert local_only("file:///etc/hostname", "") == ""
    assert local_only("http://127.0.0.1:9/x.png", "") == ""


# -- letters beyond Western Europe ------------------------------------------------------------

EMPLOYEE = "Łukasz Wójcik"
TYPED = (EMPLOYEE, "Дмитрий", "Győri", "→ ✓", "заявок")  # "заявок": the goal's unit, in the chart
CJK = "王芳"  # no glyph in DejaVu


@pytest.fixture
def typed_abroad(world, unit, analyze) -> int:
    """An acknowledged plan whose employee, goal, comment, unit and check-in are typed in
    Polish, Russian, Hungarian and Chinese, with arrows and ticks."""
    with unit() as session:
        session.get(User, world["eli"].id).name = EMPLOYEE
        session.commit()
        plan = draft_plan(
            session, world["maria"], world["eli"], world["cole"], world["hana"], analyze,
            goal_texts=("Resolve 90% of tickets for Дмитрий within 4 hours by {deadline}.",),
        )  # fmt: skip
        goal = session.exec(select(Goal).where(Goal.plan_id == plan.id)).one()
        goal.unit = "заявок"
        session.commit()
        issue_and_answer(session, world, plan, "agree", "Uzgodnione z Ágnes Győri → ✓")
        plan_services.activate_plan(
            session=session, actor=world["maria"], plan_id=plan.id, version=plan.version
        )
        tracking.add_check_in(
            session=session, actor=world["maria"], plan_id=plan.id,
            date=plan.start_date + dt.timedelta(days=7),
            notes=f"Spoke with {CJK} from the Shanghai team.",
            ratings=[{"goal_id": goal.id, "status": "at_risk", "current_value": "70"}],
        )  # fmt: skip
        return plan.id


def glyphs_drawn(pdf: bytes) -> dict[str, dict[str, int]]:
    """Each embedded TrueType font of the PDF (by its name, without the subset prefix) ->
    {character: the glyph its embedded subset draws it with}, 0 being the "missing" box.

    The characters come from the font's ToUnicode map (code -> character, as ReportLab writes
    it), the glyphs from the embedded subset's own cmap (code -> glyph)."""
    drawn: dict[str, dict[str, int]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor:
                continue
            subset = TTFontFile(io.BytesIO(descriptor["/FontFile2"].get_data()), validate=0)
            codes = re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", font["/ToUnicode"].get_data())
            name = str(font["/BaseFont"]).split("+")[-1].lstrip("/")
            drawn.setdefault(name, {}).update(
                {
                    chr(int(char, 16)): subset.charToGlyph.get(int(code, 16), 0)
                    for code, char in codes
                }
            )
    return drawn


def fonts_by_character(pdf: bytes) -> dict[str, set[str]]:
    """Each visible character of the text layer -> the names of the fonts that draw it (white
    space left out: ReportLab sets Helvetica up before any run, and draws only spaces in it)."""
    found: dict[str, set[str]] = {}

    def visit(text, _cm, _tm, font, _size):
        for char in "".join(text.split()) if font else ():
            found.setdefault(char, set()).add(str(font["/BaseFont"]).split("+")[-1].lstrip("/"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return found


def shipped_faces() -> dict[str, set[int]]:
    """The shipped DejaVu faces: their PostScript name -> the characters each has a glyph for."""
    faces = {}
    for path in paper.FONTS.values():
        face = TTFontFile(str(path))
        faces[face.name.decode()] = set(face.charToGlyph)
    return faces


def test_names_and_comments_in_other_alphabets_print_in_the_shipped_font(auth, typed_abroad):
    response = auth.login("hana").get(f"/plans/{typed_abroad}.pdf")
    text = pdf_text(response)
    for typed in TYPED:
        assert typed in text, typed
    assert f"Employee {EMPLOYEE}" in text and f"Acknowledged by {EMPLOYEE}" in text
    faces, drawn, fonts = (
        shipped_faces(),
        glyphs_drawn(response.data),
        fonts_by_character(response.data),
    )
    # The letters Vera lacked (ASCII is also in the hash, which Courier draws).
    for char in sorted({char for char in "".join(TYPED) if not char.isascii()}):
        assert fonts[char] and fonts[char] <= set(faces), (char, fonts[char])
        for name in fonts[char]:
            assert ord(char) in faces[name], f"the shipped {name} has a glyph for {char!r}"
            assert drawn[name][char] != 0, f"{name} as embedded draws {char!r} as a box"
    # The hash is the only text not in DejaVu (Courier, hex digits); nothing the machine has
    # draws any of it, the charts' labels included: svglib's family is the shipped file too.
    assert {font for used in fonts.values() for font in used} <= set(faces) | {
        "Courier",
        "STSong-Light",
    }
    for weight in paper.CHART_WEIGHTS:
        chart_font = pdfmetrics.getFont(find_font(paper.CHART_FAMILY, weight)[0])
        assert chart_font.face.filename.startswith(str(paper.FONT_FOLDER)), weight


def test_chinese_the_font_lacks_stays_in_the_text_and_goes_to_the_viewers_font(auth, typed_abroad):
    response = auth.login("maria").get(f"/plans/{typed_abroad}.pdf")
    text = pdf_text(response)
    assert f"Spoke with {CJK} from the Shanghai team." in text
    fonts = fonts_by_character(response.data)
    assert all(fonts[char] == {"STSong-Light"} for char in CJK), fonts
    assert fonts["S"] <= set(shipped_faces()), "the sentence around them stays in DejaVu"
