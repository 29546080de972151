"""The server's BlindSign and Verify against RFC 9474's own test vectors (Appendix A).

The vectors file is copied unchanged from Cloudflare's blindrsa-ts repository
(test/testdata/test_vectors_rfc9474.json, Apache-2.0), which transcribes the RFC's appendix.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from upstream.speakup import blindrsa

VECTORS = json.loads((Path(__file__).parent / "fixtures" / "test_vectors_rfc9474.json").read_text())


def _int(hex_text: str) -> int:
    return int(hex_text, 16)


def _key(vector: dict) -> rsa.RSAPrivateKey:
    p, q, d, e, n = (_int(vector[k]) for k in ("p", "q", "d", "e", "n"))
    public = rsa.RSAPublicNumbers(e, n)
    return rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q), public
    ).private_key()


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_blind_sign_reproduces_the_rfc_blind_signature(vector):
    key = _key(vector)
    blind_sig = blindrsa.blind_sign(key, bytes.fromhex(vector["blinded_msg"]))
    assert blind_sig.hex() == vector["blind_sig"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_verify_accepts_the_rfc_signature_over_the_prepared_message(vector):
    public = _key(vector).public_key()
    prepared = bytes.fromhex(vector["input_msg"])
    assert prepared.endswith(bytes.fromhex(vector["msg"]))
    signature = bytes.fromhex(vector["sig"])
    salt = _int(vector["sLen"])
    assert blindrsa.verify(public, prepared, signature, salt_length=salt)
    # The finished signature is the blind signature times the client's inverse: the server never saw it.
    n = _int(vector["n"])
    unblinded = (_int(vector["blind_sig"]) * _int(vector["inv"])) % n
    assert unblinded == _int(vector["sig"])
    tampered = bytearray(prepared)
    tampered[-1] ^= 1
    assert not blindrsa.verify(public, bytes(tampered), signature, salt_length=salt)


def test_the_randomized_pss_vector_is_the_suite_the_browser_uses():
    vector = next(v for v in VECTORS if v["name"] == "RSABSSA-SHA384-PSS-Randomized")
    assert _int(vector["sLen"]) == blindrsa.SALT_LENGTH
    assert len(bytes.fromhex(vector["msg_prefix"])) == blindrsa.PREFIX_LENGTH
    public = _key(vector).public_key()
    assert blindrsa.verify(public, bytes.fromhex(vector["input_msg"]), bytes.fromhex(vector["sig"]))


@pytest.mark.parametrize("value", [0, "n", "n+1"])
def test_blind_sign_refuses_a_message_representative_out_of_range(value):
    vector = VECTORS[0]
    key = _key(vector)
    n = _int(vector["n"])
    m = {0: 0, "n": n, "n+1": n + 1}[value]
    k = blindrsa.modulus_length(key)
    if m.bit_length() > k * 8:
        pytest.skip("n+1 does not fit in modulus_len bytes for this n")
    with pytest.raises(blindrsa.BlindSignError, match="out of range"):
        blindrsa.blind_sign(key, m.to_bytes(k, "big"))


def test_blind_sign_refuses_a_message_of_the_wrong_length():
    key = _key(VECTORS[0])
    with pytest.raises(blindrsa.BlindSignError, match="must be 512 bytes"):
        blindrsa.blind_sign(key, b"\x01" * 100)


def test_blinding_gives_the_same_signature_every_time():
    vector = VECTORS[0]
    key = _key(vector)
    blinded = bytes.fromhex(vector["blinded_msg"])
    assert len({blindrsa.blind_sign(key, blinded) for _ in range(3)}) == 1


@pytest.mark.parametrize("vector", [v for v in VECTORS if _int(v["sLen"]) == 48], ids=lambda v: v["name"])
def test_the_test_client_reproduces_the_rfc_blinding(vector):
    from upstream.speakup.tests import client

    key = _key(vector)
    n = _int(vector["n"])
    r = pow(_int(vector["inv"]), -1, n)
    blinded, inv = client.blind(
        key.public_key(), bytes.fromhex(vector["input_msg"]), salt=bytes.fromhex(vector["salt"]), r=r
    )
    assert blinded.hex() == vector["blinded_msg"]
    assert client.finalize(key.public_key(), bytes.fromhex(vector["blind_sig"]), inv).hex() == vector["sig"]
