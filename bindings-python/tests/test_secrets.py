"""SPEC §3: a secret key never shows in ``repr``/``str``/``format``/pickle/logging of ``Signer``,
``NcpAuth`` or any exception; exceptions survive ``pickle`` with their type and data."""

from __future__ import annotations

import copy
import io
import logging
import pickle
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import ncpcert
import pytest
from conftest import DATA, sample_request as valid_request

AK = "PUBLICACCESSKEY00001"
# Distinctive, printable ASCII, no whitespace: every 8-character window is unique text.
SECRET = "Zq9xW7vK2pL4mN8bTr5yHc3jDf6gSa1eUo0iQw+Ez/Rt"
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
TS = 1_700_000_000_000


def windows(secret: str, size: int = 8) -> list[str]:
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def assert_no_secret(text: str | bytes, secret: str = SECRET) -> None:
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    leaked = [w for w in windows(secret) if w in text]
    assert not leaked, f"secret material {leaked[:3]} found in {text[:300]!r}"




class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.__dict__))


@pytest.fixture
def capture() -> Iterator[tuple[logging.Logger, Capture]]:
    logger = logging.getLogger("ncpcert-tests.secrets")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handler = Capture()
    logger.addHandler(handler)
    try:
        yield logger, handler
    finally:
        logger.removeHandler(handler)


# --------------------------------------------------------------------------- Signer and NcpAuth


def holders() -> list[Any]:
    return [
        ncpcert.Signer(AK, SECRET),
        ncpcert.Signer(AK, SECRET, clock=lambda: TS, clock_offset_ms=5),
        ncpcert.NcpAuth(AK, SECRET),
        ncpcert.NcpAuth(AK, SECRET, clock=lambda: TS),
    ]


@pytest.mark.parametrize("index", range(4))
def test_repr_str_format(index: int) -> None:
    obj = holders()[index]
    for text in (repr(obj), str(obj), format(obj), f"{obj!r:>10}", f"{obj}", "%s %r" % (obj, obj), ascii(obj)):
        assert_no_secret(text)
    assert AK in repr(obj)  # the access key is not secret and helps debugging


@pytest.mark.parametrize("index", range(4))
def test_attributes_do_not_show_the_secret(index: int) -> None:
    obj = holders()[index]
    seen: list[Any] = [obj]
    for _ in range(3):  # follow attributes a few levels down (slots and __dict__)
        nxt = []
        for item in seen:
            names = list(getattr(type(item), "__slots__", ())) + list(getattr(item, "__dict__", {}))
            for name in names:
                try:
                    value = getattr(item, name)
                except AttributeError:
                    continue
                assert_no_secret(repr(value))
                assert_no_secret(str(value))
                nxt.append(value)
        seen = nxt
    assert_no_secret(" ".join(dir(obj)))


@pytest.mark.parametrize("index", range(4))
def test_pickle_fails_or_holds_no_secret(index: int) -> None:
    obj = holders()[index]
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        try:
            data = pickle.dumps(obj, protocol=protocol)
        except TypeError as e:
            assert_no_secret(str(e))
            continue
        assert_no_secret(data)


def test_native_state_does_not_pickle_the_secret() -> None:
    signer = ncpcert.Signer(AK, SECRET)
    for slot in getattr(type(signer), "__slots__", ()):
        value = getattr(signer, slot, None)
        try:
            data = pickle.dumps(value)
        except (TypeError, pickle.PicklingError, AttributeError):
            continue
        assert_no_secret(data)


def test_logging_signer_and_auth(capture: tuple[logging.Logger, Capture]) -> None:
    logger, handler = capture
    signer = ncpcert.Signer(AK, SECRET)
    auth = ncpcert.NcpAuth(AK, SECRET)
    logger.info("%r %s", signer, auth)
    logger.info("%s %r", signer, auth)
    logger.debug("signers: %s", [signer, auth])
    logger.warning("dict %s", {"signer": signer, "auth": auth})
    text = "\n".join(handler.lines)
    assert "Signer" in text and AK in text
    assert_no_secret(text)


# --------------------------------------------------------------------------- every error, secret at hand


def raisers() -> list[tuple[str, Callable[[], Any]]]:
    signer = ncpcert.Signer(AK, SECRET)
    auth = ncpcert.NcpAuth(AK, SECRET)
    spaced = SECRET[:16] + " " + SECRET[16:]
    return [
        ("signing-path", lambda: signer.headers("GET", "no-slash")),
        ("signing-path-space", lambda: signer.headers("GET", "/a b")),
        ("signing-method", lambda: signer.headers("G ET", PATH)),
        ("signing-timestamp", lambda: signer.headers("GET", PATH, 1_700_000_000)),
        ("signing-fraction", lambda: ncpcert.sign("GET", PATH, 1.5, AK, SECRET)),  # type: ignore[arg-type]
        ("signing-secret-space", lambda: ncpcert.sign("GET", PATH, TS, AK, spaced)),
        ("signing-secret-newline", lambda: ncpcert.Signer(AK, SECRET + "\n")),
        ("signing-secret-non-ascii", lambda: ncpcert.Signer(AK, SECRET + "é")),
        ("signing-secret-surrogate", lambda: ncpcert.sign("GET", PATH, TS, AK, SECRET + "\ud800")),
        ("signing-secret-control", lambda: ncpcert.verify("GET", PATH, TS, AK, "\x01" + SECRET, "x")),
        ("signing-empty-access-key", lambda: ncpcert.Signer("", SECRET)),
        ("signing-access-key-space", lambda: ncpcert.Signer("A K", SECRET)),
        ("signing-not-a-request", lambda: auth(object())),
        ("type-secret-bytes", lambda: ncpcert.Signer(AK, SECRET.encode())),  # type: ignore[arg-type]
        ("type-clock-str", lambda: ncpcert.Signer(AK, SECRET, clock=lambda: SECRET).headers("GET", "/")),  # type: ignore[arg-type,return-value]
        ("type-not-prepared", lambda: signer.sign_request(SECRET)),  # type: ignore[arg-type]
        ("type-timestamp", lambda: signer.headers("GET", "/", SECRET)),  # type: ignore[arg-type]
        ("type-method", lambda: signer.headers(SECRET.encode(), PATH)),  # type: ignore[arg-type]
        ("type-path", lambda: ncpcert.sign("GET", SECRET.encode(), TS, AK, SECRET)),  # type: ignore[arg-type]
        ("validation", lambda: ncpcert.prepare({})),
        ("validation-strict", lambda: ncpcert.prepare({**valid_request(), "validationMethod": "E"}, strict=True)),
        ("site", lambda: ncpcert.prepare(valid_request(), site="mars")),
        ("csr", lambda: ncpcert.inspect_csr(b"junk")),
        ("csr-private-key", lambda: ncpcert.inspect_csr((DATA / "own" / "bundle-with-key.pem").read_bytes())),
        ("api-gateway", lambda: ncpcert.parse_response(401, b'{"error":{"errorCode":"200","message":"Authentication Failed"}}')),
        ("api-service", lambda: ncpcert.parse_response(400, b'{"returnCode":"1002","returnMessage":"Invalid PEM format"}')),
        ("api-http", lambda: ncpcert.parse_response(403, b"")),
        ("api-malformed", lambda: ncpcert.parse_response(200, b"<html>")),
    ]


RAISERS = raisers()


def raised(fn: Callable[[], Any]) -> BaseException:
    try:
        fn()
    except (ncpcert.NcpError, TypeError) as e:
        return e
    raise AssertionError("no exception")


@pytest.mark.parametrize("name, fn", RAISERS, ids=[n for n, _ in RAISERS])
def test_error_texts_hold_no_secret(name: str, fn: Callable[[], Any], capture: tuple[logging.Logger, Capture]) -> None:
    logger, handler = capture
    error = raised(fn)
    spaced = SECRET[:16] + " " + SECRET[16:]
    texts = [
        repr(error),
        str(error),
        format(error),
        repr(error.args),
        repr(getattr(error, "__dict__", {})),
        "".join(traceback.format_exception(error)),
    ]
    try:
        logger.exception("failed while signing with %r", ncpcert.Signer(AK, SECRET))
        raise error
    except BaseException:
        logger.exception("call %s failed", name)
    texts.extend(handler.lines)
    if isinstance(error, ncpcert.NcpError):
        texts.append(pickle.dumps(error).decode("latin-1"))
    for text in texts:
        assert_no_secret(text)
        assert_no_secret(text, spaced)


@pytest.mark.parametrize("name, fn", RAISERS, ids=[n for n, _ in RAISERS])
def test_errors_carry_no_internal_context(name: str, fn: Callable[[], Any]) -> None:
    # One clear traceback: no "During handling of the above exception, another exception
    # occurred" from the package's internals (it uses ``raise ... from None`` for that).
    error = raised(fn)
    assert error.__context__ is None or error.__suppress_context__, repr(error.__context__)


def test_every_error_class_is_covered() -> None:
    kinds = {type(raised(fn)) for _, fn in RAISERS}
    assert {
        ncpcert.SigningError,
        ncpcert.ValidationError,
        ncpcert.CsrError,
        ncpcert.GatewayError,
        ncpcert.ServiceError,
        ncpcert.HttpError,
        ncpcert.MalformedResponseError,
        ncpcert.NcpError,
        TypeError,
    } <= kinds


# --------------------------------------------------------------------------- pickle round trips


def same_error(a: BaseException, b: BaseException) -> None:
    assert type(a) is type(b)
    assert str(a) == str(b) and a.args == b.args
    if isinstance(a, ncpcert.NcpError):
        assert isinstance(b, ncpcert.NcpError)
        assert (a.code, a.message) == (b.code, b.message)
    if isinstance(a, ncpcert.ValidationError):
        assert isinstance(b, ncpcert.ValidationError)
        assert a.errors() == b.errors() and a.warnings == b.warnings and a.findings == b.findings
    if isinstance(a, ncpcert.CsrError):
        assert isinstance(b, ncpcert.CsrError)
        assert a.field == b.field
    if isinstance(a, ncpcert.ApiError):
        assert isinstance(b, ncpcert.ApiError)
        assert (a.kind, a.http_status, a.retryable, a.details, a.hint) == (
            b.kind,
            b.http_status,
            b.retryable,
            b.details,
            b.hint,
        )


@pytest.mark.parametrize("name, fn", [r for r in RAISERS if not r[0].startswith("type-")],
                         ids=[n for n, _ in RAISERS if not n.startswith("type-")])
def test_raised_errors_round_trip(name: str, fn: Callable[[], Any]) -> None:
    error = raised(fn)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        same_error(error, pickle.loads(pickle.dumps(error, protocol=protocol)))
    same_error(error, copy.deepcopy(error))
    same_error(error, copy.copy(error))


def test_constructed_errors_round_trip() -> None:
    finding = ncpcert.Finding("domain.underscore", "commonName", "error", "no underscores")
    warning = ncpcert.Finding("dnsName.duplicate", "dnsName[1]", "warning", "removed")
    errors: list[ncpcert.NcpError] = [
        ncpcert.NcpError("base", "x.y"),
        ncpcert.SigningError("bad path", "signing.path"),
        ncpcert.ValidationError("invalid", [finding, warning]),
        ncpcert.CsrError("bad csr", "csr.malformed", "csr"),
        ncpcert.GatewayError("Authentication Failed", "200", http_status=401, details="d", retryable=False, hint="h"),
        ncpcert.ServiceError("Invalid PEM", "1002", http_status=400),
        ncpcert.HttpError("empty", "403", http_status=403, retryable=False, hint="sub-account"),
        ncpcert.MalformedResponseError("not JSON", "malformed", http_status=200, details="<html>"),
    ]
    for error in errors:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            same_error(error, pickle.loads(pickle.dumps(error, protocol=protocol)))
    v = errors[2]
    assert isinstance(v, ncpcert.ValidationError)
    assert v.errors() == [finding.to_dict()] and v.warnings == [warning.to_dict()]
    assert isinstance(v, ValueError)


def test_error_hierarchy() -> None:
    for cls in (ncpcert.ValidationError, ncpcert.SigningError, ncpcert.CsrError):
        assert issubclass(cls, ncpcert.NcpError) and issubclass(cls, ValueError)
    assert issubclass(ncpcert.ApiError, ncpcert.NcpError)
    assert issubclass(ncpcert.NcpError, Exception)


def test_logging_to_a_stream_handler_with_tracebacks() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("ncpcert-tests.stream")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s %(args)s"))
    logger.addHandler(handler)
    try:
        signer = ncpcert.Signer(AK, SECRET)
        for _, fn in RAISERS:
            try:
                fn()
            except Exception:
                logger.exception("with %r", signer)
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue().count("Traceback") >= len(RAISERS)
    assert_no_secret(stream.getvalue())
