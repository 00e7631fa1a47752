"""A small SMTP server for tests: it records each message it accepts (with its Message-ID), can be slow,
can fail transiently a number of times, and can refuse given recipients for good. Runs in a thread."""

from __future__ import annotations

import email
import socket
import socketserver
import threading
import time
from dataclasses import dataclass, field


@dataclass
class SinkState:
    received: list = field(default_factory=list)  # (message-id, to, subject)
    delay: float = 0.0  # seconds to wait at MAIL FROM (before anything is accepted)
    transient_failures: int = 0  # this many next messages get "451 try again later"
    refuse: set = field(default_factory=set)  # recipients answered "550 no such user"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [mid for mid, _to, _subject in self.received]


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        state: SinkState = self.server.state
        self._reply("220 sink ESMTP")
        rcpt, failing = [], False
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250-sink\r\n250 8BITMIME" if verb == "EHLO" else "250 sink")
            elif verb == "MAIL":
                if state.delay:
                    time.sleep(state.delay)
                with state.lock:
                    failing = state.transient_failures > 0
                    if failing:
                        state.transient_failures -= 1
                rcpt = []
                self._reply("451 4.3.0 try again later" if failing else "250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                if address in state.refuse:
                    self._reply("550 5.1.1 no such user")
                else:
                    rcpt.append(address)
                    self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 go ahead")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    lines.append(line)
                parsed = email.message_from_bytes(b"".join(lines))
                with state.lock:
                    state.received.append((parsed["Message-ID"], tuple(rcpt), parsed["Subject"]))
                self._reply("250 OK queued")
            elif verb == "RSET" or verb == "NOOP":
                self._reply("250 OK")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # answer at once, as a real server does
        return connection, address

    daemon_threads = True
    allow_reuse_address = True


def start_sink() -> tuple[_Server, SinkState]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = SinkState()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.state
