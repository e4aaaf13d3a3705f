"""Where asset values go between steps: pickled files under the instance's storage folder, as with
Dagster's own FilesystemIOManager (so one asset can be re-materialized from the UI later), plus a
copy kept in memory for the rest of the run. The in-process executor runs every step of a run in
one process, so downstream steps take the value itself instead of unpickling it again: at 100x
the shipped corpus the concept graph alone was loaded four times, about 2.5 s each. Steps of one run
therefore share a value: an asset must not change its inputs (copy them first, as the map does)."""

from __future__ import annotations

import os
import pickle
from typing import Any

import dagster as dg
from upath import UPath


class RunCachedPickleIOManager(dg.UPathIOManager):
    extension = ""  # the same file names as Dagster's FilesystemIOManager

    def __init__(self, base_dir: str) -> None:
        super().__init__(base_path=UPath(base_dir))
        # file -> (size and mtime when written, value); lives as long as this run's resources
        self._values: dict[str, tuple[tuple[int, int], Any]] = {}

    @staticmethod
    def _stamp(path: UPath) -> tuple[int, int]:
        stat = os.stat(str(path))
        return stat.st_size, stat.st_mtime_ns

    def dump_to_path(self, context: dg.OutputContext, obj: Any, path: UPath) -> None:
        with path.open("wb") as file:
            pickle.dump(obj, file, pickle.HIGHEST_PROTOCOL)
        self._values[str(path)] = (self._stamp(path), obj)

    def load_from_path(self, context: dg.InputContext, path: UPath) -> Any:
        cached = self._values.get(str(path))
        if cached is not None and cached[0] == self._stamp(path):  # not rewritten by another run since
            return cached[1]
        with path.open("rb") as file:
            return pickle.load(file)


class RunCachedFilesystemIOManager(dg.ConfigurableIOManagerFactory):
    """The project's IO manager: files under `base_dir` (default: the Dagster instance's storage
    folder), values reused in memory within a run."""

    base_dir: str | None = None

    def create_io_manager(self, context: dg.InitResourceContext) -> RunCachedPickleIOManager:
        return RunCachedPickleIOManager(self.base_dir or context.instance.storage_directory())
