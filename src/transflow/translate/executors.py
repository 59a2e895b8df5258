"""Where machine translation runs.

`translate_project` cuts the machine-translation work into `Shard`s, each one engine call
(up to `translate.CHUNK` pending segments of one language, in catalog order, every text
once), and hands them to an executor. The executor calls `done(shard, hypotheses)` in this
process as each shard finishes, in any order; the driver (`translate_project`) picks the
hypothesis, fills the entries and commits each catalog once all its shards are in. An
executor never writes a file, so the project keeps one writer whatever runs the models.

- `InProcess`: the shards one after another, with the engines the driver resolved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from transflow.engines import Engine, Hypothesis
    from transflow.project.project import Project

    # called in the driver as each shard finishes: the shard and one n-best list per text
    Done = Callable[["Shard", list[list[Hypothesis]]], None]


@dataclass(frozen=True)
class Shard:
    """One engine call: `texts` (each once) into `lang`; `segments` pending entries wait on it."""

    index: int
    lang: str
    texts: tuple[str, ...]
    n_best: int
    segments: int

    def run(self, engine: Engine) -> list[list[Hypothesis]]:
        return engine.translate(list(self.texts), self.n_best) if self.texts else []


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
