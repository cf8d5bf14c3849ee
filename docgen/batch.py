"""The batch engine: one document per record, merged onto a shared case.

    docgen batch KIND RECORDS --case CASE --out DIR --workers N [--resume]

How it works
- The main process reads the records (JSONL or CSV, `docgen.records`), runs the cheap
  checks (parse errors, duplicate ids, the kind's record checks), merges each record onto
  the case and hands chunks of records to worker processes. It never imports WeasyPrint.
- Workers (ProcessPoolExecutor, *spawn* context, ``max_tasks_per_child`` to bound memory)
  import WeasyPrint themselves, keep one FontConfiguration and parsed stylesheet per
  process (`docgen.render.pdf`), validate + render each record and write its files
  atomically (`docgen.write.files.atomic_write`: temp file ``.tmp-*.part`` + rename, so
  kill -9 never leaves a partial output). They return the manifest entries.
- The main process appends one manifest line per document AFTER its files are written
  (`docgen.write.manifest.append`). A record whose files exist but whose manifest line is
  missing (killed in between) is simply rendered again by ``--resume``: output is
  deterministic, so the files are replaced by identical bytes, and it gets one line.
- Bad records go to OUT/errors.jsonl (line, record id, JSON pointer, code, message), and
  the batch goes on; `docgen batch` exits 1 when some were rejected.
- ``--resume`` skips records the manifest lists with every output present. Without it,
  an OUT that already lists some of the records is refused (it would duplicate entries).
- ``--scheduler ADDRESS`` sends the chunks to a Dask distributed cluster instead (needs
  ``docgen[dask]``; the workers must see OUT on a shared file system).

File names come from `safe_name` of the record id, never from a path in the input.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import multiprocessing.context
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputRejected, Problem, UsageError
from .write import manifest
from .write.files import atomic_write, locked, safe_name

ERRORS = "errors.jsonl"
MAX_TASKS_PER_CHILD = 250     # chunks per worker process before it is replaced (bounds memory; RSS is
                              # flat, and a restart costs ~3 s of imports and the shared-part cache)
GROUP_WINDOW = 1024           # records reordered at a time so that letters of one group travel together
CHUNK = 8                     # records per task (amortises IPC; keeps the progress bar lively)


@dataclass
class BatchReport:
    rendered: int = 0
    rejected: int = 0
    skipped: int = 0
    errors_path: Path | None = None
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.rendered / self.seconds if self.seconds else 0.0


# ---- worker side ----------------------------------------------------------------------

def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when the batch process dies (kill -9 included:
    PR_SET_PDEATHSIG), and exit now if it already has (it may have died before the
    request). Elsewhere `render_chunk` checks the parent before publishing each file."""
    import sys

    if sys.platform.startswith("linux"):
        import ctypes
        import ctypes.util

        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)      # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


_worker_secret = None     # a passphrase/PIN typed at the prompt, handed to this worker in memory


def _warm_up(parent: int | None = None, secret=None) -> None:
    """Worker initializer: die with the batch process, import WeasyPrint and build the
    per-process font configuration and stylesheet now (not during the first task), and
    load the hyphenation data. A signing secret typed at a prompt arrives here (pickled
    over the pool's pipe, never on disk); one from an environment variable is inherited
    with the environment.

    Then the heap is frozen and the youngest generation collected less often: the cyclic
    garbage collector no longer walks the modules, fonts and stylesheet at every
    collection, ~7 % of a letter's time (bench/README.md). The worker is docgen's own
    process, and replaced after `MAX_TASKS_PER_CHILD` chunks."""
    global _worker_secret
    # Ctrl-C is the batch process's to handle (it stops the pool, see _run_local); the
    # worker was started with SIGINT blocked (_QuietSpawnProcess)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):      # POSIX
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _worker_secret = secret
    if parent is not None:
        _die_with_parent(parent)
    from .render.pdf import engine
    engine()
    import gc

    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def render_chunk(kind: str, issued: str | None, out_dir: str, items: list[tuple[int, str, dict]],
                 parent: int | None = None, signer=None) -> list[dict]:
    """Validate, render and write each (line, record id, merged case). Returns one result
    per item: {"entry": ...}, {"problems": [...]}, or {"fatal": problem} after which the
    chunk stops (a full disk). Runs in a worker process; with ``parent`` (a local pool)
    it never publishes a file once the batch process is gone. ``signer`` (a
    `docgen.signing.Signer`, configuration only, no secret) signs each PDF first."""
    from dataclasses import replace

    from .errors import OutputRefused
    from .pipeline import prepare, render_prepared, sign_rendered
    from .signing.keys import SigningRefused
    from .write.documents import write_outputs

    if signer is not None and signer.secret is None and _worker_secret is not None:
        signer = replace(signer, secret=_worker_secret)
    out = Path(out_dir)
    results = []
    for line, rid, case in items:
        try:
            prepared = prepare(case, kind, issued=issued)
            rendered = sign_rendered(render_prepared(prepared), signer)
        except InputRejected as exc:
            results.append({"line": line, "id": rid, "problems": [p.as_dict() for p in exc.problems]})
            continue
        except UsageError as exc:
            results.append({"line": line, "id": rid, "problems": [{"pointer": "", "code": "usage", "message": str(exc)}]})
            continue
        except SigningRefused as exc:      # e.g. the time-stamping authority did not answer: this record only
            results.append({"line": line, "id": rid, "problems": [{"pointer": "", "code": "signing.refused",
                                                                    "message": str(exc)}]})
            continue
        if parent is not None and os.getppid() != parent:
            os._exit(1)      # the batch is gone: nobody would list this file in the manifest
        # duplicate ids were refused before (batch._jobs), so no collision check per file here
        try:
            entry = {**write_outputs(rendered, rid, out), "record": rid, "line": line}
        except OutputRefused as exc:
            problem = exc.problems[0].as_dict()
            if problem["code"] == "output.no_space":
                results.append({"line": line, "id": rid, "fatal": problem})
                return results
            results.append({"line": line, "id": rid, "problems": [problem]})   # a symlink in the way of this record
            continue
        results.append({"line": line, "id": rid, "entry": entry})
    return results


# ---- main side ------------------------------------------------------------------------

def _clean_temp_files(out_dir: Path) -> None:
    for tmp in out_dir.glob(".tmp-*.part"):
        tmp.unlink(missing_ok=True)


def _remove_orphans(out_dir: Path, kind: str) -> int:
    """Remove this kind's documents that the manifest does not list: files a killed batch
    published before its manifest line (or that its workers wrote after it died). A record
    they belong to is rendered again (same bytes) and listed; the others must not stay
    behind unlisted. Runs under the folder lock, so no other docgen is writing."""
    import re

    listed = {name for entry in manifest.read(out_dir) for name in entry["outputs"]}
    pattern = re.compile(rf"_{re.escape(kind)}_[A-Z]{{2}}_[a-z]{{2,3}}\.(pdf|xml)$")
    removed = 0
    for path in out_dir.iterdir():
        if path.name not in listed and pattern.search(path.name) and path.is_file() and not path.is_symlink():
            path.unlink()
            removed += 1
    return removed


def _done_records(out_dir: Path) -> dict[str, dict]:
    """Record id -> manifest entry, for entries whose every output is present."""
    done = {}
    for entry in manifest.read(out_dir):
        rid = entry.get("record")
        if rid and entry.get("outputs") and all((out_dir / name).is_file() for name in entry["outputs"]):
            done[rid] = entry
    return done


def _problem_rows(line: int, rid: str | None, problems: list[dict], base: str) -> list[dict]:
    rows = []
    for p in problems:
        row = {"line": line, "id": rid, "pointer": p.get("pointer", ""), "code": p["code"], "message": p["message"]}
        if base and row["pointer"].startswith(base):
            row["record_pointer"] = row["pointer"][len(base):] or "/"
        rows.append(row)
    return rows


def _jobs(kind: str, case: dict, records_path: Path, done: dict[str, dict], report: BatchReport,
          errors: list[dict], tick=lambda: None) -> Iterator[tuple[int, str, dict]]:
    from .kinds import get_kind
    from .records import merge, read_records, record_pointer

    base = record_pointer(kind)
    seen: dict[str, int] = {}
    kind_obj = get_kind(kind)
    for rec in read_records(records_path, counted=True):   # run_batch counted it
        if rec.problem is not None:
            errors.extend(_problem_rows(rec.line, None, [rec.problem.as_dict()], base))
            report.rejected += 1
            tick()
            continue
        rid = rec.id
        problems: list[Problem] = []
        if rid is None or not rid.strip():
            problems.append(Problem(base + "/id", "record.id_missing", "every record needs an 'id' (text): the file names come from it"))
        else:
            name = safe_name(rid)
            if name in seen:
                problems.append(Problem(base + "/id", "record.duplicate_id",
                                        f"id {rid!r} gives the same file name as the record on line {seen[name]}"))
            else:
                seen[name] = rec.line
        problems += kind_obj.check_record(rec.data, case.get("requesting_state"))
        if problems:
            errors.extend(_problem_rows(rec.line, rid, [p.as_dict() for p in problems], base))
            report.rejected += 1
            tick()
            continue
        if rid in done:
            report.skipped += 1
            tick()
            continue
        yield rec.line, rid, merge(kind, case, rec.data)


def _grouped(jobs: Iterator, key, window: int = GROUP_WINDOW) -> Iterator[list]:
    """The jobs in groups, a bounded window at a time: documents whose shared part is the
    same (``key`` of the merged case, `Kind.group_key`; see render/pdf.py) travel together.
    Memory stays bounded; the order of outputs does not matter."""
    buffer: list = []
    for job in jobs:
        buffer.append(job)
        if len(buffer) == window:
            yield from _groups(buffer, key)
            buffer = []
    yield from _groups(buffer, key)


def _groups(buffer: list, key) -> Iterator[list]:
    keyed = sorted(((key(job[2]), n, job) for n, job in enumerate(buffer)), key=lambda k: k[:2])
    for _, group in itertools.groupby(keyed, key=lambda k: k[0]):
        yield [job for _, _, job in group]


def _chunks(groups: Iterator[list], size: int) -> Iterator[tuple[int, list]]:
    """(group number, chunk): chunks of about ``size`` jobs that never mix groups, and keep
    a group of up to 2 x ``size`` whole: one worker then lays out its shared part, not each
    worker that would receive a piece of it (a quarter of a 240-letter batch's layouts
    were such repeats). A larger group's chunks follow one another; `_next_chunk` keeps
    them on one worker."""
    for number, group in enumerate(groups):
        if len(group) <= 2 * size:
            yield number, group
            continue
        n = math.ceil(len(group) / size)
        for i in range(n):
            yield number, group[i * len(group) // n:(i + 1) * len(group) // n]


def _next_chunk(ahead: list[tuple[int, list]], last: int | None, running: set[int]) -> tuple[int, list]:
    """The chunk a free worker takes from ``ahead`` (the chunks read ahead, in order): the
    next of the group it rendered last (``last``: its shared part is in that worker's
    cache), else the first of a group no other worker is rendering (``running``), else
    the first. Removed from ``ahead``."""
    for wanted in (lambda g: g == last, lambda g: g not in running, lambda g: True):
        for i, (group, _chunk) in enumerate(ahead):
            if wanted(group):
                return ahead.pop(i)
    raise IndexError("no chunk ahead")


class _Progress:
    def __init__(self, enabled: bool, total: int | None):
        self.bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            self.bar = Progress(TextColumn("[bold]rendering"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                                TextColumn("{task.fields[rate]} docs/s"), TextColumn("rejected {task.fields[rejected]}"),
                                TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True))
            self.task = self.bar.add_task("batch", total=total, rate="-", rejected=0)
            self.bar.start()
        self.start = time.perf_counter()
        self.count = 0

    def advance(self, n: int, rejected: int, *, counted: bool = True) -> None:
        if counted:
            self.count += n
        if self.bar is not None:
            rate = self.count / max(time.perf_counter() - self.start, 1e-9)
            self.bar.update(self.task, advance=n, rate=f"{rate:.1f}", rejected=rejected)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _case_kind(case: dict) -> str:
    """The kind the shared case names (as `pipeline.prepare` reads it: mla if it names none)."""
    from .kinds import KINDS

    name = case.get("kind") if isinstance(case, dict) else None
    if name is not None and (not isinstance(name, str) or name not in KINDS):
        raise InputRejected([Problem("/kind", "schema.enum", f"{str(name)[:40]!r} is not a kind docgen knows; "
                                     f"known kinds: {', '.join(KINDS)}")])
    return name or "mla"


def run_batch(kind: str | None, records_path: Path, case_path: Path, out_dir: Path, *, workers: int = os.cpu_count() or 1,
              resume: bool = False, issued: dt.date | None = None, scheduler: str | None = None,
              progress: bool = True, chunk_size: int | None = None, signer=None) -> BatchReport:
    """Render one document per record into ``out_dir``. See the module docstring.

    The records file is counted first (limit, CSV header); ``out_dir`` is locked for the
    whole run (a second batch or render there is `OutputRefused` ``output.locked``); a
    full disk stops the batch with `OutputRefused` ``output.no_space``, every document
    written so far listed and nothing unlisted left behind. With ``signer`` (a
    `docgen.signing.Signer`) each PDF is signed before it is written."""
    from .kinds import get_kind
    from .load import read_case
    from .records import count_records

    case = read_case(case_path)
    kind = get_kind(kind or _case_kind(case)).name
    records_path, out_dir = Path(records_path), Path(out_dir)
    total = count_records(records_path)   # the limit and the CSV header, before anything is written
    if signer is not None and scheduler and signer.secret is not None:
        raise UsageError("with --scheduler the passphrase or PIN must come from --passphrase-env/--pin-env, "
                         "set on every Dask worker: a typed secret is not sent over the network")
    out_dir.mkdir(parents=True, exist_ok=True)
    with locked(out_dir):
        return _run_locked(kind, case, records_path, out_dir, total, workers=workers, resume=resume, issued=issued,
                           scheduler=scheduler, progress=progress, chunk_size=chunk_size, signer=signer)


def _run_locked(kind: str, case: dict, records_path: Path, out_dir: Path, total: int, *, workers: int, resume: bool,
                issued: dt.date | None, scheduler: str | None, progress: bool, chunk_size: int | None,
                signer=None) -> BatchReport:
    from .errors import OutputRefused, Problem as _Problem
    from .kinds import get_kind
    from .write.documents import append_or_withdraw

    _clean_temp_files(out_dir)
    done = _done_records(out_dir)
    if done and not resume:
        raise UsageError(f"{out_dir} already holds {len(done)} documents of a batch; use --resume to complete it, "
                         f"or choose an empty folder")
    if not resume:
        done = {}
    _remove_orphans(out_dir, kind)
    report = BatchReport(errors_path=out_dir / ERRORS)
    errors: list[dict] = []
    fatal: list[dict] = []
    issued_text = issued.isoformat() if issued else None
    size = chunk_size or max(1, min(CHUNK, total // max(4 * workers, 1) or 1))
    bar = _Progress(progress, total)
    start = time.perf_counter()
    jobs = _chunks(_grouped(_jobs(kind, case, records_path, done, report, errors,
                                  tick=lambda: bar.advance(1, report.rejected, counted=False)),
                            get_kind(kind).group_key), size)

    def collect(results: list[dict]) -> None:
        for res in results:
            if "entry" in res:
                if fatal:       # the disk is full: list nothing more, keep nothing unlisted
                    for name in res["entry"]["outputs"]:
                        (out_dir / name).unlink(missing_ok=True)
                    continue
                try:
                    append_or_withdraw(out_dir, res["entry"], set())   # the files are already written
                except OutputRefused as exc:
                    fatal.append(exc.problems[0].as_dict())
                    continue
                report.rendered += 1
                report.outputs.extend(res["entry"]["outputs"])
            elif "fatal" in res:
                fatal.append(res["fatal"])
            else:
                errors.extend(_problem_rows(res["line"], res["id"], res["problems"], _base(kind)))
                report.rejected += 1
        bar.advance(len(results), report.rejected)

    try:
        if scheduler:
            _run_dask(scheduler, kind, issued_text, out_dir, jobs, collect, signer)
        else:
            _run_local(workers, kind, issued_text, out_dir, jobs, collect, stop=lambda: bool(fatal), signer=signer)
        bar.advance(0, report.rejected)
    finally:
        bar.stop()
        report.seconds = time.perf_counter() - start
        _clean_temp_files(out_dir)
        if errors or report.errors_path.exists():
            try:
                atomic_write(report.errors_path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors).encode())
            except OutputRefused as exc:
                fatal.append(exc.problems[0].as_dict())
    if fatal:
        p = fatal[0]
        raise OutputRefused([_Problem(p.get("pointer", ""), p["code"], p["message"])],
                            f"the batch stopped: {report.rendered} documents were written and listed in the manifest, "
                            "nothing unlisted was left; free some space and run again with --resume")
    if not errors:
        report.errors_path = None
    return report


def _base(kind: str) -> str:
    from .records import record_pointer
    return record_pointer(kind)


class _QuietSpawnProcess(multiprocessing.context.SpawnProcess):
    """A spawned worker that starts with SIGINT blocked (the signal mask survives fork and
    exec), so that Ctrl-C cannot interrupt its imports with a traceback; `_warm_up` then
    ignores SIGINT and unblocks it. Ctrl-C is the batch process's to handle."""

    @staticmethod
    def _Popen(process_obj):
        if not hasattr(signal, "pthread_sigmask"):     # not POSIX: a plain spawn
            return multiprocessing.context.SpawnProcess._Popen(process_obj)
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return multiprocessing.context.SpawnProcess._Popen(process_obj)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _QuietSpawnContext(multiprocessing.context.SpawnContext):
    Process = _QuietSpawnProcess


def _run_local(workers: int, kind: str, issued: str | None, out_dir: Path, jobs: Iterator[list], collect,
               stop=lambda: False, signer=None) -> None:
    ctx = _QuietSpawnContext()
    parent = os.getpid()
    secret = signer.secret if signer is not None else None     # the Signer pickles without it
    # One chunk per worker at a time: a chunk submitted when one finishes goes to the worker
    # that finished it (the others are busy), so `_next_chunk` can give it the rest of its
    # group. A bounded look-ahead: memory stays flat for any number of records.
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm_up, initargs=(parent, secret),
                             max_tasks_per_child=MAX_TASKS_PER_CHILD) as pool:
        pending: dict = {}      # future -> its chunk's group
        ahead: list[tuple[int, list]] = []

        def submit(last: int | None) -> None:
            ahead.extend(itertools.islice(jobs, 3 * workers - len(ahead)))
            if ahead and not stop():
                group, chunk = _next_chunk(ahead, last, set(pending.values()))
                pending[pool.submit(render_chunk, kind, issued, str(out_dir), chunk, parent, signer)] = group

        try:
            for _ in range(workers):
                submit(None)
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    group = pending.pop(fut)
                    results = fut.result()
                    if not any("fatal" in res for res in results):
                        submit(group)       # before collecting, so the worker does not wait for the manifest
                    collect(results)
        except BaseException:
            # Ctrl-C or an error: chunks not started are dropped, the running ones end (their
            # files are complete but unlisted: the next run removes them, or --resume redoes them)
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _run_dask(address: str, kind: str, issued: str | None, out_dir: Path, jobs: Iterator[list], collect,
              signer=None) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask distributed: pip install 'docgen[dask]'") from None
    with Client(address) as client:
        # bounded look-ahead, as in _run_local: chunks are submitted as others finish, so
        # memory stays flat for any number of records
        limit = 3 * max(1, sum(client.nthreads().values()))
        pending, in_flight = as_completed(), 0
        for _group, chunk in jobs:
            pending.add(client.submit(render_chunk, kind, issued, str(out_dir.resolve()), chunk, None, signer, pure=False))
            in_flight += 1
            if in_flight >= limit:
                collect(next(pending).result())
                in_flight -= 1
        for fut in pending:
            collect(fut.result())
