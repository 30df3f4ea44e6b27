"""The order workflow's drivers: :func:`place_order` over a ``requests.Session`` or
an ``httpx.Client``, :func:`place_order_async` over an ``httpx.AsyncClient``.

Every decision — send, resend after a backoff, look the name up, accept a found certificate
as this request's, stop — is the core's (``_native.OrderDriver``). This module performs the
actions it asks for (append to the journal, sleep, sign and send a call) and feeds back what
happened; the one thing it tells the core of its own is whether a failed call may have been
written, which only the HTTP library's exception types can say.

Imported when ``place_order`` is first named: neither requests nor httpx is imported until a
session of theirs is used, and then only to read their exception types.
"""

from __future__ import annotations

import os
import time
import warnings

from . import _native
from ._api import call, json_int, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Generator, Mapping
    from typing import Any, Literal, Union

    from ._models import PlacedOrder
    from ._signer import NcpAuth, Signer

    _Effect = Union["_Sleep", "_Send"]
    _Fed = Union["_Answer", "_Failure", None]
    _ClientKind = Literal["requests", "httpx", "httpx-async"]

__all__ = ["place_order", "place_order_async"]


# -- what the workflow asks of the host, and what the host feeds back --------------------------


class _Sleep:
    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class _Send:
    """A signed call: send exactly this method, URL, headers and body (``None``: no body)."""

    __slots__ = ("method", "url", "headers", "body")

    def __init__(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body


class _Answer:
    __slots__ = ("status", "body", "date")

    def __init__(self, status: int, body: bytes, date: str | None) -> None:
        self.status = status
        self.body = body
        self.date = date


class _Failure:
    """No answer came. ``written`` is ``False`` only when the exception's type proves that no
    byte of the request left (a failure to connect)."""

    __slots__ = ("written", "message")

    def __init__(self, written: bool, message: str) -> None:
        self.written = written
        self.message = message


def _clock_ms() -> int:
    return time.time_ns() // 1_000_000


def _describe(error: BaseException) -> str:
    """The client's exception for the core's message (which keeps only its start): its type
    and the failure it wraps, innermost first (``ConnectError: [Errno 111] Connection
    refused``), not the client's long wrapper text."""
    inner = error
    for _ in range(8):
        below = inner.__cause__ or inner.__context__
        if below is None or not str(below):
            break
        inner = below
    detail = str(inner)
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


# -- the journal file ------------------------------------------------------------------------


class _Journal:
    """The journal at ``path`` (format: the core's ``order::journal``): read whole before the
    workflow starts, appended one line at a time, each line on disk before the call that
    follows it is sent."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def read(self) -> str:
        try:
            with open(self.path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return ""
        # A line that is not UTF-8 is not an entry: the core skips it, as it skips a torn one.
        return data.decode("utf-8", "replace")

    def append(self, line: str) -> None:
        directory = os.path.dirname(os.path.abspath(self.path))
        _make_private_dirs(directory)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags | os.O_EXCL, 0o600)
            created = True
        except FileExistsError:
            fd = os.open(self.path, flags, 0o600)
            created = False
        try:
            if created and hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # whatever the umask
            data = (line + "\n").encode("utf-8")
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _sync_directory(directory)


def _make_private_dirs(directory: str) -> None:
    """Creates ``directory`` and its missing parents, each 0700 (the journal says what was
    bought: only its owner reads it)."""
    missing: list[str] = []
    while directory and not os.path.isdir(directory):
        missing.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        os.chmod(path, 0o700)  # whatever the umask


def _sync_directory(directory: str) -> None:
    """Makes a new file's directory entry durable (POSIX; elsewhere there is nothing to open)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- the loop --------------------------------------------------------------------------------


def _workflow(driver: Any, signer: Signer, journal: _Journal | None) -> Generator[_Effect, _Fed, PlacedOrder]:
    """The driver loop: yields what to sleep or send, is sent the answer (or failure) of each
    call, returns the placed order or raises the core's :class:`OrderError`."""
    while True:
        action = call(driver.next, _clock_ms())
        kind = action.get("action")
        if kind == "journal":
            if journal is not None:
                try:
                    journal.append(action["line"])
                except OSError as e:
                    # An attempt is never sent without its entry; an outcome happened already,
                    # and losing the order to a full disk would be worse than a warning.
                    if action["entry"]["event"] == "attempt":
                        raise
                    warnings.warn(f"ncpcert: the journal {journal.path} could not be written: {e}",
                                  RuntimeWarning, stacklevel=2)
        elif kind == "sleep":
            yield _Sleep(action["ms"] / 1000)
        elif kind == "send":
            request = action["request"]
            timestamp = int(signer.now_ms()) + int(action["clockOffsetMs"])
            headers = {**request["headers"], **signer.headers(request["method"], request["path"], timestamp)}
            body = None if request["body"] is None else request["body"].encode("utf-8")
            fed = yield _Send(request["method"], request["url"], headers, body)
            if isinstance(fed, _Answer):
                received = int(signer.now_ms())
                call(driver.receive, fed.status, fed.body, fed.date, received if received >= 0 else None)
            elif isinstance(fed, _Failure):
                call(driver.transport_failed, fed.written, fed.message)
        elif kind == "done":
            if action.get("ok"):
                from ._models import PlacedOrder

                return PlacedOrder.from_dict(action["result"])
            from ._errors import from_dict

            raise from_dict(action["error"])
        else:
            from ._errors import NcpError

            raise NcpError(f"the order workflow asked for an unknown action {kind!r}", "internal.engine")


def _start(
    request: Mapping[str, Any],
    session: object,
    auth: object,
    site: str,
    base_url: str | None,
    retries: int,
    timeout: float | None,
    journal: str | os.PathLike[str] | None,
    *,
    asynchronous: bool,
    lang: str = "en",
) -> tuple[_ClientKind, Generator[_Effect, _Fed, PlacedOrder]]:
    """Checks the arguments and makes the workflow; nothing is sent or written yet."""
    from collections.abc import Mapping

    from ._request import request_value

    client = _client(session, asynchronous=asynchronous)
    if not isinstance(request, Mapping):
        raise TypeError(f"request must be a dict with the API's field names, not {type(request).__name__}")
    if isinstance(retries, bool) or not isinstance(retries, int):
        raise TypeError(f"retries must be an int, not {type(retries).__name__}")
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
            raise TypeError(f"timeout must be a number of seconds or None, not {type(timeout).__name__}")
        if not 0 < timeout < float("inf"):
            raise ValueError(f"timeout must be a positive number of seconds or None, not {timeout!r}")
    journal_file = None if journal is None else _Journal(os.fsdecode(os.fspath(journal)))
    value, csr = request_value(request, {}, text(lang, "lang"))
    options: dict[str, Any] = {"site": text(site, "site"), "retries": json_int(retries)}
    if base_url is not None:
        options["baseUrl"] = text(base_url, "base_url")
    if journal_file is not None:
        options["journal"] = journal_file.read()
    driver = call(_native.OrderDriver, value, csr, options, text(lang, "lang"))
    return client, _workflow(driver, _signer(auth), journal_file)


def _signer(auth: object) -> Signer:
    from ._signer import NcpAuth, Signer

    if auth is None:
        return Signer.from_env()
    if isinstance(auth, NcpAuth):
        return auth.signer
    if isinstance(auth, Signer):
        return auth
    raise TypeError(f"auth must be an ncpcert.NcpAuth or ncpcert.Signer, not {type(auth).__name__}")


def _client(session: object, *, asynchronous: bool) -> _ClientKind:
    """Which library's session this is, from its class (a subclass counts): telling does not
    import either library."""
    kind: _ClientKind | None = None
    for cls in type(session).__mro__:
        library = cls.__module__.partition(".")[0]
        if library == "requests" and cls.__name__ == "Session":
            kind = "requests"
        elif library == "httpx" and cls.__name__ == "Client":
            kind = "httpx"
        elif library == "httpx" and cls.__name__ == "AsyncClient":
            kind = "httpx-async"
        else:
            continue
        break
    if asynchronous and kind == "httpx-async":
        return kind
    if not asynchronous and kind in ("requests", "httpx"):
        return kind
    if kind == "httpx-async":
        raise TypeError("an httpx.AsyncClient is driven by `await ncpcert.place_order_async(...)`")
    if kind is not None:
        raise TypeError(f"place_order_async takes an httpx.AsyncClient; a {type(session).__name__} is driven by place_order")
    wanted = "an httpx.AsyncClient" if asynchronous else "a requests.Session or an httpx.Client"
    raise TypeError(f"session must be {wanted}, not {type(session).__name__}")


# -- the HTTP clients ------------------------------------------------------------------------


def _as_signed(request: Any) -> Any:
    """requests' ``auth=``: the call is signed already (``auth=None`` would apply the
    session's own auth, or ``.netrc``)."""
    return request


def _requests_wrote(error: BaseException) -> bool:
    """Whether a failed requests call may have written part of the request: not when it
    failed to connect (a connect timeout, or urllib3's ``NewConnectionError``, of which a DNS
    failure (``NameResolutionError``) is a kind); anything else (a read timeout, a reset, a
    closed connection, a broken chunked answer) may come after NCP acted."""
    import requests
    from urllib3.exceptions import NewConnectionError

    if isinstance(error, requests.exceptions.ConnectTimeout):
        return False
    if isinstance(error, requests.exceptions.ConnectionError):
        reason = getattr(error.args[0], "reason", error.args[0]) if error.args else None
        return not isinstance(reason, NewConnectionError)
    return True


def _httpx_wrote(error: BaseException) -> bool:
    """Whether a failed httpx call may have written part of the request: not for
    ``ConnectError`` and ``ConnectTimeout`` (no connection), yes for anything else."""
    import httpx

    return not isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))


def _send_requests(session: Any, send: _Send, timeout: float | None) -> _Answer | _Failure:
    import requests

    try:
        r = session.request(
            send.method,
            send.url,
            data=send.body,
            headers=send.headers,
            timeout=timeout,
            allow_redirects=False,
            auth=_as_signed,
        )
        return _Answer(r.status_code, r.content, r.headers.get("Date"))
    except requests.RequestException as e:
        return _Failure(_requests_wrote(e), _describe(e))


def _send_httpx(session: Any, send: _Send, timeout: float | None) -> _Answer | _Failure:
    import httpx

    try:
        r = session.request(
            send.method,
            send.url,
            content=send.body,
            headers=send.headers,
            timeout=timeout,
            auth=None,  # the call is signed already; None also keeps the client's auth off it
            follow_redirects=False,
        )
        return _Answer(r.status_code, r.content, r.headers.get("Date"))
    except httpx.RequestError as e:
        return _Failure(_httpx_wrote(e), _describe(e))


async def _send_httpx_async(session: Any, send: _Send, timeout: float | None) -> _Answer | _Failure:
    import httpx

    try:
        r = await session.request(
            send.method,
            send.url,
            content=send.body,
            headers=send.headers,
            timeout=timeout,
            auth=None,
            follow_redirects=False,
        )
        return _Answer(r.status_code, r.content, r.headers.get("Date"))
    except httpx.RequestError as e:
        return _Failure(_httpx_wrote(e), _describe(e))


async def _sleep_async(seconds: float) -> None:
    # anyio (an httpx dependency) sleeps under asyncio and trio alike, as httpx.AsyncClient runs.
    try:
        import anyio
    except ImportError:
        import asyncio

        await asyncio.sleep(seconds)
    else:
        await anyio.sleep(seconds)


# -- the drivers -----------------------------------------------------------------------------


def place_order(
    request: Mapping[str, Any],
    *,
    session: Any,
    auth: NcpAuth | Signer | None = None,
    site: str = "public",
    base_url: str | None = None,
    retries: int = 2,
    timeout: float | None = 30.0,
    journal: str | os.PathLike[str] | None = None,
    lang: str = "en",
) -> PlacedOrder:
    """Places the order of ``request`` (a dict with the API's JSON names, as :func:`prepare`
    takes it) and returns it, never ordering twice.

    ``session`` is a ``requests.Session`` or an ``httpx.Client`` (its auth is not used: each
    call is signed with ``auth``, an :class:`NcpAuth` or :class:`Signer`; default
    :meth:`NcpAuth.from_env`). ``site`` and ``base_url`` as for :func:`prepare`; ``retries``
    bounds the resends after failures NCP certainly did not act on; ``timeout`` (seconds) is
    each call's. ``journal=PATH`` keeps the record of paid attempts there (the format of the
    CLI's ``journal.jsonl``; created 0600): a run interrupted after sending is resumed by
    calling again with the same request and journal, and nothing is ordered again.

    Every decision is the core's. Raises :class:`OrderError` (``.code``: ``order.name_taken``,
    ``order.not_this_request``, ``order.refused``, ``order.not_placed``,
    ``order.outcome_unknown``) when there is no order that is this request's;
    :class:`ValidationError` for an invalid request; :class:`SigningError` when no keys are
    found; ``TypeError`` for an argument of the wrong type; ``OSError`` when the journal cannot
    be read or written (nothing is sent then). ``lang`` (``"en"`` or ``"ko"``) is the language
    of the errors' messages; their codes are the same in both.
    """
    client, steps = _start(
        request, session, auth, site, base_url, retries, timeout, journal, asynchronous=False, lang=lang
    )
    send = _send_requests if client == "requests" else _send_httpx
    fed: _Fed = None
    while True:
        try:
            effect = steps.send(fed)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if isinstance(effect, _Sleep):
            time.sleep(effect.seconds)
            fed = None
        else:
            fed = send(session, effect, timeout)


async def place_order_async(
    request: Mapping[str, Any],
    *,
    session: Any,
    auth: NcpAuth | Signer | None = None,
    site: str = "public",
    base_url: str | None = None,
    retries: int = 2,
    timeout: float | None = 30.0,
    journal: str | os.PathLike[str] | None = None,
    lang: str = "en",
) -> PlacedOrder:
    """:func:`place_order` over an ``httpx.AsyncClient``: ``await place_order_async(request,
    session=client)``. The same arguments, results and errors."""
    _, steps = _start(
        request, session, auth, site, base_url, retries, timeout, journal, asynchronous=True, lang=lang
    )
    fed: _Fed = None
    while True:
        try:
            effect = steps.send(fed)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if isinstance(effect, _Sleep):
            await _sleep_async(effect.seconds)
            fed = None
        else:
            fed = await _send_httpx_async(session, effect, timeout)
