"""Command-line commands for the data layer, to register on the `coach` group:

    coach db upgrade                    apply the migrations
    coach db prune                      delete old log-in attempts and long-ended sessions
    coach user create --email ... --name ... --role manager [--password-file F]
    coach user set-password EMAIL [--password-file F]   a new password; their sessions end
    coach db backup PATH [--force]      consistent online backup (SQLite API / pg_dump)
    coach db restore PATH [--force]     checked restore; refuses a database holding data, or
                                        one the app is running on
    coach user export EMAIL [--output FILE]     everything about an employee, as JSON
    coach user erase EMAIL --by EMAIL --yes     erase an employee's data (hr or admin)
    coach demo                          idempotent demo data; prints the demo log-ins
    coach goals reanalyse [--dry-run]   re-run goals analysed by older rules; list what changed

Every command takes --database-url (or COACH_DATABASE_URL); the default is the SQLite file
instance/coach.sqlite3 under the repository root, wherever the command is run from.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from coach.db import backup
from coach.db.engine import make_engine, read_only, session_scope
from coach.db.migrations import upgrade
from coach.db.tables import ROLES
from coach.errors import DomainError, ValidationError
from coach.paths import default_database_url
from coach.services import accounts, passwords, privacy, reanalysis, sessions

PASSWORD_ENV = "COACH_USER_PASSWORD"

database_url_option = click.option(
    "--database-url",
    envvar="COACH_DATABASE_URL",
    default=default_database_url,  # the web app's default too (coach/paths.py)
    show_default="coach.sqlite3 in the instance folder",
    help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (env COACH_DATABASE_URL).",
)


@click.group("db")
def db_group() -> None:
    """The database: create or upgrade its schema."""


@db_group.command("upgrade")
@database_url_option
def db_upgrade(database_url: str) -> None:
    """Apply every migration not yet applied (creates the database if needed)."""
    upgrade(database_url)
    click.echo("Database is up to date.")


@db_group.command("prune")
@database_url_option
def db_prune(database_url: str) -> None:
    """Delete old log-in attempts (30 days) and long-ended sessions: keep no data past need."""
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            counts = sessions.prune(session=session)
    finally:
        engine.dispose()
    click.echo("Pruned " + ", ".join(f"{number} {what}" for what, number in counts.items()) + ".")


@db_group.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
@database_url_option
def db_backup(path: Path, force: bool, database_url: str) -> None:
    """Back up the database to PATH while the app keeps running."""
    try:
        backup.backup(database_url, path, force=force)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {path}.")


@db_group.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@database_url_option
def db_restore(path: Path, force: bool, database_url: str) -> None:
    """Restore the backup in PATH; checks it before replacing anything, and refuses while the
    app is running on the database (stop it first)."""
    try:
        revision = backup.restore(database_url, path, force=force)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {path} (schema revision {revision}).")
    if revision != backup.head_revision():
        click.echo("The backup's schema is older than this code: run `coach db upgrade`.")


@click.group("user")
def user_group() -> None:
    """User accounts."""


def read_password(password_file: Path | None) -> str:
    """From --password-file, else $COACH_USER_PASSWORD, else a hidden prompt (twice)."""
    if password_file is not None:
        return password_file.read_text(encoding="utf-8").rstrip("\r\n")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(ROLES),
    help="Repeat for several roles.",
)
@click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"Read the password from this file (else ${PASSWORD_ENV}, else a prompt).",
)
@click.option(
    "--manager",
    "manager_email",
    help="The email of the manager this person reports to (an account with the manager role).",
)
@database_url_option
def user_create(email, name, roles, password_file, manager_email, database_url) -> None:
    """Create an account (the password never appears on the command line)."""
    password = read_password(password_file)
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            manager = manager_account(session, manager_email) if manager_email else None
            if manager is not None and not (manager.is_active and manager.has_role("manager")):
                raise click.ClickException(f"{manager.email} is not an active manager.")
            user = accounts.create_user(
                session=session, actor=None, email=email, name=name, roles=roles, password=password
            )
            if manager is not None:
                accounts.set_manager(
                    session=session, actor=None, user_id=user.id, manager_id=manager.id
                )
            reports = f"; reports to {manager.email}" if manager else ""
            click.echo(f"Created {user.email} ({', '.join(sorted(user.role_set))}){reports}.")
    except ValidationError as error:
        raise click.ClickException(error_lines(error)) from None
    finally:
        engine.dispose()


def manager_account(session, email: str):
    """The account with this email, for --manager; a one-line error when there is none."""
    try:
        return privacy.find_user(session, email)
    except DomainError:
        raise click.ClickException(f"No account has the email address {email}.") from None


@user_group.command("set-manager")
@click.argument("email")
@click.option("--manager", "manager_email", help="The manager's email; leave out for nobody.")
@database_url_option
def user_set_manager(email: str, manager_email: str | None, database_url: str) -> None:
    """Record who a person reports to (HR does this on the reporting-lines page too)."""
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            user = manager_account(session, email)
            manager = manager_account(session, manager_email) if manager_email else None
            accounts.set_manager(
                session=session, actor=None, user_id=user.id, manager_id=manager and manager.id
            )
            click.echo(f"{user.email} reports to {manager.email if manager else 'nobody'}.")
    except ValidationError as error:
        raise click.ClickException(error_lines(error)) from None
    finally:
        engine.dispose()


@user_group.command("set-password")
@click.argument("email")
@click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"Read the password from this file (else ${PASSWORD_ENV}, else a prompt).",
)
@database_url_option
def user_set_password(email: str, password_file: Path | None, database_url: str) -> None:
    """Set an account's password (a forgotten one, say); its sessions end."""
    password = read_password(password_file)
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            user = passwords.set_password(session=session, email=email, new_password=password)
            click.echo(f"New password set for {user.email}; their sessions have ended.")
    except ValidationError as error:
        raise click.ClickException(error_lines(error)) from None
    finally:
        engine.dispose()


@user_group.command("export")
@click.argument("email")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the JSON here (else to standard output).",
)
@database_url_option
def user_export(email: str, output: Path | None, database_url: str) -> None:
    """Everything stored about an employee, as JSON (GDPR Art. 15; review before release)."""
    engine = make_engine(database_url)
    try:
        with session_scope(read_only(engine)) as session:
            data = privacy.export_user(session, email)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        engine.dispose()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output is None:
        click.echo(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    click.echo(f"Wrote {output}.", err=True)


@user_group.command("erase")
@click.argument("email")
@click.option("--by", "actor_email", required=True, help="Your account (hr or admin role).")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@database_url_option
def user_erase(email: str, actor_email: str, yes: bool, database_url: str) -> None:
    """Erase an employee's plans, sessions and log-in attempts; anonymise the account."""
    if not yes:
        raise click.UsageError("Erasure cannot be undone: add --yes to go ahead.")
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            actor = privacy.find_user(session, actor_email)
            event = privacy.erase_user(session=session, actor=actor, email=email)
            erased = f"Erased account {event.entity_id}"
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        engine.dispose()
    click.echo(f"{erased} ({event.after['plans_erased']} plans); audit event {event.id}.")


def error_lines(error: ValidationError) -> str:
    return "; ".join(f"{field}: {message}" for field, message in error.errors.items())


# Set by the `coach` command (coach/cli.py) to build the engine the web app's configuration
# describes (its rules folder and rule overrides), so stored analyses and the pages agree.
engine_factory: Callable[[], Any] | None = None


def analysis_engine() -> Any:
    """The real analysis engine (loads spaCy: slow, once per process); a missing pipeline or a
    broken rules file becomes one clear line."""
    from coach.analysis import PipelineError, RuleError, load_engine

    try:
        return engine_factory() if engine_factory else load_engine()
    except (PipelineError, RuleError) as error:
        raise click.ClickException(str(error)) from None


def analyzer(engine: Any = None) -> Any:
    """The real analyser as an `analyze(text, context)` callable."""
    from coach.analysis import Context

    engine = engine or analysis_engine()
    return lambda text, context: engine.analyze(text, Context.from_mapping(context)).to_dict()


@click.command("demo")
@database_url_option
def demo_command(database_url: str) -> None:
    """Load the demo people and plans (idempotent) and print the log-ins."""
    from coach.cli.demo import DEMO_PASSWORD, load_demo

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            people = load_demo(session, analyzer())
            lines = [f"  {user.email:<18} {' '.join(sorted(user.role_set))}" for user in people]
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        engine.dispose()
    click.echo(f"Demo log-ins (password {DEMO_PASSWORD}):")
    click.echo("\n".join(lines))


@click.group("goals")
def goals_group() -> None:
    """Stored goals and their analyses."""


@goals_group.command("reanalyse")
@click.option("--dry-run", is_flag=True, help="List what would change; save nothing.")
@database_url_option
def goals_reanalyse(dry_run: bool, database_url: str) -> None:
    """Re-run every goal analysed by other rules or another pipeline, and list what changed.

    Closed plans keep the analyses they closed with. Each changed goal gets an audit event.
    """
    engine = analysis_engine()
    database = make_engine(database_url)
    totals = {"goals": 0, "changed": 0, "refused": 0, "unsaved": 0}
    try:
        with session_scope(read_only(database) if dry_run else database) as session:
            for plan in reanalysis.reanalyse(
                session=session, analyze=analyzer(engine), version=engine.version, dry_run=dry_run
            ):
                for line in plan.lines():
                    click.echo(line)
                count_plan(totals, plan)
    finally:
        database.dispose()
    click.echo(reanalyse_summary(totals, dry_run))


def count_plan(totals: dict[str, int], plan: reanalysis.PlanReanalysis) -> None:
    totals["refused"] += len(plan.refused)
    if plan.conflict:  # nothing of this plan was saved: the next run re-runs it
        totals["unsaved"] += len(plan.goals)
        return
    totals["goals"] += len(plan.goals)
    totals["changed"] += len(plan.changed)


def reanalyse_summary(totals: dict[str, int], dry_run: bool) -> str:
    """'N goals re-analysed, M changed', and what was left out."""
    goals = totals["goals"]
    line = f"{goals} goal{'' if goals == 1 else 's'} re-analysed, {totals['changed']} changed"
    if totals["refused"]:
        line += f", {totals['refused']} refused by the analyser (left as they were)"
    if totals["unsaved"]:
        line += f", {totals['unsaved']} not saved (their plan changed meanwhile: run again)"
    return line + (" (dry run: nothing saved)." if dry_run else ".")


COMMANDS = (db_group, user_group, demo_command, goals_group)


def register(group: click.Group, build_engine: Callable[[], Any] | None = None) -> None:
    """Add these commands to the `coach` command group; `build_engine` makes their engine."""
    global engine_factory
    engine_factory = build_engine
    for command in COMMANDS:
        group.add_command(command)
