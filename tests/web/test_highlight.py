"""Cutting a goal into highlighted segments: overlaps, odd spans, text kept exactly."""

from __future__ import annotations

from coach.analysis import Finding
from coach.web.feedback.highlight import segments

TEXT = "Try to be more proactive every week"


def finding(start: int, end: int, severity: str = "warning") -> Finding:
    return Finding("test.rule", "specific", severity, "message", "suggestion", start, end)


def shown(text: str, findings: list[Finding], skip=()) -> list[tuple[str, tuple[int, ...]]]:
    return [(s.text, s.finding_numbers) for s in segments(text, findings, skip)]


def test_no_findings_is_one_plain_segment():
    assert shown(TEXT, []) == [(TEXT, ())]


def test_overlapping_findings_are_cut_not_nested():
    result = shown(TEXT, [finding(7, 24), finding(15, 24), finding(0, 3)])
    assert result == [
        ("Try", (2,)),
        (" to ", ()),
        ("be more ", (0,)),
        ("proactive", (0, 1)),
        (" every week", ()),
    ]


def test_segments_always_join_back_to_the_text():
    findings = [finding(-5, 3), finding(30, 500), finding(10, 10), finding(12, 4), finding(0, 35)]
    assert "".join(text for text, _ in shown(TEXT, findings)) == TEXT


def test_empty_and_reversed_spans_mark_nothing():
    assert shown(TEXT, [finding(10, 10), finding(12, 4)]) == [(TEXT, ())]


def test_skipped_findings_are_not_highlighted_but_keep_their_numbers():
    assert shown(TEXT, [finding(0, 35), finding(0, 3)], skip={0}) == [
        ("Try", (1,)),
        (TEXT[3:], ()),
    ]


def test_spans_count_characters_not_bytes():
    text = "🎯 Improve focus"
    assert shown(text, [finding(2, 9)])[1] == ("Improve", (0,))
