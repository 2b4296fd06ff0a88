"""load -> validate -> score -> rank, as one call per command.

This is the only module that knows all the stages; cli.py calls one
function here and reports. It raises InvalidInput with every problem found
rather than stopping at the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, InvalidInput, ParitranaError, UsageError
from .model import Candidate, Criteria, Ranking
from .validate._common import suggest

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
    candidates: tuple[Candidate, ...]
    warnings: tuple[Diagnostic, ...]
    files: tuple[Path, ...]  # every input file read, so outputs never overwrite one


def load_criteria(path: Path) -> tuple[Criteria | None, list[Diagnostic], list[Path]]:
    from .load.files import find_yaml_files, load_documents
    from .validate.criteria import validate_criteria

    files, problems = find_yaml_files([path])
    if problems:
        return None, problems, files
    if not files:
        problems.append(Diagnostic(str(path), 0, 0, "no criteria files (*.yaml) found"))
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
) -> Inputs:
    """Read and validate everything; raise InvalidInput listing all problems.

    With `strict`, warnings (unknown keys, missing values) count as errors.
    `panel_paths` are panel files or folders (default: `./panel` when it
    exists); their interview scores are merged into the candidates. With
    `panel_partial` (for `score`, which scores a few files on their own)
    panel entries of candidates not read are skipped instead of errors.
    """
    from .load.files import find_yaml_files, load_documents
    from .validate.candidates import validate_candidates
    from .validate.panel import validate_panel

    criteria_path = criteria_path or default_criteria(cwd)
    criteria, problems, criteria_files = load_criteria(criteria_path)

    paths = list(candidate_paths) or [default_candidates(cwd)]
    if not candidate_paths and not paths[0].exists():
        files, found = [], [Diagnostic(
            str(paths[0]), 0, 0,
            "no such folder: run where a candidates/ folder is, or give --candidates PATH",
        )]
    else:
        files, found = find_yaml_files(paths)
    problems += found
    if not files and not found:
        shown = ", ".join(str(p) for p in paths)
        problems.append(Diagnostic(shown, 0, 0, "no candidate files (*.yaml) found"))
    docs, load_problems = load_documents(files)
    problems += load_problems

    panel_files, found = _panel_files(panel_paths, cwd)
    problems += found
    panel_docs, load_problems = load_documents(panel_files)
    problems += load_problems

    candidates: list[Candidate] = []
    if criteria is not None:
        candidates, more = validate_candidates(docs, criteria)
        problems += more
        valid = {c.id for c in candidates}
        failed = {
            d.data["id"] for d in docs
            if isinstance(d.data.get("id"), str) and d.data["id"] not in valid
        }
        candidates, more = validate_panel(
            panel_docs, criteria, candidates,
            candidate_docs=docs, skip_ids=failed, skip_unknown=panel_partial,
        )
        problems += more

    errors = [d for d in problems if d.severity == "error" or strict]
    if errors or criteria is None:
        raise InvalidInput(errors)
    warnings = tuple(sorted(d for d in problems if d.severity == "warning"))
    return Inputs(
        criteria,
        tuple(candidates),
        warnings,
        tuple(criteria_files) + tuple(files) + tuple(panel_files),
    )


def _panel_files(
    given: Sequence[Path], cwd: Path | None
) -> tuple[list[Path], list[Diagnostic]]:
    """The panel files named, else those of `./panel` (none if it is absent).

    An empty default folder is not a problem (no interview scored yet); an
    empty folder named with --panel is, as for --candidates.
    """
    from .load.files import YAML_SUFFIXES, find_yaml_files

    if given:
        return find_yaml_files(list(given))
    folder = default_panel(cwd)
    if not folder.is_dir():
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
                f"unknown category '{name}'{hint}; categories: {', '.join(known)}"
            )
    return tuple(wanted)


def rank_inputs(inputs: Inputs, categories: Sequence[str] = ()) -> Ranking:
    """Score and rank every category (or only those asked for)."""
    from .rank.ranking import rank

    chosen = select_categories(inputs.criteria, categories)
    candidates = [c for c in inputs.candidates if not chosen or c.category in chosen]
    return rank(inputs.criteria, candidates)


def generate_synthetic(
    criteria_path: Path | None,
    category: str,
    count: int,
    seed: int,
    missing_rate: float,
    out_dir: Path,
) -> list[Path]:
    """Write `count` synthetic candidates of `category` into `out_dir`."""
    from .synthetic import generate, write_candidates

    path = criteria_path or default_criteria()
    criteria, problems, _ = load_criteria(path)
    if criteria is None or any(d.severity == "error" for d in problems):
        raise InvalidInput([d for d in problems if d.severity == "error"])
    select_categories(criteria, [category])
    out_dir.mkdir(parents=True, exist_ok=True)
    records = generate(criteria, category, count, seed, missing_rate=missing_rate)
    try:
        return write_candidates(out_dir, records)
    except FileExistsError as exc:
        raise ParitranaError(f"{exc.filename or exc}: exists; choose an empty folder") from None


def candidate_sources(given: Sequence[Path], extra_files: Sequence[Path] = ()) -> list[Path]:
    """`--candidates` (default ./candidates) plus candidate files named on the
    command line, so a named file is scored among the others. The default
    folder is left out when it does not exist and files were named."""
    paths = list(given)
    if not paths:
        default = default_candidates()
        if default.is_dir() or not extra_files:
            paths.append(default)
    return paths + [p for p in extra_files if p not in paths]


def select_candidates(inputs: Inputs, selectors: Sequence[str]) -> tuple[str, ...]:
    """Turn command-line selectors (candidate ids or candidate file paths)
    into candidate ids; an unknown one is a usage error naming it."""
    ids = [c.id for c in inputs.candidates]
    by_path = {Path(c.source.path).resolve(): c.id for c in inputs.candidates if c.source}
    chosen: list[str] = []
    for sel in selectors:
        path = Path(sel)
        if sel in ids:
            chosen.append(sel)
        elif path.suffix in (".yaml", ".yml") or path.exists():
            cid = by_path.get(path.resolve())
            if cid is None:
                raise UsageError(f"{sel}: not a valid candidate file among those read")
            chosen.append(cid)
        else:
            hint = suggest(sel, ids)
            raise UsageError(f"unknown candidate '{sel}'{hint}")
    return tuple(dict.fromkeys(chosen))
