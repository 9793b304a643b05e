"""`advisor serve`: the questionnaire in a browser, safe on a laptop in a meeting room.

textual-serve runs one app process per browser tab and relays its screen
over a websocket; this module wraps its server with what a room full of
laptops needs:

- **A token per launch.** A random token (192 bits, ``secrets``) is in the
  URL printed at start. The first visit with ``?token=`` sets an HttpOnly,
  SameSite=Strict cookie and redirects to the same page without the token,
  so it does not linger in the address bar or the history. Every other
  request, page, static file, download or websocket, needs the cookie;
  without it, 403. Tokens are compared in constant time.
- **Same-origin websockets.** A websocket whose ``Origin`` is not this
  server's own page is refused (403), so another site open in the same
  browser cannot drive a session.
- **Limits.** At most ``max_sessions`` live sessions (a refusal says so);
  the terminal size a browser asks for is clamped to sane bounds; the
  static folder lists no files.
- **Processes.** Each session is a process of its own that saves every
  answer as it is given. On Linux a spawner process (``advisor.spawner``)
  imports the app once and forks each session from it, so forty people
  joining at once do not each pay Python's and Textual's start-up;
  elsewhere, or if the spawner cannot start, each session is a new
  ``python -m advisor``. A session that crashes ends only itself; a
  closed tab ends its process; SIGTERM or Ctrl+C to the server asks every
  session to quit (each saves on the way out) and waits for them.

No Textual here: the app runs in the children.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import logging
import os
import secrets
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .texts import t

if TYPE_CHECKING:
    from .spawn import SpawnSpec

COOKIE = "advisor_token"
MIN_SIZE = (20, 8)       # columns, rows a browser may ask for
MAX_SIZE = (400, 150)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
log = logging.getLogger("advisor.serve")


def _number(value: Any, default: int) -> int:
    """A whole number from a browser's text (at most 6 characters read), or ``default``."""
    try:
        return int(str(value)[:6])
    except ValueError:
        return default


def clamp_size(width: Any, height: Any) -> tuple[int, int]:
    """A terminal size from a browser, as whole numbers within MIN_SIZE..MAX_SIZE (80x24 if unreadable)."""
    w, h = _number(width, 80), _number(height, 24)
    return (min(max(w, MIN_SIZE[0]), MAX_SIZE[0]), min(max(h, MIN_SIZE[1]), MAX_SIZE[1]))


def session_command(*, workshop: Path | None = None, rules: Path | None = None, language: str | None = None) -> str:
    """The shell command textual-serve runs for each session: this Python, this advisor, quoted.

    ``exec``: the shell textual-serve starts becomes the app's process, so a
    signal to the session's process reaches the app itself, and no orphan is
    left behind when it ends.
    """
    args = session_args(workshop=workshop, rules=rules, language=language)
    return "exec " + shlex.join([sys.executable, "-m", "advisor", *args])


def session_args(*, workshop: Path | None = None, rules: Path | None = None,
                 language: str | None = None) -> list[str]:
    """The arguments each session's ``advisor`` runs with (after the spawner's fork).

    ``language``: the one `advisor serve --language` named; otherwise each
    session chooses as the server did (they share its environment).
    """
    words = ["--language", language] if language else []
    if rules is not None:
        words += ["--rules", str(rules.resolve())]
    if workshop is not None:
        words += ["--workshop", str(workshop.resolve())]
    return words


def make_server(command: str, *, host: str, port: int, token: str, max_sessions: int, title: str,
                spawn: SpawnSpec | None = None) -> Any:
    """The textual-serve server with the advisor's guard around it.

    ``command`` starts a session as a new process; with ``spawn`` (and on
    Linux) sessions are forked from a spawner instead, and ``command`` is
    the fallback should the spawner not start or stop.
    """
    from types import SimpleNamespace

    from aiohttp import WSMsgType, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    from .spawn import Spawner

    class ForkedAppService(AppService):
        """textual-serve's session, its process forked by the spawner rather than started by a shell."""

        spawner: Spawner

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
            process = await self.spawner.spawn(width, height)
            self._process = process  # type: ignore[assignment]  # the same shape: streams, returncode, wait
            assert process.stdin is not None
            self._stdin = process.stdin
            return process

    class AdvisorServer(Server):
        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=title,
                             public_url=f"http://{'[' + host + ']' if ':' in host else host}:{port}")
            self.token = token
            self.max_sessions = max_sessions
            self.sessions: set[AppService] = set()
            self.spawner: Spawner | None = None

        # -- access -------------------------------------------------------------------------

        def _valid(self, offered: str | None) -> bool:
            return bool(offered) and hmac.compare_digest(str(offered).encode(), self.token.encode())

        @web.middleware
        async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
            offered = request.query.get("token")
            if offered is not None:
                if not self._valid(offered):
                    raise web.HTTPForbidden(text="advisor: this link's token is not valid for this server.\n")
                # Keep the token out of the address bar and the history from here on.
                query = {k: v for k, v in request.query.items() if k != "token"}
                target = request.rel_url.with_query(query)
                response = web.HTTPSeeOther(location=str(target))
                response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict", path="/")
                raise response
            if not self._valid(request.cookies.get(COOKIE)):
                raise web.HTTPForbidden(text="advisor: open the link printed by `advisor serve` "
                                             "(it carries this server's token).\n")
            if request.path == "/ws":
                own = f"http://{request.host}"
                if request.headers.get("Origin") != own:
                    raise web.HTTPForbidden(text="advisor: websocket from another site refused.\n")
            return await handler(request)

        async def _make_app(self) -> web.Application:
            import aiohttp_jinja2
            import jinja2

            app = web.Application(middlewares=[self.guard])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        # -- sessions -----------------------------------------------------------------------

        def _full(self) -> web.HTTPServiceUnavailable:
            return web.HTTPServiceUnavailable(
                text=f"advisor: this server already runs {len(self.sessions)} sessions, its limit "
                     f"(--max-sessions {self.max_sessions}). Try again when someone has finished.\n")

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            """The page, its script and websocket addressed by the host the browser used.

            textual-serve writes absolute addresses from one public URL; with
            ``--host 0.0.0.0``, or a page opened as ``localhost``, those would
            name another host than the page's (unreachable, or without the
            cookie). The Origin check compares with the same host.
            """
            import aiohttp_jinja2

            if len(self.sessions) >= self.max_sessions:
                raise self._full()
            base = f"http://{request.host}"
            router = request.app.router
            context = {
                "font_size": max(6, min(_number(request.query.get("fontsize", "16"), 16), 64)),
                "app_websocket_url": "ws" + base[4:] + str(router["websocket"].url_for()),
                "config": {"static": {"url": base + str(router["static"].url_for(filename="/")).rstrip("/") + "/"}},
                "application": {"name": self.title},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if len(self.sessions) >= self.max_sessions:
                raise self._full()
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
            width, height = clamp_size(request.query.get("width", "80"), request.query.get("height", "24"))
            service: AppService | None = None
            try:
                await websocket.prepare(request)
                forked = self.spawner is not None and self.spawner.alive
                kind = ForkedAppService if forked else AppService
                service = kind(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                               close=websocket.close,  # type: ignore[arg-type]  # as textual-serve passes it
                               download_manager=self.download_manager,
                               debug=False)
                if forked:
                    service.spawner = self.spawner  # type: ignore[attr-defined]
                self.sessions.add(service)
                await service.start(width, height)
                await self._relay(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # one session's failure never takes the server down
                log.error("session ended with an error: %s", type(error).__name__)
            finally:
                if service is not None:
                    await self._stop(service)
            return websocket

        async def _relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
            """The browser's keys, clicks and resizes to the app (sizes clamped; anything else ignored)."""
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = message.json()
                    kind = envelope[0]
                    data = envelope[1] if len(envelope) > 1 else None  # "focus" and "blur" come alone
                except (ValueError, TypeError, IndexError, KeyError):
                    continue
                if kind == "stdin" and isinstance(data, str):
                    await service.send_bytes(data.encode("utf-8"))
                elif kind == "resize" and isinstance(data, dict):
                    await service.set_terminal_size(*clamp_size(data.get("width"), data.get("height")))
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await service.blur()
                elif kind == "focus":
                    await service.focus()

        async def _stop(self, service: AppService) -> None:
            """Ask the session's app to quit (it saves on the way out); stop it if it does not."""
            try:
                await asyncio.wait_for(service.stop(), timeout=10)
            except TimeoutError:
                process = service._process
                if process is not None and process.returncode is None:
                    process.terminate()
            finally:
                self.sessions.discard(service)

        async def on_shutdown(self, app: web.Application) -> None:
            await asyncio.gather(*(self._stop(service) for service in list(self.sessions)),
                                 return_exceptions=True)
            if self.spawner is not None:
                await self.spawner.stop()

        async def on_startup(self, app: web.Application) -> None:
            # No banner: the CLI prints the address, and textual-serve's would print one without the token.
            if spawn is not None and Spawner.available():
                env = AppService._build_environment(SimpleNamespace(debug=False))  # type: ignore[arg-type]
                for name in ("COLUMNS", "ROWS"):  # each session's own, sent with its request
                    env.pop(name, None)
                spawner = Spawner(spawn, env)
                try:
                    spawner.start()
                except OSError as exc:
                    log.warning("the session spawner did not start (%s); each session starts as a new process",
                                exc.strerror or exc)
                else:
                    self.spawner = spawner

        def initialize_logging(self) -> None:
            # Plain lines, no tracebacks with local variables (they could hold answers).
            logging.basicConfig(level=logging.WARNING, format="advisor serve: %(message)s")

    return AdvisorServer()


def check_can_listen(host: str, port: int) -> None:
    """FileAccessError (exit 4) with the reason when ``host:port`` cannot be listened on: said before any link."""
    import socket

    from .errors import FileAccessError

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            probe.bind(address)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        which = "cli.serve.port_taken" if exc.errno == errno.EADDRINUSE else "cli.serve.cannot_listen"
        raise FileAccessError(t(which, host=host, port=port, reason=reason)) from None


def link_host(host: str) -> str:
    """The address to put in the printed link for a server listening on ``host``.

    A wildcard (0.0.0.0, ::) is no address a browser can open: the link then
    names this machine's address on its network (the one its default route
    uses), or its host name when that cannot be found.
    """
    import socket

    if host not in ("0.0.0.0", "::", ""):
        return host
    family = socket.AF_INET6 if host == "::" else socket.AF_INET
    probe_address = ("fd00::1", 9) if family == socket.AF_INET6 else ("10.255.255.255", 9)
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect(probe_address)  # a datagram socket's connect sends nothing; it picks the route
            address = str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()
    return address if not address.startswith(("127.", "::1")) else socket.gethostname()


def print_qr(url: str) -> bool:
    """The link as a QR code drawn with block characters (segno), for a phone's camera; False if not drawn."""
    try:
        import segno
    except ImportError:  # a dependency, but the server runs without it
        return False
    try:
        segno.make(url, error="l").terminal(out=sys.stdout, compact=True)
    except (ValueError, OSError, segno.DataOverflowError):
        return False
    return True


def serve(*, host: str, port: int, max_sessions: int, workshop: Path | None, rules: Path | None,
          title: str, qr: str = "auto", language: str | None = None) -> int:
    """Run the server until SIGINT or SIGTERM; prints the address to open, with its token."""
    check_can_listen(host, port)
    token = secrets.token_urlsafe(24)
    os.environ["ADVISOR_WEB"] = "1"  # the sessions' app processes inherit it: browser mode
    from .spawn import SpawnSpec

    command = session_command(workshop=workshop, rules=rules, language=language)
    spawn = SpawnSpec(args=session_args(workshop=workshop, rules=rules, language=language))
    server = make_server(command, host=host, port=port, token=token, max_sessions=max_sessions, title=title,
                         spawn=spawn)
    shown = link_host(host)
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/?token={token}"
    print(t("cli.serve.serving_workshop", folder=workshop) if workshop else t("cli.serve.serving"))
    print(t("cli.serve.open", url=url))
    if qr == "always" or (qr == "auto" and host not in LOCAL_HOSTS and sys.stdout.isatty()):
        print(t("cli.serve.scan"))
        print_qr(url)
    if host not in LOCAL_HOSTS:
        print(t("cli.warning", prog="advisor", message=t("cli.serve.reachable", host=host, port=port)),
              file=sys.stderr)
    print(t("cli.serve.stop"), flush=True)
    try:
        server.serve()
    except OSError as exc:  # taken in the moment since the check above
        from .errors import FileAccessError

        raise FileAccessError(t("cli.serve.cannot_listen", host=host, port=port,
                                reason=exc.strerror or exc)) from None
    return 0
