"""Signing with one key pair: :class:`Signer`, and :class:`NcpAuth` for requests and httpx."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from . import _native
from ._api import call, text, timestamp
from ._errors import SigningError, from_core
from ._models import PreparedRequest, SignedRequest

__all__ = ["Signer", "NcpAuth"]

_REDACTED = "** redacted **"
_TIMESTAMP, _ACCESS_KEY, _SIGNATURE = _native.signature_header_names()


def _system_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class Signer:
    """Signs requests with one key pair. The secret is handed to the Rust core once, kept
    only as a keyed HMAC state (wiped when collected), and never shown by ``repr``/``str``.

    ``clock`` returns milliseconds since the Unix epoch (default: ``time.time_ns() //
    1_000_000``); ``clock_offset_ms`` is added to it (e.g. the skew learned from a server's
    ``Date`` header).
    """

    __slots__ = ("access_key", "_native", "_clock", "_offset")

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
            raise from_core(e) from None
        except (TypeError, UnicodeEncodeError):
            pass
        # Wrong types or lone surrogates: `_sign` repeats the call with precise argument
        # checks, outside the handler so that no internal exception is chained to the user's.
        return self._sign(method, path_and_query, ts)[1]

    def sign_request(self, prepared: PreparedRequest, timestamp_ms: int | None = None) -> SignedRequest:
        """Signs a request from :func:`prepare`. Sign again for every attempt."""
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

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        clock: Callable[[], int] | None = None,
        clock_offset_ms: int = 0,
    ) -> None:
        self.signer = Signer(access_key, secret_key, clock=clock, clock_offset_ms=clock_offset_ms)

    def __call__(self, request: Any) -> Any:
        url = getattr(request, "url", None)
        raw_path = getattr(url, "raw_path", None)
        if isinstance(raw_path, bytes):  # httpx.Request
            target = raw_path.decode("ascii", "replace")
        elif isinstance(getattr(request, "path_url", None), str):  # requests.PreparedRequest
            target = request.path_url
        else:
            raise SigningError(
                f"NcpAuth signs requests and httpx requests, not {type(request).__name__}", "signing.request"
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
