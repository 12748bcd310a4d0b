"""Bytes of the messages a page sends to a new viewer, measured in-process with AppTest.

    python -m bench.payload --data-dir bench/out/100k [--page map]

Every ForwardMsg the script run enqueues for the browser is counted (its serialized size, what
goes over the websocket before compression); the map component's message is reported apart
from the rest of the page, and the whole page also as it goes over the wire with the
websocket's per-message deflate (`server.enableWebsocketCompression`: one zlib stream per
connection, each message flushed, as permessage-deflate with context takeover does). A first
session warms the process caches (the published version's frames); the second, fresh session
is the one measured, as a viewer who opens a shared link. This hooks Streamlit's script runner
(a private method): a benchmark tool, not app code.
"""

from __future__ import annotations

import argparse
import os
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Payload:
    component_bytes: int  # the map (st_folium) component's message(s)
    page_bytes: int  # every message of the run, the component's included
    page_deflated_bytes: int  # the same messages after the websocket's per-message deflate


# The window Streamlit's server (uvicorn) offers in its permessage-deflate handshake
# ("server_max_window_bits=12"): a 4 KB history, so less compression than zlib's default.
WEBSOCKET_WINDOW_BITS = 12


def deflated_size(messages: list[bytes]) -> int:
    """Bytes of `messages` compressed as permessage-deflate does (RFC 7692, context takeover:
    one raw deflate stream, a sync flush after each message, its 4-byte tail dropped)."""
    stream = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -WEBSOCKET_WINDOW_BITS)
    return sum(len(stream.compress(m) + stream.flush(zlib.Z_SYNC_FLUSH)) - 4 for m in messages)


@contextmanager
def counted_messages(sizes: dict[str, int], messages: list[bytes] | None = None):
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._enqueue_forward_msg

    def enqueue(self, msg):
        kind = "other"
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            kind = msg.delta.new_element.WhichOneof("type")
        sizes[kind] = sizes.get(kind, 0) + msg.ByteSize()
        if messages is not None:
            messages.append(msg.SerializeToString())
        return original(self, msg)

    script_runner.ScriptRunner._enqueue_forward_msg = enqueue
    try:
        yield sizes
    finally:
        script_runner.ScriptRunner._enqueue_forward_msg = original


def page_payload(folder: Path, page: str = "map") -> Payload:
    from streamlit.testing.v1 import AppTest

    from bench.server import data_env
    from tests.app.conftest import switch_to

    os.environ.update(data_env(folder))

    def open_page() -> None:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
        switch_to(at, page)
        at.run()
        if at.exception:
            raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")

    open_page()  # warms the process: the version's frames are read once
    sizes: dict[str, int] = {}
    messages: list[bytes] = []
    with counted_messages(sizes, messages):
        open_page()
    return Payload(sizes.get("component_instance", 0), sum(sizes.values()), deflated_size(messages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--page", default="map")
    args = parser.parse_args()
    payload = page_payload(args.data_dir, args.page)
    print(
        f"{args.page}: map component {payload.component_bytes / 1024:.0f} KB, "
        f"whole page {payload.page_bytes / 1024:.0f} KB, "
        f"{payload.page_deflated_bytes / 1024:.0f} KB compressed"
    )


if __name__ == "__main__":
    main()
