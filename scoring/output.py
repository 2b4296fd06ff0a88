"""Writing output files safely: never over an input, never half a file.

Every writer of the tool (PDF, CSV, JSON, XLSX) goes through `write_atomic`:
the data goes to a temporary file in the destination folder, is flushed to
disk, and only then replaces the destination with `os.replace` (atomic on
the same file system). An existing file is therefore replaced by a complete
new one or left as it was.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import OutputError, OverwritesInput
from .messages import _

_UNSAFE = re.compile(r"[^a-z0-9-]+")
MAX_NAME = 100  # characters, before the extension


class InputGuard:
    """The input files, resolved once, so checking an output is O(1).

    Both the resolved path and the file identity (device, inode) are
    compared, so `./a/../x.yaml`, symlinks and hard links all count.
    """

    def __init__(self, inputs: Sequence[Path]):
        self.paths: dict[Path, Path] = {}
        self.ids: dict[tuple[int, int], Path] = {}
        # A file that is not a link resolves to its folder's real path plus
        # its name: each folder is resolved once (3,548 files in 34 folders
        # cost 34 realpath calls, not 3,548), and its lstat is its stat.
        folders: dict[str, str] = {}
        for src in inputs:
            src = Path(src)
            try:
                st = os.lstat(src)
            except OSError:
                st = None
            if st is not None and not stat.S_ISLNK(st.st_mode) and src.name not in ("", ".", ".."):
                folder = os.fspath(src.parent)
                real = folders.get(folder)
                if real is None:
                    real = folders[folder] = os.path.realpath(folder)
                self.paths[Path(real, src.name)] = src
            else:
                self.paths[src.resolve()] = src
                try:
                    st = src.stat()
                except OSError:
                    continue
            self.ids[(st.st_dev, st.st_ino)] = src

    def check(self, path: Path) -> None:
        path = Path(path)
        src = self.paths.get(path.resolve())
        if src is None:
            try:
                st = path.stat()
            except OSError:
                return
            src = self.ids.get((st.st_dev, st.st_ino))
        if src is not None:
            raise OverwritesInput(
                _("{path}: refusing to overwrite an input file ({src})").format(path=path, src=src)
            )


def check_not_input(path: Path, inputs: Sequence[Path] | InputGuard) -> None:
    """Refuse an output path that resolves to one of the input files."""
    guard = inputs if isinstance(inputs, InputGuard) else InputGuard(inputs)
    guard.check(path)


def write_atomic(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    inputs: Sequence[Path] | InputGuard = (),
    durable: bool = True,
    replace: bool = True,
) -> None:
    """Write `data` to `path` completely or not at all.

    `data` is the bytes, or an iterable of byte chunks written as they come
    (a large export is never held whole in memory); an error raised while
    producing them leaves `path` as it was, like a failed write.

    Raises OverwritesInput (a usage error, exit 2) when `path` is one of
    `inputs` (resolved, so `./a/../x.yaml` and symlinks count), and
    OutputError (exit 1) when the folder does not exist or the write fails;
    in every case an existing `path` is left intact.

    `durable` fsyncs the file before the rename (a power cut cannot leave
    an empty file behind). A batch passes False and calls `sync()` once at
    the end instead: one journal commit rather than one per file, which on
    this kind of disk costs 1-40 ms each. The rename is atomic either way.

    With `replace=False` an existing `path` is never replaced (a judge's
    file may hold scores): the temporary file is hard-linked to `path`
    instead of renamed over it, so `link` fails if `path` appeared
    meanwhile (OutputError naming it), and then removed.
    """
    path = Path(path)
    check_not_input(path, inputs)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            _("{path}: folder {folder} does not exist").format(path=path, folder=folder)
        )
    if path.is_dir():
        raise OutputError(_("{path}: is a folder, not a file").format(path=path))
    exists = _("{path}: exists; refusing to overwrite it (choose another -o)")
    if not replace and (path.exists() or path.is_symlink()):
        raise OutputError(exists.format(path=path))
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, (bytes, bytearray, memoryview)):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        # mkstemp creates 0600; give the file the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        if replace:
            os.replace(tmp_name, path)
            tmp_name = None
        else:
            try:
                os.link(tmp_name, path)
            except FileExistsError:
                raise OutputError(exists.format(path=path)) from None
    except OSError as exc:
        raise OutputError(
            _("{path}: cannot write: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def safe_filename(candidate_id: str) -> str:
    """A file name stem made of `[a-z0-9-]` only, never empty, never a path.

    Candidate ids are already validated to that alphabet, but the renderer
    does not rely on it: `../../etc/x` becomes `etc-x`. Accents are folded
    (`Bandar Lampung é` -> `bandar-lampung-e`).
    """
    folded = unicodedata.normalize("NFKD", str(candidate_id))
    folded = folded.encode("ascii", "ignore").decode("ascii").lower()
    stem = _UNSAFE.sub("-", folded).strip("-")
    stem = re.sub(r"-{2,}", "-", stem)[:MAX_NAME].strip("-")
    return stem or "candidate"


def path_in(out_dir: Path, candidate_id: str, suffix: str) -> Path:
    """`out_dir/<safe id><suffix>`, checked to stay inside `out_dir`."""
    out_dir = Path(out_dir)
    target = out_dir / f"{safe_filename(candidate_id)}{suffix}"
    if target.resolve().parent != out_dir.resolve():
        raise OutputError(
            _("{target}: would land outside {out_dir}").format(target=target, out_dir=out_dir)
        )
    return target


def sync() -> None:
    """Flush written files to disk once, after a batch of non-durable writes."""
    if hasattr(os, "sync"):
        os.sync()
