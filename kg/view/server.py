"""`kg serve`'s front: the view page at `/`, made from live data through SPARQL; every other request goes on
unchanged to the SPARQL server (Oxigraph) behind it, so /query, /update and /store work as before."""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx

from kg.errors import KgError

# Headers that describe one connection, not the message: never forwarded (RFC 9110, 7.6.1).
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host"}
VIEW_PARAMETERS = {"from", "to", "class", "entity", "top", "query", "title"}


def view_options(query_string: str) -> dict:
    """The page's options from its URL: /?from=2019&to=2019&class=hostile&entity=Cloudflare&top=50&query=events.

    >>> view_options("from=2019&class=hostile&class=legal&top=50")
    {'start': '2019', 'families': ['hostile', 'legal'], 'top': 50}
    """
    given = parse_qs(query_string, keep_blank_values=False)
    unknown = set(given) - VIEW_PARAMETERS
    if unknown:
        raise KgError(f"unknown parameter '{sorted(unknown)[0]}'; the page takes: {', '.join(sorted(VIEW_PARAMETERS))}")
    options: dict = {}
    for name, key in (("from", "start"), ("to", "end"), ("entity", "entity"), ("query", "query"), ("title", "title")):
        if name in given:
            options[key] = given[name][-1]
    if "class" in given:
        options["families"] = given["class"]
    if "top" in given:
        try:
            options["top"] = max(0, int(given["top"][-1]))
        except ValueError:
            raise KgError(f"top must be a number, not '{given['top'][-1]}'") from None
    return options


class ViewHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ViewServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet, as the SPARQL server is."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path == "/":
            self.send_view(url.query)
        else:
            self.forward()

    def do_POST(self) -> None:  # noqa: N802
        self.forward()

    def do_PUT(self) -> None:  # noqa: N802
        self.forward()

    def do_DELETE(self) -> None:  # noqa: N802
        self.forward()

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.forward()

    def do_HEAD(self) -> None:  # noqa: N802
        # Oxigraph answers HEAD with a body, which would spoil the kept-alive connection for the next request.
        if urlsplit(self.path).path == "/":
            self.send_view(urlsplit(self.path).query)
        else:
            self.send_body(HTTPStatus.METHOD_NOT_ALLOWED, b"", "text/plain")

    def send_view(self, query_string: str) -> None:
        from kg.api import Graph

        try:
            options = view_options(query_string)
            query = options.pop("query", None)
            with Graph(self.server.backend, base_iri=self.server.base_iri) as graph:
                options.setdefault("title", f"kg: {self.server.name}")
                page = graph.view(query, **options)
            self.send_body(HTTPStatus.OK, page.html.encode("utf-8"), "text/html; charset=utf-8")
        except KgError as e:
            self.send_body(HTTPStatus.BAD_REQUEST, f"Error: {e}\n".encode("utf-8"), "text/plain; charset=utf-8")

    def send_body(self, status: HTTPStatus, body: bytes, media_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def forward(self) -> None:
        """Send the request on to the SPARQL server and its answer back, streamed."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP]
        request = self.server.client.build_request(self.command, self.path, headers=headers, content=body)
        try:
            response = self.server.client.send(request, stream=True)
        except httpx.HTTPError as e:
            self.send_body(HTTPStatus.BAD_GATEWAY, f"Error: the SPARQL server did not answer: {e}\n".encode(), "text/plain")
            return
        try:
            self.send_response(response.status_code, response.reason_phrase)
            for k, v in response.headers.multi_items():
                if k.lower() not in HOP_BY_HOP:
                    self.send_header(k, v)
            bodiless = self.command == "HEAD" or response.status_code in (204, 304) or response.status_code < 200
            chunked = "content-length" not in response.headers and not bodiless
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in response.iter_raw():
                if not piece:
                    continue
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        finally:
            response.close()


class ViewServer(ThreadingHTTPServer):
    """Listens where `kg serve` was asked to; the SPARQL server listens on a loopback port behind it."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], backend: str, *, name: str, base_iri: str):
        import socket

        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, ViewHandler)
        self.backend, self.name, self.base_iri = backend, name, base_iri
        self.client = httpx.Client(base_url=backend, timeout=None)

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="kg-view-server", daemon=True)
        thread.start()
        return thread

    def server_close(self) -> None:
        super().server_close()
        self.client.close()
