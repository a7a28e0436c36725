"""A TCP proxy on 127.0.0.1 that a test can cut or black-hole, in front of the shared
PostgreSQL (which is never stopped or reconfigured).

- forward: bytes flow both ways (the normal link);
- cut: every open connection is reset and new ones are refused at once;
- blackhole: connections are accepted (and open ones kept) but nothing is passed on, as
  when a link silently drops every packet.
"""

import socket
import struct
import threading
from contextlib import suppress
from typing import Literal

Mode = Literal["forward", "cut", "blackhole"]


class FaultProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.mode: Mode = "forward"
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._stopped = False
        threading.Thread(target=self._accept_loop, daemon=True, name="fault-proxy").start()

    # --- what a test calls ------------------------------------------------------------

    def forward(self) -> None:
        self.mode = "forward"

    def cut(self) -> None:
        self.mode = "cut"
        self._drop_all()

    def blackhole(self) -> None:
        self.mode = "blackhole"  # open connections stay open; the pumps stop passing bytes

    def close(self) -> None:
        self._stopped = True
        with suppress(OSError):
            self._listener.close()
        self._drop_all()

    # --- inside -----------------------------------------------------------------------

    def _drop_all(self) -> None:
        with self._lock:
            sockets, self._open = self._open, []
        for s in sockets:
            with suppress(OSError):
                # SO_LINGER 0: close with a reset, as a dropped link looks to the client.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            with suppress(OSError):
                s.close()

    def _keep(self, *sockets: socket.socket) -> None:
        with self._lock:
            self._open.extend(sockets)

    def _accept_loop(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == "cut":
                self._keep(client)
                self._drop_all()
                continue
            self._keep(client)
            if self.mode == "blackhole":
                continue  # accepted, never answered
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                self._drop_all()
                continue
            server.settimeout(None)
            self._keep(server)
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                return
            if not data:
                with suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)
                return
            if self.mode != "forward":
                continue  # swallowed: the other side waits for an answer that never comes
            try:
                dst.sendall(data)
            except OSError:
                return
