"""SPEC §3: signature v2 through ``sign``, ``Signer.headers``, ``verify``, ``Signer.verify``;
the vector file, stdlib cross-checks with hypothesis, and the injected clock of ``Signer``."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

import ncpcert
import pytest
from conftest import reference_signature, vectors
from hypothesis import given
from hypothesis import strategies as st

SIGNATURE_VECTORS = vectors("signature_v2.json")
TS_HEADER = "x-ncp-apigw-timestamp"
AK_HEADER = "x-ncp-iam-access-key"
SIG_HEADER = "x-ncp-apigw-signature-v2"

AK = "EXAMPLEAK0000000NCP1"
SK = "EXAMPLESECRET00000000000000000000NCPSK01"
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"


def vid(v: dict[str, Any]) -> str:
    return str(v["id"])


# --------------------------------------------------------------------------- the vector file


@pytest.mark.parametrize("v", SIGNATURE_VECTORS, ids=vid)
def test_vector_string_to_sign_is_spec_formula(v: dict[str, Any]) -> None:
    # The vector file itself is consistent with SPEC §3 and the stdlib (guards the data).
    assert v["string_to_sign"] == f"{v['method']} {v['url']}\n{v['timestamp']}\n{v['access_key']}"
    assert reference_signature(v["method"], v["url"], v["timestamp"], v["access_key"], v["secret_key"]) == (
        v["expected_signature"]
    )


@pytest.mark.parametrize("v", SIGNATURE_VECTORS, ids=vid)
def test_vector_sign(v: dict[str, Any]) -> None:
    got = ncpcert.sign(v["method"], v["url"], int(v["timestamp"]), v["access_key"], v["secret_key"])
    assert got == v["expected_signature"]
    # A lower-case method is upper-cased before signing (SPEC §3).
    assert ncpcert.sign(v["method"].lower(), v["url"], int(v["timestamp"]), v["access_key"], v["secret_key"]) == (
        v["expected_signature"]
    )


@pytest.mark.parametrize("v", SIGNATURE_VECTORS, ids=vid)
def test_vector_signer_headers(v: dict[str, Any]) -> None:
    signer = ncpcert.Signer(v["access_key"], v["secret_key"])
    headers = signer.headers(v["method"], v["url"], int(v["timestamp"]))
    assert headers == {
        TS_HEADER: v["timestamp"],
        AK_HEADER: v["access_key"],
        SIG_HEADER: v["expected_signature"],
    }
    assert all(type(k) is str and type(val) is str for k, val in headers.items())
    # The signer is reusable: the same call again, and with a lower-case method.
    assert signer.headers(v["method"].lower(), v["url"], int(v["timestamp"])) == headers


@pytest.mark.parametrize("v", SIGNATURE_VECTORS, ids=vid)
def test_vector_verify(v: dict[str, Any]) -> None:
    ts = int(v["timestamp"])
    good = v["expected_signature"]
    assert ncpcert.verify(v["method"], v["url"], ts, v["access_key"], v["secret_key"], good) is True
    signer = ncpcert.Signer(v["access_key"], v["secret_key"])
    assert signer.verify(v["method"], v["url"], ts, good) is True

    flipped = ("B" if good[0] == "A" else "A") + good[1:]
    wrong_inputs = [
        (v["method"], v["url"], ts + 1, v["access_key"], v["secret_key"], good),
        (v["method"], v["url"] + "/", ts, v["access_key"], v["secret_key"], good),
        (v["method"], v["url"], ts, v["access_key"] + "X", v["secret_key"], good),
        (v["method"], v["url"], ts, v["access_key"], v["secret_key"] + "X", good),
        (v["method"], v["url"], ts, v["access_key"], v["secret_key"], flipped),
        (v["method"], v["url"], ts, v["access_key"], v["secret_key"], good[:-1]),
        (v["method"], v["url"], ts, v["access_key"], v["secret_key"], ""),
        ("PATCH", v["url"], ts, v["access_key"], v["secret_key"], good),
    ]
    for args in wrong_inputs:
        assert ncpcert.verify(*args) is False, args
    assert signer.verify(v["method"], v["url"], ts, flipped) is False
    assert signer.verify(v["method"], v["url"], ts + 1, good) is False


def test_reference_vector_from_spec() -> None:
    assert ncpcert.sign("POST", PATH, 1700000000000, AK, SK) == "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="


@pytest.mark.parametrize(
    "a, b",
    [
        ("/p?q=a%20b", "/p?q=a+b"),
        ("/p%2fx", "/p%2Fx"),
        ("/p", "/p/"),
        ("/p", "/p?"),
    ],
)
def test_no_normalisation(a: str, b: str) -> None:
    # SPEC §3: the gateway does no normalisation, so neither does ncpcert.
    sa = ncpcert.sign("GET", a, 1700000000000, AK, SK)
    sb = ncpcert.sign("GET", b, 1700000000000, AK, SK)
    assert sa != sb
    assert sa == reference_signature("GET", a, 1700000000000, AK, SK)
    assert sb == reference_signature("GET", b, 1700000000000, AK, SK)


def test_float_timestamp_with_whole_value_is_accepted_or_refused_cleanly() -> None:
    # 1700000000000.0 is a whole number of milliseconds; it must give the int's signature.
    try:
        got = ncpcert.sign("POST", PATH, 1700000000000.0, AK, SK)  # type: ignore[arg-type]
    except TypeError:
        return
    assert got == "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="


@pytest.mark.parametrize(
    "path",
    ["", "api", "/a b", "/a\tb", "/a\nb", "/a\r\nb", "/é", "/a#frag", "/a\x00", "/a\x7f", '/a"b', "/a<b>", "/a\\b"],
)
def test_illegal_path_refused(path: str) -> None:
    with pytest.raises(ncpcert.SigningError) as info:
        ncpcert.sign("GET", path, 1700000000000, AK, SK)
    assert isinstance(info.value, ValueError)
    assert info.value.code
    assert "path" in str(info.value)
    with pytest.raises(ncpcert.SigningError):
        ncpcert.Signer(AK, SK).headers("GET", path, 1700000000000)


def test_non_ascii_path_error_says_percent_encode() -> None:
    with pytest.raises(ncpcert.SigningError) as info:
        ncpcert.sign("GET", "/인증서", 1700000000000, AK, SK)
    assert "percent-encode" in str(info.value)


@pytest.mark.parametrize("method", ["", "G ET", "GET\n", "(GET)", "GÉT", "GET:"])
def test_illegal_method_refused(method: str) -> None:
    with pytest.raises(ncpcert.SigningError) as info:
        ncpcert.sign(method, "/", 1700000000000, AK, SK)
    assert "method" in str(info.value)


# --------------------------------------------------------------------------- hypothesis vs stdlib

KEY_ALPHABET = "".join(chr(c) for c in range(0x21, 0x7F))  # printable ASCII without space
PATH_ALPHABET = string.ascii_letters + string.digits + "._~!$&'()*+,;=:@/?-"
TOKEN_ALPHABET = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"

keys = st.text(alphabet=KEY_ALPHABET, min_size=1, max_size=120)
paths = st.text(alphabet=PATH_ALPHABET, max_size=200).map(lambda s: "/" + s)
pct_paths = st.lists(
    st.one_of(
        st.text(alphabet=PATH_ALPHABET, min_size=1, max_size=8),
        st.integers(0, 255).map(lambda b: f"%{b:02X}"),
        st.integers(0, 255).map(lambda b: f"%{b:02x}"),
    ),
    max_size=30,
).map(lambda parts: "/" + "".join(parts))
timestamps = st.integers(min_value=10**12, max_value=10**14 - 1)
methods = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]).flatmap(
    lambda m: st.lists(st.booleans(), min_size=len(m), max_size=len(m)).map(
        lambda flags: "".join(c.lower() if f else c for c, f in zip(m, flags))
    )
)
tokens = st.text(alphabet=TOKEN_ALPHABET, min_size=1, max_size=20)


@given(method=methods, path=st.one_of(paths, pct_paths), ts=timestamps, ak=keys, sk=keys)
def test_sign_matches_stdlib(method: str, path: str, ts: int, ak: str, sk: str) -> None:
    expected = reference_signature(method.upper(), path, ts, ak, sk)
    assert ncpcert.sign(method, path, ts, ak, sk) == expected
    assert ncpcert.verify(method, path, ts, ak, sk, expected) is True


@given(method=methods, path=paths, ts=timestamps, ak=keys, sk=keys)
def test_signer_headers_match_stdlib(method: str, path: str, ts: int, ak: str, sk: str) -> None:
    headers = ncpcert.Signer(ak, sk).headers(method, path, ts)
    assert headers == {
        TS_HEADER: str(ts),
        AK_HEADER: ak,
        SIG_HEADER: reference_signature(method.upper(), path, ts, ak, sk),
    }


@given(method=tokens, path=paths, ts=timestamps)
def test_any_token_method_is_upper_cased(method: str, path: str, ts: int) -> None:
    assert ncpcert.sign(method, path, ts, AK, SK) == reference_signature(method.upper(), path, ts, AK, SK)


@given(path=st.text(max_size=40), ts=timestamps)
def test_arbitrary_text_paths_never_crash(path: str, ts: int) -> None:
    legal = path.startswith("/") and all(c in PATH_ALPHABET or c == "%" for c in path)
    try:
        got = ncpcert.sign("GET", path, ts, AK, SK)
    except ncpcert.SigningError as e:
        assert not legal or "%" in path, (path, str(e))
        return
    assert got == reference_signature("GET", path, ts, AK, SK)


# --------------------------------------------------------------------------- Signer's clock


def fixed(value: Any) -> Callable[[], Any]:
    return lambda: value


def test_signer_uses_clock_plus_offset() -> None:
    for offset in (0, 5_000, -300_000, 123):
        signer = ncpcert.Signer(AK, SK, clock=fixed(1_700_000_000_000), clock_offset_ms=offset)
        ts = 1_700_000_000_000 + offset
        assert signer.headers("post", PATH) == {
            TS_HEADER: str(ts),
            AK_HEADER: AK,
            SIG_HEADER: reference_signature("POST", PATH, ts, AK, SK),
        }
        # An explicit timestamp wins over the clock (and the offset is not added to it).
        assert signer.headers("POST", PATH, 1_800_000_000_000)[TS_HEADER] == "1800000000000"


def test_signer_calls_clock_for_every_signature() -> None:
    ticks = iter(range(1_700_000_000_000, 1_700_000_000_100))
    calls: list[int] = []

    def clock() -> int:
        value = next(ticks)
        calls.append(value)
        return value

    signer = ncpcert.Signer(AK, SK, clock=clock, clock_offset_ms=1000)
    first = signer.headers("GET", "/a")
    second = signer.headers("GET", "/a")
    assert first[TS_HEADER] == str(calls[0] + 1000)
    assert second[TS_HEADER] == str(calls[1] + 1000)
    assert first[SIG_HEADER] != second[SIG_HEADER]
    assert second[SIG_HEADER] == reference_signature("GET", "/a", calls[1] + 1000, AK, SK)


def test_default_clock_is_current_time_in_ms() -> None:
    import time

    before = time.time_ns() // 1_000_000
    ts = int(ncpcert.Signer(AK, SK).headers("GET", "/")[TS_HEADER])
    after = time.time_ns() // 1_000_000
    assert before <= ts <= after
    skewed = int(ncpcert.Signer(AK, SK, clock_offset_ms=-60_000).headers("GET", "/")[TS_HEADER])
    assert before - 60_000 <= skewed <= time.time_ns() // 1_000_000 - 60_000


def test_sign_request_uses_clock() -> None:
    prepared = ncpcert.PreparedRequest(
        method="POST",
        url="https://example.invalid" + PATH,
        path=PATH,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        body="{}",
    )
    signer = ncpcert.Signer(AK, SK, clock=fixed(1_700_000_000_000), clock_offset_ms=7)
    signed = signer.sign_request(prepared)
    assert signed.timestamp_ms == 1_700_000_000_007
    assert signed.headers[SIG_HEADER] == reference_signature("POST", PATH, 1_700_000_000_007, AK, SK)
    assert signed.headers["Content-Type"] == "application/json"
    assert (signed.method, signed.url, signed.path, signed.body) == ("POST", prepared.url, PATH, "{}")


@pytest.mark.parametrize("value", ["1700000000000", b"1700000000000", None, [1_700_000_000_000], object()])
def test_clock_returning_wrong_type(value: Any) -> None:
    signer = ncpcert.Signer(AK, SK, clock=fixed(value))
    with pytest.raises((TypeError, ncpcert.SigningError)) as info:
        signer.headers("GET", "/")
    assert "clock" in str(info.value) or "timestamp" in str(info.value)


@pytest.mark.parametrize("value", [1_700_000_000, 1_700_000_000.5, 0, -1, 1.5])
def test_clock_returning_seconds_or_bad_numbers(value: Any) -> None:
    signer = ncpcert.Signer(AK, SK, clock=fixed(value))
    with pytest.raises(ncpcert.SigningError) as info:
        signer.headers("GET", "/")
    assert "timestamp" in str(info.value)
    if value == 1_700_000_000:
        assert "seconds" in str(info.value)


def test_clock_raising_propagates() -> None:
    def broken() -> int:
        raise RuntimeError("clock broke")

    with pytest.raises(RuntimeError, match="clock broke"):
        ncpcert.Signer(AK, SK, clock=broken).headers("GET", "/")


@pytest.mark.parametrize("clock", [5, "now", 1_700_000_000_000])
def test_clock_not_callable(clock: Any) -> None:
    with pytest.raises(TypeError, match="clock"):
        ncpcert.Signer(AK, SK, clock=clock)


@pytest.mark.parametrize("offset", ["5", None, [], True])
def test_clock_offset_wrong_type(offset: Any) -> None:
    with pytest.raises(TypeError, match="clock_offset_ms"):
        ncpcert.Signer(AK, SK, clock_offset_ms=offset)
