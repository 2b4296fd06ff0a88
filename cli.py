"""Command line: parses options, calls one core function, reports.

Exit codes: 0 ok, 1 invalid input (every problem printed as
path:line:column: message), 2 usage error (bad option, unsafe output path).
Heavy libraries (NumPy, WeasyPrint, openpyxl) are imported by the commands
that need them, so `paritrana --help` stays quick.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from . import __version__
from .scoring.errors import InvalidInput, ParitranaError, UsageError

LANG = click.Choice(["id", "en"])


class UsageProblem(click.UsageError):
    """Exit 2 with a message, for problems with what the user asked."""


def _report_warnings(warnings: Sequence[object], full: bool = False) -> None:
    """`validate` lists every warning; the other commands only count them."""
    if full:
        for w in warnings:
            click.echo(str(w), err=True)
    elif warnings:
        n = len(warnings)
        click.echo(f"{n} warning{'s' if n != 1 else ''} (missing values or unknown keys); "
                   "`paritrana validate` lists them.", err=True)


def _run(action: Callable[[], int | None]) -> None:
    """Turn the core's exceptions into messages and exit codes."""
    try:
        code = action()
    except InvalidInput as exc:
        for d in exc.diagnostics:
            click.echo(str(d), err=True)
        n = len(exc.diagnostics)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was scored.", err=True)
        sys.exit(1)
    except UsageError as exc:
        raise UsageProblem(str(exc)) from None
    except ParitranaError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    sys.exit(code or 0)


def input_options(func: Callable) -> Callable:
    """--criteria, --candidates, --panel and --strict, shared by every command."""
    func = click.option(
        "--strict", is_flag=True,
        help="Treat warnings (unknown keys, missing values) as errors.",
    )(func)
    func = click.option(
        "--panel", "panel", multiple=True, type=click.Path(path_type=Path),
        help="Panel (interview) scores file or folder (repeatable). "
             "Default: ./panel if present, else none.",
    )(func)
    func = click.option(
        "--candidates", "candidates", multiple=True, type=click.Path(path_type=Path),
        help="Candidate file or folder (repeatable). Default: ./candidates",
    )(func)
    func = click.option(
        "--criteria", type=click.Path(path_type=Path),
        help="Criteria file or folder. Default: ./criteria if present, else the shipped criteria.",
    )(func)
    return func


def _generated(value: str | None):
    from .scoring.render.dates import generation_date

    return generation_date(value)


# `paritrana --help` must be enough for someone who installed the tool and
# has nothing else: the reference docs are named only when they are there
# (a source checkout, or an editable install of one).
_DOCS = Path(__file__).resolve().parent / "docs"
_MORE_HELP = "Each command explains itself: paritrana COMMAND --help. " + (
    f"The full reference (file formats, outputs, design) is in {_DOCS}."
    if (_DOCS / "formats.md").is_file() else ""
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=_MORE_HELP)
@click.version_option(__version__, prog_name="paritrana")
def main() -> None:
    """paritrana: score and rank Paritrana Award candidates.

    The Paritrana Award (Penghargaan Jaminan Sosial Ketenagakerjaan) honours
    provinces, regencies/cities, villages and employers that extend workers'
    social security to more workers. paritrana reads the award's criteria
    (weighted indicators per award category) and the candidates' files
    (YAML: each region's or company's regulations, budgets, programmes and
    coverage numbers), checks them, scores every indicator, ranks each
    category, and writes terminal tables, CSV, JSON and Excel exports, and
    PDF assessment sheets and ranked lists.

    \b
    Where the inputs come from (options of every command):
      --criteria PATH    criteria file or folder. Default: ./criteria when the
                         current folder has one, else the criteria shipped
                         with paritrana (edition 2022, six categories): a
                         PROPOSAL, since no official weight table of the
                         award is public; every output says so.
      --candidates PATH  candidate file or folder (repeatable).
                         Default: ./candidates
      --panel PATH       the judges' interview scores, file or folder
                         (repeatable). Default: ./panel when it exists.
    `paritrana fields` lists every value a candidate file can carry.

    \b
    Exit codes:
      0  done (verify: the sheet matches its input files)
      1  invalid input, every problem printed as file:line:column: message
         (verify: the sheet does not match)
      2  usage error: a bad option, or an output path that is an input file
    """


@main.command()
@input_options
def validate(criteria: Path | None, candidates: tuple[Path, ...], panel: tuple[Path, ...],
             strict: bool) -> None:
    """Check the criteria and candidate files; report every problem."""
    from .scoring.pipeline import load_inputs

    def action() -> None:
        inputs = load_inputs(criteria, candidates, strict=strict, panel_paths=panel)
        _report_warnings(inputs.warnings, full=True)
        n = len(inputs.candidates)
        cats = len(inputs.criteria.categories)
        click.echo(
            f"OK: criteria edition {inputs.criteria.edition} ({cats} categories), "
            f"{n} candidate{'s' if n != 1 else ''}, {len(inputs.warnings)} warning(s)."
        )

    _run(action)


@main.command()
@input_options
@click.option("--category", "categories", multiple=True, help="Only this category (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]),
              default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file instead of standard output (required for xlsx).")
@click.option("--lang", type=LANG, default="id", show_default=True,
              help="Language of the table and workbook labels.")
@click.option("--date", "date_", metavar="YYYY-MM-DD",
              help="Generation date printed on the workbook (default: SOURCE_DATE_EPOCH or today).")
def rank(criteria, candidates, panel, strict, categories, fmt, output, lang, date_) -> None:
    """Ranked list per category (terminal table, CSV, JSON or XLSX)."""
    from .scoring.pipeline import load_inputs, rank_inputs
    from .scoring.render import export

    if fmt == "xlsx" and output is None:
        raise UsageProblem("--format xlsx writes a binary workbook: give -o FILE.xlsx")

    def action() -> None:
        inputs = load_inputs(criteria, candidates, strict=strict, panel_paths=panel)
        _report_warnings(inputs.warnings)
        ranking = rank_inputs(inputs, categories)
        data = export.render_ranking(ranking, fmt, lang, _generated(date_))
        if output is None:
            click.echo(data.decode("utf-8"), nl=False)
        else:
            export.write_output(output, data, inputs.files)
            click.echo(f"Wrote {output}", err=True)

    _run(action)


@main.command()
@input_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", type=LANG, default="id", show_default=True)
def score(criteria, candidates, panel, strict, files, lang) -> None:
    """One candidate (or a few), indicator by indicator, scored on its own.

    For self-assessment: FILES are scored without the other candidates, so
    no rank is shown (use `rank` for that). --candidates is ignored; panel
    scores (--panel, default ./panel) of other candidates are skipped.
    """
    from .scoring.pipeline import load_inputs, rank_inputs
    from .scoring.render.table import breakdown

    def action() -> None:
        inputs = load_inputs(criteria, files, strict=strict, panel_paths=panel,
                             panel_partial=True)
        _report_warnings(inputs.warnings)
        click.echo(breakdown(rank_inputs(inputs), lang), nl=False)

    _run(action)


@main.command()
@click.option("--lang", type=LANG, default="id", show_default=True)
def fields(lang: str) -> None:
    """List the candidate fields criteria can read (the field catalogue)."""
    from .scoring.render.table import field_catalogue

    click.echo(field_catalogue(lang), nl=False)


@main.command()
@click.option("--criteria", type=click.Path(path_type=Path),
              help="Criteria file or folder (as for the other commands).")
@click.option("--category", required=True, help="Category id of the candidates.")
@click.option("-n", "--count", type=click.IntRange(1, 1_000_000), default=10, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--missing-rate", type=click.FloatRange(0, 1), default=0.1, show_default=True)
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the generated files (created if needed).")
def synth(criteria, category, count, seed, missing_rate, out_dir) -> None:
    """Generate SYNTHETIC candidate files (for tests and benchmarks)."""
    from .scoring.pipeline import generate_synthetic

    def action() -> None:
        paths = generate_synthetic(criteria, category, count, seed, missing_rate, out_dir)
        click.echo(f"Wrote {len(paths)} synthetic candidate file(s) to {out_dir}")

    _run(action)


@main.command()
@input_options
@click.argument("selected", nargs=-1, metavar="[CANDIDATE...]")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder for the PDFs (created if needed).")
@click.option("--category", "categories", multiple=True, help="Only this category (repeatable).")
@click.option("--lang", type=LANG, default="id", show_default=True)
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: number of cores).")
@click.option("--date", "date_", metavar="YYYY-MM-DD",
              help="Generation date printed on the sheets (default: SOURCE_DATE_EPOCH or today).")
def scorecard(criteria, candidates, panel, strict, selected, out_dir, categories, lang, jobs,
              date_) -> None:
    """One PDF assessment sheet per candidate, ranked within its category.

    CANDIDATE is a candidate id or a candidate file (default: all). A file
    not under --candidates is added to them, so it is ranked among them.
    """
    from .scoring.pipeline import (
        candidate_sources,
        load_inputs,
        rank_inputs,
        select_candidates,
    )
    from .scoring.render.documents import scorecards

    files = [Path(s) for s in selected if s.endswith((".yaml", ".yml")) or Path(s).is_file()]

    def action() -> int:
        inputs = load_inputs(criteria, candidate_sources(candidates, files), strict=strict,
                             panel_paths=panel)
        _report_warnings(inputs.warnings)
        only = select_candidates(inputs, selected)
        report = scorecards(rank_inputs(inputs, categories), inputs, out_dir, lang=lang,
                            jobs=jobs, generated=_generated(date_), only_ids=only)
        for failure in report.failed:
            click.echo(f"FAILED {failure}", err=True)
        click.echo(f"Wrote {len(report.written)} scorecard(s) to {out_dir}", err=True)
        return 1 if report.failed else 0

    _run(action)


@main.command()
@input_options
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="PDF file to write.")
@click.option("--category", "categories", multiple=True, help="Only this category (repeatable).")
@click.option("--lang", type=LANG, default="id", show_default=True)
@click.option("--date", "date_", metavar="YYYY-MM-DD",
              help="Generation date printed on the list (default: SOURCE_DATE_EPOCH or today).")
def ranklist(criteria, candidates, panel, strict, output, categories, lang, date_) -> None:
    """Printable ranked list per category (PDF) for the secretariat."""
    from .scoring.pipeline import load_inputs, rank_inputs
    from .scoring.render.documents import ranklist as write_ranklist

    def action() -> None:
        inputs = load_inputs(criteria, candidates, strict=strict, panel_paths=panel)
        _report_warnings(inputs.warnings)
        write_ranklist(rank_inputs(inputs, categories), inputs, output, lang=lang,
                       generated=_generated(date_))
        click.echo(f"Wrote {output}", err=True)

    _run(action)


@main.command()
@input_options
@click.argument("pdf", type=click.Path(path_type=Path))
def verify(criteria, candidates, panel, strict, pdf) -> None:
    """Check that a PDF sheet was made from exactly these input files."""
    from .scoring.pipeline import load_inputs
    from .scoring.render.documents import verify as verify_pdf

    def action() -> int:
        inputs = load_inputs(criteria, candidates, strict=strict, panel_paths=panel)
        result = verify_pdf(pdf, inputs)
        click.echo(result.message)
        return 0 if result.ok else 1

    _run(action)


if __name__ == "__main__":  # pragma: no cover
    main()
