"""Signing with one key pair: :class:`Signer`, and :class:`NcpAuth` for requests and httpx."""

from __future__ import annotations

import time

from . import _native
from ._api import call, text, timestamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from os import PathLike
    from typing import Any

    from ._models import PreparedRequest, SignedRequest

__all__ = ["Signer", "NcpAuth"]

_REDACTED = "** redacted **"
_TIMESTAMP, _ACCESS_KEY, _SIGNATURE = _native.signature_header_names()


def _system_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def _keys_from_env(configure_file: str | PathLike[str] | None) -> tuple[str, str]:
    """The keys by the core's rule (the CLI's too): ``NCP_ACCESS_KEY``/``NCP_SECRET_KEY``,
    else the first profile of ``~/.ncloud/configure`` (or ``configure_file``) holding both.
    This function only reads the two variables and the file."""
    import os
    from pathlib import Path

    names = _native.key_sources()
    path: Path | None
    if configure_file is not None:
        path = Path(configure_file)
    else:
        try:
            path = Path.home() / names["configureFile"]
        except RuntimeError:  # no home directory
            path = None
    content: str | None = None
    reason: str | None = None
    if path is not None:
        try:
            content = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            reason = "it is not UTF-8 text"
        except OSError as e:
            reason = e.strerror or type(e).__name__
    sources = {
        "accessKey": os.environ.get(names["accessKeyEnv"]),
        "secretKey": os.environ.get(names["secretKeyEnv"]),
        "configurePath": None if path is None else str(path),
        "configureText": content,
        "configureError": reason,
    }
    found = call(_native.find_keys, sources)
    return found["accessKey"], found["secretKey"]


class Signer:
    """Signs requests with one key pair. The secret is handed to the Rust core once, kept
    only as a keyed HMAC state (wiped when collected), and never shown by ``repr``/``str``.

    ``clock`` returns milliseconds since the Unix epoch (default: ``time.time_ns() //
    1_000_000``); ``clock_offset_ms`` is added to it (e.g. the skew learned from a server's
    ``Date`` header).
    """

    __slots__ = ("access_key", "_native", "_clock", "_offset")

    access_key: str
    """The access key (not secret: it is sent in every request)."""

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        clock: Callable[[], int] | None = None,
        clock_offset_ms: int = 0,
    ) -> None:
        if clock is not None and not callable(clock):
            raise TypeError(f"clock must be callable, not {type(clock).__name__}")
        self.access_key = text(access_key, "access_key")
        self._native = call(_native.NativeSigner, self.access_key, text(secret_key, "secret_key"))
        self._clock = clock or _system_clock_ms
        self._offset = timestamp(clock_offset_ms, "clock_offset_ms")

    @classmethod
    def from_env(
        cls,
        *,
        configure_file: str | PathLike[str] | None = None,
        clock: Callable[[], int] | None = None,
        clock_offset_ms: int = 0,
    ) -> Signer:
        """A signer with the keys found where the ``ncpcert`` command finds them:
        ``NCP_ACCESS_KEY`` and ``NCP_SECRET_KEY`` when both are set, else the first profile
        of NCP's CLI credentials file ``~/.ncloud/configure`` (or ``configure_file``) holding
        ``ncloud_access_key_id`` and ``ncloud_secret_access_key``.

        Raises :class:`SigningError` (code ``credentials.missing``, ``credentials.incomplete``
        or ``credentials.invalid``) saying where the keys were looked for; never showing one.
        """
        access_key, secret_key = _keys_from_env(configure_file)
        return cls(access_key, secret_key, clock=clock, clock_offset_ms=clock_offset_ms)

    def now_ms(self) -> int | float:
        """The signer's clock plus its offset, in milliseconds."""
        return timestamp(self._clock(), "clock()") + self._offset

    def _sign(
        self, method: str, path_and_query: str, timestamp_ms: int | float | None
    ) -> tuple[str, dict[str, str]]:
        ts = self.now_ms() if timestamp_ms is None else timestamp_ms
        try:
            # Fast path: the extension checks the types itself.
            upper, ts_text, signature = self._native.headers(method, path_and_query, ts)
        except _native.CoreError as e:
            from ._errors import from_core

            raise from_core(e) from None
        except (TypeError, UnicodeEncodeError):
            fast_path_failed = True
        else:
            fast_path_failed = False
        if fast_path_failed:
            # Wrong types or lone surrogates: the same call with precise argument checks,
            # outside the handler so that no internal exception is chained to the user's.
            upper, ts_text, signature = call(
                self._native.headers,
                text(method, "method"),
                text(path_and_query, "path_and_query"),
                timestamp(ts),
            )
        return upper, {_TIMESTAMP: ts_text, _ACCESS_KEY: self.access_key, _SIGNATURE: signature}

    def headers(self, method: str, path_and_query: str, timestamp_ms: int | None = None) -> dict[str, str]:
        """The three signature headers for one request (timestamp from the clock by default)."""
        ts = self.now_ms() if timestamp_ms is None else timestamp_ms
        try:
            # The hot path: one call, the extension builds the dict and checks the types.
            return self._native.header_dict(method, path_and_query, ts)  # type: ignore[no-any-return]
        except _native.CoreError as e:
            from ._errors import from_core

            raise from_core(e) from None
        except (TypeError, UnicodeEncodeError):
            pass
        # Wrong types or lone surrogates: `_sign` repeats the call with precise argument
        # checks, outside the handler so that no internal exception is chained to the user's.
        return self._sign(method, path_and_query, ts)[1]

    def sign_request(self, prepared: PreparedRequest, timestamp_ms: int | None = None) -> SignedRequest:
        """Signs a request from :func:`prepare`. Sign again for every attempt."""
        from ._models import PreparedRequest, SignedRequest

        if not isinstance(prepared, PreparedRequest):
            raise TypeError(f"prepared must be a PreparedRequest, not {type(prepared).__name__}")
        method, headers = self._sign(prepared.method, prepared.path, timestamp_ms)
        return SignedRequest(
            method=method,
            url=prepared.url,
            path=prepared.path,
            headers={**prepared.headers, **headers},
            body=prepared.body,
            timestamp_ms=int(headers[_TIMESTAMP]),
        )

    def verify(self, method: str, path_and_query: str, timestamp_ms: int, signature: str) -> bool:
        """Checks a received signature in constant time."""
        return call(  # type: ignore[no-any-return]
            self._native.verify,
            text(method, "method"),
            text(path_and_query, "path_and_query"),
            timestamp(timestamp_ms),
            text(signature, "signature"),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(access_key={self.access_key!r}, secret_key={_REDACTED!r})"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError(f"a {type(self).__name__} holds a secret key and cannot be pickled; create it again")


class NcpAuth:
    """Authentication for ``requests`` and ``httpx`` (sync and async): ``auth=NcpAuth(ak, sk)``.

    Every request is signed when it is sent, with a fresh timestamp, over the request-target
    the client really sends (``requests``: ``path_url``; ``httpx``: ``url.raw_path``). The
    body is never read. Neither library is imported.
    """

    __slots__ = ("signer",)

    signer: Signer
    """The :class:`Signer` that signs every request."""

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        clock: Callable[[], int] | None = None,
        clock_offset_ms: int = 0,
    ) -> None:
        self.signer = Signer(access_key, secret_key, clock=clock, clock_offset_ms=clock_offset_ms)

    @classmethod
    def from_env(
        cls,
        *,
        configure_file: str | PathLike[str] | None = None,
        clock: Callable[[], int] | None = None,
        clock_offset_ms: int = 0,
    ) -> NcpAuth:
        """Authentication with the keys found as :meth:`Signer.from_env` finds them
        (``NCP_ACCESS_KEY``/``NCP_SECRET_KEY``, else ``~/.ncloud/configure``)."""
        access_key, secret_key = _keys_from_env(configure_file)
        return cls(access_key, secret_key, clock=clock, clock_offset_ms=clock_offset_ms)

    def __call__(self, request: Any) -> Any:
        url = getattr(request, "url", None)
        raw_path = getattr(url, "raw_path", None)
        if isinstance(raw_path, bytes):  # httpx.Request
            target = raw_path.decode("ascii", "replace")
        elif isinstance(getattr(request, "path_url", None), str):  # requests.PreparedRequest
            target = request.path_url
        else:
            from ._errors import SigningError

            raise SigningError(
                f"NcpAuth signs requests and httpx requests, not {type(request).__name__}", "argument.invalid"
            )
        headers = self.signer.headers(request.method, target)
        for name, value in headers.items():
            request.headers[name] = value
        return request

    def __repr__(self) -> str:
        return f"NcpAuth(access_key={self.signer.access_key!r}, secret_key={_REDACTED!r})"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("an NcpAuth holds a secret key and cannot be pickled; create it again")
