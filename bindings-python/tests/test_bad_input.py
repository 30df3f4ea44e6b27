"""Bad input never crashes the interpreter: every call raises an ``NcpError`` subclass (or
``TypeError`` for an argument of the wrong type) whose message names the field or argument,
and the module keeps working afterwards."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import ncpcert
import pytest
from conftest import DATA, reference_signature, sample_request as valid_request

AK = "EXAMPLEAK0000000NCP1"
SK = "EXAMPLESECRET00000000000000000000NCPSK01"
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
TS = 1_700_000_000_000
GOOD = "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="
TEN_MB = 10 * 1024 * 1024

WRONG_STR = [1, None, ["x"], {"x": 1}, b"POST", 1.5]
BAD_TIMESTAMPS_SIGNING = [-1, -(2**70), 2**64, 2**70, 2**63, 1.5, float("nan"), float("inf"), float("-inf"), 0,
                          1_700_000_000, 1_700_000_000.0, 999_999_999_999]
BAD_TIMESTAMPS_TYPE = [True, False, "1700000000000", b"1700000000000", None, [TS], {"ms": TS}]


@pytest.fixture(autouse=True)
def module_still_works() -> Iterator[None]:
    yield
    assert ncpcert.sign("POST", PATH, TS, AK, SK) == GOOD
    assert ncpcert.Signer(AK, SK).headers("POST", PATH, TS)["x-ncp-apigw-signature-v2"] == GOOD




def mentions(error: BaseException, *names: str) -> bool:
    """Whether the error names one of ``names``: a ``ValidationError`` through the ``field``
    (JSON path) of one of its findings, any other error in its message."""
    if isinstance(error, ncpcert.ValidationError):
        fields = [e["field"] for e in error.errors()]
        return any(f == n or f.startswith((n + "[", n + ".")) for f in fields for n in names)
    return any(n in str(error) for n in names)


# --------------------------------------------------------------------------- signing: wrong types

SIGN_ARGS = ["method", "path_and_query", "access_key", "secret_key"]


@pytest.mark.parametrize("position", range(4), ids=SIGN_ARGS)
@pytest.mark.parametrize("value", WRONG_STR, ids=repr)
def test_sign_wrong_type(position: int, value: Any) -> None:
    args: list[Any] = ["POST", PATH, AK, SK]
    args[position] = value
    with pytest.raises(TypeError) as info:
        ncpcert.sign(args[0], args[1], TS, args[2], args[3])
    assert SIGN_ARGS[position] in str(info.value)
    with pytest.raises(TypeError) as info:
        ncpcert.verify(args[0], args[1], TS, args[2], args[3], GOOD)
    assert SIGN_ARGS[position] in str(info.value)


@pytest.mark.parametrize("value", WRONG_STR, ids=repr)
def test_signer_wrong_types(value: Any) -> None:
    with pytest.raises(TypeError, match="access_key"):
        ncpcert.Signer(value, SK)
    with pytest.raises(TypeError, match="secret_key"):
        ncpcert.Signer(AK, value)
    with pytest.raises(TypeError, match="access_key"):
        ncpcert.NcpAuth(value, SK)
    with pytest.raises(TypeError, match="secret_key"):
        ncpcert.NcpAuth(AK, value)
    signer = ncpcert.Signer(AK, SK)
    with pytest.raises(TypeError, match="method"):
        signer.headers(value, PATH, TS)
    with pytest.raises(TypeError, match="path_and_query"):
        signer.headers("POST", value, TS)
    with pytest.raises(TypeError, match="signature"):
        signer.verify("POST", PATH, TS, value)
    with pytest.raises(TypeError, match="signature"):
        ncpcert.verify("POST", PATH, TS, AK, SK, value)


@pytest.mark.parametrize("value", [None, {}, "x", valid_request()], ids=repr)
def test_sign_request_wrong_type(value: Any) -> None:
    with pytest.raises(TypeError, match="prepared"):
        ncpcert.Signer(AK, SK).sign_request(value)


@pytest.mark.parametrize("value", BAD_TIMESTAMPS_TYPE, ids=repr)
def test_timestamp_wrong_type(value: Any) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: ncpcert.sign("POST", PATH, value, AK, SK),
        lambda: ncpcert.verify("POST", PATH, value, AK, SK, GOOD),
        lambda: ncpcert.Signer(AK, SK).verify("POST", PATH, value, GOOD),
    ]
    if value is not None:  # None is Signer.headers' default: "use the clock"
        calls.append(lambda: ncpcert.Signer(AK, SK).headers("POST", PATH, value))
    for call in calls:
        with pytest.raises(TypeError) as info:
            call()
        assert "timestamp_ms" in str(info.value)


@pytest.mark.parametrize("value", BAD_TIMESTAMPS_SIGNING, ids=repr)
def test_timestamp_bad_number(value: Any) -> None:
    prepared = ncpcert.prepare(valid_request())
    calls: list[Callable[[], Any]] = [
        lambda: ncpcert.sign("POST", PATH, value, AK, SK),
        lambda: ncpcert.verify("POST", PATH, value, AK, SK, GOOD),
        lambda: ncpcert.Signer(AK, SK).headers("POST", PATH, value),
        lambda: ncpcert.Signer(AK, SK).verify("POST", PATH, value, GOOD),
        lambda: ncpcert.Signer(AK, SK).sign_request(prepared, value),
        lambda: ncpcert.Signer(AK, SK, clock=lambda: value).headers("POST", PATH),
    ]
    for call in calls:
        with pytest.raises(ncpcert.SigningError) as info:
            call()
        assert isinstance(info.value, ValueError)
        assert info.value.code
        assert "timestamp" in str(info.value)
        if value in (1_700_000_000, 999_999_999_999):
            assert "seconds" in str(info.value)


def test_huge_clock_offset() -> None:
    signer = ncpcert.Signer(AK, SK, clock=lambda: TS, clock_offset_ms=2**70)
    with pytest.raises(ncpcert.SigningError, match="timestamp"):
        signer.headers("GET", "/")
    signer = ncpcert.Signer(AK, SK, clock=lambda: TS, clock_offset_ms=-(TS + 1))
    with pytest.raises(ncpcert.SigningError, match="timestamp"):
        signer.headers("GET", "/")


def test_smallest_millisecond_timestamp_is_accepted() -> None:
    assert ncpcert.sign("GET", "/", 10**12, AK, SK) == reference_signature("GET", "/", 10**12, AK, SK)


# --------------------------------------------------------------------------- lone surrogates


@pytest.mark.parametrize(
    "args, names",
    [
        (("\ud800", PATH, AK, SK), ("method",)),
        (("POST", "/\ud800", AK, SK), ("path",)),
        (("POST", "/a\udfff?b=\ud83d", AK, SK), ("path",)),
        (("POST", PATH, "\ud800", SK), ("access key", "access_key")),
        (("POST", PATH, AK, "\ud800"), ("secret key", "secret_key")),
        (("POST", PATH, AK + "\udc80", SK), ("access key", "access_key")),
        (("POST", PATH, AK, SK + "\udc80"), ("secret key", "secret_key")),
    ],
)
def test_surrogates_in_signing(args: tuple[str, str, str, str], names: tuple[str, ...]) -> None:
    method, path, ak, sk = args
    with pytest.raises(ncpcert.SigningError) as info:
        ncpcert.sign(method, path, TS, ak, sk)
    assert mentions(info.value, *names), str(info.value)
    with pytest.raises(ncpcert.SigningError):
        ncpcert.Signer(ak, sk).headers(method, path, TS)


def test_surrogate_signature_in_verify() -> None:
    try:
        assert ncpcert.verify("POST", PATH, TS, AK, SK, "\ud800") is False
    except ncpcert.SigningError as e:
        assert "signature" in str(e)
    try:
        assert ncpcert.Signer(AK, SK).verify("POST", PATH, TS, GOOD[:-1] + "\ud800") is False
    except ncpcert.SigningError as e:
        assert "signature" in str(e)


REQUEST_FIELDS_WITH_SURROGATE = [
    ("certificateName", "www-\ud800"),
    ("commonName", "www.\ud800.com"),
    ("dnsName", ["www.example.com", "\udfff.example.com"]),
    ("validationMethod", "\ud800"),
    ("certificateType", "D\ud800V"),
    ("csr", "-----BEGIN CERTIFICATE REQUEST-----\n\ud800\n-----END CERTIFICATE REQUEST-----\n"),
]


@pytest.mark.parametrize("field, value", REQUEST_FIELDS_WITH_SURROGATE, ids=[f for f, _ in REQUEST_FIELDS_WITH_SURROGATE])
def test_surrogates_in_request_fields(field: str, value: Any) -> None:
    request = valid_request()
    request[field] = value
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(request)
    assert mentions(info.value, field), (str(info.value), info.value.errors())
    report = ncpcert.validate(request)
    assert report.valid is False
    assert any(f.field.startswith(field) for f in report.errors), report.to_dict()


def test_surrogate_in_extra_and_unknown_key() -> None:
    request = valid_request()
    request["extra"] = {"note": "\ud800"}
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(request)
    assert mentions(info.value, "extra"), str(info.value)
    request = valid_request()
    request["\ud800"] = 1
    with pytest.raises(ncpcert.ValidationError):
        ncpcert.prepare(request)


@pytest.mark.parametrize("kwargs", [{"site": "\ud800"}, {"base_url": "https://\ud800.example.com"}], ids=repr)
def test_surrogate_in_site_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ncpcert.NcpError) as info:
        ncpcert.prepare(valid_request(), **kwargs)
    assert "site" in str(info.value) or "URL" in str(info.value)


def test_surrogate_in_response_and_csr_text() -> None:
    with pytest.raises(ncpcert.MalformedResponseError):
        ncpcert.parse_response(200, '{"returnCode":"0","x":"\ud800"}')
    with pytest.raises(ncpcert.CsrError):
        ncpcert.inspect_csr("\ud800")


# --------------------------------------------------------------------------- huge strings


def test_huge_signing_inputs_sign_like_the_stdlib() -> None:
    path = "/" + "a" * TEN_MB
    assert ncpcert.sign("GET", path, TS, AK, SK) == reference_signature("GET", path, TS, AK, SK)
    key = "K" * TEN_MB
    assert ncpcert.sign("GET", "/", TS, key, SK) == reference_signature("GET", "/", TS, key, SK)
    assert ncpcert.sign("GET", "/", TS, AK, key) == reference_signature("GET", "/", TS, AK, key)
    headers = ncpcert.Signer(AK, key).headers("GET", path, TS)
    assert headers["x-ncp-apigw-signature-v2"] == reference_signature("GET", path, TS, AK, key)


@pytest.mark.parametrize(
    "method, path, ak, sk, name",
    [
        ("GET", "/" + "a" * TEN_MB + " ", AK, SK, "path"),
        ("GET", "x" * TEN_MB, AK, SK, "path"),
        ("GET", "/" + "\u00e9" * TEN_MB, AK, SK, "path"),
        ("G ET" * (TEN_MB // 4), "/", AK, SK, "method"),
        ("GET", "/", "K" * TEN_MB + " ", SK, "access key"),
        ("GET", "/", AK, "S" * TEN_MB + "\n", "secret key"),
    ],
    ids=["path-space-at-end", "path-no-slash", "path-non-ascii", "method", "access-key", "secret-key"],
)
def test_huge_illegal_signing_inputs_have_bounded_messages(method: str, path: str, ak: str, sk: str, name: str) -> None:
    with pytest.raises(ncpcert.SigningError) as info:
        ncpcert.sign(method, path, TS, ak, sk)
    assert name in str(info.value)
    assert len(str(info.value)) < 10_000, f"message of {len(str(info.value))} characters"


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("certificateName", "a" * TEN_MB, "certificateName.invalid"),
        ("commonName", "a" * TEN_MB, "domain.too_long"),
        ("commonName", "a." * (TEN_MB // 2) + "com", "domain.too_long"),
        ("dnsName", ["www.example.com", "b" * TEN_MB + ".com"], None),
        ("csr", "A" * TEN_MB, "csr.too_large"),
        ("validationMethod", "D" * TEN_MB, "validationMethod.invalid"),
        ("certificateType", "DV" * (TEN_MB // 2), "certificateType.invalid"),
    ],
    ids=["name", "cn", "cn-labels", "dns", "csr", "method", "type"],
)
def test_huge_request_fields(field: str, value: Any, code: str | None) -> None:
    request = valid_request()
    request[field] = value
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(request)
    errors = info.value.errors()
    assert any(e["field"].startswith(field) for e in errors), errors
    if code is not None:
        assert code in {e["code"] for e in errors}
    # No finding echoes megabytes of input back.
    assert all(len(e["message"]) < 10_000 for e in errors)
    assert len(str(info.value)) < 50_000


def test_huge_csr_bytes() -> None:
    with pytest.raises(ncpcert.CsrError) as info:
        ncpcert.inspect_csr(b"\x30" * TEN_MB)
    assert info.value.code == "csr.too_large"


# --------------------------------------------------------------------------- request dicts


REQUIRED = ["csr", "certificateType", "certificateName", "commonName", "validationMethod"]


def test_missing_keys_are_all_named() -> None:
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare({})
    fields = {e["field"] for e in info.value.errors()}
    assert set(REQUIRED) <= fields, fields
    for field in REQUIRED:
        request = valid_request()
        del request[field]
        with pytest.raises(ncpcert.ValidationError) as info:
            ncpcert.prepare(request)
        assert {e["field"] for e in info.value.errors()} == {field}


def test_none_values_are_named() -> None:
    request = {k: None for k in valid_request()}
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(request)
    fields = {e["field"] for e in info.value.errors()}
    assert set(REQUIRED) <= fields, fields
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(csr=None, certificate_type=None, certificate_name=None, common_name=None,
                        validation_method=None)
    assert set(REQUIRED) <= {e["field"] for e in info.value.errors()}


def test_unknown_keys_are_named() -> None:
    request = valid_request()
    request["subscriptionPeriod"] = 12
    request["common_name"] = "x"
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(request)
    assert {(e["code"], e["field"]) for e in info.value.errors()} == {
        ("request.unknown_field", "subscriptionPeriod"),
        ("request.unknown_field", "common_name"),
    }
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(**{"csr": request["csr"], "certificate_type": "DV", "certificate_name": "www-example",
                           "common_name": "www.example.com", "validation_method": "D", "colour": "blue"})
    assert mentions(info.value, "colour")


@pytest.mark.parametrize("value", [5, ["x"], "request", b"{}", 1.5, object()], ids=repr)
def test_request_wrong_type(value: Any) -> None:
    with pytest.raises(TypeError, match="request"):
        ncpcert.validate(value)
    with pytest.raises(TypeError, match="request"):
        ncpcert.prepare(value)


@pytest.mark.parametrize("kwargs, name", [({"site": 5}, "site"), ({"site": None}, "site"), ({"base_url": 5}, "base_url"),
                                          ({"base_url": b"http://x"}, "base_url")])
def test_prepare_argument_wrong_type(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(TypeError, match=name):
        ncpcert.prepare(valid_request(), **kwargs)


NON_JSON_VALUES = [
    ("certificateName", b"www-example"),
    ("commonName", b"www.example.com"),
    ("dnsName", [b"www.example.com"]),
    ("organizationNo", float("nan")),
    ("organizationNo", float("inf")),
    ("validationMethod", object()),
    ("extra", {"period": object()}),
    ("certificateType", frozenset({"DV"})),
]


@pytest.mark.parametrize("field, value", NON_JSON_VALUES, ids=[f"{f}={type(v).__name__}" for f, v in NON_JSON_VALUES])
def test_values_json_cannot_carry_are_named(field: str, value: Any) -> None:
    request = valid_request()
    request[field] = value
    with pytest.raises((ncpcert.ValidationError, TypeError)) as info:
        ncpcert.prepare(request)
    assert mentions(info.value, field), str(info.value)
    # validate() reports (or raises TypeError for the argument's type); it names the field.
    try:
        report = ncpcert.validate(request)
    except TypeError as e:
        assert field in str(e)
    else:
        assert report.valid is False
        assert any(f.field.startswith(field) for f in report.errors), report.to_dict()


@pytest.mark.parametrize("value", [True, 2**70, -1, 0, "12", 1.5, [1], {"n": 1}], ids=repr)
def test_organization_no_bad_values(value: Any) -> None:
    request = valid_request()
    request["certificateType"] = "OV"
    request["organizationNo"] = value
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(request)
    errors = info.value.errors()
    assert [(e["code"], e["field"]) for e in errors] == [("organizationNo.invalid", "organizationNo")]
    if value == 2**70:
        # 2**70 is a whole number, only too large: the message must not say otherwise.
        assert "not a whole number" not in errors[0]["message"], errors[0]["message"]


# --------------------------------------------------------------------------- str where bytes is expected


def test_str_and_bytes_give_the_same_results() -> None:
    pem = (DATA / "own" / "rsa-2048.pem").read_text()
    assert ncpcert.inspect_csr(pem) == ncpcert.inspect_csr(pem.encode())
    body = '{"error":{"errorCode":"200","message":"Authentication Failed"}}'
    errors = []
    for b in (body, body.encode()):
        with pytest.raises(ncpcert.GatewayError) as info:
            ncpcert.parse_response(401, b)
        errors.append((info.value.code, info.value.message, info.value.http_status))
    assert errors[0] == errors[1]


def test_ncpauth_refuses_non_requests() -> None:
    auth = ncpcert.NcpAuth(AK, SK)
    for thing in (None, "GET /", object(), {"url": "/"}):
        with pytest.raises(ncpcert.SigningError) as info:
            auth(thing)
        assert type(thing).__name__ in str(info.value)


# --------------------------------------------------------------------------- in a separate interpreter


def test_hostile_battery_in_a_subprocess() -> None:
    """The same kind of calls in a fresh interpreter: an abort or a crash shows as a bad exit."""
    script = textwrap.dedent(
        """
        import ncpcert
        hostile = [None, 1, -1, 2**70, 1.5, float("nan"), float("inf"), True, b"x", "x", "\\ud800",
                   "/\\ud800", [], {}, ["\\ud800"], {"\\ud800": "\\ud800"}, "/" + "a" * 1_000_000]
        calls = [
            lambda h: ncpcert.sign(h, h, h, h, h),
            lambda h: ncpcert.sign("GET", h, 1_700_000_000_000, "a", "b"),
            lambda h: ncpcert.sign("GET", "/", h, "a", "b"),
            lambda h: ncpcert.sign("GET", "/", 1_700_000_000_000, h, h),
            lambda h: ncpcert.verify("GET", "/", 1_700_000_000_000, "a", "b", h),
            lambda h: ncpcert.Signer(h, h),
            lambda h: ncpcert.Signer("a", "b", clock=lambda: h).headers("GET", "/"),
            lambda h: ncpcert.Signer("a", "b").headers(h, h, h),
            lambda h: ncpcert.validate(h),
            lambda h: ncpcert.validate({"csr": h, "certificateType": h, "commonName": h, "dnsName": h,
                                        "certificateName": h, "validationMethod": h, "organizationNo": h,
                                        "extra": h}),
            lambda h: ncpcert.prepare({"csr": h, "dnsName": [h, h]}),
            lambda h: ncpcert.prepare({}, site=h),
            lambda h: ncpcert.prepare({}, base_url=h),
            lambda h: ncpcert.inspect_csr(h),
            lambda h: ncpcert.parse_response(h, h),
            lambda h: ncpcert.parse_response(200, h),
            lambda h: ncpcert.NcpAuth("a", "b")(h),
        ]
        n = 0
        for call in calls:
            for h in hostile:
                try:
                    call(h)
                except (ncpcert.NcpError, TypeError):
                    pass
                n += 1
        assert ncpcert.sign("POST", "/api/v2/certificate/requestPaidCertificateIssuance", 1700000000000,
                            "EXAMPLEAK0000000NCP1", "EXAMPLESECRET00000000000000000000NCPSK01") == \\
            "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="
        print("survived", n)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr[-4000:])
    assert result.stdout.startswith("survived")


# --------------------------------------------------------------------------- deep nesting


def test_deeply_nested_request_is_reported_not_raised() -> None:
    """Regression: walking a request nested deeper than Python's recursion limit raised
    RecursionError out of validate and prepare instead of a finding / ValidationError."""
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    request = valid_request()
    request["extra"] = {"deep": deep}
    report = ncpcert.validate(request)
    assert report.valid is False
    assert [f.code for f in report.findings] == ["request.invalid"]
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(request)
    assert info.value.errors()[0]["code"] == "request.invalid"
