"""The benchmark's own logic (not its timings): loopback-only targets and percentiles."""

from __future__ import annotations

import pytest

from bench.load import Viewer, percentile, require_loopback, summary


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8501/", "http://localhost:8080", "http://[::1]:9000", "http://127.0.0.2"],
)
def test_load_script_accepts_loopback_targets(url):
    assert require_loopback(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:8501", "http://192.168.1.2", "https://example.org", "ftp://127.0.0.1"]
)
def test_load_script_refuses_other_hosts(url):
    with pytest.raises(ValueError):
        require_loopback(url)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 0.95) == 10.0
    assert percentile(values, 0.5) == 5.0
    assert percentile([3.0], 0.95) == 3.0


def test_summary_counts_viewers_that_timed_out():
    results = [Viewer(1.0, 100), Viewer(3.0, 300), Viewer(None, 50, "TimeoutError")]
    figures = summary(results)
    assert figures["viewers"] == 3
    assert figures["finished"] == 2
    assert figures["p50_s"] == 2.0
    assert figures["p95_s"] == 3.0
    assert figures["websocket_bytes_median"] == 100


def test_each_benchmark_data_folder_has_a_store_of_its_own(tmp_path):
    from bench.server import data_env

    first, second = data_env(tmp_path / "1k"), data_env(tmp_path / "100k")
    assert first["ATLAS_DATA_DIR"] == str(tmp_path / "1k")
    # a shared store would be seeded by the first size and shown for every later one
    assert first["ATLAS_DATABASE_URL"] != second["ATLAS_DATABASE_URL"]
    assert first["ATLAS_DATABASE_URL"].startswith(f"sqlite:///{tmp_path / '1k'}/")


def test_each_load_client_keeps_its_own_replica_table(tmp_path):
    from bench.bench_replicas import table, write_section

    row = {
        "replicas": 2,
        "viewers": 5,
        "finished": 5,
        "p50_s": 1.0,
        "p95_s": 2.5,
        "max_s": 3.0,
        "spread": {"r2": 5},
        "peak_rss_mb": [300, 310],
        "load_average": "1.0 / 1.0",
        "client_cpu_s": 0.4,
    }
    results = tmp_path / "RESULTS.md"
    results.write_text("# Speed\n\nother table\n", encoding="utf-8")
    write_section(results, table([row], 2000, "browser"), "browser")
    write_section(results, table([row], 2000, "ws"), "ws")
    write_section(results, table([{**row, "finished": 4}], 2000, "ws"), "ws")  # replaced
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Speed\n\nother table\n")
    assert text.count("<!-- bench_replicas begin -->") == 1
    assert text.count("<!-- bench_replicas_ws begin -->") == 1
    # r1 got none of the five: the spread says so, in replica order
    assert "| 2 | 5 | 5 | 1.0 s | 2.5 s | 3.0 s | 0 / 5 | 300 MB, 310 MB | 1.0 / 1.0 |\n" in text
    assert (
        "| 2 | 5 | 4 | 1.0 s | 2.5 s | 3.0 s | 0 / 5 | 300 MB, 310 MB | 1.0 / 1.0 | 0.4 s |\n"
        in text
    )


def test_viewers_open_from_a_thread_that_already_runs_an_event_loop():
    """Playwright's sync API (the e2e suite) leaves an event loop running in the main thread,
    where asyncio.run refuses to start: the load client then runs in a thread of its own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from bench.load import _run_to_end

    async def viewers():
        return ["viewer"]

    async def caller():
        return _run_to_end(viewers)

    # a thread of its own, where this test can start a loop whatever the suite left running
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(lambda: asyncio.run(caller())).result() == ["viewer"]
    assert _run_to_end(viewers) == ["viewer"]


def test_server_cpu_seconds_grow_with_work_and_are_zero_for_a_process_gone():
    import os
    import subprocess
    import sys

    from bench.server import cpu_seconds, machine_busy_seconds

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=60)  # reaped: its /proc entry is gone
    assert cpu_seconds(child.pid) == 0.0
    spent, machine = cpu_seconds(os.getpid()), machine_busy_seconds()
    sum(i * i for i in range(3_000_000))
    assert cpu_seconds(os.getpid()) > spent
    assert machine_busy_seconds() - machine >= cpu_seconds(os.getpid()) - spent - 0.02


def test_deflated_size_is_what_a_zlib_peer_inflates_back():
    import zlib

    from bench.payload import deflated_size

    messages = [b"kind:'region'," * 500, b"x" * 10, b"kind:'region'," * 500]
    size = deflated_size(messages)
    assert 0 < size < sum(map(len, messages)) // 10
    # the receiving side (one inflate stream, the 4-byte tail put back per message)
    stream = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    for message in messages:
        wire = stream.compress(message) + stream.flush(zlib.Z_SYNC_FLUSH)
        assert wire.endswith(b"\x00\x00\xff\xff")
        assert inflate.decompress(wire[:-4] + b"\x00\x00\xff\xff") == message
