#!/usr/bin/env python3
"""Writes the libFuzzer seed corpus (fuzz/corpus/<target>/) from the project's test data.

Seeds are derived, never committed: every run of scripts/fuzz.sh rebuilds them from
tests/data and tests/vectors, so new test data becomes a seed automatically.
"""
import base64
import hashlib
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def write(target: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    # Named by content, like libFuzzer's own corpus entries: re-running adds nothing twice.
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def vectors(name: str) -> list:
    return json.loads((ROOT / "tests" / "vectors" / name).read_text())["vectors"]


# ListAdvancedCertificates answers in the shapes SPEC §12 names (old and new field names).
# A DER SEQUENCE standing in for a certificate, as NCP sends PEM: CRLF, no final newline.
_PEM = "-----BEGIN CERTIFICATE-----\r\nMAMCAQE=\r\n-----END CERTIFICATE-----"
AFTER_REQUEST_ANSWERS = [
    (0, {"returnCode": "0", "returnMessage": "success", "totalRows": 1, "dnsVerificationCount": 1,
         "dnsVerificationList": [{"validSn": 70001, "requestSn": "R", "validStatusCode": "VALID_STATUS_REG",
                                  "txtName": "_dnsauth.example.com", "txtValue": "token"}],
         "emailVerificationCount": 0, "emailVerificationList": []}),
    (1, {"returnCode": "0", "returnMessage": "Success", "totalRows": 0, "subjectCommonName": "www.example.com",
         "certificate": _PEM, "subCaCertificate": _PEM, "rootCaCertificate": _PEM}),
    (2, {"returnCode": "0", "returnMessage": "success", "totalRows": 2, "organizationInfoList": [
        {"organizationNo": 20001, "verificationProgressCode": "7"},
        {"organizationNo": 20002, "verificationProgressCode": 1}]}),
    (2, [{"organizationNo": 20001, "verificationProgressCode": "7", "memberNo": "3000001"}]),
]

LIST_ANSWERS = [
    {"returnCode": "0", "returnMessage": "success", "totalCount": 1, "orders": [
        {"orderId": "900001", "certificates": [
            {"certificateNo": 1000, "certificateName": "www-example", "commonName": "www.example.com",
             "dnsName": "www.example.com,example.com", "statusCode": "0", "statusName": "ONGOING",
             "certificateType": "NCP_PAID_DV_01"}]}]},
    {"returnCode": 0, "totalRows": "1", "orders": [
        {"orderID": 7, "certificates": [
            {"certificateNo": "7", "certificateName": "a", "dnsName": ["a.example.com"], "statusCode": -3,
             "certificateTypeCode": "NCP_PAID_OV_01"}]}]},
    {"returnCode": "0", "totalCount": 0, "orders": []},
]


def main() -> None:
    for path in sorted((ROOT / "tests" / "data").rglob("*")):
        if path.is_file() and path.suffix in {".pem", ".der", ".csr", ".txt", ".bin"}:
            write("inspect_csr", path.read_bytes())

    for vector in vectors("requests.json"):
        write("validate_json", json.dumps(vector["request"]).encode())
    for path in sorted((ROOT / "tests" / "vectors" / "golden").glob("*.json")):
        write("validate_json", path.read_bytes())

    for vector in vectors("responses.json"):
        if "body_base64" in vector:
            body = base64.b64decode(vector["body_base64"])
        else:
            body = vector["body"].encode()
        write("parse_response", struct.pack(">H", vector["http_status"] % 65536) + body)
        # Error bodies are shared by every operation; list answers get their own seeds below.
        write("parse_certificate_list", struct.pack(">H", vector["http_status"] % 65536) + body)
    for body in LIST_ANSWERS:
        write("parse_certificate_list", struct.pack(">H", 200) + json.dumps(body).encode())

    # The calls after the request (SPEC §12): selector byte 0 DCV, 1 chain, 2 organisations.
    for which, body in AFTER_REQUEST_ANSWERS:
        write("parse_after_request", bytes([which]) + struct.pack(">H", 200) + json.dumps(body).encode())

    for vector in vectors("signature_v2.json"):
        fields = [vector["method"], vector["url"], vector["access_key"], vector["secret_key"]]
        stamp = struct.pack("<Q", int(vector["timestamp"]))
        write("sign", stamp + b"\xff".join(f.encode() for f in fields))

    # Inputs that once failed a target (fuzz/regressions/<target>/) stay in its corpus.
    for path in sorted((ROOT / "fuzz" / "regressions").glob("*/*")):
        write(path.parent.name, path.read_bytes())

    for target in ("inspect_csr", "validate_json", "parse_response", "parse_certificate_list", "sign"):
        count = len(list((CORPUS / target).iterdir()))
        print(f"seed corpus {target}: {count} inputs")


if __name__ == "__main__":
    main()
