"""Hands-free issuance: :func:`issue` drives the core's issuance workflow
(``_native.IssuanceDriver``) with a ``requests.Session`` or an ``httpx.Client`` for the HTTP
calls and the standard library's sockets for the DNS queries.

Every decision — the preflight, which records to create, when they are served, how long to
wait, what to clean up, when to stop — is the core's. This module performs the actions it asks
for (append to the journal, sign and send a call, send a DNS query's bytes, call the ``dns=``
object, sleep) and feeds back what happened.
"""

from __future__ import annotations

import logging
import os
import socket
import time

from . import _native
from ._api import call, generate_key, json_int, make_csr, text
from ._order import _Answer, _clock_ms, _describe, _Journal, _Send, _send_httpx, _send_requests, _signer

from typing import Protocol

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from ._models import CertificateType, Issued, ValidationMethod
    from ._signer import NcpAuth, Signer


class DnsHook(Protocol):
    """What ``dns=`` takes besides ``"ncloud"``: an object that publishes and removes one TXT
    record (``fqdn`` with a trailing dot, ``value`` unquoted)."""

    def present(self, fqdn: str, value: str) -> object: ...
    def cleanup(self, fqdn: str, value: str) -> object: ...


__all__ = ["issue"]

_log = logging.getLogger("ncpcert")

# Each HTTP call's own timeout, in seconds.
_HTTP_TIMEOUT = 30.0
# How long one name server may take to answer over UDP, and a TCP exchange.
_UDP_TIMEOUT = 3.0
_TCP_TIMEOUT = 5.0
# Where the system's resolvers are listed.
_RESOLV_CONF = "/etc/resolv.conf"


# -- DNS: the core's query bytes, moved over UDP or TCP ----------------------------------------


def _system_resolvers() -> list[tuple[str, int]]:
    """The ``nameserver`` lines of /etc/resolv.conf, in order; the local resolver when there
    are none (as the C library does)."""
    servers: list[tuple[str, int]] = []
    try:
        with open(_RESOLV_CONF, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        lines = []
    for line in lines:
        words = line.split("#", 1)[0].split(";", 1)[0].split()
        if len(words) >= 2 and words[0] == "nameserver":
            address = words[1].split("%", 1)[0]
            try:
                socket.inet_pton(socket.AF_INET6 if ":" in address else socket.AF_INET, address)
            except OSError:
                continue
            servers.append((address, 53))
    return servers or [("127.0.0.1", 53)]


def _server(address: str) -> tuple[str, int]:
    """``ip:port`` or ``[ipv6]:port`` (the core's form) as a socket address."""
    host, _, port = address.rpartition(":")
    return host.strip("[]"), int(port)


def _ask_udp(server: tuple[str, int], wire: bytes) -> bytes:
    family = socket.AF_INET6 if ":" in server[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.connect(server)
        s.send(wire)
        deadline = time.monotonic() + _UDP_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer")
            s.settimeout(left)
            answer = s.recv(65535)
            # A stray datagram (another query's late answer) is skipped; the core checks the
            # answer itself.
            if answer[:2] == wire[:2]:
                return answer


def _read_exactly(s: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    return data


def _ask_tcp(server: tuple[str, int], wire: bytes) -> bytes:
    with socket.create_connection(server, timeout=_TCP_TIMEOUT) as s:
        # DNS over TCP: each message behind its length in two bytes (RFC 1035 §4.2.2).
        s.sendall(len(wire).to_bytes(2, "big") + wire)
        length = int.from_bytes(_read_exactly(s, 2), "big")
        return _read_exactly(s, length)


def _ask(query: dict[str, Any], system: list[list[tuple[str, int]]]) -> bytes | str:
    """The answer's bytes to the core's query, or why there is none."""
    wire = bytes(query["wire"])
    target = query.get("target") or {}
    if target.get("kind") == "server":
        try:
            servers = [_server(str(target["address"]))]
        except (KeyError, ValueError):
            return f"{target.get('address')!r} is not an address and port"
    else:
        if not system:
            system.append(_system_resolvers())
        servers = system[0]
    tcp = bool(query.get("tcp"))
    failures = []
    for server in servers:
        try:
            return _ask_tcp(server, wire) if tcp else _ask_udp(server, wire)
        except (OSError, ValueError, OverflowError) as e:
            shown = f"[{server[0]}]:{server[1]}" if ":" in server[0] else f"{server[0]}:{server[1]}"
            failures.append(f"{shown} over {'TCP' if tcp else 'UDP'}: {_describe(e)}")
    return "; ".join(failures)


# -- the loop --------------------------------------------------------------------------------


def _drive(
    driver: Any,
    session: Any,
    send: Any,
    signer: Signer,
    journal: _Journal | None,
    hook: DnsHook | None,
    key_pem: str,
) -> Issued:
    system: list[list[tuple[str, int]]] = []
    while True:
        action = call(driver.next, _clock_ms())
        kind = action.get("action")
        if kind == "journal":
            if journal is not None:
                try:
                    journal.append(action["line"])
                except OSError as e:
                    # As place_order: an attempt is never sent without its entry.
                    if action["entry"]["event"] == "attempt":
                        raise
                    import warnings

                    warnings.warn(f"ncpcert: the journal {journal.path} could not be written: {e}",
                                  RuntimeWarning, stacklevel=3)
        elif kind == "send":
            request = action["request"]
            timestamp = int(signer.now_ms()) + int(action["clockOffsetMs"])
            headers = {**request["headers"], **signer.headers(request["method"], request["path"], timestamp)}
            body = None if request["body"] is None else request["body"].encode("utf-8")
            fed = send(session, _Send(request["method"], request["url"], headers, body), _HTTP_TIMEOUT)
            if isinstance(fed, _Answer):
                received = int(signer.now_ms())
                call(driver.receive, fed.status, fed.body, fed.date, received if received >= 0 else None)
            else:
                call(driver.transport_failed, fed.written, fed.message)
        elif kind == "query":
            answer = _ask(action, system)
            if isinstance(answer, bytes):
                call(driver.receive_dns, answer)
            else:
                call(driver.dns_failed, answer)
        elif kind == "hook":
            op = action.get("op")
            if hook is None or op not in ("present", "cleanup"):
                call(driver.hook_done, False, f"no {op!r} hook to run")
                continue
            try:
                getattr(hook, op)(action["fqdnWithDot"], action["value"])
            except Exception as e:  # the hook's failure is the core's to report
                call(driver.hook_done, False, _describe(e))
            else:
                call(driver.hook_done, True, "")
        elif kind == "sleep":
            time.sleep(action["ms"] / 1000)
        elif kind == "progress":
            _log.info("ncpcert: %s", action.get("event"))
        elif kind == "done":
            if action.get("ok"):
                import dataclasses

                from ._models import Issued

                return dataclasses.replace(Issued.from_dict(action["result"]), key_pem=key_pem)
            from ._errors import from_dict

            raise from_dict(action["error"])
        else:
            from ._errors import NcpError

            raise NcpError(f"the issuance workflow asked for an unknown action {kind!r}", "internal.engine")


def _milliseconds(value: object, name: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    if not 0 <= value < float("inf"):
        raise ValueError(f"{name} must be a positive number of seconds, not {value!r}")
    return json_int(round(value * 1000))


def issue(
    *,
    domains: Iterable[str],
    certificate_name: str,
    certificate_type: CertificateType | str = "DV",
    validation_method: ValidationMethod | str = "D",
    key_pem: str | None = None,
    key_algorithm: str = "rsa2048",
    dns: str | DnsHook = "ncloud",
    session: Any,
    auth: NcpAuth | Signer | None = None,
    base_url: str | None = None,
    dns_base_url: str | None = None,
    dns_resolver: str | None = None,
    poll_interval: float = 30.0,
    wait_timeout: float = 3600.0,
    journal: str | os.PathLike[str] | None = None,
    lang: str = "en",
    reissue: int | None = None,
) -> Issued:
    """Obtains a certificate for ``domains`` from nothing: a key (``key_pem``, or a new one of
    ``key_algorithm``), its CSR, the order (never placed twice), the domain validation records
    published and checked, the wait for NCP, the chain, and the clean-up. Returns
    :class:`Issued`: ``key_pem`` and the four PEM ``files`` (``cert.pem``, ``chain.pem``,
    ``fullchain.pem``, ``root.pem``).

    ``domains``: the first is the common name; each is a name of the certificate.
    ``certificate_type`` ``"DV"`` or ``"OV"``; ``validation_method`` ``"D"`` (the records are
    deleted afterwards) or ``"PD"`` (kept, for renewals).

    ``dns="ncloud"`` publishes the records in the account's NCP Global DNS: before anything is
    ordered, every name must lie in a zone of the account and no zone may hold someone else's
    pending change (else :class:`DnsError`, nothing bought). Otherwise ``dns`` is an object with
    ``present(fqdn, value)`` and ``cleanup(fqdn, value)`` that publish and remove one TXT record
    (``fqdn`` with a trailing dot); an exception it raises stops the run (``dns.hook_failed``).
    Either way, the call returns only once the zone's authoritative name servers (or
    ``dns_resolver``, ``"HOST:PORT"``, asked directly) serve every value.

    ``session`` is a ``requests.Session`` or an ``httpx.Client``; each call is signed with
    ``auth`` (an :class:`NcpAuth` or :class:`Signer`; default :meth:`NcpAuth.from_env`).
    ``base_url`` and ``dns_base_url`` replace the Certificate Manager and Global DNS endpoints.
    ``poll_interval`` (seconds) is the first pause between two looks at NCP (each next one is
    longer); ``wait_timeout`` bounds the wait for NCP to issue. ``journal=PATH`` keeps the
    record of paid attempts (as :func:`place_order`): a run that stopped after ordering is
    resumed by calling again with the same arguments, journal **and key** — so pass
    ``key_pem`` (from :func:`generate_key`, stored safely) when you may need to resume.

    ``reissue=N`` renews certificate ``N`` instead of ordering: ReissueCertificate (free within
    its order's subscription) with this CSR and ``certificate_name`` (a new, unique name: see
    :func:`renewal_name`), sent once at most and found by that name; the rest runs as above.

    Raises :class:`DnsError` (``dns.*`` codes), :class:`OrderError` (``order.*``: e.g.
    ``order.pending`` when ``wait_timeout`` ended first, the order exists),
    :class:`ValidationError` for an invalid request, :class:`SigningError` when no keys are
    found, :class:`NcpError` for other codes; ``TypeError`` / ``ValueError`` for an argument of
    the wrong type; ``OSError`` when the journal cannot be read or written. The key is never
    in an error, a log or a repr. ``lang`` (``"en"`` or ``"ko"``) is the language of the
    errors' messages; their codes are the same in both.
    """
    from ._order import _client

    if type(session).__name__ == "AsyncClient" and type(session).__module__.partition(".")[0] == "httpx":
        raise TypeError("issue takes a requests.Session or an httpx.Client, not an httpx.AsyncClient")
    client = _client(session, asynchronous=False)
    if isinstance(domains, str) or not hasattr(domains, "__iter__"):
        raise TypeError("domains must be a list of domain names (the first is the common name)")
    names = [text(d, "domains[]") for d in domains]
    hook: DnsHook | None = None
    if isinstance(dns, str):
        if dns != "ncloud":
            raise ValueError(f'dns must be "ncloud" or an object with present(fqdn, value) and cleanup(fqdn, value), not {dns!r}')
    elif callable(getattr(dns, "present", None)) and callable(getattr(dns, "cleanup", None)):
        hook = dns
    else:
        raise TypeError(f"dns must be \"ncloud\" or an object with present(fqdn, value) and cleanup(fqdn, value), not {type(dns).__name__}")
    import enum

    if isinstance(certificate_type, enum.Enum):
        certificate_type = certificate_type.value
    if isinstance(validation_method, enum.Enum):
        validation_method = validation_method.value
    options: dict[str, Any] = {
        "dns": "ncloud" if hook is None else "hook",
        "pollIntervalMs": _milliseconds(poll_interval, "poll_interval"),
        "waitTimeoutMs": _milliseconds(wait_timeout, "wait_timeout"),
        # For the DNS queries' ids: the core draws nothing itself.
        "entropy": int.from_bytes(os.urandom(8), "big") >> 1,
    }
    for key, value, name in (
        ("baseUrl", base_url, "base_url"),
        ("dnsBaseUrl", dns_base_url, "dns_base_url"),
        ("dnsResolver", dns_resolver, "dns_resolver"),
    ):
        if value is not None:
            options[key] = text(value, name)
    if reissue is not None:
        if isinstance(reissue, bool) or not isinstance(reissue, int):
            raise TypeError(f"reissue must be an int (a certificate number), not {type(reissue).__name__}")
        options["reissue"] = reissue
    journal_file = None if journal is None else _Journal(os.fsdecode(os.fspath(journal)))
    if journal_file is not None:
        options["journal"] = journal_file.read()
    signer = _signer(auth)
    if key_pem is None:
        key_pem = generate_key(key_algorithm, lang=lang)
    else:
        key_pem = text(key_pem, "key_pem")
    csr = make_csr(key_pem, names, lang=lang)
    request = {
        "certificateType": text(certificate_type, "certificate_type"),
        "certificateName": text(certificate_name, "certificate_name"),
        "commonName": names[0] if names else "",
        "dnsName": names,
        "validationMethod": text(validation_method, "validation_method"),
    }
    driver = call(_native.IssuanceDriver, request, csr.encode("ascii"), options, text(lang, "lang"))
    send = _send_requests if client == "requests" else _send_httpx
    return _drive(driver, session, send, signer, journal_file, hook, key_pem)
