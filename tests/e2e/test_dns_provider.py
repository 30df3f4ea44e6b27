"""`ncpcert dns present|cleanup|certbot-auth|certbot-cleanup` and lego's `ncpcert present|cleanup`
against the mock's Global DNS, with what its name server serves read by a DNS query built here
by hand (standard library only, independent of ncpcert's own DNS code)."""

from __future__ import annotations

import json
import pathlib
import random
import socket
import struct
import subprocess
from collections.abc import Iterator

import pytest

from conftest import KEYS, cli_env, mock_ncp

# One ACME value in 64 starts with "-": base64url of a SHA-256 digest, 43 characters.
DASH_VALUE = "-vAbc_defGhijklmnopqrstuvwxyz0123456789-_AB"
OTHER_VALUE = "Zx9_otherValueForTheWildcard0123456789abcd"


def txt_served(address: str, name: str) -> list[str]:
    """The TXT values `address` (HOST:PORT) answers for `name`, from a hand-built RFC 1035
    query over UDP."""
    host, port = address.rsplit(":", 1)
    query_id = random.randrange(1 << 16)
    question = b"".join(bytes([len(label)]) + label.encode() for label in name.rstrip(".").split("."))
    message = struct.pack(">HHHHHH", query_id, 0, 1, 0, 0, 0) + question + b"\0" + struct.pack(">HH", 16, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(3)
        s.sendto(message, (host, int(port)))
        answer, _ = s.recvfrom(65535)
    got_id, flags, qd, an = struct.unpack(">HHHH", answer[:8])
    assert got_id == query_id and flags & 0x8000, "not an answer to the query"
    rcode = flags & 0xF
    if rcode == 3:  # NXDOMAIN
        return []
    assert rcode == 0, f"rcode {rcode}"
    at = 12

    def skip_name(at: int) -> int:
        while True:
            length = answer[at]
            if length & 0xC0 == 0xC0:
                return at + 2
            if length == 0:
                return at + 1
            at += 1 + length

    for _ in range(qd):
        at = skip_name(at) + 4
    values = []
    for _ in range(an):
        at = skip_name(at)
        rtype, _class, _ttl, rdlength = struct.unpack(">HHIH", answer[at : at + 10])
        at += 10
        rdata = answer[at : at + rdlength]
        at += rdlength
        if rtype == 16:
            parts, i = [], 0
            while i < len(rdata):
                parts.append(rdata[i + 1 : i + 1 + rdata[i]].decode())
                i += 1 + rdata[i]
            values.append("".join(parts))
    return sorted(values)


@pytest.fixture()
def zone_mock() -> Iterator[mock_ncp.MockNcp]:
    server = mock_ncp.start(KEYS, zones=["example.com"], log_dns=False)
    server.add_record("example.com", "keep", "TXT", "someone else's record")
    try:
        yield server
    finally:
        server.stop()


def dns_env(mock: mock_ncp.MockNcp, **extra: str) -> dict[str, str]:
    env = cli_env()
    for k in list(env):
        if k.startswith(("NCPCERT_", "CERTBOT_", "EXEC_")):
            del env[k]
    env.update(NCPCERT_DNS_ENDPOINT=mock.dns_url, NCPCERT_DNS_RESOLVER=mock.dns_address, NCPCERT_DNS_TIMEOUT="20")
    env.update(extra)
    return env


def run(cli: pathlib.Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(cli), *args], env=env, capture_output=True, text=True, timeout=120)


def records(mock: mock_ncp.MockNcp) -> list[tuple[str, str, bool]]:
    return sorted((r.host, r.content, r.applyYn) for r in mock.zone_records("example.com", type="TXT"))


def test_lego_style_present_then_cleanup_with_a_dash_value_and_a_trailing_dot(cli, zone_mock):
    env = dns_env(zone_mock)
    name = "_acme-challenge.example.com."
    assert txt_served(zone_mock.dns_address, name) == []
    # Exactly lego's exec call: PROGRAM present FQDN VALUE, the FQDN with its trailing dot.
    present = run(cli, "present", name, DASH_VALUE, env=env)
    assert present.returncode == 0, present.stderr
    assert txt_served(zone_mock.dns_address, name) == [DASH_VALUE]
    assert "served" in present.stderr
    cleanup = run(cli, "cleanup", name, DASH_VALUE, env=env)
    assert cleanup.returncode == 0, cleanup.stderr
    assert txt_served(zone_mock.dns_address, name) == []
    # Only the record it made is gone; someone else's is untouched and nothing is pending.
    assert records(zone_mock) == [("keep", '"someone else\'s record"', True)]
    assert txt_served(zone_mock.dns_address, "keep.example.com") == ["someone else's record"]
    assert zone_mock.dns_calls["rollback"] == 0


def test_options_after_name_and_value_and_json(cli, zone_mock):
    env = cli_env()
    for k in list(env):
        if k.startswith("NCPCERT_"):
            del env[k]
    name = "_acme-challenge.www.example.com"
    out = run(cli, "dns", "present", name, DASH_VALUE, "--dns-endpoint", zone_mock.dns_url,
              "--dns-resolver", zone_mock.dns_address, "--timeout", "20", "--json", env=env)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["record"] == {"fqdn": name, "value": DASH_VALUE}
    assert doc["published"]["zones"] == {name: "example.com"}
    assert doc["published"]["servers"] == [zone_mock.dns_address]
    assert txt_served(zone_mock.dns_address, name) == [DASH_VALUE]
    # Present again: nothing created, still served.
    again = run(cli, "dns", "present", name, DASH_VALUE, "--json", env=dns_env(zone_mock))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["published"]["alreadyPresent"] == [{"fqdn": name, "value": DASH_VALUE}]
    assert zone_mock.dns_calls["create"] == 1


def test_certbot_hooks_keep_the_other_value_at_one_name(cli, zone_mock):
    name = "_acme-challenge.example.com"
    # certbot presents the apex and the wildcard (CERTBOT_DOMAIN=example.com for both) before
    # validating either.
    apex = dns_env(zone_mock, CERTBOT_DOMAIN="example.com", CERTBOT_VALIDATION=DASH_VALUE)
    wildcard = dns_env(zone_mock, CERTBOT_DOMAIN="example.com", CERTBOT_VALIDATION=OTHER_VALUE)
    assert run(cli, "dns", "certbot-auth", env=apex).returncode == 0
    out = run(cli, "dns", "certbot-auth", env=wildcard)
    assert out.returncode == 0, out.stderr
    assert txt_served(zone_mock.dns_address, name) == sorted([DASH_VALUE, OTHER_VALUE])
    out = run(cli, "dns", "certbot-cleanup", env=apex)
    assert out.returncode == 0, out.stderr
    assert txt_served(zone_mock.dns_address, name) == [OTHER_VALUE]
    assert run(cli, "dns", "certbot-cleanup", env=wildcard).returncode == 0
    assert txt_served(zone_mock.dns_address, name) == []
    assert records(zone_mock) == [("keep", '"someone else\'s record"', True)]
    # Without certbot's variables: an input error, nothing sent.
    calls = dict(zone_mock.dns_calls)
    out = run(cli, "dns", "certbot-auth", env=dns_env(zone_mock))
    assert out.returncode == 2 and "CERTBOT_DOMAIN" in out.stderr
    assert zone_mock.dns_calls == calls


def test_cleanup_of_a_missing_value_exits_0(cli, zone_mock):
    out = run(cli, "cleanup", "_acme-challenge.example.com.", DASH_VALUE, "--json", env=dns_env(zone_mock))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["published"]["absent"] == [
        {"fqdn": "_acme-challenge.example.com", "value": DASH_VALUE}]
    assert zone_mock.dns_calls["delete"] == 0 and zone_mock.dns_calls["apply"] == 0


def test_a_zone_with_a_foreign_pending_change_is_refused_and_nothing_applied(cli, zone_mock):
    zone_mock.add_record("example.com", "www", "A", "192.0.2.7", applied=False)
    out = run(cli, "present", "_acme-challenge.example.com.", DASH_VALUE, "--json", env=dns_env(zone_mock))
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout)["error"]["code"] == "dns.pending_changes"
    assert "www" in out.stderr
    assert zone_mock.dns_calls["create"] == 0 and zone_mock.dns_calls["apply"] == 0
    assert zone_mock.dns_calls["rollback"] == 0
    assert [r.applyYn for r in zone_mock.zone_records("example.com", type="A") if r.host == "www"] == [False]
    assert txt_served(zone_mock.dns_address, "_acme-challenge.example.com") == []


def test_a_name_without_a_zone_and_a_duplicate_refusal(cli, zone_mock):
    out = run(cli, "present", "_acme-challenge.example.org.", DASH_VALUE, "--json", env=dns_env(zone_mock))
    assert out.returncode == 1
    assert json.loads(out.stdout)["error"]["code"] == "dns.zone_missing"
    # A Global DNS that refuses a second value at one host: stop and say so, the first kept.
    zone_mock.refuse_second_txt = True
    env = dns_env(zone_mock)
    assert run(cli, "present", "_acme-challenge.example.com.", DASH_VALUE, env=env).returncode == 0
    out = run(cli, "present", "_acme-challenge.example.com.", OTHER_VALUE, "--json", env=env)
    assert out.returncode == 1
    assert json.loads(out.stdout)["error"]["code"] == "dns.duplicate_record"
    assert txt_served(zone_mock.dns_address, "_acme-challenge.example.com") == [DASH_VALUE]
    assert zone_mock.dns_calls["delete"] == 0


def test_a_value_never_served_times_out_with_exit_1(cli, zone_mock):
    # A resolver that never answers: the record is published, never seen served.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        env = dns_env(zone_mock, NCPCERT_DNS_RESOLVER="127.0.0.1:%d" % silent.getsockname()[1],
                      NCPCERT_DNS_TIMEOUT="1")
        out = run(cli, "present", "_acme-challenge.example.com.", DASH_VALUE, "--json", env=env)
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout)["error"]["code"] == "dns.not_served"


def test_lego_raw_mode_and_bad_input_are_refused_before_anything_is_sent(cli, zone_mock):
    out = run(cli, "present", "--", "example.com", "token", "keyauth", env=dns_env(zone_mock, EXEC_MODE="RAW"))
    assert out.returncode == 2
    assert "EXEC_MODE=RAW" in out.stderr
    out = run(cli, "present", "--", "example.com", "token", "keyauth", "--json", env=dns_env(zone_mock))
    assert out.returncode == 2
    assert json.loads(out.stdout)["error"]["code"] == "argument.invalid"
    out = run(cli, "present", "_acme-challenge.example.com", 'a"b', env=dns_env(zone_mock))
    assert out.returncode == 2
    out = run(cli, "present", "bad name.example.com", "v", env=dns_env(zone_mock, NCPCERT_DNS_RESOLVER="nope"))
    assert out.returncode == 2
    assert sum(zone_mock.dns_calls.values()) == 0
    assert not any(r.route for r in zone_mock.requests)


def test_keys_from_a_configure_file_profile_given_by_the_environment(cli, zone_mock, tmp_path):
    # What a hook sees: no options, only variables. The keys come from a profile of a
    # credentials file named by NCPCERT_CONFIGURE_FILE and picked by NCP_PROFILE.
    access, secret = next(iter(KEYS.items()))
    configure = tmp_path / "configure"
    configure.write_text(f"[DEFAULT]\nncloud_access_key_id = WRONGAK\nncloud_secret_access_key = WRONGSK\n\n"
                         f"[acme]\nncloud_access_key_id = {access}\nncloud_secret_access_key = {secret}\n")
    env = dns_env(zone_mock, NCPCERT_CONFIGURE_FILE=str(configure), NCP_PROFILE="acme")
    env.pop("NCP_ACCESS_KEY")
    env.pop("NCP_SECRET_KEY")
    out = run(cli, "present", "_acme-challenge.example.com.", DASH_VALUE, env=env)
    assert out.returncode == 0, out.stderr
    assert txt_served(zone_mock.dns_address, "_acme-challenge.example.com") == [DASH_VALUE]
    # The file's default profile holds keys the mock does not know: refused, nothing changed.
    env.pop("NCP_PROFILE")
    out = run(cli, "cleanup", "_acme-challenge.example.com.", DASH_VALUE, env=env)
    assert out.returncode == 1, out.stderr
    assert txt_served(zone_mock.dns_address, "_acme-challenge.example.com") == [DASH_VALUE]
