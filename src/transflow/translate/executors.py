"""Where machine translation runs: in this process (the default) or on a Ray cluster.

`translate_project` cuts the machine-translation work into `Shard`s, each one engine call
(up to `translate.CHUNK` pending segments of one language, in catalog order, every text
once), and hands them to an executor. The executor calls `done(shard, hypotheses)` in this
process as each shard finishes, in any order; the driver (`translate_project`) picks the
hypothesis, fills the entries and commits each catalog once all its shards are in. An
executor never writes a file, so the project keeps one writer whatever runs the models.

- `InProcess`: the shards one after another, with the engines the driver resolved.
- `RayExecutor` (`--executor ray[=ADDRESS]`): one actor (`ShardWorker`) per CPU slot of the
  cluster (`[engine] threads` CPUs each, default 1), or one per GPU with
  `[engine] device = "cuda"`. Each actor loads the project from its root path and builds
  its engines itself with `get_engine`, so every model loads once per actor; the project
  and the models must be at the same paths on every node (a shared filesystem). Since a
  shard is the same engine call either way, the catalogs come out byte for byte as in
  process (CTranslate2's output may depend on what is batched together, so shards are
  never regrouped). An actor that dies is restarted by Ray (its shard retried there); one
  that is gone for good is replaced by a new actor, and its shards go to the others.

Ray is imported only here, and only when a `RayExecutor` runs (it is the optional
`transflow[ray]` extra).
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from transflow.project.errors import ExecutorError, ModelError, TransflowError

if TYPE_CHECKING:
    from transflow.engines import Engine, Hypothesis
    from transflow.project.project import Project

    # called in the driver as each shard finishes: the shard and one n-best list per text
    Done = Callable[["Shard", list[list[Hypothesis]]], None]

INSTALL_HINT = "Install it with `pip install 'transflow[ray]'` (the same version on every node)."
# what an engine's lookup reads from the environment, passed on to the actors (see
# engines.argos.packages): the driver and the workers then look in the same folders
ENGINE_ENVIRONMENT = ("ARGOS_PACKAGES_DIR",)
IN_FLIGHT = 2  # shards queued on each actor: the next one is there when one finishes
RESTARTS = 2  # Ray restarts of one actor (each retrying the shard it was running)
ATTEMPTS = 3  # actors one shard may lose before the run gives up


@dataclass(frozen=True)
class Shard:
    """One engine call: `texts` (each once) into `lang`; `segments` pending entries wait on it."""

    index: int
    lang: str
    texts: tuple[str, ...]
    n_best: int
    segments: int
    # per text, target strings its translation must not hold (None: no glossary)
    suppress: tuple[tuple[str, ...], ...] | None = None

    def run(self, engine: Engine) -> list[list[Hypothesis]]:
        if not self.texts:
            return []
        suppress = [list(s) for s in self.suppress] if self.suppress is not None else None
        return engine.translate(list(self.texts), self.n_best, suppress=suppress)


class Executor(Protocol):
    def run(
        self,
        project: Project,
        shards: Sequence[Shard],
        engines: Mapping[str, Engine],
        done: Done,
    ) -> None:
        """Translate every shard with `engines[shard.lang]` (or an engine built alike) and
        call `done` with each result, in this process."""
        ...


class InProcess:
    """The shards in order, in this process."""

    def run(
        self,
        project: Project,
        shards: Sequence[Shard],
        engines: Mapping[str, Engine],
        done: Done,
    ) -> None:
        for shard in shards:
            done(shard, shard.run(engines[shard.lang]))


def executor_for(option: str) -> Executor:
    """The executor `--executor` names: `in-process`, `ray` or `ray=ADDRESS`."""
    name, _, address = option.partition("=")
    if name == "in-process" and not address:
        return InProcess()
    if name == "ray":
        return RayExecutor(address.strip() or None)
    raise ExecutorError(
        f"unknown executor {option!r}.",
        hint="Use `--executor in-process` (the default), `--executor ray` (a local Ray "
        "instance) or `--executor ray=ADDRESS` (a Ray cluster: `auto`, `HOST:6379` or "
        "`ray://HOST:10001`).",
    )


# --- Ray ----------------------------------------------------------------------------------------


class ShardWorker:
    """The body of a Ray actor: the project loaded from its root and engines built on first
    use (each model loaded once), then shard after shard. Nothing happens in `__init__`, so
    a user's error (no model on a node) comes back with the shard, not as a dead actor."""

    def __init__(self, root: str, threads: int, environment: Mapping[str, str]) -> None:
        self.root, self.threads, self.environment = root, threads, environment
        self.project: Project | None = None
        self.engines: dict[str, Engine] = {}

    def ready(self) -> bool:
        """Answers once the actor runs (`_alive`)."""
        return True

    def translate(self, shard: Shard) -> tuple[str, list[list[Hypothesis]]]:
        """The shard's hypotheses, with the provenance of the engine that made them."""
        from transflow.engines import get_engine
        from transflow.project.config import load_project

        if self.project is None:
            os.environ.update(self.environment)
            self.project = load_project(Path(self.root))
            settings = self.project.settings.setdefault("engine", {})
            settings["threads"] = settings.get("threads") or self.threads  # its share of a node
        if shard.lang not in self.engines:
            self.engines[shard.lang] = get_engine(
                self.project, self.project.source_language, shard.lang
            )
        engine = self.engines[shard.lang]
        return engine.provenance, shard.run(engine)


class RayExecutor:
    """Shards over Ray actors (see the module doc). `address`: None starts a local Ray
    instance (or joins the one this process already runs); `auto`, `HOST:PORT` or
    `ray://HOST:PORT` joins a running cluster. The actors build engines with `get_engine`:
    `translate_project`'s `engine_factory` stays in this process (it resolves the engines
    whose provenance the actors' must match)."""

    def __init__(self, address: str | None = None) -> None:
        """Fails here, before any work, without Ray or when nothing listens at `address`."""
        self.ray = _import_ray()
        if address is not None and address != "auto":
            _reachable(address)
        self.address = address
        self.actors = 0  # how many ran the job
        self.replaced = 0  # actors lost for good, and replaced
        self.workers: list[Any] = []  # the live actors' handles (a test kills one)

    def run(
        self,
        project: Project,
        shards: Sequence[Shard],
        engines: Mapping[str, Engine],
        done: Done,
    ) -> None:
        if not shards:
            return
        ray = self.ray
        with _session(ray, self.address):
            try:
                self._dispatch(ray, project, shards, engines, done)
            finally:
                for worker in self.workers:
                    ray.kill(worker)
                self.workers = []

    def _dispatch(
        self,
        ray: Any,
        project: Project,
        shards: Sequence[Shard],
        engines: Mapping[str, Engine],
        done: Done,
    ) -> None:
        settings = project.settings.get("engine", {})
        threads = int(settings.get("threads") or 1)
        resources = ray.cluster_resources()
        cpus, gpus = int(resources.get("CPU", 0)), int(resources.get("GPU", 0))
        on_gpu = settings.get("device") == "cuda" or (settings.get("device") == "auto" and gpus)
        slots = gpus if on_gpu else cpus // threads
        if slots < 1:
            raise ExecutorError(
                f"the Ray cluster has {cpus} CPUs and {gpus} GPUs: no room for one translation "
                f"worker ({'a GPU' if on_gpu else f'{threads} CPUs'}).",
                hint="Add nodes, or lower `[engine] threads` (the CPUs of each worker).",
            )
        environment = {k: os.environ[k] for k in ENGINE_ENVIRONMENT if k in os.environ}
        actor_class = ray.remote(ShardWorker).options(
            num_cpus=threads,
            num_gpus=1 if on_gpu else 0,
            max_restarts=RESTARTS,
            max_task_retries=RESTARTS,
        )

        def start() -> Any:
            return actor_class.remote(str(project.root), threads, environment)

        self.workers = [start() for _ in range(min(slots, len(shards)))]
        self.actors = len(self.workers)
        queue = deque(shards)
        lost: dict[int, int] = {}  # shard index -> actors it lost
        running: dict[Any, tuple[Shard, int]] = {}  # object ref -> (shard, worker slot)
        load = [0] * len(self.workers)
        while queue or running:
            for slot in sorted(range(len(load)), key=lambda s: load[s]):
                while queue and load[slot] < IN_FLIGHT:
                    shard = queue.popleft()
                    running[self.workers[slot].translate.remote(shard)] = (shard, slot)
                    load[slot] += 1
            # a timeout, so that Python gets control back (Ctrl-C) while the actors work
            ready, _ = ray.wait(list(running), num_returns=1, timeout=1.0)
            for ref in ready:
                shard, slot = running.pop(ref)
                load[slot] -= 1
                try:
                    provenance, hypotheses = ray.get(ref)
                except ray.exceptions.RayActorError as exc:  # gone for good: restarts used up
                    lost[shard.index] = lost.get(shard.index, 0) + 1
                    if lost[shard.index] >= ATTEMPTS:
                        raise ExecutorError(
                            f"Ray workers died {ATTEMPTS} times translating {shard.lang} "
                            f"shard {shard.index + 1} of {len(shards)} ({type(exc).__name__}).",
                            hint="Catalogs finished before are written; the Ray logs "
                            "(/tmp/ray/session_latest/logs on each node) say why they died. "
                            "Run the command again to translate the rest.",
                        ) from None
                    queue.appendleft(shard)
                    if not _alive(ray, self.workers[slot]):
                        self.workers[slot] = start()
                        self.replaced += 1
                    continue
                except ray.exceptions.RayTaskError as exc:
                    if isinstance(exc.cause, TransflowError):  # e.g. no model on a node
                        raise exc.cause from None
                    raise
                if provenance != engines[shard.lang].provenance:
                    raise ModelError(
                        f"a Ray worker translates {shard.lang} with {provenance}, this "
                        f"machine with {engines[shard.lang].provenance}.",
                        hint="Install the same models at the same paths on every node (or "
                        "share the folder), then run the command again.",
                    )
                done(shard, hypotheses)


def _alive(ray: Any, worker: Any) -> bool:
    """Whether an actor still answers (Ray may have restarted it)."""
    try:
        ray.get(worker.ready.remote(), timeout=60)
    except (ray.exceptions.RayActorError, ray.exceptions.GetTimeoutError):
        return False
    return True


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ExecutorError(
            "`--executor ray` needs Ray, which is not installed.", hint=INSTALL_HINT
        ) from None
    return ray


@contextlib.contextmanager
def _session(ray: Any, address: str | None) -> Iterator[None]:
    """Ray connected for the run: joins `address` (or the session this process already
    has, or starts a local instance), and disconnects afterwards if it connected."""
    if ray.is_initialized() and address is None:
        yield
        return
    import logging

    options: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    if address is None:
        options["include_dashboard"] = False
    try:
        ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise ExecutorError(
            f"cannot connect to {where}: {str(exc).strip().splitlines()[0]}",
            hint="Start the cluster (`ray start --head` on the head node), check the address, "
            "and use the same Python and Ray versions as the cluster.",
        ) from None
    try:
        yield
    finally:
        ray.shutdown()


def _reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast, with a clear error, when nothing listens at a cluster's address."""
    host_port = address.removeprefix("ray://")
    host, _, port = host_port.rpartition(":")
    if not host or not port.isdigit():
        raise ExecutorError(
            f"cannot read the Ray address {address!r}.",
            hint="Give `auto`, `HOST:PORT` (the head node's GCS, port 6379 by default) or "
            "`ray://HOST:PORT` (Ray Client, port 10001 by default).",
        )
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ExecutorError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}.",
            hint="Check that the head node runs (`ray start --head`) and the address and "
            "port (`ray status` on the head node), or use `--executor ray` for a local "
            "Ray instance.",
        ) from None
