"""load -> validate -> score -> rank, as one call per command.

This is the only module that knows all the stages; cli.py calls one
function here and reports. It is also the one place that reads a
command's CANDIDATE arguments (`parse_selectors`: which are files, which
are ids) and the input options every command shares (`InputOptions`,
`load_for`). It raises InvalidInput with every problem found
rather than stopping at the first.
"""

from __future__ import annotations

import stat
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import (
    Diagnostic,
    InvalidInput,
    OutputError,
    ParitranaError,
    UsageError,
)
from .load.files import SKIPPED as SKIPPED_PREFIX
from .load.files import real_path
from .messages import _, ngettext, number
from .model import (
    ALL_PILLARS,
    Candidate,
    CandidateTable,
    Category,
    CategoryResult,
    Criteria,
    Judge,
    Ranking,
    Stage,
)
from .validate._common import suggest

if TYPE_CHECKING:
    import numpy as np

    from .output import InputGuard
    from .render.panel_status import StatusReport
    from .render.panel_view import RosterJudge

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def shipped_criteria() -> Path:
    """The criteria installed with the tool (package data)."""
    return PACKAGE_DIR / "criteria"


def default_criteria(cwd: Path | None = None) -> Path:
    """`./criteria` when the current folder has one, else the shipped set."""
    local = cwd / "criteria" if cwd else Path("criteria")
    return local if local.is_dir() else shipped_criteria()


def default_candidates(cwd: Path | None = None) -> Path:
    return cwd / "candidates" if cwd else Path("candidates")


def default_panel(cwd: Path | None = None) -> Path:
    """`./panel`: judges' interview scores (used only when the folder exists)."""
    return cwd / "panel" if cwd else Path("panel")


@dataclass(frozen=True)
class Inputs:
    criteria: Criteria
    # Every valid candidate, as columns (YAML files' rows keep their
    # Candidate objects; a table's rows have none unless a panel scored them).
    candidates: CandidateTable
    warnings: tuple[Diagnostic, ...]
    files: tuple[Path, ...]  # every input file read, so outputs never overwrite one
    # Display paths of files named directly (not found in a folder): their
    # warnings are always shown in full.
    named: frozenset[str] = field(default_factory=frozenset)
    # The valid rows of each CSV/XLSX candidate table read (docs/formats.md,
    # "Candidate tables"), in the order read; `candidates` holds them too,
    # after the YAML ones.
    tables: tuple[CandidateTable, ...] = ()
    rejected: int = 0  # table rows set aside (--rejects), written to `rejects`
    rejects: Path | None = None
    # Those rows (validate/tables.py RejectedRow), as written to `rejects`:
    # a second load of the same run (`load_peers`) writes them again with its own.
    rejected_rows: tuple[object, ...] = ()

    @cached_property
    def guard(self) -> InputGuard:
        """The input files resolved once: every output of the run is checked
        against it (resolving 3,500 paths per check cost a tenth of a run)."""
        from .output import InputGuard

        return InputGuard(self.files)

    def __post_init__(self) -> None:
        if not isinstance(self.candidates, CandidateTable):  # Candidate objects
            from .score.engine import as_table

            object.__setattr__(self, "candidates", as_table(self.candidates))


def load_criteria(path: Path) -> tuple[Criteria | None, list[Diagnostic], list[Path]]:
    from .load.files import find_yaml_files, load_documents
    from .validate.criteria import validate_criteria

    files, problems = find_yaml_files([path])
    if any(d.severity == "error" for d in problems):
        return None, problems, files
    if not files:
        problems.append(Diagnostic(str(path), 0, 0, _("no criteria files (*.yaml) found")))
        return None, problems, files
    docs, load_problems = load_documents(files)
    problems += load_problems
    if load_problems:  # a broken file would make the rest look wrong too
        return None, problems, files
    criteria, more = validate_criteria(docs)
    return criteria, problems + more, files


def load_inputs(
    criteria_path: Path | None,
    candidate_paths: Sequence[Path],
    *,
    strict: bool = False,
    cwd: Path | None = None,
    panel_paths: Sequence[Path] = (),
    panel_partial: bool = False,
    rejects: Path | None = None,
    rejected_before: Sequence[object] = (),
) -> Inputs:
    """Read and validate everything; raise InvalidInput listing all problems.

    With `strict`, warnings (unknown keys, missing values) count as errors.
    `panel_paths` are panel files or folders (default: `./panel` when it
    exists); their interview scores are merged into the candidates. With
    `panel_partial` (for `score`, which scores a few files on their own)
    panel entries of candidates not read are skipped instead of errors.

    Candidate folders are read recursively, YAML files and CSV/XLSX tables
    alike (`read_candidate_tables`). A table row with an error is an error
    of the run, unless `rejects` is given: then such rows are set aside,
    written to that CSV file with their reasons, their problems become
    warnings, and the run goes on with the other rows (docs/formats.md,
    "Candidate tables"). `rejected_before`: rows an earlier load of the
    same run set aside into `rejects` (`load_peers`); the file is written
    with them and this load's own, each row once.
    """
    from .load.files import is_table, load_documents, load_found
    from .score.engine import as_table
    from .validate.candidates import validate_candidates

    criteria_path = criteria_path or default_criteria(cwd)
    criteria, problems, criteria_files = load_criteria(criteria_path)

    paths = list(candidate_paths) or [default_candidates(cwd)]
    default = default_candidates(cwd)
    found = [
        Diagnostic(
            str(p),
            0,
            0,
            _("no such folder: run where a candidates/ folder is, or give --candidates PATH"),
        )
        for p in paths
        if p == default and not (p.exists() or p.is_symlink())
    ]
    if rejects is not None:
        _rejects_outside(rejects, paths)
    files, more_found = _candidate_files(
        [p for p in paths if not found or p != default], panel_paths, cwd
    )
    found += more_found
    problems += found
    if not files and not any(d.severity == "error" for d in found):
        shown = ", ".join(str(p) for p in paths)
        problems.append(
            Diagnostic(shown, 0, 0, _("no candidate files (*.yaml, *.csv, *.xlsx) found"))
        )
    table_files = [f for f in files if is_table(f)]
    docs, load_problems = load_found([f for f in files if not is_table(f)])
    problems += load_problems

    panel_files, found = _panel_files(panel_paths, cwd)
    problems += found
    panel_docs, load_problems = load_documents(panel_files)
    problems += load_problems

    # Candidate tables (CSV, XLSX; scoring/load/tables.py) join here: one
    # validated CandidateTable per table file, in the order found. They are
    # concatenated after the YAML candidates, then ids are checked unique
    # across every source, then the panel files are merged in.
    tables: list[CandidateTable] = []
    rejected = 0
    candidates = _empty_table()
    if criteria is not None:
        from_yaml, more = validate_candidates(docs, criteria)
        problems += more
        tables, more, rejected_rows = read_candidate_tables(
            table_files, criteria, docs, go_on=rejects is not None
        )
        problems += more
        rejected = len(rejected_rows)
        if rejects is not None:
            problems += write_rejects(
                rejects,
                _union_rows(rejected_before, rejected_rows),
                tuple(criteria_files) + tuple(files) + tuple(panel_files),
            )
        valid = {c.id for c in from_yaml}
        failed = {
            d.data["id"]
            for d in docs
            if isinstance(d.data.get("id"), str) and d.data["id"] not in valid
        }
        # A rejected table row's panel entries are skipped like a failed
        # file's: its own problems are already reported.
        for row in rejected_rows:
            header = getattr(row, "header", ())
            cells = getattr(row, "cells", ())
            at = header.index("id") if "id" in header else len(cells)
            if at < len(cells) and cells[at]:
                failed.add(str(cells[at]).strip())
        # Ids are unique across every source by now: validate_candidates
        # refuses a YAML file repeating an earlier one's id, and
        # read_candidate_tables a table row repeating any earlier id.
        candidates = CandidateTable.concat([as_table(from_yaml), *tables])
        if panel_docs:  # (without any, nothing to merge: the panel checks are not imported)
            from .validate.panel import validate_panel

            merged, more = validate_panel(
                panel_docs,
                criteria,
                candidates,
                candidate_docs=docs,
                skip_ids=failed,
                # With no candidate file read at all (already an error), every
                # panel entry would be "unknown candidate": one error is enough.
                skip_unknown=panel_partial or not docs,
            )
            assert isinstance(merged, CandidateTable)
            candidates = merged
            problems += more

    errors = [d for d in problems if d.severity == "error" or strict]
    if errors or criteria is None:
        raise InvalidInput(errors)
    warnings = tuple(sorted(d for d in problems if d.severity == "warning"))
    return Inputs(
        criteria,
        candidates,
        warnings,
        tuple(criteria_files) + tuple(files) + tuple(panel_files),
        frozenset(str(p) for p in paths if _is_file(p)),
        tables=tuple(tables),
        rejected=rejected,
        rejects=rejects,
        rejected_rows=tuple(rejected_rows),
    )


def _union_rows(before: Sequence[object], rows: Sequence[object]) -> list[object]:
    """`before`, then the rows of `rows` not among them (a row is its file
    and spreadsheet row): what a second load of one run writes to --rejects."""
    if not before:
        return list(rows)
    seen = {(getattr(r, "path", ""), getattr(r, "row", 0)) for r in before}
    return [
        *before,
        *(r for r in rows if (getattr(r, "path", ""), getattr(r, "row", 0)) not in seen),
    ]


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _panel_files(given: Sequence[Path], cwd: Path | None) -> tuple[list[Path], list[Diagnostic]]:
    """The panel files named, else those of `./panel` (none if it is absent).

    An empty default folder is not a problem (no interview scored yet); an
    empty folder named with --panel is, as for --candidates.
    """
    from .load.files import YAML_SUFFIXES, find_yaml_files

    if given:
        return find_yaml_files(list(given))
    folder = default_panel(cwd)
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            return [], [
                Diagnostic(
                    str(folder),
                    0,
                    0,
                    _(
                        "not a folder, so not read as the default panel folder "
                        "(give panel files with --panel FILE)"
                    ),
                    "warning",
                )
            ]
        return [], []
    try:
        if not any(p.suffix.lower() in YAML_SUFFIXES for p in folder.iterdir()):
            return [], []
    except OSError:
        pass  # find_yaml_files reports it
    return find_yaml_files([folder])


def select_categories(criteria: Criteria, wanted: Sequence[str]) -> tuple[str, ...]:
    """Check `--category` values against the criteria, suggesting a near one."""
    known = [c.id for c in criteria.categories]
    for name in wanted:
        if name not in known:
            hint = suggest(name, known)
            raise UsageError(
                _("unknown category '{name}'{hint}; categories: {names}").format(
                    name=name, hint=hint, names=", ".join(known)
                )
            )
    return tuple(wanted)


def rank_inputs(
    inputs: Inputs,
    categories: Sequence[str] = (),
    stage: str | None = None,
    top: int | None = None,
) -> Ranking:
    """Score and rank every category (or only those asked for), each in
    `stage` (None: per category the latest stage with a complete
    candidate), with `top` overriding that stage's shortlist.

    A stage that a category being ranked does not declare, or a `top`
    below 1, is a UsageError listing the stages of each category."""
    from .rank.ranking import rank

    chosen = select_categories(inputs.criteria, categories)
    candidates = of_categories(inputs.candidates, chosen) if chosen else inputs.candidates
    if top is not None and top < 1:
        raise UsageError(
            _("--top must be a whole number of at least 1, not {top}").format(top=number(top))
        )
    if stage is not None:
        present = set(candidates.categories.tolist())
        ranked = [c for c in inputs.criteria.categories if c.id in present]
        lacking = [c for c in ranked if c.stage(stage) is None]
        if lacking:
            known = sorted({s.id for c in lacking for s in c.all_stages})
            hint = suggest(stage, known)
            listing = "; ".join(f"{c.id}: {', '.join(s.id for s in c.all_stages)}" for c in ranked)
            where = ", ".join(c.id for c in lacking)
            raise UsageError(
                _("unknown stage '{stage}' in {where}{hint}; stages: {listing}").format(
                    stage=stage, where=where, hint=hint, listing=listing
                )
            )
    return rank(inputs.criteria, candidates, stage, top)


def generate_synthetic(
    criteria_path: Path | None,
    category: str,
    count: int,
    seed: int,
    missing_rate: float,
    out_dir: Path,
    *,
    judges: int = 0,
    stage: str | None = None,
) -> list[Path]:
    """Write `count` synthetic candidates of `category` into `out_dir`; with
    `judges`, also a synthetic panel of that many judge files for `stage`
    into `out_dir/panel` (the candidates then get no `panel_scores`)."""
    from .synthetic import generate, generate_judges, judge_paths, write_candidates, write_judges

    path = criteria_path or default_criteria()
    criteria, problems, _sources = load_criteria(path)
    if criteria is None or any(d.severity == "error" for d in problems):
        raise InvalidInput([d for d in problems if d.severity == "error"])
    select_categories(criteria, [category])
    if stage is not None and not judges:
        raise UsageError(_("--stage is for the judges' files: give --judges N as well"))
    chosen = criteria.category(category)
    if judges and chosen is not None:
        stages = ", ".join(s.id for s in chosen.all_stages)
        if stage is None and chosen.stages:
            raise UsageError(
                _("category '{category}' is judged in stages {stages}: give --stage").format(
                    category=category, stages=stages
                )
            )
        if stage is not None and chosen.stage(stage) is None:
            hint = suggest(stage, [s.id for s in chosen.all_stages])
            raise UsageError(
                _(
                    "unknown stage '{stage}'{hint} of category '{category}'; stages: {stages}"
                ).format(stage=stage, hint=hint, category=category, stages=stages)
            )
    if out_dir.exists() and not out_dir.is_dir():
        raise ParitranaError(
            _("{out_dir}: exists and is not a folder; give a folder for -o").format(out_dir=out_dir)
        )
    panel_rate = 0.0 if judges else 0.5
    records = generate(
        criteria, category, count, seed, missing_rate=missing_rate, panel_rate=panel_rate
    )
    panel = generate_judges(criteria, category, records, judges, stage, seed) if judges else []
    panel_dir = out_dir / "panel"
    taken = [p for p in judge_paths(panel_dir, panel) if p.exists() or p.is_symlink()]
    if taken:
        raise ParitranaError(
            _("{taken}: exists; choose an empty folder (nothing was written)").format(
                taken=taken[0]
            )
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParitranaError(
            _("{out_dir}: cannot create folder: {value}").format(
                out_dir=out_dir, value=exc.strerror or exc
            )
        ) from None
    try:
        paths = write_candidates(out_dir, records)
        if panel:
            paths += write_judges(panel_dir, panel, seed=seed)
        return paths
    except FileExistsError as exc:
        raise ParitranaError(
            _("{value}: exists; choose an empty folder (nothing was written)").format(
                value=exc.filename or exc
            )
        ) from None
    except OSError as exc:
        where = exc.filename or out_dir
        raise ParitranaError(
            _("{where}: cannot write: {value}").format(where=where, value=exc.strerror or exc)
        ) from None


@dataclass(frozen=True)
class Selection:
    """What a command's positional CANDIDATE arguments name.

    The rules are the same on every command that takes them (validate,
    score, scorecard): an argument that ends in .yaml/.yml/.csv/.xlsx or exists on
    disk is a candidate file or a folder of them (read recursively); anything
    else is a candidate id, looked up among the candidates of
    `--candidates` (default ./candidates).
    """

    paths: tuple[Path, ...]  # files and folders named
    ids: tuple[str, ...]  # candidate ids named
    sources: tuple[Path, ...]  # every candidate path to read
    whole_set: bool  # the candidate set (--candidates or its default) is read
    # Every argument in the order given: a Path for a file or folder, a str
    # for an id (`parse_selectors`).
    named: tuple[Path | str, ...] = ()


def is_path_selector(selector: str) -> bool:
    path = Path(selector)
    if path.suffix.lower() in (".yaml", ".yml", ".csv", ".xlsx"):
        return True
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True


def parse_selectors(selectors: Sequence[str]) -> tuple[Path | str, ...]:
    """The one place that decides which CANDIDATE arguments are files or
    folders (returned as Path) and which are candidate ids (kept as str)."""
    return tuple(Path(s) if is_path_selector(s) else s for s in selectors)


def resolve_selectors(
    selectors: Sequence[str],
    given: Sequence[Path],
    *,
    rank_among_set: bool,
    cwd: Path | None = None,
) -> Selection:
    """Which candidate paths a command reads for its CANDIDATE arguments.

    `--candidates` (`given`) is always read when given. Its default,
    ./candidates, is read when the command needs the candidate set: it
    ranks among them (`rank_among_set`: scorecard), no CANDIDATE is named,
    or a CANDIDATE is an id. When only files are named and ./candidates
    does not exist, it is left out (the files are enough).
    """
    named = parse_selectors(selectors)
    paths = tuple(p for p in named if isinstance(p, Path))
    ids = tuple(s for s in named if isinstance(s, str))
    sources = list(given)
    whole = bool(given)
    if not given and (rank_among_set or ids or not paths):
        default = default_candidates(cwd)
        if default.is_dir() or not paths or ids:
            sources.append(default)
            whole = True
    sources += [p for p in paths if p not in sources]
    return Selection(paths, ids, tuple(sources), whole, named)


def _under(path: Path, named: Sequence[Path], real: dict[str, Path] | None = None) -> bool:
    """Is `path` one of the files named, or in one of the folders named (or
    their sub-folders, which are read recursively)? `real` caches each
    path's resolution: the rows of a table share one file, resolved once."""
    cache = {} if real is None else real
    key = str(path)
    if key not in cache:
        cache[key] = real_path(path)
    resolved = cache[key]
    for target in named:
        tkey = str(target)
        if tkey not in cache:
            cache[tkey] = real_path(target)
        if cache[tkey] == resolved or cache[tkey] in resolved.parents:
            return True
    return False


def select_candidates(inputs: Inputs, named: Sequence[Path | str]) -> tuple[str, ...]:
    """Turn the parsed CANDIDATE arguments (`Selection.named`: a Path is a
    candidate file or a folder of them, a str a candidate id) into candidate
    ids, in order, each once; an unknown one is a usage error naming it."""
    table = inputs.candidates
    ids = frozenset(table.ids.tolist()) if any(isinstance(s, str) for s in named) else frozenset()
    chosen: list[str] = []
    for sel in named:
        if isinstance(sel, str):
            if sel not in ids:
                hint = suggest(sel, near_ids(table, sel))
                raise UsageError(_("unknown candidate '{sel}'{hint}").format(sel=sel, hint=hint))
            chosen.append(sel)
            continue
        real: dict[str, Path] = {}
        under = [k for k, src in enumerate(table.sources) if _under(Path(src.path), [sel], real)]
        found = table.ids[rows_from(table, under)].tolist()
        if not found:
            raise UsageError(_("{sel}: no valid candidate file among those read").format(sel=sel))
        chosen += found
    return tuple(dict.fromkeys(chosen))


def assess_each(inputs: Inputs, ids: Sequence[str]) -> Ranking:
    """Each candidate `ids` scored on its own (`score`), in the order given.

    Ranked alone, a candidate enters every stage its own complete results
    reach, and its stage is the latest one it is complete in: it is never
    dropped because a peer was scored further, and peers never change its
    numbers. The results are one per candidate, in the order named."""
    from .rank.ranking import rank

    rows = rows_of(inputs.candidates, ids)
    results = tuple(
        r for cid in ids for r in rank(inputs.criteria, inputs.candidates.take([rows[cid]])).results
    )
    return Ranking(criteria=inputs.criteria, results=results)


def split_warnings(
    inputs: Inputs, shown_ids: Sequence[str] = (), *, everything: bool = False
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(warnings shown in full, warnings only counted).

    Shown in full: everything about the criteria and panel files, every
    skipped path, the candidate files named directly on the command line
    (`Inputs.named`) and those of the candidates `shown_ids` (the ones the
    command reports on). Counted: the other candidates' warnings (peers
    ranked against). `everything` (validate) shows all.

    A candidate table holds many candidates, so its warnings are told
    apart by (file, row): a warning at a row (a valid row, or one set
    aside by --rejects) is shown when that row is one of `shown_ids`, or
    when the table was named and the command reports on no candidate in
    particular (`rank`); the table's other warnings (its header, the
    counts of capped messages) as a file's are.
    """
    import numpy as np

    if everything:
        return list(inputs.warnings), []
    named = set(inputs.named)
    full = set(named)
    full |= {s.path for s in inputs.criteria.sources}
    table = inputs.candidates
    full |= {s.path for c in with_objects(table) for s in c.panel_sources}
    table_paths = {t.sources[0].path for t in inputs.tables if t.sources}
    shown_rows: dict[str, np.ndarray] = {}  # table path -> sorted rows of shown candidates
    rows = rows_of(table, shown_ids)
    if rows and table.source_index is not None:
        at = np.fromiter(rows.values(), dtype=np.int64, count=len(rows))
        index = table.source_index[at]
        lines = table.rows[at] if table.rows is not None else np.zeros(len(at), dtype=np.int64)
        for k in np.unique(index[index >= 0]).tolist():
            path = table.sources[k].path
            full.add(path)
            if path in table_paths:
                shown_rows[path] = np.sort(lines[index == k])
    candidate_paths = {s.path for s in table.sources}
    data_rows: dict[str, np.ndarray] = {}  # table path -> sorted rows of its candidates

    def sorted_has(values: np.ndarray, line: int) -> bool:
        k = int(np.searchsorted(values, line))
        return k < len(values) and int(values[k]) == line

    def is_row(path: str, line: int) -> bool:
        if path not in data_rows:
            parts = [
                t.rows for t in inputs.tables if t.sources[0].path == path and t.rows is not None
            ]
            parts.append(
                np.array(
                    [
                        getattr(r, "row", 0)
                        for r in inputs.rejected_rows
                        if getattr(r, "path", "") == path
                    ],
                    dtype=np.int64,
                )
            )
            data_rows[path] = np.sort(np.concatenate(parts))
        return sorted_has(data_rows[path], line)

    shown: list[Diagnostic] = []
    counted: list[Diagnostic] = []
    for w in inputs.warnings:
        if w.message.startswith(_(SKIPPED_PREFIX)) or w.path not in candidate_paths:
            keep = True
        elif w.path in table_paths and w.line > 0 and is_row(w.path, w.line):
            keep = (w.path in named and not shown_ids) or (
                w.path in shown_rows and sorted_has(shown_rows[w.path], w.line)
            )
        else:
            keep = w.path in full
        (shown if keep else counted).append(w)
    return shown, counted


@dataclass(frozen=True)
class InputOptions:
    """`--criteria`, `--candidates`, `--panel` and `--strict`, as every
    command takes them (README, "Selectors")."""

    criteria: Path | None = None
    candidates: tuple[Path, ...] = ()
    panel: tuple[Path, ...] = ()
    strict: bool = False
    rejects: Path | None = None  # --rejects FILE.csv: set bad table rows aside there


# What a command reads its inputs for, which decides what is read besides
# the CANDIDATE arguments and how panel scores of unread candidates count:
#   "check"  (validate, and every command without CANDIDATE): the set is
#            read when needed; panel entries of unread candidates are
#            skipped only when the whole set was not read;
#   "assess" (score): each named candidate on its own; such entries skipped;
#   "sheets" (scorecard): the named candidates ranked among the whole set.
Purpose = Literal["check", "assess", "sheets"]


@dataclass(frozen=True)
class Loaded:
    inputs: Inputs
    selected: tuple[str, ...]  # the ids the CANDIDATE arguments name, in order; () for none


def load_for(
    options: InputOptions,
    selectors: Sequence[str] = (),
    *,
    purpose: Purpose = "check",
    cwd: Path | None = None,
) -> Loaded:
    """Read and validate a command's inputs and resolve its CANDIDATE
    arguments: InvalidInput listing every problem, UsageError for a
    CANDIDATE that names nothing read."""
    sel = resolve_selectors(
        selectors, options.candidates, rank_among_set=purpose == "sheets", cwd=cwd
    )
    partial = {"check": not sel.whole_set, "assess": True, "sheets": False}[purpose]
    inputs = load_inputs(
        options.criteria,
        sel.sources,
        strict=options.strict,
        cwd=cwd,
        panel_paths=options.panel,
        panel_partial=partial,
        rejects=options.rejects,
    )
    return Loaded(inputs, select_candidates(inputs, sel.named))


def refuse_inputs_as_outputs(inputs: Inputs, outputs: Iterable[Path]) -> None:
    """An output path that is an input file is a usage error (OverwritesInput,
    exit 2), checked before anything is written."""
    for path in outputs:
        inputs.guard.check(path)


def rank_for_sheets(
    inputs: Inputs,
    only: Sequence[str],
    categories: Sequence[str],
    out_dir: Path,
    *,
    stage: str | None = None,
    shortlisted: bool = False,
) -> tuple[Ranking, tuple[str, ...]]:
    """The ranking `scorecard` prints from (in `stage`, else each
    category's automatic stage) and the ids to print (`only`: the ids
    named, () for all; with `shortlisted`, those of them shortlisted in the
    stage ranked, a usage error when there are none), once their sheets
    are known not to land on an input file. Each category's audit hash is
    computed here: the worker processes forked for the batch inherit it
    instead of computing it per sheet."""
    from .audit import audit_hash
    from .output import safe_filename

    ranking = rank_inputs(inputs, categories, stage=stage)
    if shortlisted:
        only = shortlisted_ids(ranking, only)
    if out_dir.is_dir():
        wanted = set(only)
        printed = [
            cid
            for r in ranking.results
            for cid in r.candidates.ids.tolist()
            if not only or cid in wanted
        ]
        refuse_inputs_as_outputs(inputs, (out_dir / f"{safe_filename(cid)}.pdf" for cid in printed))
    for result in ranking.results:
        # The same object render/context.py hashes for one category (the
        # table itself, no Candidate per row), so the cache hits.
        audit_hash(ranking.criteria, result.ranked_from)
    return ranking, tuple(only)


def shortlisted_ids(ranking: Ranking, only: Sequence[str]) -> tuple[str, ...]:
    """The ids shortlisted in the stage ranked (of those named, if any); a
    usage error when there are none."""
    chosen = tuple(
        cid
        for r in ranking.results
        if r.shortlisted is not None
        for cid, passed in zip(r.candidates.ids.tolist(), r.shortlisted.tolist(), strict=True)
        if passed and (not only or cid in only)
    )
    if not chosen:
        stages = ", ".join(
            f"{r.category.id}: {r.stage.id if r.stage else '-'}" for r in ranking.results
        )
        if only:
            why = _("none of the candidates named is shortlisted")
        elif all(r.stage is None or r.stage.shortlist is None for r in ranking.results):
            why = _("the stage ranked declares no shortlist, so no candidate is shortlisted")
        else:
            why = _("no candidate is shortlisted (none is complete)")
        raise UsageError(
            _("--shortlisted: {why} in the stage ranked ({stages})").format(why=why, stages=stages)
        )
    return chosen


def require_regular_file(path: Path) -> None:
    """A file named to be read (the PDF of `verify`) must exist and be a
    regular file: otherwise one line naming it (exit 1)."""
    from .load.files import file_kind

    try:
        mode = path.stat().st_mode
    except OSError as exc:
        why = _("no such file") if isinstance(exc, FileNotFoundError) else exc.strerror
        raise ParitranaError(f"{path}: {why}") from None
    if not stat.S_ISREG(mode):
        raise ParitranaError(
            _("{path}: not a regular file ({file_kind})").format(
                path=path, file_kind=file_kind(mode)
            )
        )


# --------------------------------------------------------------------------
# The panel's own commands (`paritrana panel template|status|form`)
# --------------------------------------------------------------------------


def judge_roster(inputs: Inputs) -> tuple[RosterJudge, ...]:
    """Every judge file read, as (judge, stage, panel date, candidates it
    names), including files that score nobody yet. The files have been
    validated with the rest (`load_inputs`); this reads their heads again."""
    from .load.files import load_documents
    from .render.panel_view import RosterJudge
    from .validate._common import Checker
    from .validate.judges import _judge, is_judge_file

    known = {s.path for s in inputs.criteria.sources}
    known |= {s.path for s in inputs.candidates.sources}
    panel = [f for f in inputs.files if str(f) not in known]
    docs, _problems = load_documents(panel)
    roster: list[RosterJudge] = []
    for doc in sorted(docs, key=lambda d: d.path):
        if not is_judge_file(doc):
            continue
        ck = Checker(doc)
        judge = _judge(ck, doc.data.get("judge"))
        if judge is None:
            continue
        stage = doc.data.get("stage")
        day = ck.day(("date",), doc.data["date"]) if doc.data.get("date") is not None else None
        listed: set[str] = set()
        for key in ("scores", "conflicts", "waivers"):
            table = doc.data.get(key)
            if isinstance(table, dict):
                listed |= {str(k) for k in table}
        roster.append(
            RosterJudge(
                judge,
                stage if isinstance(stage, str) else ALL_PILLARS,
                day,
                frozenset(listed),
                doc.path,
            )
        )
    return tuple(roster)


def _stage_categories(
    inputs: Inputs, stage_id: str | None, categories: Sequence[str]
) -> list[tuple[Category, tuple[Stage, ...]]]:
    """The categories asked for (all by default) with the stages shown:
    `stage_id` alone (categories without it left out), else every stage.
    A stage no category asked for has is a usage error listing the stages."""
    chosen = select_categories(inputs.criteria, categories)
    cats = [c for c in inputs.criteria.categories if not chosen or c.id in chosen]
    if stage_id is None:
        return [(c, c.all_stages) for c in cats]
    found: list[tuple[Category, tuple[Stage, ...]]] = [
        (c, (s,)) for c in cats for s in [c.stage(stage_id)] if s is not None
    ]
    if not found:
        ids = list(dict.fromkeys(s.id for c in cats for s in c.all_stages))
        raise UsageError(
            _("unknown stage '{stage_id}'{suggest}; stages: {names}").format(
                stage_id=stage_id, suggest=suggest(stage_id, ids), names=", ".join(ids)
            )
        )
    return found


def _staged(inputs: Inputs, categories: Sequence[Category], stage_id: str) -> Ranking:
    """The staged ranking of `stage_id` for these categories: each result
    holds that stage's entrants."""
    from .rank.ranking import rank

    wanted = {c.id for c in categories}
    criteria = replace(
        inputs.criteria, categories=tuple(c for c in inputs.criteria.categories if c.id in wanted)
    )
    candidates = of_categories(inputs.candidates, wanted)
    try:
        return rank(criteria, candidates, stage=stage_id)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _entrants(
    inputs: Inputs, stage_id: str, categories: Sequence[str]
) -> list[tuple[Category, Stage, tuple[Candidate, ...]]]:
    """(category, stage, entrants by id) for each category that has the stage."""
    import numpy as np

    found = _stage_categories(inputs, stage_id, categories)
    ranking = _staged(inputs, [c for c, _ in found], stage_id)
    by_cat = {r.category.id: r for r in ranking.results}
    out = []
    for category, (stage,) in found:
        res = by_cat.get(category.id)
        entrants = (
            tuple(res.candidates[k] for k in np.argsort(res.candidates.ids, kind="stable"))
            if res
            else ()
        )
        out.append((category, stage, entrants))
    return out


def _rubric_stage(
    groups: Sequence[tuple[Category, Stage, Sequence[Candidate]]], stage_id: str
) -> None:
    """A stage whose pillars hold no rubric item is scored from documents,
    not by judges: a usage error naming the stages judges score."""
    from .render.panel_view import stage_items

    if any(stage_items(c, s) for c, s, _ in groups):
        return
    judged = sorted({s.id for c, _, _ in groups for s in c.all_stages if stage_items(c, s)})
    raise UsageError(
        _(
            "stage '{stage_id}' has no rubric (panel) items for judges to score; stages with rubric items: {stages}"
        ).format(stage_id=stage_id, stages=", ".join(judged) or _("none"))
    )


def _no_entrants(
    stage_id: str, groups: Sequence[tuple[Category, Stage, Sequence[Candidate]]]
) -> None:
    if any(cands for _, _, cands in groups):
        return
    raise ParitranaError(
        _(
            "no candidate enters stage '{stage_id}' yet: the previous stage's shortlist is not cut until its candidates are complete (see `paritrana panel status`)"
        ).format(stage_id=stage_id)
    )


def panel_template(
    inputs: Inputs,
    *,
    judge_id: str,
    stage_id: str,
    output: Path,
    categories: Sequence[str] = (),
    name: str | None = None,
    lang: Literal["id", "en"] = "id",
    panel_date: date | None = None,
) -> tuple[Path, int, bool]:
    """Write the judge file skeleton to `output`, never over an existing
    file or an input. Returns (path, candidates listed, name known)."""
    from .render.forms import criteria_hash
    from .render.judge_template import Entrants, judge_template, write_new
    from .validate._common import ID_RE

    if not ID_RE.match(judge_id):
        raise UsageError(
            _(
                "--judge '{judge_id}': a judge id is lowercase letters, digits and '-' (for example penilai-01)"
            ).format(judge_id=judge_id)
        )
    refuse_inputs_as_outputs(inputs, [output])
    if output.exists() or output.is_symlink():
        raise OutputError(
            _("{output}: exists; refusing to overwrite it (choose another -o)").format(
                output=output
            )
        )
    groups = _entrants(inputs, stage_id, categories)
    _rubric_stage(groups, stage_id)
    _no_entrants(stage_id, groups)
    roster = judge_roster(inputs)
    for r in roster:
        if r.judge.id == judge_id and r.stage == stage_id:
            raise OutputError(
                _(
                    "judge '{judge_id}' already has a file for stage '{stage_id}': {path} (one file per judge per stage)"
                ).format(judge_id=judge_id, stage_id=stage_id, path=r.path)
            )
    # A judge known from another stage's file keeps the same details
    # (one id is one person); --name overrides the name.
    known = next((r.judge for r in roster if r.judge.id == judge_id), None)
    judge = known or Judge(judge_id, "")
    if name:
        judge = replace(judge, name=name)
    text = judge_template(
        inputs.criteria,
        [Entrants(c, s, cands) for c, s, cands in groups if cands],
        judge=judge,
        stage_id=stage_id,
        lang=lang,
        panel_date=panel_date,
        criteria_hash=criteria_hash(inputs.criteria),
    )
    write_new(output, text.encode("utf-8"), inputs.files)
    return output, sum(len(c) for _, _, c in groups), bool(judge.name)


def panel_status(
    inputs: Inputs,
    *,
    stage_id: str | None = None,
    categories: Sequence[str] = (),
    lang: Literal["id", "en"] = "id",
) -> StatusReport:
    """Where each category's judging stands in each stage (or `stage_id`)."""
    from .render.panel_status import StatusSection, status_report

    found = _stage_categories(inputs, stage_id, categories)
    roster = judge_roster(inputs)
    stage_ids = list(dict.fromkeys(s.id for _, stages in found for s in stages))
    results: dict[tuple[str, str], CategoryResult] = {}
    for sid in stage_ids:
        having = [c for c, stages in found if any(s.id == sid for s in stages)]
        for res in _staged(inputs, having, sid).results:
            results[(res.category.id, sid)] = res
    sections = [
        StatusSection(results[(c.id, s.id)], s, roster)
        for c, stages in found
        for s in stages
        if (c.id, s.id) in results
    ]
    return status_report(sections, lang)


def panel_forms(
    inputs: Inputs,
    *,
    stage_id: str,
    out_dir: Path,
    judges: Sequence[str] = (),
    candidates: Sequence[str] = (),
    every: bool = False,
    categories: Sequence[str] = (),
    slots: int = 5,
    lang: Literal["id", "en"] = "id",
    panel_date: date | None = None,
    generated: date | None = None,
) -> list[Path]:
    """Blank interview forms: one PDF per judge named (every candidate of
    the stage), per candidate named, or (`every`) per candidate of the stage."""
    from .render.dates import generation_date
    from .render.forms import candidate_document, judge_document, write_forms
    from .render.panel_view import roster_for

    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(
            _("-o {out_dir}: panel form writes PDFs into a folder: give -o FOLDER").format(
                out_dir=out_dir
            )
        )
    groups = _entrants(inputs, stage_id, categories)
    _rubric_stage(groups, stage_id)
    _no_entrants(stage_id, groups)
    roster = [r for r in judge_roster(inputs) if r.stage == stage_id]
    documents = []
    for jid in dict.fromkeys(judges):
        found = next((r for r in roster if r.judge.id == jid), None)
        if found is None:
            from .validate._common import ID_RE

            if not ID_RE.match(jid):
                raise UsageError(
                    _("--judge '{jid}': not a judge id (lowercase letters, digits, '-')").format(
                        jid=jid
                    )
                )
        documents.append(
            judge_document(
                stage_id,
                found or Judge(jid, ""),
                [(c, s, cands) for c, s, cands in groups if cands],
            )
        )
    entrant_of = {cand.id: (c, s) for c, s, cands in groups for cand in cands}
    wanted = list(dict.fromkeys(candidates))
    if every:
        wanted = [cand.id for _, _, cands in groups for cand in cands]
    all_ids = frozenset(inputs.candidates.ids.tolist())
    for cid in wanted:
        if cid not in entrant_of:
            if cid not in all_ids:
                raise UsageError(
                    _("unknown candidate '{cid}'{suggest}").format(
                        cid=cid, suggest=suggest(cid, near_ids(inputs.candidates, cid))
                    )
                )
            raise UsageError(
                _(
                    "candidate '{cid}' does not enter stage '{stage_id}' (not shortlisted in the stage before, or not in the categories asked for)"
                ).format(cid=cid, stage_id=stage_id)
            )
        category, stage = entrant_of[cid]
        cand = candidate_of(inputs, cid)
        documents.append(
            candidate_document(
                category, stage, cand, roster_for(roster, category, stage, inputs.candidates), slots
            )
        )
    return write_forms(
        inputs.criteria,
        documents,
        out_dir,
        lang=lang,
        generated=generated or generation_date(),
        panel_date=panel_date,
        inputs=inputs.files,
    )


# --------------------------------------------------------------------------
# improve: what is missing and what it is worth (issue 9)
# --------------------------------------------------------------------------

if TYPE_CHECKING:
    from .improve import Assessment, Change
    from .model import Value


def what_if_changes(
    candidate: Candidate, category: Category, settings: Sequence[str]
) -> tuple[tuple[Change, ...], list[str]]:
    """`--set field=value` (each as written) read for `candidate`: the
    changes, in order (a field set twice: the last counts), and warnings.

    The field is the catalogue name (`section.key`); the value is read as
    the validator reads that field's kind in a file (`2.500` people,
    `Rp 484.646.400`, `94,5`, `ya`). An unknown field, a value the
    validator refuses, or a value above the partner it counts part of is
    a usage error naming it. Nothing is written: the changes apply to the
    candidate in memory (scoring/improve)."""
    from .fields import FIELDS
    from .improve import change_to, input_fields
    from .messages import _
    from .validate._common import read_value

    read: dict[str, Value] = {}
    warnings: list[str] = []
    for setting in settings:
        name, sep, text = setting.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(
                _(
                    "--set '{setting}': write field=value, e.g. coverage.active_members=1.200"
                ).format(setting=setting)
            )
        if name not in FIELDS:
            raise UsageError(
                _("--set: unknown field '{name}'{hint}").format(
                    name=name, hint=suggest(name, FIELDS)
                )
            )
        value, problems = read_value(name, text, where="--set")
        errors = [d.message for d in problems if d.severity == "error"]
        if errors or value is None:
            raise UsageError(
                _("--set {name}: {problem}").format(name=name, problem="; ".join(errors))
            )
        warnings += [
            _("--set {name}: {problem}").format(name=name, problem=d.message) for d in problems
        ]
        read[name] = value
    read_by = {f for ind in category.indicators for f in input_fields(ind)}
    for name in read:
        if name not in read_by:
            warnings.append(
                _(
                    "--set {name}: the criteria of {category} do not read this field: it changes nothing"
                ).format(name=name, category=category.id)
            )
    values = {**candidate.values, **read}
    for name, spec in FIELDS.items():
        partner = spec.at_most
        if partner is None or spec.over != "error" or not ({name, partner} & set(read)):
            continue
        part, whole = values.get(name), values.get(partner)
        if isinstance(part, float) and isinstance(whole, float) and part > whole:
            raise UsageError(
                _(
                    "--set: {name} ({part}) would exceed {partner} ({whole}), which it counts part of"
                ).format(name=name, part=number(part), partner=partner, whole=number(whole))
            )
    return tuple(change_to(candidate, n, v) for n, v in read.items()), warnings


def improve_candidate(
    inputs: Inputs, candidate_id: str, settings: Sequence[str] = ()
) -> tuple[Assessment, list[str]]:
    """The improvement advice of one candidate scored on its own, with the
    `--set` what-if changes applied in memory (the file is never written):
    the assessment and the what-if warnings."""
    from .improve import assess

    candidate = candidate_of(inputs, candidate_id)
    category = inputs.criteria.category(candidate.category)
    assert category is not None  # validated: the candidate's category is in the criteria
    changes, warnings = what_if_changes(candidate, category, settings)
    return assess(category, candidate, changes), warnings


if TYPE_CHECKING:
    from .improve.peers_model import PeerComparison


def load_peers(
    options: InputOptions,
    against: Path | None,
    *,
    cwd: Path | None = None,
    earlier: Inputs | None = None,
) -> Inputs:
    """The peers `improve --against` compares with: the candidate files of
    `against`, else the candidate set (--candidates, default ./candidates),
    with the panel files of every command (--panel, default ./panel).
    Panel entries of candidates not among them are skipped: the candidate
    compared was read on its own (`improve_candidate`).

    They are read by the rules of the command's own inputs (`earlier`, read
    from the same options): a peer table row with an error fails the run,
    unless --rejects is given; then it is set aside into the same rejects
    file, which keeps the rows `earlier` set aside too."""
    paths = [*options.candidates, against] if against is not None else list(options.candidates)
    return load_inputs(
        options.criteria,
        paths,
        strict=options.strict,
        cwd=cwd,
        panel_paths=options.panel,
        panel_partial=True,
        rejects=options.rejects,
        rejected_before=earlier.rejected_rows if earlier is not None else (),
    )


def check_peer_rejects(options: InputOptions, against: Path | None) -> None:
    """--rejects inside a folder of the peers (`load_peers`) is a usage
    error, as inside a candidates folder: checked before anything is read."""
    if options.rejects is not None:
        paths = [*options.candidates, against] if against is not None else list(options.candidates)
        _rejects_outside(options.rejects, paths)


def compare_with_peers(candidate: Candidate, peers: Inputs) -> PeerComparison:
    """The candidate's rank among the peers of its category (a peer with
    its id is the candidate's other version and is left out) and the
    smallest change sets that reach each higher rank and the shortlist,
    each rescored among the peers with the engine (improve/peers.py)."""
    from .improve.peers import advice_moves, compare

    return compare(peers.criteria, candidate, peers.candidates, extra_moves=advice_moves(candidate))


def init_candidate(
    criteria_path: Path | None,
    category: str,
    output: Path,
    *,
    lang: Literal["id", "en"] = "id",
) -> tuple[Path, int]:
    """Write a candidate file skeleton of `category` to `output`
    (`paritrana init`), never over an existing file or an input.

    The id is made from the file name (`kabupaten-contoh.yaml` ->
    `kabupaten-contoh`). Returns (path, number of fields listed)."""
    from .messages import _
    from .output import check_not_input, safe_filename
    from .render.judge_template import write_new
    from .render.skeleton import candidate_skeleton, field_uses

    path = criteria_path or default_criteria()
    criteria, problems, files = load_criteria(path)
    if criteria is None or any(d.severity == "error" for d in problems):
        raise InvalidInput([d for d in problems if d.severity == "error"])
    select_categories(criteria, [category])
    chosen = criteria.category(category)
    assert chosen is not None
    check_not_input(output, files)
    if output.exists() or output.is_symlink():
        raise OutputError(
            _("{path}: exists; refusing to overwrite it (choose another -o)").format(path=output)
        )
    text = candidate_skeleton(
        criteria,
        chosen,
        candidate_id=safe_filename(output.stem),
        file_name=output.name,
        lang=lang,
    )
    write_new(output, text.encode("utf-8"), files)
    return output, len(field_uses(chosen))


def field_list(
    criteria_path: Path | None, category: str | None, lang: Literal["id", "en"] = "id"
) -> str:
    """The field catalogue (`paritrana fields`); with `category`, only the
    fields that category's criteria read, each with the indicators it feeds."""
    from .render.table import field_catalogue

    if category is None:
        return field_catalogue(lang)
    path = criteria_path or default_criteria()
    criteria, problems, _files = load_criteria(path)
    if criteria is None or any(d.severity == "error" for d in problems):
        raise InvalidInput([d for d in problems if d.severity == "error"])
    select_categories(criteria, [category])
    return field_catalogue(lang, criteria.category(category))


# --------------------------------------------------------------------------
# The improve report as a PDF (`paritrana improve FILE --pdf OUT.pdf`)
# --------------------------------------------------------------------------


def improve_report(
    inputs: Inputs,
    candidate_id: str,
    out: Path,
    settings: Sequence[str] = (),
    *,
    lang: Literal["id", "en"] = "id",
    generated: date | None = None,
    peers: Inputs | None = None,
) -> tuple[Assessment, list[str]]:
    """`improve_candidate`, written as the report PDF to `out` (atomically,
    never over an input file, which is checked before anything is
    computed): the assessment and the what-if warnings. With `peers`
    (`improve --against`, read by `load_peers`) the report also holds the
    comparison with them (`compare_with_peers`, of the candidate as
    simulated). The audit hash covers the criteria and the candidate's
    file as read (not the --set values, which the report marks as a
    simulation), and the peers' files when they are compared with."""
    from .render.dates import generation_date
    from .render.improve_pdf import write_improve

    refuse_inputs_as_outputs(inputs, [out])
    if peers is not None:
        refuse_inputs_as_outputs(peers, [out])
    assessment, warnings = improve_candidate(inputs, candidate_id, settings)
    cand = candidate_of(inputs, candidate_id)
    comparison = None
    hashed = [cand]
    if peers is not None:
        comparison = compare_with_peers(assessment.candidate, peers)
        hashed += [c for c in peers.candidates if c.id != cand.id]
    write_improve(
        out,
        inputs.criteria,
        assessment,
        inputs=tuple(inputs.files) + (tuple(peers.files) if peers is not None else ()),
        lang=lang,
        generated=generated or generation_date(),
        source=cand.source.path if cand.source else "",
        peers=comparison,
        hashed=hashed,
    )
    return assessment, warnings


def write_form(
    criteria_path: Path | None,
    category_id: str,
    output: Path,
    *,
    lang: Literal["id", "en"] = "id",
) -> Path:
    """Write the offline form of one category (docs/form.md) to `output`:
    one self-contained HTML file that scores as the engine does."""
    from .messages import _
    from .output import write_atomic
    from .render.form_html import form_html

    if output.suffix.lower() not in (".html", ".htm"):
        raise UsageError(
            _("-o {output}: the form is one HTML page: end the name with .html (or .htm)").format(
                output=output
            )
        )
    criteria, category, files = _one_category(criteria_path, category_id)
    write_atomic(output, form_html(criteria, category, lang).encode("utf-8"), inputs=files)
    return output


# --------------------------------------------------------------------------
# Candidate tables (CSV, XLSX): found with the YAML files, read as columns
# --------------------------------------------------------------------------


def _candidate_files(
    paths: Sequence[Path], panel_paths: Sequence[Path], cwd: Path | None
) -> tuple[list[Path], list[Diagnostic]]:
    """The candidate files of `paths`, folders read recursively; the panel
    folders (given, or the default ./panel) are not entered."""
    from .load.files import find_candidate_files

    exclude = [p for p in panel_paths if _is_dir(p)]
    default = default_panel(cwd)
    if not panel_paths and _is_dir(default):
        exclude.append(default)
    return find_candidate_files(paths, exclude)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _rejects_outside(rejects: Path, paths: Sequence[Path]) -> None:
    """A rejects file inside a candidates folder would be read as a
    candidate table by the next run: a usage error, before anything is read."""
    folders = [p for p in paths if _is_dir(p)]
    if not folders:
        return
    target = real_path(rejects)
    for folder in folders:
        if real_path(folder) in target.parents:
            raise UsageError(
                _(
                    "--rejects {path}: it is inside the candidates folder {folder}, so the next run would read it as candidates; write it elsewhere"
                ).format(path=rejects, folder=folder)
            )


def read_candidate_tables(
    paths: Sequence[Path],
    criteria: Criteria,
    docs: Sequence[object] = (),
    *,
    go_on: bool = False,
) -> tuple[list[CandidateTable], list[Diagnostic], list[object]]:
    """Read and check each CSV/XLSX table: (the tables of valid rows, every
    problem, the rejected rows). An id given twice (in a YAML file `docs`
    or an earlier table) is an error of the later row. With `go_on`
    (--rejects), the rows' errors are reported as warnings, since those
    rows are set aside and the run goes on."""
    if not paths:  # YAML only: the table reader is not even imported
        return [], [], []
    from .validate.tables import read_table

    known: dict[str, str] = {}
    for doc in docs:
        data = getattr(doc, "data", None)
        cid = data.get("id") if isinstance(data, dict) else None
        if isinstance(cid, str) and cid not in known:
            known[cid] = str(getattr(doc, "path", ""))
    tables: list[CandidateTable] = []
    problems: list[Diagnostic] = []
    rejected: list[object] = []
    for k, path in enumerate(paths):
        read = read_table(path, criteria, known)
        if read.table is None:
            problems += read.diagnostics  # the whole file: always an error
            continue
        if go_on:
            problems += [replace(d, severity="warning") for d in read.diagnostics]
        else:
            problems += read.diagnostics
            if read.rejected:
                n = len(read.rejected)
                problems.append(
                    Diagnostic(
                        str(path),
                        0,
                        0,
                        ngettext(
                            "{n} row has errors; fix it, or give --rejects FILE.csv to set such rows aside (with their reasons) and go on with the others",
                            "{n} rows have errors; fix them, or give --rejects FILE.csv to set such rows aside (with their reasons) and go on with the others",
                            n,
                        ).format(n=number(n)),
                    )
                )
        rejected += read.rejected
        tables.append(read.table)
        if k + 1 < len(paths):
            for cid, where in read.seen().items():
                known.setdefault(cid, where)
    return tables, problems, rejected


def write_rejects(
    path: Path, rejected: Sequence[object], inputs: Sequence[Path]
) -> list[Diagnostic]:
    """Write the rejected rows to `path` (never over an input) and return
    the warning that says how many and where, always shown."""
    from .output import write_atomic
    from .render.rejects import rejects_csv

    write_atomic(path, rejects_csv(rejected), inputs=inputs)  # type: ignore[arg-type]
    n = len(rejected)
    if not n:
        return []
    return [
        Diagnostic(
            str(path),
            0,
            0,
            ngettext(
                "{n} table row set aside, written with its reasons to this file",
                "{n} table rows set aside, written with their reasons to this file",
                n,
            ).format(n=number(n)),
            "warning",
        )
    ]


def ranking_chunks(
    ranking: Ranking, fmt: str, lang: Literal["id", "en"], generated: date
) -> Iterable[bytes]:
    """`rank`'s output for standard output, in chunks as they are produced
    (a CSV without the byte-order mark a file gets: it is read by programs)."""
    from .render.export import render_chunks

    return render_chunks(ranking, fmt, lang, generated, bom=False)


def write_ranking(
    ranking: Ranking,
    fmt: str,
    output: Path,
    *,
    lang: Literal["id", "en"],
    generated: date,
    inputs: "Sequence[Path] | InputGuard",
) -> None:
    """Write `rank`'s output to `output` (docs/outputs.md), streamed: the CSV
    (with a UTF-8 byte-order mark) and the JSON are written in chunks as
    they are produced, never held whole; atomic, never over an input."""
    from .render.export import render_chunks, write_output

    write_output(output, render_chunks(ranking, fmt, lang, generated), inputs)


# --------------------------------------------------------------------------
# The submission workbook (`paritrana template`)
# --------------------------------------------------------------------------


def write_template(
    criteria_path: Path | None,
    category_id: str,
    output: Path,
    *,
    lang: Literal["id", "en"] = "id",
    generated: date | None = None,
) -> tuple[Path, int]:
    """Write the submission workbook of `category_id` to `output`
    (`paritrana template`), never over an existing file or an input.
    Returns (path, number of columns of the entries sheet)."""
    from .output import check_not_input, write_atomic
    from .render.workbook_template import template_columns, template_workbook

    if output.suffix.lower() != ".xlsx":
        raise UsageError(
            _("-o {output}: the template is an Excel workbook: end the name with .xlsx").format(
                output=output
            )
        )
    criteria, category, files = _one_category(criteria_path, category_id)
    check_not_input(output, files)
    if output.exists() or output.is_symlink():
        raise OutputError(
            _("{path}: exists; refusing to overwrite it (choose another -o)").format(path=output)
        )
    data = template_workbook(
        criteria, category, file_name=output.name, lang=lang, generated=generated
    )
    write_atomic(output, data, inputs=files, replace=False)
    return output, len(template_columns(criteria, category, lang))


# --------------------------------------------------------------------------
# The candidate table: filters by mask, lookups by id (no Candidate built)
# --------------------------------------------------------------------------


def _empty_table() -> CandidateTable:
    from .score.engine import as_table

    return as_table([])


def of_categories(table: CandidateTable, wanted: Collection[str]) -> CandidateTable:
    """The rows of the categories `wanted`, in table order (a mask and a take)."""
    import numpy as np

    mask = np.zeros(len(table), dtype=bool)
    for category in set(wanted):
        mask |= table.categories == category
    return table if mask.all() else table.take(np.flatnonzero(mask))


def rows_from(table: CandidateTable, sources: Sequence[int]) -> np.ndarray:
    """The rows read from the sources `sources` (indices into table.sources)."""
    import numpy as np

    if table.source_index is None or not len(sources):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.isin(table.source_index, np.asarray(sources, dtype=np.int32)))


def rows_of(table: CandidateTable, ids: Collection[str]) -> dict[str, int]:
    """id -> row of the ids among the table's (ids not in it are left out)."""
    import numpy as np

    wanted = set(ids)
    if not wanted:
        return {}
    rows: dict[str, int] = {}
    if len(wanted) > 16:  # one pass over the table's ids, not one per id
        for k, cid in enumerate(table.ids.tolist()):
            if cid in wanted and cid not in rows:
                rows[cid] = k
        return rows
    for cid in wanted:
        hits = np.flatnonzero(table.ids == cid)
        if len(hits):
            rows[cid] = int(hits[0])
    return rows


def with_objects(table: CandidateTable) -> list[Candidate]:
    """The rows' Candidate objects that exist (YAML rows, table rows a panel
    scored): what judges' marks and panel sources are read from."""
    objects = table.objects
    return [] if objects is None else [objects[k] for k in table.object_rows().tolist()]


def near_ids(table: CandidateTable, word: str) -> list[str]:
    """The ids to suggest from for an unknown id (validate.judges.NEAR_POOL)."""
    from .validate.judges import NEAR_POOL

    ids = table.ids.tolist()
    if len(ids) <= NEAR_POOL:
        return ids  # type: ignore[no-any-return]
    head = word[:2].casefold()
    return [i for i in ids if i[:2].casefold() == head][:NEAR_POOL]


def candidate_of(inputs: Inputs, cid: str) -> Candidate:
    """The Candidate of id `cid` (known to be read), built for its row alone."""
    return inputs.candidates[rows_of(inputs.candidates, [cid])[cid]]


def _synth_criteria(criteria_path: Path | None) -> Criteria:
    criteria, problems, _sources = load_criteria(criteria_path or default_criteria())
    if criteria is None or any(d.severity == "error" for d in problems):
        raise InvalidInput([d for d in problems if d.severity == "error"])
    return criteria


def _synth_write_error(exc: OSError, out_dir: Path) -> ParitranaError:
    if isinstance(exc, FileExistsError):
        return ParitranaError(
            _("{value}: exists; choose an empty folder (nothing was written)").format(
                value=exc.filename or exc
            )
        )
    where = exc.filename or out_dir
    return ParitranaError(
        _("{where}: cannot write: {value}").format(where=where, value=exc.strerror or exc)
    )


def generate_synthetic_table(
    criteria_path: Path | None,
    category: str,
    count: int,
    seed: int,
    missing_rate: float,
    out_dir: Path,
    *,
    bad_rate: float = 0.0,
) -> list[Path]:
    """Write a SYNTHETIC pool of `count` candidates of `category` as one CSV
    into `out_dir` (`synthetic.write_table`: the CSV, its README and, with
    `bad_rate` > 0, the list of bad rows); returns those paths."""
    from .synthetic import generate_table, write_table

    criteria = _synth_criteria(criteria_path)
    select_categories(criteria, [category])
    if out_dir.exists() and not out_dir.is_dir():
        raise ParitranaError(
            _("{out_dir}: exists and is not a folder; give a folder for -o").format(out_dir=out_dir)
        )
    columns, bad = generate_table(
        criteria, category, count, seed, missing_rate=missing_rate, bad_rate=bad_rate
    )
    try:
        return write_table(
            out_dir,
            columns,
            bad,
            category_id=category,
            period=criteria.edition,
            seed=seed,
            missing_rate=missing_rate,
            bad_rate=bad_rate,
        )
    except OSError as exc:
        raise _synth_write_error(exc, out_dir) from None


def generate_national_edition(
    criteria_path: Path | None, seed: int, missing_rate: float, out_dir: Path
) -> list[Path]:
    """Write the SYNTHETIC national edition (`synthetic.NATIONAL`: every
    category the criteria have, one sub-folder per synthetic province) into
    `out_dir`; returns the README and the candidate files."""
    from .synthetic import generate_national, write_national

    criteria = _synth_criteria(criteria_path)
    if out_dir.exists() and not out_dir.is_dir():
        raise ParitranaError(
            _("{out_dir}: exists and is not a folder; give a folder for -o").format(out_dir=out_dir)
        )
    edition = generate_national(criteria, seed, missing_rate=missing_rate)
    try:
        return write_national(out_dir, edition, seed=seed)
    except OSError as exc:
        raise _synth_write_error(exc, out_dir) from None


def _one_category(
    criteria_path: Path | None, category_id: str
) -> tuple[Criteria, Category, list[Path]]:
    """The criteria (refused with every error when invalid), the category
    `category_id` of them (a usage error, with the nearest id, when
    unknown) and the criteria files read: what a one-category command
    (`form`, `template`) starts from."""
    criteria, problems, files = load_criteria(criteria_path or default_criteria())
    if criteria is None or any(d.severity == "error" for d in problems):
        raise InvalidInput([d for d in problems if d.severity == "error"])
    select_categories(criteria, [category_id])
    category = criteria.category(category_id)
    assert category is not None  # select_categories refused an unknown id
    return criteria, category, files
