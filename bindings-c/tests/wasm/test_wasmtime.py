"""The zero-import ncpcert-ffi.wasm from Python's wasmtime (PyPI): it has no imports, signs
every shared signature vector, and prepares the sample request.

Run: pytest bindings-c/tests/wasm (NCPCERT_FFI_WASM: the module; default
target/ncpcert-c/wasm/ncpcert-ffi.wasm)."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path
from typing import Any

import pytest
from wasmtime import Engine, Instance, Module, Store

REPO = Path(__file__).resolve().parents[3]
WASM = Path(os.environ.get("NCPCERT_FFI_WASM", REPO / "target/ncpcert-c/wasm/ncpcert-ffi.wasm"))
VECTORS = json.loads((REPO / "tests/vectors/signature_v2.json").read_text(encoding="utf-8"))["vectors"]


class Ffi:
    """One instance of the module, with the little memory handling the C ABI needs."""

    def __init__(self) -> None:
        engine = Engine()
        self.module = Module.from_file(engine, str(WASM))
        self.store = Store(engine)
        self.exports = Instance(self.store, self.module, []).exports(self.store)
        self.memory = self.exports["memory"]
        self.blocks: list[tuple[int, int]] = []

    def __call__(self, name: str, *args: int) -> Any:
        return self.exports[name](self.store, *args)

    def alloc(self, size: int) -> int:
        ptr = self("ncpcert_alloc", size)
        self.blocks.append((ptr, size))
        return ptr

    def put(self, data: str | bytes) -> tuple[int, int]:
        raw = data.encode() if isinstance(data, str) else data
        ptr = self.alloc(len(raw))
        self.memory.write(self.store, raw, ptr)
        return ptr, len(raw)

    def read(self, ptr: int, size: int) -> bytes:
        return bytes(self.memory.read(self.store, ptr, ptr + size))

    def take_buf(self, ptr: int) -> str:
        data, length = struct.unpack("<II", self.read(ptr, 8))
        text = self.read(data, length).decode() if data else ""
        self("ncpcert_buf_free", ptr)
        return text

    def release(self) -> None:
        for ptr, size in self.blocks:
            self("ncpcert_dealloc", ptr, size)
        self.blocks.clear()


@pytest.fixture(scope="module")
def ffi() -> Ffi:
    return Ffi()


def test_the_module_has_no_imports(ffi: Ffi) -> None:
    assert list(ffi.module.imports) == []
    names = {e.name for e in ffi.module.exports}
    assert {"ncpcert_alloc", "ncpcert_dealloc", "ncpcert_sign", "ncpcert_prepare", "ncpcert_buf_free"} <= names


def sign(ffi: Ffi, method: str, url: str, ts: int, ak: str, sk: str) -> tuple[int, str]:
    out, error = ffi.alloc(44), ffi.alloc(8)
    status = ffi("ncpcert_sign", *ffi.put(method), *ffi.put(url), ts, *ffi.put(ak), *ffi.put(sk), out, error)
    error_text = ffi.take_buf(error)
    result = ffi.read(out, 44).decode() if status == 0 else error_text
    ffi.release()
    return status, result


@pytest.mark.parametrize("v", VECTORS, ids=[v["id"] for v in VECTORS])
def test_sign_every_vector(ffi: Ffi, v: dict[str, str]) -> None:
    assert sign(ffi, v["method"], v["url"], int(v["timestamp"]), v["access_key"], v["secret_key"]) == (
        0,
        v["expected_signature"],
    )


@pytest.mark.parametrize("v", VECTORS, ids=[v["id"] for v in VECTORS])
def test_signer_handle_every_vector(ffi: Ffi, v: dict[str, str]) -> None:
    handle_out = ffi.alloc(4)
    assert ffi("ncpcert_signer_new", *ffi.put(v["access_key"]), *ffi.put(v["secret_key"]), handle_out, 0) == 0
    (handle,) = struct.unpack("<I", ffi.read(handle_out, 4))
    out = ffi.alloc(8)
    status = ffi("ncpcert_signer_headers", handle, *ffi.put(v["method"]), *ffi.put(v["url"]), int(v["timestamp"]), out)
    headers = json.loads(ffi.take_buf(out))
    ffi("ncpcert_signer_free", handle)
    ffi.release()
    assert status == 0
    assert headers["headers"]["x-ncp-apigw-signature-v2"] == v["expected_signature"]
    assert headers["headers"]["x-ncp-apigw-timestamp"] == v["timestamp"]


def test_a_refused_secret_is_never_shown(ffi: Ffi) -> None:
    status, error = sign(ffi, "POST", "/api", 1700000000000, "EXAMPLEAK0000000NCP1", "TOPSECRETVALUE with a space")
    assert status == 1
    assert json.loads(error)["code"] == "signing.secret_key"
    assert "TOPSECRET" not in error


def test_prepare_the_sample_request(ffi: Ffi) -> None:
    request = {
        "csr": (REPO / "tests/data/sample.csr.pem").read_text(),
        "certificateType": "NCP_PAID_DV_01",
        "certificateName": "www-example",
        "commonName": "www.example.com",
        "dnsName": ["www.example.com", "example.com"],
        "validationMethod": "D",
    }
    out = ffi.alloc(8)
    status = ffi("ncpcert_prepare", *ffi.put(json.dumps(request)), *ffi.put("public"), 0, out)
    prepared = json.loads(ffi.take_buf(out))
    ffi.release()
    assert status == 0
    assert prepared["url"] == "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance"
    assert json.loads(prepared["body"])["dnsName"] == ["www.example.com", "example.com"]
    # An invalid request: status 2 and the findings.
    out = ffi.alloc(8)
    status = ffi("ncpcert_prepare", *ffi.put(json.dumps({**request, "commonName": "a_b.example.com"})), *ffi.put("public"), 0, out)
    error = json.loads(ffi.take_buf(out))
    ffi.release()
    assert status == 2 and error["type"] == "validation"
    assert any(f["code"] == "domain.underscore" and f["field"] == "commonName" for f in error["findings"])


LIFECYCLE = [
    "ncpcert_list_dcv_statuses",
    "ncpcert_parse_dcv_statuses",
    "ncpcert_validation_domains",
    "ncpcert_get_certificate_chain",
    "ncpcert_parse_certificate_chain",
    "ncpcert_list_organizations",
    "ncpcert_parse_organizations",
]


def test_the_calls_after_the_request(ffi: Ffi) -> None:
    assert set(LIFECYCLE) <= {e.name for e in ffi.module.exports}
    out = ffi.alloc(8)
    status = ffi("ncpcert_get_certificate_chain", *ffi.put('{"certificateNo": 55332}'), *ffi.put("public"), out)
    prepared = json.loads(ffi.take_buf(out))
    assert status == 0
    assert (prepared["method"], prepared["path"], prepared["body"]) == (
        "GET",
        "/api/v2/certificate/exportCertificate/55332/chain",
        None,
    )
    out = ffi.alloc(8)
    options = '{"certificateNo": 55332, "domainAddress": "ncloud.com"}'
    status = ffi("ncpcert_list_dcv_statuses", *ffi.put(options), *ffi.put("public"), out)
    assert status == 0
    path = json.loads(ffi.take_buf(out))["path"]
    assert path == "/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com"
    body = json.dumps(
        {
            "returnCode": "0",
            "dnsVerificationList": [
                {"validSn": 1, "validStatusCode": "VALID_STATUS_REG", "txtName": "_dnsauth", "txtValue": "t"}
            ],
        }
    )
    out = ffi.alloc(8)
    status = ffi("ncpcert_parse_dcv_statuses", 200, *ffi.put(body), *ffi.put("www.example.com"), out)
    record = json.loads(ffi.take_buf(out))["dnsVerificationList"][0]
    assert status == 0
    assert (record["state"], record["recordName"]) == ("pending", "_dnsauth.www.example.com")
    out = ffi.alloc(8)
    organizations = '[{"organizationNo": 11, "verificationProgressCode": "7"}]'
    status = ffi("ncpcert_parse_organizations", 200, *ffi.put(organizations), out)
    organization = json.loads(ffi.take_buf(out))["organizations"][0]
    assert status == 0 and organization["validated"] is True
    out = ffi.alloc(8)
    status = ffi("ncpcert_parse_certificate_chain", 200, *ffi.put('{"returnCode":"0","returnMessage":"Success"}'), out)
    error = json.loads(ffi.take_buf(out))
    ffi.release()
    assert status == 4 and (error["type"], error["kind"]) == ("api", "malformed")


ORDER = ["ncpcert_order_new", "ncpcert_order_next", "ncpcert_order_feed", "ncpcert_order_free"]


def test_an_order_recovered_after_a_504(ffi: Ffi) -> None:
    """The order workflow's handle in the .wasm (the Go module drives it so): a 504, then the
    lookup finds the certificate. Answers written from SPEC §12 and the mock's README."""
    assert set(ORDER) <= {e.name for e in ffi.module.exports}
    request = {
        "csr": (REPO / "tests/data/sample.csr.pem").read_text(),
        "certificateType": "DV",
        "certificateName": "www-example",
        "commonName": "www.example.com",
        "dnsName": ["www.example.com", "example.com"],
        "validationMethod": "D",
    }
    handle_out, error = ffi.alloc(4), ffi.alloc(8)
    options = '{"baseUrl":"http://127.0.0.1:9","backoffMs":0}'
    assert ffi("ncpcert_order_new", *ffi.put(json.dumps(request)), 0, 0, *ffi.put(options), handle_out, error) == 0
    assert ffi.take_buf(error) == ""
    (order,) = struct.unpack("<I", ffi.read(handle_out, 4))
    listed = {
        "returnCode": "0",
        "totalCount": 1,
        "orders": [
            {
                "orderId": "900001",
                "certificates": [
                    {
                        "certificateNo": 1000,
                        "certificateName": "www-example",
                        "commonName": "www.example.com",
                        "dnsName": "www.example.com,example.com",
                        "statusCode": "0",
                        "statusName": "ONGOING",
                        "certificateType": "NCP_PAID_DV_01",
                    }
                ],
            }
        ],
    }
    answers = {
        "order": (504, '{"error":{"errorCode":"510","message":"Endpoint Timeout"}}'),
        "lookup": (200, json.dumps(listed)),
    }
    sent = []
    for _ in range(20):
        out = ffi.alloc(8)
        assert ffi("ncpcert_order_next", order, 1700000000000, out) == 0
        action = json.loads(ffi.take_buf(out))
        if action["action"] == "done":
            break
        if action["action"] == "send":
            sent.append(action["purpose"])
            # Out of turn while the call waits: status 6, internal.misuse.
            out = ffi.alloc(8)
            assert ffi("ncpcert_order_next", order, 0, out) == 6
            assert json.loads(ffi.take_buf(out))["code"] == "internal.misuse"
            status, body = answers[action["purpose"]]
            error = ffi.alloc(8)
            assert ffi("ncpcert_order_feed", order, status, *ffi.put(body), 0, 0, error) == 0
            assert ffi.take_buf(error) == ""
    ffi("ncpcert_order_free", order)
    ffi.release()
    assert sent == ["order", "lookup"]
    assert action["ok"] is True
    assert (action["result"]["path"], action["result"]["certificateNo"]) == ("recovered", 1000)
