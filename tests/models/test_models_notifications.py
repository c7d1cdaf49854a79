"""Notifications: who hears what, written with the change or read from state, never twice;
mail at once, in one digest a day, or not at all (services/notifications.py, reminders.py,
delivery.py). Fixed dates: make_plan's plans start Mon 5 Jan 2026, weekly check-ins from
Mon 12 Jan, ending Sun 5 Apr 2026."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest
from builders import make_plan
from sqlmodel import select

from coach.db.tables import Notification
from coach.errors import NotFound, ValidationError
from coach.services import goals, notifications, plans, reminders, tracking
from coach.services.delivery import deliver

LOCAL = dt.datetime.now().astimezone().tzinfo


class Links:
    def notification(self, notification: Notification) -> str:
        return f"https://pip.example/plans/{notification.plan_id}/{notification.tab}"

    def notifications(self) -> str:
        return "https://pip.example/notifications"

    def preferences(self) -> str:
        return "https://pip.example/notifications/preferences"


class Outbox(list):
    def __call__(self, message: EmailMessage) -> None:
        self.append(message)

    def to(self, user) -> list[EmailMessage]:
        return [mail for mail in self if user.email in mail["To"]]

    def digests_to(self, user) -> list[EmailMessage]:
        return [mail for mail in self.to(user) if "daily summary" in mail["Subject"]]


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL)


def rows(session, user=None, kind=None) -> list[Notification]:
    query = select(Notification).order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.recipient_id == user.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(session.exec(query).all())


def run(session, day: dt.date, outbox: Outbox, hour: int = 9) -> reminders.RunReport:
    return reminders.run(
        session=session, send=outbox, links=Links(), now=at(day, hour), digest_hour=7
    )


# -- events, written with the change ------------------------------------------------------------


def test_issuing_tells_the_employee_and_nobody_else(session, world):
    plan = make_plan(session, world, "issued")
    written = rows(session)
    assert [(n.recipient_id, n.kind) for n in written] == [(world.eli.id, "plan_issued")]
    assert "Maria" in written[0].text and plan.title in written[0].text
    assert plan.title not in written[0].mail_text  # mail never names the plan
    assert (written[0].tab, written[0].anchor) == ("overview", "lifecycle")


def test_a_disagreeing_signature_tells_the_manager_and_hr(session, world):
    plan = make_plan(session, world, "issued")
    plans.acknowledge_plan(
        session=session, actor=world.eli, plan_id=plan.id, version=plan.version,
        agreement="disagree", comment="The targets ignore the holiday weeks.",
    )  # fmt: skip
    signed = rows(session, kind="plan_acknowledged")
    assert {n.recipient_id for n in signed} == {world.maria.id, world.hana.id}
    assert all("does not agree (with a comment)" in n.text for n in signed)


def test_a_goal_changed_after_signing_asks_the_employee_to_sign_again(session, world):
    plan = make_plan(session, world, "active")
    goal = plans.plan_goals(session, plan)[0]
    goals.update_goal(
        session=session, actor=world.maria, goal_id=goal.id, version=goal.version,
        text="Resolve 95% of support tickets within 4 hours by 2026-03-01.", target="95%",
        numbers="typed", deadline=dt.date(2026, 3, 1), analyze=lambda t, c: goal.analysis,
        reason="The team's standard rose.",
    )  # fmt: skip
    (changed,) = rows(session, kind="goal_changed")
    assert changed.recipient_id == world.eli.id
    assert (changed.tab, changed.anchor) == ("goals", f"goal-{goal.id}")
    assert "goal 1" in changed.text


# -- reminders, read from state ----------------------------------------------------------------


def test_a_check_in_due_tomorrow_then_today_reaches_manager_and_employee_once(session, world):
    make_plan(session, world, "active")
    outbox = Outbox()
    run(session, dt.date(2026, 1, 11), outbox)
    run(session, dt.date(2026, 1, 11), outbox)  # again: nothing new
    tomorrow = rows(session, kind="check_in_due_tomorrow")
    assert {n.recipient_id for n in tomorrow} == {world.maria.id, world.eli.id}
    assert all("tomorrow (Mon 12 Jan)" in n.text for n in tomorrow)
    run(session, dt.date(2026, 1, 12), outbox)
    assert {n.recipient_id for n in rows(session, kind="check_in_due_today")} == {
        world.maria.id,
        world.eli.id,
    }


def test_an_overdue_check_in_tells_manager_and_hr_once_per_missed_date(session, world):
    make_plan(session, world, "active")
    outbox = Outbox()
    first = run(session, dt.date(2026, 1, 20), outbox)  # 12 and 19 Jan missed
    again = run(session, dt.date(2026, 1, 21), outbox)
    overdue = rows(session, kind="check_in_overdue")
    assert sorted((n.recipient_id, n.due_date.day) for n in overdue) == sorted(
        (person.id, missed) for person in (world.maria, world.hana) for missed in (12, 19)
    )
    assert first.written >= 4 and again.written == 0
    assert not rows(session, world.eli, "check_in_overdue")  # the employee is not chased


def test_overdue_learning_tells_the_employee_and_the_coach(session, world):
    plan = make_plan(session, world, "active")
    item = tracking.add_learning_item(
        session=session, actor=world.maria, plan_id=plan.id, title="Ticket triage course",
        due_date=dt.date(2026, 1, 15),
    )  # fmt: skip
    run(session, dt.date(2026, 1, 16), Outbox())
    late = rows(session, kind="learning_overdue")
    assert {n.recipient_id for n in late} == {world.eli.id, world.cole.id}
    assert all(n.anchor == f"learning-{item.id}" and n.tab == "support" for n in late)
    assert any(n.text.startswith("Eli’s learning “Ticket triage course”") for n in late)


def test_a_plan_ending_within_a_week_tells_manager_and_hr(session, world):
    make_plan(session, world, "active")
    run(session, dt.date(2026, 3, 29), Outbox())  # ends Sun 5 Apr: 7 days
    ending = rows(session, kind="plan_ending")
    assert {n.recipient_id for n in ending} == {world.maria.id, world.hana.id}
    assert "ends on Sun 5 Apr, in 7 days" in ending[0].text


# -- choices and mail --------------------------------------------------------------------------


def test_immediate_mails_go_once_and_say_nothing_sensitive_in_the_subject(session, world):
    plan = make_plan(session, world, "issued")
    outbox = Outbox()
    run(session, dt.date(2026, 1, 6), outbox)
    run(session, dt.date(2026, 1, 6), outbox)
    (mail,) = outbox.to(world.eli)
    assert mail["Subject"] == "PIP Coach: A plan has been shared with you"
    body = mail.get_content()
    assert "https://pip.example/plans/" in body
    assert plan.title not in body and plan.title not in mail["Subject"]


def test_a_digest_holds_several_items_in_one_mail_and_comes_once_a_day(session, world):
    plan = make_plan(session, world, "active")
    tracking.add_learning_item(
        session=session, actor=world.maria, plan_id=plan.id, title="Ticket triage course",
        due_date=dt.date(2026, 1, 15),
    )  # fmt: skip
    outbox = Outbox()
    run(session, dt.date(2026, 1, 20), outbox, hour=6)  # before the digest hour
    assert not outbox.digests_to(world.hana)
    run(session, dt.date(2026, 1, 20), outbox, hour=8)
    run(session, dt.date(2026, 1, 20), outbox, hour=9)
    (digest,) = outbox.digests_to(world.hana)
    assert digest["Subject"] == "PIP Coach: Your daily summary (2 items)"
    assert digest.get_content().count("has not been recorded") == 2
    assert len(outbox.digests_to(world.cole)) == len(outbox.digests_to(world.eli)) == 1
    tracking.add_learning_item(
        session=session, actor=world.maria, plan_id=plan.id, title="Reply templates workshop",
        due_date=dt.date(2026, 1, 18),
    )  # fmt: skip
    run(session, dt.date(2026, 1, 20), outbox, hour=10)  # a new item after today's digest
    assert len(outbox.digests_to(world.cole)) == 1  # at most one a day: it waits
    run(session, dt.date(2026, 1, 21), outbox, hour=8)
    assert len(outbox.digests_to(world.cole)) == 2
    assert "learning item due Sun 18 Jan" in outbox.digests_to(world.cole)[-1].get_content()


def test_off_writes_and_sends_nothing(session, world):
    notifications.set_choices(
        session=session, actor=world.hana,
        form=dict.fromkeys(("plan_acknowledged", "check_in_overdue", "plan_ending"), "off"),
    )  # fmt: skip
    make_plan(session, world, "active")
    outbox = Outbox()
    run(session, dt.date(2026, 1, 20), outbox)
    assert not rows(session, world.hana) and not outbox.to(world.hana)
    assert rows(session, world.maria, "check_in_overdue")  # the manager still hears


def test_an_unknown_choice_is_refused_in_words(session, world):
    with pytest.raises(ValidationError) as refused:
        notifications.set_choices(session=session, actor=world.eli, form={"plan_issued": "sms"})
    assert refused.value.errors["plan_issued"].startswith("Choose one")


def test_a_due_tomorrow_notice_not_mailed_in_time_is_passed_over(session, world):
    notifications.set_choices(
        session=session, actor=world.eli,
        form={kind.id: "immediate" for kind in notifications.kinds_for(world.eli)},
    )  # fmt: skip
    make_plan(session, world, "active")
    reminders.find_due(session, dt.date(2026, 1, 11))
    outbox = Outbox()
    result = deliver(
        session=session, send=outbox, links=Links(), now=at(dt.date(2026, 1, 13)), digest_hour=7
    )
    subjects = [mail["Subject"] for mail in outbox.to(world.eli)]
    assert "PIP Coach: A check-in is due tomorrow" not in subjects
    assert result.passed_over >= 1


def test_unread_count_and_marking_read_are_the_recipients_alone(session, world):
    make_plan(session, world, "active")
    mine = rows(session, world.eli)
    assert notifications.unread_count(session, world.eli) == len(mine) == 1
    notifications.mark_read(session=session, actor=world.eli, notification_id=mine[0].id)
    assert notifications.unread_count(session, world.eli) == 0
    with pytest.raises(NotFound):
        notifications.mark_read(session=session, actor=world.maria, notification_id=mine[0].id)
