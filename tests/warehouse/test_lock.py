"""A build that finds the warehouse held read-write by another process waits a bounded time, then
fails naming that process, and leaves the data as it was; readers never block it."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from warehouse.store import WarehouseLockedError, connect_readonly, lock_holder, write_warehouse

HOLD = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('holding', flush=True); time.sleep(60)"


@pytest.fixture()
def warehouse(tmp_path, fixture_rows):
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    return path


@pytest.fixture()
def held_read_write(warehouse):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    yield holder
    holder.kill()
    holder.wait()


def test_locked_warehouse_fails_after_the_timeout_naming_the_holder(warehouse, held_read_write, fixture_rows):
    before = warehouse.read_bytes()
    changed = dict(fixture_rows, document_issues=[{"source_path": "x.txt", "action": "skipped", "reason": "test"}])
    started = time.monotonic()
    with pytest.raises(WarehouseLockedError) as error:
        write_warehouse(warehouse, changed, lock_timeout=1.0)
    waited = time.monotonic() - started
    message = str(error.value)
    assert f"PID {held_read_write.pid}" in message
    assert "read-only" in message and "Nothing was changed" in message
    assert 1.0 <= waited < 10
    assert warehouse.read_bytes() == before
    assert not warehouse.with_name(warehouse.name + ".building").exists()


def test_build_proceeds_once_the_holder_lets_go(warehouse, held_read_write, fixture_rows):
    assert lock_holder(warehouse) is not None
    held_read_write.kill()
    held_read_write.wait()
    write_warehouse(warehouse, fixture_rows, lock_timeout=5.0)
    assert lock_holder(warehouse) is None


def test_readers_do_not_block_a_build(warehouse, fixture_rows):
    with connect_readonly(warehouse), connect_readonly(warehouse):
        write_warehouse(warehouse, fixture_rows, lock_timeout=0.5)
