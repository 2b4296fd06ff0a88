"""Command line: parses options, calls one core function, reports.

Exit codes: 0 ok; 1 invalid input (every problem printed as
path:line:column: message), a file that cannot be read or written (one
line naming it), a failed check; 2 usage error (bad option, unknown id, an
-o that contradicts the format, an output path that is an input file).
Heavy libraries (NumPy, WeasyPrint, openpyxl) are imported by the commands
that need them, so `paritrana --help` stays quick.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from . import __version__
from .scoring.errors import InvalidInput, ParitranaError, escape_text
from .scoring.messages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    _,
    dgettext,
    dngettext,
    language_from_environment,
    ngettext,
    number,
    set_language,
)

if TYPE_CHECKING:
    from datetime import date

    from .scoring.model import Candidate
    from .scoring.pipeline import InputOptions, Inputs, Loaded, Purpose

LANG = click.Choice(["id", "en"])
Lang = Literal["id", "en"]  # what LANG lets through


class UsageProblem(click.UsageError):
    """Exit 2 with a message, for problems with what the user asked."""


# click's own texts ("Usage:", "Options:", "Show this message and exit.",
# "[default: id]", "Missing option '--category'.", "Try '... -h' for help.")
# in the user's language. click marks them for gettext but reads them
# through the process-wide default domain, whose language only the
# environment decides: each click module that does
# `from gettext import gettext as _` (and `ngettext`) gets instead functions
# that translate through paritrana's catalog of click's texts (domain
# `click`, scoring/locale/<lang>/LC_MESSAGES/click.po, extracted from the
# installed click by `./run i18n`) in the language chosen for the messages.
# English has no catalog: the msgid is click's text, unchanged.
CLICK_DOMAIN = "click"
# Every module of click that imports gettext (tests/test_cli_click_i18n.py
# checks the list against the installed click); _winconsole exists on
# Windows only.
CLICK_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "shell_completion",
    "termui",
    "types",
    "utils",
    "_termui_impl",
    *(("_winconsole",) if sys.platform == "win32" else ()),
)


def _click_gettext(message: str) -> str:
    """One of click's texts in the messages' language."""
    return dgettext(CLICK_DOMAIN, message)


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return dngettext(CLICK_DOMAIN, singular, plural, n)


def _install_click_catalog() -> None:
    import importlib

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            setattr(module, "_", _click_gettext)  # noqa: B010 - a module's global, by name
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", _click_ngettext)  # noqa: B010


_install_click_catalog()


def _language_from_arguments(args: Sequence[str]) -> str | None:
    """The value of the last `--lang X` or `--lang=X` before `--` that names
    a language (id, en), else None. Read before click parses anything, so
    that even `rank --help --lang en` and a usage error before the --lang
    option is reached are in that language."""
    chosen = None
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            break
        if arg == "--lang":
            value = next(rest, None)
            if value == "--":
                break
        elif arg.startswith("--lang="):
            value = arg[len("--lang=") :]
        else:
            continue
        if value in LANGUAGES:
            chosen = value
    return chosen


# Help texts in the user's language. Every help text (a command's help,
# short help and epilog, an option's help) is written in English, and its
# msgid is that text after `inspect.cleandoc` (what click shows). These
# classes translate it through the catalog when the help is shown, after
# --lang or the environment chose the language (docs/design.md, "Messages
# and translation"). click's own texts ("Usage:", "Missing option") come
# from click's catalog instead (`_install_click_catalog`).
def _help_text(text: str | None) -> str | None:
    return _(inspect.cleandoc(text)) if text else text


def _click_help_text(text: str | None) -> str | None:
    return _click_gettext(text) if text else text


@contextlib.contextmanager
def _translated(
    obj: Any, *names: str, translate: Callable[[str | None], str | None] = _help_text
) -> Iterator[None]:
    """`obj`'s attributes `names` translated inside the block, restored after."""
    saved = {name: getattr(obj, name) for name in names}
    try:
        for name, text in saved.items():
            setattr(obj, name, translate(text))
        yield
    finally:
        for name, text in saved.items():
            setattr(obj, name, text)


class Option(click.Option):
    """An option whose help is shown in the user's language."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _translated(self, "help"):
            return super().get_help_record(ctx)


class _ClickTextOption(click.Option):
    """An option whose help is one of click's own texts (--version)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _translated(self, "help", translate=_click_help_text):
            return super().get_help_record(ctx)


class Command(click.Command):
    """A command whose help, short help and epilog are shown translated.

    Run as the root (`paritrana`, or a command run on its own), it chooses
    the messages' language before click reads the arguments: the last
    `--lang` (`_language_from_arguments`), else the environment, else
    Bahasa Indonesia."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        if parent is None:
            set_language(
                _language_from_arguments(args) or language_from_environment() or DEFAULT_LANGUAGE
            )
        return super().make_context(info_name, args, parent, **extra)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click makes the -h/--help option once per command, its help text
        # translated then: translated again each time it is shown.
        help_option = super().get_help_option(ctx)
        if help_option is not None:
            help_option.help = _click_gettext("Show this message and exit.")
        return help_option

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "help"):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self, "help", "short_help"):
            return super().get_short_help_str(limit)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "epilog"):
            super().format_epilog(ctx, formatter)


class Group(Command, click.Group):
    """A group like `Command`; its commands and sub-groups are of these classes."""

    command_class = Command
    group_class = type  # a sub-group is a Group too


# `@option(...)`: click.option with the translating Option class.
option = functools.partial(click.option, cls=Option)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        message = _click_gettext("%(prog)s, version %(version)s")
        click.echo(message % {"prog": "paritrana", "version": __version__}, color=ctx.color)
        ctx.exit()


def version_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """click.version_option, its texts (the help, "paritrana, version X")
    translated when shown rather than when cli.py is imported."""
    return click.option(
        "--version",
        cls=_ClickTextOption,
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_show_version,
        help="Show the version and exit.",
    )


def _report_warnings(warnings: Sequence[object], full: bool = False) -> None:
    """Print every warning (`full`) or only their count (peers' warnings)."""
    if full:
        for w in warnings:
            click.echo(escape_text(str(w)), err=True)
    elif warnings:
        n = len(warnings)
        files = len({getattr(w, "path", "") for w in warnings})
        click.echo(
            _(
                "{warnings} in {files} (missing values or unknown keys); `paritrana validate` with the same --criteria, --candidates and --panel lists them."
            ).format(
                warnings=ngettext("{n} more warning", "{n} more warnings", n).format(n=number(n)),
                files=ngettext("{n} candidate file", "{n} candidate files", files).format(
                    n=number(files)
                ),
            ),
            err=True,
        )


def _show_warnings(inputs: Inputs, shown_ids: Sequence[str] = ()) -> None:
    """Warnings of the files the command reports on in full, the rest counted."""
    from .scoring.pipeline import split_warnings

    shown, counted = split_warnings(inputs, shown_ids)
    _report_warnings(shown, full=True)
    _report_warnings(counted)


def _debug() -> bool:
    return os.environ.get("PARITRANA_DEBUG", "") not in ("", "0")


def _os_message(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else ""
    why = exc.strerror or str(exc)
    return f"{escape_text(str(where))}: {why}" if where != "" else why


class ProgressBar:
    """The progress reporter of every command (scoring/progress.py): a bar
    on standard error for a task that has run for more than a second, only
    when standard error is a terminal, so a piped or redirected run prints
    none. Redrawn at most ten times a second, erased when the task ends."""

    DELAY = 1.0  # seconds before a bar appears
    EVERY = 0.1  # seconds between redraws
    WIDTH = 30  # characters of the bar

    def __init__(self, stream: Any = None, clock: Callable[[], float] | None = None):
        import time

        self.stream = stream
        self.clock = clock or time.monotonic

    def start(self, label: str, total: int | None) -> _BarTask:
        stream = self.stream if self.stream is not None else sys.stderr
        try:
            tty = bool(stream.isatty())
        except (AttributeError, ValueError):  # a closed or odd stream
            tty = False
        return _BarTask(self, stream if tty else None, label, total)


class _BarTask:
    def __init__(self, bar: ProgressBar, stream: Any, label: str, total: int | None):
        self.bar, self.stream, self.label, self.total = bar, stream, escape_text(label), total
        self.done_units = 0
        self.started = bar.clock()
        self.drawn_at: float | None = None
        self.width = 0

    def advance(self, n: int = 1) -> None:
        self.done_units += n
        if self.stream is None:
            return
        now = self.bar.clock()
        if now - self.started <= self.bar.DELAY:
            return
        if self.drawn_at is not None and now - self.drawn_at < self.bar.EVERY:
            return
        self.drawn_at = now
        self._draw()

    def _draw(self) -> None:
        if self.total:
            part = min(self.done_units / self.total, 1.0)
            filled = int(part * self.bar.WIDTH)
            bar = "#" * filled + "-" * (self.bar.WIDTH - filled)
            line = (
                f"{self.label} [{bar}] {part * 100:3.0f}%  "
                f"{number(self.done_units)}/{number(self.total)}"
            )
        else:
            line = f"{self.label} {number(self.done_units)}"
        self.width = max(self.width, len(line))
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()

    def done(self) -> None:
        if self.stream is not None and self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")  # erase the bar
            self.stream.flush()


def _progress(reporter: ProgressBar | None) -> Any:
    """Send the core's tasks to `reporter` (None: to nobody) in this block."""
    from .scoring.progress import reporting

    return reporting(reporter)


def _run(action: Callable[[], int | None]) -> None:
    """Turn the core's exceptions into messages and exit codes, for every
    command (`_handled`, `input_options`).

    The error's class gives the code (`ParitranaError.exit_code`): 1
    invalid input, a file that cannot be read or written, a failed check;
    2 usage (click's own, and UsageError: an unknown id, an output that is
    an input), reported by click with the usage line. Nothing reaches the
    user as a traceback: an error nobody foresaw is one line saying so
    (PARITRANA_DEBUG=1 shows it whole).
    """
    try:
        with _progress(ProgressBar()):
            code = action()
    except InvalidInput as exc:
        for d in exc.diagnostics:
            click.echo(escape_text(str(d)), err=True)
        n = len(exc.diagnostics)
        click.echo(
            ngettext(
                "{n} problem found; nothing was scored.",
                "{n} problems found; nothing was scored.",
                n,
            ).format(n=number(n)),
            err=True,
        )
        sys.exit(exc.exit_code)
    except ParitranaError as exc:
        if exc.exit_code == 2:
            raise UsageProblem(escape_text(str(exc))) from None
        click.echo(_("Error: {exc}").format(exc=escape_text(str(exc))), err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # `paritrana rank | head`: the reader left, say nothing
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        sys.exit(1)
    except OSError as exc:
        if _debug():
            raise
        click.echo(_("Error: {exc}").format(exc=_os_message(exc)), err=True)
        sys.exit(1)
    except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence, see above
        if _debug():
            raise
        click.echo(
            _(
                "Internal error (a bug in paritrana, please report it with the input files): {name}: {exc}"
            ).format(name=type(exc).__name__, exc=escape_text(str(exc))[:300]),
            err=True,
        )
        sys.exit(1)
    sys.exit(code or 0)


def _handled(func: Callable[..., int | None]) -> Callable[..., None]:
    """A command whose errors go through `_run` (every command has it)."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> None:
        _run(lambda: func(*args, **kwargs))

    return command


# Options several commands share, declared once.
CATEGORIES = option(
    "--category", "categories", multiple=True, help=N_("Only this category (repeatable).")
)


# Every --lang sets the messages' language too: the root command reads it
# from the arguments before click parses them (`Command.make_context`, the
# last --lang as click takes), so these options need no callback.
LANGUAGE = option(
    "--lang",
    type=LANG,
    default="id",
    show_default=True,
    help=N_("Language of the output and of the messages: id or en."),
)
# --lang on a command that writes no document: the messages' language only.
MESSAGES_LANGUAGE = option(
    "--lang",
    type=LANG,
    default=None,
    expose_value=False,
    help=N_(
        "Language of the messages: id or en. Default: PARITRANA_LANG, then "
        "LANGUAGE, LC_ALL, LC_MESSAGES, LANG when one starts with id or en, else id."
    ),
)

STAGE = option(
    "--stage",
    metavar="STAGE",
    default=None,
    help=N_(
        "Rank in this stage of each category (a stage id of the criteria). "
        "Default: per category the latest stage with a complete candidate."
    ),
)

TOP = option(
    "--top",
    type=click.IntRange(1),
    default=None,
    metavar="N",
    help=N_(
        "Shortlist the top N in the stage ranked, instead of the criteria's "
        "shortlist; printed as an override."
    ),
)


def output_folder(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """-o FOLDER (required), passed as `out_dir`; `text`, its help, says what is
    written there (the caller marks it with N_: a whole sentence per
    command, so each translates as a sentence)."""
    return option(
        "-o",
        "--output",
        "out_dir",
        type=click.Path(path_type=Path),
        required=True,
        help=text,
    )


def date_option(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--date YYYY-MM-DD, the generation date; `text`, its help (marked N_ by the
    caller) names the document it is printed on."""
    return option("--date", "date_", metavar="YYYY-MM-DD", help=text)


RANK_FORMATS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".txt": "table"}


def rank_format(fmt: str | None, output: Path | None) -> str:
    """The format of `rank`: --format, else from -o's extension, else table.

    An extension that names another format than --format is refused, and
    without --format an -o whose extension says nothing is refused (exit 2).
    """
    ext = output.suffix.lower() if output is not None else ""
    implied = RANK_FORMATS.get(ext)
    wanted = ", ".join(f"{e} ({f})" for e, f in RANK_FORMATS.items())
    if fmt is None:
        if output is None:
            return "table"
        if implied is None:
            raise UsageProblem(
                _(
                    "-o {output}: cannot tell the format from the extension {value!s}: end the name with one of {wanted}, or give --format"
                ).format(output=escape_text(str(output)), value=ext or _("(none)"), wanted=wanted)
            )
        return implied
    if implied is not None and implied != fmt:
        raise UsageProblem(
            _(
                "-o {output} says {implied} but --format is {fmt}: write -o with the extension of the format (--format {fmt}: {extension}), or leave out --format"
            ).format(
                output=escape_text(str(output)),
                implied=implied,
                fmt=fmt,
                extension=next(e for e, f in RANK_FORMATS.items() if f == fmt),
            )
        )
    if fmt == "xlsx" and output is None:
        raise UsageProblem(_("--format xlsx writes a binary workbook: give -o FILE.xlsx"))
    return fmt


# What a command that reads inputs receives in place of the four options:
# call it to read and validate them (InvalidInput, UsageError).
Load = Callable[[], "Loaded"]


def input_options(
    purpose: Purpose = "check", *, selectors: bool = False
) -> Callable[[Callable[..., int | None]], Callable[..., None]]:
    """--criteria, --candidates, --panel and --strict, and the loading of
    the inputs they name, shared by every command that reads inputs.

    The command receives `load` instead of the four options: calling it
    reads and validates the inputs (and, with `selectors`, resolves the
    command's CANDIDATE arguments, its `selected` parameter) for `purpose`
    (`pipeline.load_for`), so a command checks its own usage first and
    loads when it is ready. The command runs under `_run`.
    """

    def decorate(func: Callable[..., int | None]) -> Callable[..., None]:
        @functools.wraps(func)
        def command(
            *,
            criteria: Path | None,
            candidates: tuple[Path, ...],
            panel: tuple[Path, ...],
            strict: bool,
            rejects: Path | None,
            **kwargs: Any,
        ) -> None:
            selected: tuple[str, ...] = kwargs.pop("selected", ()) if selectors else ()
            if rejects is not None and rejects.suffix.lower() != ".csv":
                raise UsageProblem(
                    _(
                        "--rejects: {path}: the rejects file is a CSV file; end its name in .csv"
                    ).format(path=escape_text(str(rejects)))
                )

            def load() -> Loaded:
                from .scoring.pipeline import InputOptions, load_for

                options = InputOptions(criteria, candidates, panel, strict, rejects)
                return load_for(options, selected, purpose=purpose)

            _run(lambda: func(load, **kwargs))

        wrapped: Callable[..., None] = command
        wrapped = option(
            "--rejects",
            "rejects",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help=N_(
                "Set the rows of candidate tables (CSV, XLSX) that have errors aside, write them "
                "with their reasons to this CSV file, and go on with the other rows."
            ),
        )(wrapped)
        wrapped = option(
            "--strict",
            is_flag=True,
            help=N_("Treat warnings (unknown keys, missing values) as errors."),
        )(wrapped)
        wrapped = option(
            "--panel",
            "panel",
            multiple=True,
            type=click.Path(path_type=Path),
            help=N_(
                "Panel (interview) scores file or folder (repeatable). "
                "Default: ./panel if present, else none."
            ),
        )(wrapped)
        wrapped = option(
            "--candidates",
            "candidates",
            multiple=True,
            type=click.Path(path_type=Path),
            help=N_("Candidate file or folder (repeatable). Default: ./candidates"),
        )(wrapped)
        wrapped = option(
            "--criteria",
            type=click.Path(path_type=Path),
            help=N_(
                "Criteria file or folder. Default: ./criteria if present, else the shipped criteria."
            ),
        )(wrapped)
        return wrapped

    return decorate


def _generated(value: str | None) -> date:
    from .scoring.render.dates import generation_date

    return generation_date(value)


# `paritrana --help` must be enough for someone who installed the tool and
# has nothing else: the reference docs are named only when they are there
# (a source checkout, or an editable install of one).
_DOCS = Path(__file__).resolve().parent / "docs"
# The root epilog is a msgid with the folder as a placeholder, filled in
# after translation (`_Root`).
_MORE_HELP = (
    N_(
        "Each command explains itself: paritrana COMMAND --help. The full reference (file formats, outputs, design) is in {docs}."
    )
    if (_DOCS / "formats.md").is_file()
    else N_("Each command explains itself: paritrana COMMAND --help.")
)


class _Root(Group):
    """The root group: its epilog translated, then `{docs}` filled in."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(inspect.cleandoc(self.epilog)).format(docs=_DOCS))


@click.group(
    cls=_Root,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=_MORE_HELP,
    help=N_(
        "paritrana: score and rank Paritrana Award candidates.\n"
        "\n"
        "The Paritrana Award (Penghargaan Jaminan Sosial Ketenagakerjaan) honours provinces, "
        "regencies/cities, villages and employers that extend workers' social security to more "
        "workers. paritrana reads the award's criteria (weighted indicators per award category) "
        "and the candidates' files (YAML: each region's or company's regulations, budgets, "
        "programmes and coverage numbers), checks them, scores every indicator, ranks each "
        "category, and writes terminal tables, CSV, JSON and Excel exports, and PDF assessment "
        "sheets and ranked lists.\n"
        "\n"
        "\b\n"
        "Where the inputs come from (options of every command):\n"
        "  --criteria PATH    criteria file or folder. Default: ./criteria when the\n"
        "                     current folder has one, else the criteria shipped\n"
        "                     with paritrana (edition 2022, six categories): a\n"
        "                     PROPOSAL, since no official weight table of the\n"
        "                     award is public; every output says so.\n"
        "  --candidates PATH  candidate file or folder (repeatable).\n"
        "                     Default: ./candidates\n"
        "  --panel PATH       the judges' interview scores, file or folder\n"
        "                     (repeatable). Default: ./panel when it exists.\n"
        "`paritrana fields` lists every value a candidate file can carry.\n"
        "\n"
        "\b\n"
        "Exit codes:\n"
        "  0  done (verify: the sheet matches its input files)\n"
        "  1  invalid input, every problem printed as file:line:column: message,\n"
        "     or a file that cannot be read or written (one line naming it)\n"
        "     (verify: the sheet does not match)\n"
        "  2  usage error: a bad option, or an output path that is an input file"
    ),
)
@version_option()
@MESSAGES_LANGUAGE
def main() -> None:
    """The root of the command line (its help: `help=` above)."""
    # The messages' language is chosen before this runs: Command.make_context.


@main.command(
    help=N_(
        "Check the criteria, candidate and panel files; report every problem.\n"
        "\n"
        "CANDIDATE: a candidate file, a folder of them, or a candidate id (looked up among "
        "--candidates, default ./candidates). Without CANDIDATE, every file of --candidates is "
        "checked. Every warning is listed."
    ),
)
@input_options("check", selectors=True)
@click.argument("selected", nargs=-1, metavar="[CANDIDATE...]")
@MESSAGES_LANGUAGE
def validate(load: Load) -> None:
    inputs = load().inputs  # an unknown id is a usage error
    _report_warnings(inputs.warnings, full=True)
    n = len(inputs.candidates)
    cats = len(inputs.criteria.categories)
    w = len(inputs.warnings)
    click.echo(
        _("OK: criteria edition {edition} ({categories}), {candidates}, {warnings}.").format(
            edition=inputs.criteria.edition,
            categories=ngettext("{n} category", "{n} categories", cats).format(n=number(cats)),
            candidates=ngettext("{n} candidate", "{n} candidates", n).format(n=number(n)),
            warnings=ngettext("{n} warning", "{n} warnings", w).format(n=number(w)),
        )
    )


@main.command(help=N_("Ranked list per category (terminal table, CSV, JSON or XLSX)."))
@input_options()
@CATEGORIES
@option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "xlsx"]),
    default=None,
    help=N_(
        "Output format. Default: from the extension of -o (.csv, .json, .xlsx, .txt), else table."
    ),
)
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=N_("Write to this file instead of standard output (required for xlsx)."),
)
@option(
    "--lang",
    type=LANG,
    default="id",
    show_default=True,
    help=N_("Language of the table and workbook labels."),
)
@date_option(N_("Generation date printed on the workbook (default: SOURCE_DATE_EPOCH or today)."))
@STAGE
@TOP
def rank(
    load: Load,
    categories: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    lang: Lang,
    date_: str | None,
    stage: str | None,
    top: int | None,
) -> None:
    from .scoring.pipeline import (
        rank_inputs,
        ranking_chunks,
        refuse_inputs_as_outputs,
        write_ranking,
    )

    fmt = rank_format(fmt, output)
    inputs = load().inputs
    _show_warnings(inputs)
    if output is not None:
        refuse_inputs_as_outputs(inputs, [output])
    ranking = rank_inputs(inputs, categories, stage=stage, top=top)
    generated = _generated(date_)
    if output is None:
        # No bar while the ranking itself goes to the terminal: it would
        # be drawn through the lines printed.
        with _progress(None):
            for chunk in ranking_chunks(ranking, fmt, lang, generated):
                click.echo(chunk.decode("utf-8"), nl=False)
    else:
        write_ranking(ranking, fmt, output, lang=lang, generated=generated, inputs=inputs.guard)
        click.echo(_("Wrote {output}").format(output=escape_text(str(output))), err=True)


@main.command(
    help=N_(
        "One candidate (or a few), indicator by indicator, scored on its own.\n"
        "\n"
        "For self-assessment: each CANDIDATE (a candidate file, a folder of them, or a "
        "candidate id looked up among --candidates, default ./candidates) is scored without the "
        "others, so no rank is shown (use `rank` for that). Their warnings are all shown; panel "
        "scores (--panel, default ./panel) of candidates not read are skipped."
    ),
)
@input_options("assess", selectors=True)
@click.argument("selected", nargs=-1, required=True, metavar="CANDIDATE...")
@LANGUAGE
def score(load: Load, lang: Lang) -> None:
    from .scoring.pipeline import assess_each
    from .scoring.render.table import breakdown

    loaded = load()
    _show_warnings(loaded.inputs, loaded.selected)
    ranking = assess_each(loaded.inputs, loaded.selected)
    click.echo(breakdown(ranking, lang), nl=False)


@main.command(
    help=N_(
        "What is missing and what it is worth, indicator by indicator.\n"
        "\n"
        "FILE: one candidate file (or a candidate id looked up among --candidates), scored on "
        "its own like `score`. Per indicator: the points earned and still available, the key "
        "behind it in the file, and the value that earns the next step and full points, each "
        "gain found by rescoring; missing values first (the cheapest points), then by gain. A "
        "pending interview is shown as the range of totals it can give."
    ),
)
@input_options("assess", selectors=True)
@click.argument("selected", nargs=-1, required=True, metavar="FILE")
@option(
    "--set",
    "settings",
    multiple=True,
    metavar="FIELD=VALUE",
    help=N_(
        "What if FIELD (section.key, as `paritrana fields` lists it) had VALUE, "
        "written as in a candidate file (2.500, Rp 484.646.400, 94,5, ya). Repeatable. "
        "The file is never written."
    ),
)
@LANGUAGE
@option(
    "--against",
    "against",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[DIR]",
    help=N_(
        "Also rank FILE among the candidates of DIR (without DIR: among --candidates, "
        "default ./candidates), same category, and show the smallest changes that reach each "
        "higher rank and the shortlist, each rescored among them. Write it after FILE, or "
        "as --against=DIR."
    ),
)
@option(
    "--pdf",
    "pdf",
    type=click.Path(path_type=Path),
    metavar="OUT.pdf",
    help=N_(
        "Write the report as a PDF in the scorecard's design (to take to the interview) "
        "instead of printing it; never over an input file."
    ),
)
@date_option(
    N_("Generation date printed on the report (--pdf) (default: SOURCE_DATE_EPOCH or today).")
)
def improve(
    load: Load,
    settings: tuple[str, ...],
    lang: Lang,
    against: str | None,
    pdf: Path | None,
    date_: str | None,
) -> None:
    from .scoring.messages import _
    from .scoring.pipeline import improve_candidate
    from .scoring.render.advice import advice_text

    if pdf is not None and pdf.suffix.lower() != ".pdf":
        raise UsageProblem(
            _("--pdf {path}: the report is a PDF: end the name with .pdf").format(
                path=escape_text(str(pdf))
            )
        )
    if against is not None:
        from .scoring.pipeline import check_peer_rejects

        # Before the command's own inputs write --rejects: not into the peers' folder.
        check_peer_rejects(_peer_options(), _against_path(against))
    loaded = load()
    if len(loaded.selected) != 1:
        raise UsageProblem(
            _("improve takes one candidate; {n} were named").format(n=number(len(loaded.selected)))
        )
    _show_warnings(loaded.inputs, loaded.selected)
    # The peers are read before anything is printed, so a peer set that
    # fails (a table row with an error, without --rejects) prints no advice.
    peers = _peers(loaded.inputs, against) if against is not None else None
    if pdf is not None:
        from .scoring.pipeline import improve_report

        generated = _generated(date_)
        assessment, warnings = improve_report(
            loaded.inputs,
            loaded.selected[0],
            pdf,
            settings,
            lang=lang,
            generated=generated,
            peers=peers,
        )
    else:
        assessment, warnings = improve_candidate(loaded.inputs, loaded.selected[0], settings)
    for warning in warnings:
        click.echo(f"warning: {escape_text(warning)}", err=True)
    if pdf is not None:
        click.echo(_("Wrote {path}").format(path=escape_text(str(pdf))), err=True)
        return
    click.echo(advice_text(assessment, lang), nl=False)
    if peers is not None:
        _against(assessment.candidate, peers, lang)


def _peers(inputs: Inputs, against: str) -> Inputs:
    """The peers of `improve --against`, read with the command's own
    --criteria, --candidates, --panel, --strict and --rejects, by the rules
    of its own inputs (`pipeline.load_peers`); their warnings shown (those
    of files named) or counted."""
    from .scoring.pipeline import load_peers, split_warnings

    peers = load_peers(_peer_options(), _against_path(against), earlier=inputs)
    shown, counted = split_warnings(peers)
    seen = set(inputs.warnings)
    _report_warnings([w for w in shown if w not in seen], full=True)
    _report_warnings([w for w in counted if w not in seen])
    return peers


def _peer_options() -> InputOptions:
    """The command's --criteria, --candidates, --panel, --strict and
    --rejects, read back from click's context for the peers."""
    from .scoring.pipeline import InputOptions

    params = click.get_current_context().params
    return InputOptions(
        params["criteria"],
        tuple(params["candidates"]),
        tuple(params["panel"]),
        params["strict"],
        params["rejects"],
    )


def _against_path(against: str) -> Path | None:
    return Path(against) if against else None


def _against(candidate: Candidate, peers: Inputs, lang: Lang) -> None:
    """`improve --against` on the terminal."""
    from .scoring.pipeline import compare_with_peers
    from .scoring.render.advice_peers import peers_text

    click.echo("")
    click.echo(peers_text(compare_with_peers(candidate, peers), lang), nl=False)


@main.command(help=N_("List the candidate fields criteria can read (the field catalogue)."))
@LANGUAGE
@option(
    "--category",
    "category",
    default=None,
    help=N_("Only the fields this category's criteria read, with the indicators each feeds."),
)
@option(
    "--criteria",
    type=click.Path(path_type=Path),
    help=N_("Criteria file or folder (with --category; as for the other commands)."),
)
@_handled
def fields(lang: Lang, category: str | None, criteria: Path | None) -> None:
    from .scoring.pipeline import field_list

    click.echo(field_list(criteria, category, lang), nl=False)


@main.command(
    help=N_(
        "Write a candidate file skeleton: every field the category's criteria read, each left "
        "empty (missing, not zero), with comments on what it counts, how to write it and which "
        "indicators it feeds."
    ),
)
@option("--category", "category", required=True, help=N_("Category id of the candidate."))
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help=N_("Candidate file to write (FILE.yaml); an existing file is never replaced."),
)
@option("--lang", type=LANG, default="id", show_default=True, help=N_("Language of the comments."))
@option(
    "--criteria",
    type=click.Path(path_type=Path),
    help=N_("Criteria file or folder (as for the other commands)."),
)
@_handled
def init(category: str, output: Path, lang: Lang, criteria: Path | None) -> None:
    from .scoring.messages import _
    from .scoring.pipeline import init_candidate

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageProblem(
            _("-o {path}: a candidate file is YAML: give -o FILE.yaml").format(
                path=escape_text(str(output))
            )
        )
    path, count = init_candidate(criteria, category, output, lang=lang)
    click.echo(
        _("Wrote {path}: category {category}, {count} fields left empty.").format(
            path=escape_text(str(path)), category=escape_text(category), count=number(count)
        ),
        err=True,
    )
    click.echo(
        _("Fill in name: and the values, then run: paritrana validate {path}").format(
            path=escape_text(str(path))
        ),
        err=True,
    )


def _bad_rows(ctx: click.Context, param: click.Parameter, value: str | None) -> float:
    """--bad-rows 1% (or 1): the share of rows to corrupt, as a fraction."""
    if value is None:
        return 0.0
    text = value.strip().removesuffix("%").strip().replace(",", ".")
    try:
        percent = float(text)
    except ValueError:
        percent = float("nan")
    if not 0 <= percent <= 100:  # also NaN
        raise click.BadParameter(
            _("give a percentage of rows between 0 and 100, such as 1%, not {value}").format(
                value=escape_text(value)
            )
        )
    return percent / 100


@main.command(
    help=N_(
        "Generate SYNTHETIC candidate files (for tests and benchmarks), and with --judges a "
        "SYNTHETIC panel of judge files for them; with --csv one table of candidates; with "
        "--national the national edition."
    ),
)
@option(
    "--criteria",
    type=click.Path(path_type=Path),
    help=N_("Criteria file or folder (as for the other commands)."),
)
@option("--category", help=N_("Category id of the candidates (not with --national)."))
@option(
    "-n",
    "--count",
    type=click.IntRange(1, 10_000_000),
    default=None,
    help=N_("How many candidates. Default: 10 files, or 725,356 rows with --csv."),
)
@option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help=N_("Seed of the random draws: the same seed writes the same files."),
)
@option(
    "--missing-rate",
    type=click.FloatRange(0, 1),
    default=0.1,
    show_default=True,
    help=N_("Chance that each value is left out (missing), from 0 to 1."),
)
@option(
    "--judges",
    type=click.IntRange(0, 50),
    default=0,
    show_default=True,
    help=N_("Also write a SYNTHETIC panel: this many judge files, into FOLDER/panel."),
)
@option("--stage", help=N_("Stage the synthetic judges score (with --judges)."))
@option(
    "--csv",
    "as_csv",
    is_flag=True,
    help=N_(
        "Write one CSV table (a row per candidate, SYNTHETIC in its name) instead of YAML files."
    ),
)
@option(
    "--bad-rows",
    "bad_rate",
    metavar="PERCENT",
    callback=_bad_rows,
    help=N_("With --csv: corrupt this share of the rows (such as 1%), each in one documented way."),
)
@option(
    "--national",
    is_flag=True,
    help=N_(
        "Write the national edition: about 3,500 files of every category, a folder per province."
    ),
)
@output_folder(N_("Folder for the generated files (created if needed)."))
@MESSAGES_LANGUAGE
@_handled
def synth(
    criteria: Path | None,
    category: str | None,
    count: int | None,
    seed: int,
    missing_rate: float,
    judges: int,
    stage: str | None,
    as_csv: bool,
    bad_rate: float,
    national: bool,
    out_dir: Path,
) -> None:
    from .scoring import pipeline

    if national:
        given = [
            name
            for name, used in (
                ("--category", category is not None),
                ("-n", count is not None),
                ("--csv", as_csv),
                ("--judges", bool(judges)),
                ("--stage", stage is not None),
            )
            if used
        ]
        if given:
            raise UsageProblem(
                _("--national sets its own categories and counts: leave out {options}").format(
                    options=", ".join(given)
                )
            )
        paths = pipeline.generate_national_edition(criteria, seed, missing_rate, out_dir)
        folders = len({p.parent for p in paths[1:]})
        click.echo(
            _("Wrote {count} synthetic candidate file(s) in {folders} folders to {out_dir}").format(
                count=number(len(paths) - 1),
                folders=number(folders),
                out_dir=escape_text(str(out_dir)),
            )
        )
        return
    if category is None:
        raise UsageProblem(_("give --category (or --national for the national edition)"))
    if bad_rate and not as_csv:
        raise UsageProblem(_("--bad-rows is for a table: give --csv as well"))
    if as_csv:
        if judges or stage is not None:
            raise UsageProblem(_("--judges and --stage write YAML files: leave out --csv"))
        from .scoring.synthetic import POOL_SIZE

        rows = POOL_SIZE if count is None else count
        written = pipeline.generate_synthetic_table(
            criteria, category, rows, seed, missing_rate, out_dir, bad_rate=bad_rate
        )
        click.echo(
            _("Wrote {count} synthetic candidate row(s) to {path}").format(
                count=number(rows), path=escape_text(str(written[0]))
            )
        )
        return
    count = 10 if count is None else count
    paths = pipeline.generate_synthetic(
        criteria, category, count, seed, missing_rate, out_dir, judges=judges, stage=stage
    )
    panel = len(paths) - count
    click.echo(
        _("Wrote {count} synthetic candidate file(s) to {out_dir}").format(
            count=number(count), out_dir=escape_text(str(out_dir))
        )
    )
    if panel:
        where = escape_text(str(out_dir / "panel"))
        click.echo(
            _("Wrote {count} synthetic judge file(s) to {where}").format(
                count=number(panel), where=where
            )
        )


@main.command(
    help=N_(
        "Write an offline HTML form of one category: type the values, see the score as you "
        "type, save a candidate file (docs/form.md)."
    ),
)
@option(
    "--criteria",
    type=click.Path(path_type=Path),
    help=N_("Criteria file or folder (as for the other commands)."),
)
@option("--category", required=True, help=N_("Category id the form is for."))
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help=N_("The HTML file to write (FILE.html)."),
)
@option(
    "--lang",
    type=LANG,
    default="id",
    show_default=True,
    help=N_("Language the form opens in (it has a button for the other)."),
)
@_handled
def form(criteria: Path | None, category: str, output: Path, lang: Lang) -> None:
    from .scoring.messages import _
    from .scoring.pipeline import write_form

    path = write_form(criteria, category, output, lang=lang)
    click.echo(_("Wrote {path}").format(path=escape_text(str(path))), err=True)


@main.command(
    help=N_(
        "Write a submission workbook of one category to send out: one row per candidate, a "
        "column per field the criteria read, drop-downs and checks, and a notes sheet; read "
        "back with --candidates FILE.xlsx."
    ),
)
@option("--category", "category", required=True, help=N_("Category id of the candidates."))
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help=N_("The workbook to write (FILE.xlsx); an existing file is never replaced."),
)
@option(
    "--lang",
    type=LANG,
    default="id",
    show_default=True,
    help=N_("Language of the labels, prompts and notes."),
)
@option(
    "--criteria",
    type=click.Path(path_type=Path),
    help=N_("Criteria file or folder (as for the other commands)."),
)
@_handled
def template(category: str, output: Path, lang: Lang, criteria: Path | None) -> None:
    from .scoring.messages import _
    from .scoring.pipeline import write_template
    from .scoring.render.dates import generation_date

    path, count = write_template(criteria, category, output, lang=lang, generated=generation_date())
    click.echo(
        _("Wrote {path}: category {category}, {count} columns.").format(
            path=escape_text(str(path)), category=escape_text(category), count=number(count)
        ),
        err=True,
    )
    click.echo(
        _("One row per candidate; then run: paritrana validate --candidates {path}").format(
            path=escape_text(str(path))
        ),
        err=True,
    )


@main.command(
    help=N_(
        "One PDF assessment sheet per candidate, ranked within its category.\n"
        "\n"
        "CANDIDATE: a candidate file, a folder of them, or a candidate id (default: all of "
        "--candidates). A file not under --candidates is added to them, so it is ranked among "
        "them. A sheet shows one stage: --stage, else per category the latest stage with a "
        "complete candidate; only that stage's entrants (those shortlisted in the stage before) "
        "have one."
    ),
)
@input_options("sheets", selectors=True)
@click.argument("selected", nargs=-1, metavar="[CANDIDATE...]")
@output_folder(N_("Folder for the PDFs (created if needed)."))
@CATEGORIES
@LANGUAGE
@option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help=N_("Worker processes (default: number of cores)."),
)
@date_option(N_("Generation date printed on the sheets (default: SOURCE_DATE_EPOCH or today)."))
@STAGE
@option(
    "--shortlisted",
    is_flag=True,
    help=N_("Only the candidates shortlisted in the stage ranked."),
)
def scorecard(
    load: Load,
    out_dir: Path,
    categories: tuple[str, ...],
    lang: Lang,
    jobs: int | None,
    date_: str | None,
    stage: str | None,
    shortlisted: bool,
) -> int:
    from .scoring.pipeline import rank_for_sheets
    from .scoring.render.pdf import write_scorecards

    if out_dir.suffix.lower() == ".pdf" and not out_dir.is_dir():
        raise UsageProblem(
            _(
                "-o {out_dir}: scorecard writes one PDF per candidate into a folder: give -o FOLDER"
            ).format(out_dir=escape_text(str(out_dir)))
        )
    loaded = load()
    inputs, only = loaded.inputs, loaded.selected
    _show_warnings(inputs, only)
    ranking, only = rank_for_sheets(
        inputs, only, categories, out_dir, stage=stage, shortlisted=shortlisted
    )
    # The batch reports its progress like every long loop (`ProgressBar`).
    report = write_scorecards(
        ranking,
        out_dir,
        lang=lang,
        jobs=jobs,
        generated=_generated(date_),
        only_ids=list(only) or None,  # none named: every candidate
        inputs=inputs.files,
    )
    from .scoring.pipeline import rows_of

    table = inputs.candidates
    rows = rows_of(table, [f.candidate_id for f in report.failed]) if report.failed else {}
    sources = {cid: src.path for cid, k in rows.items() if (src := table.source_of(k))}
    for failure in report.failed:
        # Name the candidate's file: the renderer's message may not.
        cid = failure.candidate_id
        where = f" ({sources[cid]})" if cid in sources else ""
        click.echo(
            _("FAILED {candidate}: {message}").format(
                candidate=escape_text(cid + where), message=escape_text(failure.message)
            ),
            err=True,
        )
    click.echo(
        _("Wrote {count} scorecard(s) to {out_dir}").format(
            count=number(len(report.written)), out_dir=escape_text(str(out_dir))
        ),
        err=True,
    )
    if any(f.exit_code == 2 for f in report.failed):  # a sheet refused as a usage error
        return 2
    return 1 if report.failed else 0


@main.command(help=N_("Printable ranked list per category (PDF) for the secretariat."))
@input_options()
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help=N_("PDF file to write (its name must end in .pdf)."),
)
@CATEGORIES
@LANGUAGE
@date_option(N_("Generation date printed on the list (default: SOURCE_DATE_EPOCH or today)."))
@STAGE
@TOP
def ranklist(
    load: Load,
    output: Path,
    categories: tuple[str, ...],
    lang: Lang,
    date_: str | None,
    stage: str | None,
    top: int | None,
) -> None:
    from .scoring.pipeline import rank_inputs, refuse_inputs_as_outputs
    from .scoring.render.pdf import write_ranklist

    if output.suffix.lower() != ".pdf":
        raise UsageProblem(
            _(
                "-o {output}: ranklist writes a PDF: give -o FILE.pdf (for CSV, JSON or a workbook use `paritrana rank -o FILE.csv|.json|.xlsx`)"
            ).format(output=escape_text(str(output)))
        )
    inputs = load().inputs
    _show_warnings(inputs)
    refuse_inputs_as_outputs(inputs, [output])
    write_ranklist(
        rank_inputs(inputs, categories, stage=stage, top=top),
        output,
        lang=lang,
        generated=_generated(date_),
        inputs=inputs.files,
    )
    click.echo(_("Wrote {output}").format(output=escape_text(str(output))), err=True)


@main.command(
    help=N_(
        "Check that a PDF sheet was made from exactly these input files.\n"
        "\n"
        "Exit 0 when it was; 1 when not (the files that differ, are missing or are extra are "
        "listed) or when PDF is not a paritrana PDF."
    ),
)
@input_options()
@click.argument("pdf", type=click.Path(path_type=Path))
@MESSAGES_LANGUAGE
def verify(load: Load, pdf: Path) -> int:
    from .scoring.audit import verify_pdf
    from .scoring.pipeline import require_regular_file

    require_regular_file(pdf)
    inputs = load().inputs
    _show_warnings(inputs)
    result = verify_pdf(pdf, inputs.criteria, inputs.candidates)
    click.echo(result.message)
    return 0 if result.ok else 1


# --------------------------------------------------------------------------
# The panel's own commands: judge file skeletons, status, interview forms
# --------------------------------------------------------------------------


@main.group(
    cls=Group,  # not _Root: the {docs} epilog is the root's alone
    help=N_(
        "The judges' workflow: judge file skeletons, where the judging stands, and blank "
        "interview forms (docs/judging.md)."
    ),
)
def panel() -> None:
    pass  # the commands below


def _day(value: str | None, option: str) -> date | None:
    from datetime import date as _date

    if not value:
        return None
    try:
        return _date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(
            _("{option} {value!r}: expected YYYY-MM-DD").format(
                option=option, value=escape_text(value)
            )
        ) from None


STAGE_REQUIRED = option("--stage", "stage", required=True, help=N_("Stage id (e.g. wawancara)."))


@panel.command(
    "template",
    help=N_(
        "Write a judge file skeleton: the judge, the stage, every candidate entering the stage "
        "and every rubric item left empty, with comments on how to fill it in."
    ),
)
@input_options()
@option("--judge", "judge", required=True, help=N_("The judge's id (e.g. penilai-01)."))
@STAGE_REQUIRED
@CATEGORIES
@option("--name", default=None, help=N_("The judge's name, written into the file."))
@option(
    "--date",
    "date_",
    metavar="YYYY-MM-DD",
    help=N_("The panel date, written into the file (default: left empty)."),
)
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help=N_("Judge file to write (FILE.yaml); an existing file is never replaced."),
)
@option(
    "--lang",
    type=LANG,
    default="id",
    show_default=True,
    help=N_("Language of the comments."),
)
def panel_template(
    load: Load,
    judge: str,
    stage: str,
    categories: tuple[str, ...],
    name: str | None,
    date_: str | None,
    output: Path,
    lang: Lang,
) -> None:
    from .scoring.pipeline import panel_template as write_template

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageProblem(
            _("-o {output}: a judge file is YAML: give -o FILE.yaml").format(
                output=escape_text(str(output))
            )
        )
    day = _day(date_, "--date")
    inputs = load().inputs
    _show_warnings(inputs)
    path, count, named = write_template(
        inputs,
        judge_id=judge,
        stage_id=stage,
        output=output,
        categories=categories,
        name=name,
        lang=lang,
        panel_date=day,
    )
    click.echo(
        ngettext(
            "Wrote {path}: judge {judge}, stage {stage}, {count} candidate",
            "Wrote {path}: judge {judge}, stage {stage}, {count} candidates",
            count,
        ).format(
            path=escape_text(str(path)),
            judge=escape_text(judge),
            stage=escape_text(stage),
            count=number(count),
        ),
        err=True,
    )
    if not named:
        click.echo(_("Fill in the judge's name (judge: name:) before validating."), err=True)


@panel.command(
    "status",
    help=N_(
        "Who has not scored whom, recusals and conflicts, items below quorum, the discussion "
        "agenda and normalisation notes, per category and stage. Exit 0; the last line says "
        "whether the stage is complete."
    ),
)
@input_options()
@option("--stage", "stage", default=None, help=N_("Only this stage (default: every stage)."))
@CATEGORIES
@LANGUAGE
def panel_status(load: Load, stage: str | None, categories: tuple[str, ...], lang: Lang) -> None:
    from .scoring.pipeline import panel_status as status

    inputs = load().inputs
    _show_warnings(inputs)
    report = status(inputs, stage_id=stage, categories=categories, lang=lang)
    click.echo(report.text, nl=False)


@panel.command(
    "form",
    help=N_(
        "Blank printable interview forms (PDF): per judge, one sheet per candidate of the "
        "stage; per candidate, one sheet per judge."
    ),
)
@input_options()
@STAGE_REQUIRED
@option("--judge", "judge_ids", multiple=True, help=N_("Forms of this judge (repeatable)."))
@option(
    "--candidate", "candidate_ids", multiple=True, help=N_("Forms of this candidate (repeatable).")
)
@option("--all", "every", is_flag=True, help=N_("Forms of every candidate of the stage."))
@option(
    "--slots",
    type=click.IntRange(1, 20),
    default=5,
    show_default=True,
    help=N_("Blank judge blocks per candidate when no judge file names a judge."),
)
@output_folder(N_("Folder for the forms (created if needed)."))
@CATEGORIES
@LANGUAGE
@option(
    "--date",
    "date_",
    metavar="YYYY-MM-DD",
    help=N_("The panel date printed on the forms (default: each judge file's date:)."),
)
def panel_form(
    load: Load,
    stage: str,
    judge_ids: tuple[str, ...],
    candidate_ids: tuple[str, ...],
    every: bool,
    slots: int,
    out_dir: Path,
    categories: tuple[str, ...],
    lang: Lang,
    date_: str | None,
) -> None:
    from .scoring.pipeline import panel_forms

    if not (judge_ids or candidate_ids or every):
        raise UsageProblem(_("give --judge ID, --candidate ID or --all"))
    if every and (judge_ids or candidate_ids):
        raise UsageProblem(
            _("--all prints every candidate's forms: leave out --judge and --candidate")
        )
    day = _day(date_, "--date")
    inputs = load().inputs
    _show_warnings(inputs)
    paths = panel_forms(
        inputs,
        stage_id=stage,
        out_dir=out_dir,
        judges=judge_ids,
        candidates=candidate_ids,
        every=every,
        categories=categories,
        slots=slots,
        lang=lang,
        panel_date=day,
        generated=_generated(None),
    )
    click.echo(
        _("Wrote {count} form file(s) to {out_dir}").format(
            count=number(len(paths)), out_dir=escape_text(str(out_dir))
        ),
        err=True,
    )


if __name__ == "__main__":  # pragma: no cover
    main()
