"""Inventory and renewal: ListOrders and GetOrder, a certificate's expiry (checked against
pyca/cryptography's reading of the certificate), the inventory rows, the renewal decision and
the renewed certificate's name."""

from __future__ import annotations

import json
import re
from datetime import timezone
from pathlib import Path

import pytest
from cryptography import x509

import ncpcert

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data" / "order"
LEAF = (DATA / "same-key.cert.pem").read_text()
DAY = 86_400_000


def test_list_orders_and_get_order_calls() -> None:
    prepared = ncpcert.list_orders()
    assert prepared.method == "GET"
    assert prepared.path == "/api/v2/certificate/orders?page=1&pageSize=0"
    assert prepared.body is None
    assert ncpcert.list_orders(page=2, page_size=20).path.endswith("?page=2&pageSize=20")
    assert ncpcert.get_order("9/1").path == "/api/v2/certificate/orders/9%2F1"
    with pytest.raises(ncpcert.NcpError) as e:
        ncpcert.list_orders(page=0)
    assert e.value.code == "argument.invalid"
    with pytest.raises(TypeError):
        ncpcert.get_order(5)  # type: ignore[arg-type]


def test_parse_orders_keeps_ncp_text_and_unknown_fields() -> None:
    body = json.dumps(
        {
            "returnCode": "0",
            "totalCount": 2,
            "orders": [
                {"orderId": "900001", "subscriptionStartDt": "2026-01-10 09:30:00",
                 "subscriptionEndDt": "2027-01-10 09:30:00", "subscriptionYears": 1,
                 "remainingDays": 120, "extendableYears": 2, "note": "n"},
                {"orderId": 900002, "subscriptionEndDt": None, "remainingDays": None},
            ],
        }
    )
    orders = ncpcert.parse_order_list(200, body)
    assert isinstance(orders, ncpcert.OrderList)
    first = orders.find("900001")
    assert first is not None and first.remaining_days == 120 and first.extra == {"note": "n"}
    second = orders.find("900002")
    assert second is not None and second.subscription_end_dt is None and second.remaining_days is None
    with pytest.raises(ncpcert.ApiError):
        ncpcert.parse_order_list(200, b"<html>")

    order = ncpcert.parse_order(
        200,
        json.dumps({"returnCode": "0", "orderId": "900001", "remainingDays": 3, "certificates": [
            {"certificateNo": 7, "certificateName": "web", "statusCode": "1"}, {"odd": True}]}),
    )
    assert order.order_id == "900001"
    assert [c.certificate_no for c in order.certificates] == [7]
    assert order.other_certificates == ({"odd": True},)


def test_expiry_matches_pyca() -> None:
    cert = x509.load_pem_x509_certificate(LEAF.encode())
    e = ncpcert.expiry(LEAF)
    assert isinstance(e, ncpcert.Expiry)
    after = cert.not_valid_after_utc
    before = cert.not_valid_before_utc
    assert e.not_after == after.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert e.not_before == before.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert e.not_after_ms == int(after.timestamp()) * 1000
    assert e.serial_number == format(cert.serial_number, "X").rjust(len(e.serial_number), "0")
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert list(e.names) == san.get_values_for_type(x509.DNSName)
    assert e.days_left(e.not_after_ms - 10 * DAY) == 10
    with pytest.raises(ncpcert.NcpError) as err:
        ncpcert.expiry("not a certificate")
    assert err.value.code == "certificate.invalid"


def test_decide_renewal() -> None:
    e = ncpcert.expiry(LEAF)  # 90 days: due with fewer than 30 left
    orders = ncpcert.parse_order_list(200, '{"returnCode":"0","orders":[{"orderId":"1","remainingDays":40}]}')
    order = orders.orders[0]
    assert ncpcert.decide_renewal(e, order, now_ms=e.not_after_ms - 31 * DAY).action == "none"
    due = ncpcert.decide_renewal(e, order, now_ms=e.not_after_ms - 29 * DAY)
    assert isinstance(due, ncpcert.RenewalDecision)
    assert (due.action, due.due, due.days_left, due.renew_within_days) == ("reissue", True, 29, 30)
    assert ncpcert.decide_renewal(e, order, now_ms=e.not_after_ms - 29 * DAY, days=10).action == "none"
    ended = {"remainingDays": 0}
    skipped = ncpcert.decide_renewal(e, ended, now_ms=e.not_after_ms - DAY)
    assert (skipped.action, skipped.code) == ("skip", "renew.skipped")
    assert ncpcert.decide_renewal(e, ended, now_ms=e.not_after_ms - DAY, allow_order=True).action == "order"
    assert ncpcert.decide_renewal(e, None, now_ms=e.not_after_ms - DAY).action == "skip"
    with pytest.raises(TypeError):
        ncpcert.decide_renewal(e, 5)  # type: ignore[arg-type]


def test_renewal_names_meet_the_rule() -> None:
    assert ncpcert.renewal_name("web-cert") == "web-cert-r2"
    assert ncpcert.renewal_name("web-cert-r2") == "web-cert-r3"
    assert ncpcert.renewal_name("web-cert", taken=["web-cert-r2"]) == "web-cert-r3"
    rule = re.compile(r"^[A-Za-z][A-Za-z0-9-]{2,19}$")
    for old in ["abcdefghijklmnopqrst", "인증서", "", "1x", "web-cert-r99"]:
        assert rule.match(ncpcert.renewal_name(old)), old


def test_inventory_rows() -> None:
    e = ncpcert.expiry(LEAF)
    listing = ncpcert.parse_certificate_list(
        200,
        json.dumps({"returnCode": "0", "orders": [{"orderId": "1", "certificates": [
            {"certificateNo": 7, "certificateName": "web", "commonName": "www.example.com",
             "dnsName": "example.com", "statusCode": "1", "certificateType": "NCP_PAID_DV_01"},
            {"certificateNo": 9, "certificateName": "web-r2", "commonName": "www.example.com",
             "dnsName": "example.com", "statusCode": "1", "certificateType": "NCP_PAID_DV_01"}]}]}),
    )
    orders = ncpcert.parse_order_list(
        200, '{"returnCode":"0","orders":[{"orderId":"1","subscriptionEndDt":"2027-12-01 10:00:00","remainingDays":200,"extendableYears":1}]}'
    )
    now = e.not_after_ms - 5 * DAY
    rows = ncpcert.inventory(listing, orders, {7: LEAF, 9: LEAF}, now_ms=now)
    assert [r.certificate_no for r in rows] == [7, 9]
    old, new = rows
    assert isinstance(old, ncpcert.InventoryRow)
    assert (old.superseded, old.superseded_by) == (True, 9)
    assert not old.expires_within(30)
    assert new.days_left == 5 and new.expires_within(30)
    assert new.subscription_end == "2027-12-01T01:00:00Z"
    assert (new.remaining_days, new.extendable_years) == (200, 1)
    assert new.names == ("example.com", "www.example.com")


def test_the_issuance_driver_reissues_instead_of_ordering() -> None:
    import ncpcert._native as native
    from ncpcert._api import call

    key = ncpcert.generate_key("p256")
    csr = ncpcert.make_csr(key, ["www.example.com", "example.com"]).encode()
    request = {"certificateType": "DV", "certificateName": "web-r2", "commonName": "www.example.com",
               "dnsName": ["www.example.com", "example.com"], "validationMethod": "D"}
    d = call(native.IssuanceDriver, request, csr,
             {"baseUrl": "http://127.0.0.1:9", "dns": "hook", "entropy": 7, "reissue": 5})
    first = call(d.next, 0)
    while first["action"] == "progress":
        first = call(d.next, 0)
    assert first["action"] == "journal" and first["entry"]["operation"] == "reissueCertificate"
    send = call(d.next, 0)
    assert send["action"] == "send" and send["paid"] is True
    assert send["request"]["path"] == "/api/v2/certificate/5/reissue"
    body = json.loads(send["request"]["body"])
    assert sorted(body) == ["certificateName", "commonName", "csr", "dnsName", "validationMethod"]
    with pytest.raises(ncpcert.NcpError) as e:
        call(native.IssuanceDriver, request, csr, {"dns": "hook", "reissue": 0})
    assert e.value.code == "argument.invalid"
