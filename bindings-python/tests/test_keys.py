"""Keys and CSRs from ``generate_key`` and ``make_csr``, judged by pyca/cryptography and the
openssl command: the key loads and has the size or curve asked, the CSR's signature verifies
with that key, its names are the ones given; errors are the package's exceptions and never
show the key."""

from __future__ import annotations

import pickle
import subprocess

import ncpcert
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

NAMES = ["www.example.com", "example.com", "*.example.com"]

ALGORITHMS = [
    ("rsa2048", rsa.RSAPrivateKey, 2048),
    ("rsa3072", rsa.RSAPrivateKey, 3072),
    ("rsa4096", rsa.RSAPrivateKey, 4096),
    ("p256", ec.EllipticCurvePrivateKey, "secp256r1"),
    ("p384", ec.EllipticCurvePrivateKey, "secp384r1"),
]


def openssl(args: list[str], data: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["openssl", *args], input=data, capture_output=True, text=True, check=False)


def dns_names(csr: x509.CertificateSigningRequest) -> list[str]:
    san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return san.get_values_for_type(x509.DNSName)


@pytest.mark.parametrize(("algorithm", "kind", "size"), ALGORITHMS)
def test_every_algorithm_with_pyca_and_openssl(algorithm: str, kind: type, size: object) -> None:
    pem = ncpcert.generate_key(algorithm)
    assert pem.startswith("-----BEGIN PRIVATE KEY-----\n")
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    assert isinstance(key, kind)
    if isinstance(key, rsa.RSAPrivateKey):
        assert key.key_size == size
        assert key.private_numbers().public_numbers.e == 65537
    else:
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        assert key.curve.name == size

    csr_pem = ncpcert.make_csr(pem, NAMES)
    csr = x509.load_pem_x509_csr(csr_pem.encode())
    assert csr.is_signature_valid
    assert csr.public_key() == key.public_key()
    cn = csr.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    assert [a.value for a in cn] == ["www.example.com"]
    assert dns_names(csr) == NAMES

    checked = openssl(["pkey", "-check", "-noout"], pem)
    assert checked.returncode == 0, checked.stderr
    assert "key ok" in checked.stdout + checked.stderr or "Key is valid" in checked.stdout + checked.stderr
    verified = openssl(["req", "-verify", "-noout"], csr_pem)
    assert "verify OK" in verified.stdout + verified.stderr, verified.stderr

    assert len(ncpcert.inspect_csr(csr_pem).findings) == 0


def test_keys_differ_and_the_default_is_rsa2048() -> None:
    a, b = ncpcert.generate_key(), ncpcert.generate_key()
    assert a != b
    key = serialization.load_pem_private_key(a.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048


def test_keys_made_by_pyca_are_read_in_every_format() -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP384R1())
    for key, fmt in [
        (rsa_key, serialization.PrivateFormat.PKCS8),
        (rsa_key, serialization.PrivateFormat.TraditionalOpenSSL),
        (ec_key, serialization.PrivateFormat.PKCS8),
        (ec_key, serialization.PrivateFormat.TraditionalOpenSSL),
    ]:
        pem = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode()
        csr = x509.load_pem_x509_csr(ncpcert.make_csr(pem, ("www.example.com",)).encode())
        assert csr.is_signature_valid
        assert csr.public_key() == key.public_key()


def test_unicode_names_become_a_labels() -> None:
    csr = x509.load_pem_x509_csr(ncpcert.make_csr(ncpcert.generate_key("p256"), ["한국.kr"]).encode())
    assert dns_names(csr) == ["xn--3e0b707e.kr"]


def test_errors_are_the_packages_exceptions_and_never_show_the_key() -> None:
    pem = ncpcert.generate_key("p256")
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    windows = [body[i : i + 12] for i in range(0, len(body) - 12, 4)]

    with pytest.raises(ncpcert.ValidationError) as names_error:
        ncpcert.make_csr(pem, ["www.example.com", "a_b.example.com"])
    assert names_error.value.code == "csr.names_invalid"
    assert [f["code"] for f in names_error.value.errors] == ["domain.underscore"]

    broken = pem.replace(pem.splitlines()[2][:8], "********")
    errors: list[ncpcert.NcpError] = [names_error.value]
    for bad_key, code in [
        (broken, "key.invalid"),
        (pem.replace("PRIVATE KEY", "RSA PRIVATE KEY"), "key.invalid"),
        ("not a key", "key.invalid"),
    ]:
        with pytest.raises(ncpcert.NcpError) as e:
            ncpcert.make_csr(bad_key, ["www.example.com"])
        assert e.value.code == code
        errors.append(e.value)
    with pytest.raises(ncpcert.NcpError) as e:
        ncpcert.generate_key("dsa")
    assert e.value.code == "key.algorithm"
    assert "rsa2048" in str(e.value)
    for error in errors:
        shown = str(error) + repr(error) + repr(error.__dict__) + repr(pickle.dumps(error))
        assert not [w for w in windows if w in shown], shown

    with pytest.raises(TypeError):
        ncpcert.make_csr(pem, "www.example.com")
    with pytest.raises(ncpcert.NcpError) as e:
        ncpcert.make_csr(pem, [])
    assert e.value.code == "argument.invalid"
