"""Serving the page: loopback by default, a random token when another host is asked for.

werkzeug's threaded server is enough for one office PC talking to itself (a handful of
requests, one user); generation runs in its own thread so the page stays responsive.
"""

from __future__ import annotations

import logging
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from .app import create_app
from .guard import is_loopback

DEFAULT_PORT = 8765


@dataclass
class Served:
    server: BaseWSGIServer
    url: str
    token: str | None
    serving: bool = False

    def serve_forever(self) -> None:
        self.serving = True
        self.server.serve_forever()

    def shutdown(self) -> None:
        """Stop serving (if it ever started: socketserver would wait forever) and free the port."""
        if self.serving:
            self.server.shutdown()
        self.server.server_close()


def _dual_stack(host: str) -> bool:
    """``::`` takes IPv4 too where the system can (Windows and Python's create_server make an
    IPv6 socket IPv6-only otherwise), so the IPv4 address we print opens the page."""
    return host == "::" and socket.has_dualstack_ipv6()


def _lan_address(family: socket.AddressFamily, probe_to: str) -> str | None:
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((probe_to, 9))  # no packet is sent; picks the outgoing interface
            return str(probe.getsockname()[0])
    except OSError:
        return None


def _url_host(host: str) -> str:
    """The host to print: the machine's LAN address for a wildcard bind (what another PC
    types); an IPv6 one when ``::`` could not take IPv4 as well."""
    if host in ("0.0.0.0", ""):
        return _lan_address(socket.AF_INET, "192.0.2.1") or socket.gethostname()
    if host == "::":
        if _dual_stack(host):
            return _lan_address(socket.AF_INET, "192.0.2.1") or socket.gethostname()
        found = _lan_address(socket.AF_INET6, "2001:db8::1")
        return f"[{found.split('%')[0]}]" if found else socket.gethostname()
    return f"[{host}]" if ":" in host else host


def _listen(host: str, port: int) -> socket.socket:
    """Our own listening socket, so a busy port is an OSError here (werkzeug would exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, dualstack_ipv6=_dual_stack(host))


def serve(root: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> Served:
    """A server bound and ready (not yet serving); a busy default port falls back to a free one."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the user's window
    token = None if is_loopback(host) else secrets.token_urlsafe(16)
    app = create_app(root, token=token)
    try:
        listening = _listen(host, port)
    except OSError:
        if port != DEFAULT_PORT:
            raise
        listening = _listen(host, 0)
    with listening:
        server = make_server(host, listening.getsockname()[1], app, threaded=True, fd=listening.fileno())
    url = f"http://{_url_host(host)}:{server.port}/"
    if token:
        url += f"?token={token}"
    return Served(server, url, token)
