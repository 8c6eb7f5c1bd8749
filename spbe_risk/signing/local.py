"""The local signer: a private key from a PKCS#12 file (ours from ``spbe-risk keys`` or
e.g. BSrE's), behind the :class:`~spbe_risk.signing.signer.Signer` interface.

The password is passed in as bytes by the caller (prompt or environment variable, never
argv); this module never prints, logs or stores it.

Layer: shell (signatures). May import ``problems`` and ``evidence.readfile``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spbe_risk.messages import N_, msg
from spbe_risk.problems import InputError, Problem
from spbe_risk.signing.signer import Signer

if TYPE_CHECKING:  # pragma: no cover
    from cryptography import x509


@dataclass(frozen=True)
class KeySigner(Signer):
    """A private key held in this process, with its certificate and the chain to embed."""

    key: Any
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    def sign_digest(self, digest: bytes, hash_name: str = "sha256") -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

        algorithm = utils.Prehashed({"sha256": hashes.SHA256(), "sha384": hashes.SHA384(),
                                     "sha512": hashes.SHA512()}[hash_name])
        if isinstance(self.key, rsa.RSAPrivateKey):
            return self.key.sign(digest, padding.PKCS1v15(), algorithm)
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return self.key.sign(digest, ec.ECDSA(algorithm))
        raise TypeError(f"{type(self.key).__name__} keys cannot sign a digest for CMS; "
                        "expected RSA or ECDSA")


def der(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.DER)


def load_pkcs12(path: str | os.PathLike[str], password: bytes,
                now: dt.datetime | None = None) -> KeySigner:
    """Open a PKCS#12 and check its key can sign now: RSA ≥ 2048 or ECDSA P-256/384/521,
    key usage digitalSignature or nonRepudiation, certificate valid at ``now``."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    from spbe_risk.evidence.readfile import read_regular

    p = Path(path)
    data = read_regular(p, 1 << 20)
    try:
        bundle = pkcs12.load_pkcs12(data, password)
    except (ValueError, TypeError):
        raise InputError([Problem(str(p), 0, 0, msg(N_(
            "tidak dapat membuka PKCS#12: kata sandi salah, atau bukan berkas PKCS#12")))]) from None
    if bundle.key is None or bundle.cert is None:
        raise InputError([Problem(str(p), 0, 0, msg(N_(
            "PKCS#12 tidak memuat kunci privat beserta sertifikatnya")))])
    key, cert = bundle.key, bundle.cert.certificate
    problems = []
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if not isinstance(key.curve, ec.SECP256R1 | ec.SECP384R1 | ec.SECP521R1):
            problems.append(msg(N_("kurva ECDSA %(curve)s tidak didukung; diharapkan P-256"),
                                curve=key.curve.name))
    elif isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 2048:
            problems.append(msg(N_("RSA-%(bits)d terlalu lemah; diharapkan paling sedikit RSA-2048"),
                                bits=key.key_size))
    else:
        problems.append(msg(N_("kunci %(kind)s tidak dapat membuat tanda tangan CMS yang dapat "
                               "diverifikasi OpenSSL; diharapkan RSA atau ECDSA P-256"),
                            kind=type(key).__name__))
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (ku.digital_signature or ku.content_commitment):
            problems.append(msg(N_("key usage sertifikat tidak mengizinkan digitalSignature "
                                   "maupun nonRepudiation")))
    except x509.ExtensionNotFound:
        problems.append(msg(N_("sertifikat tidak punya ekstensi key usage; diharapkan "
                               "digitalSignature dan/atau nonRepudiation")))
    moment = now or dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc:
        problems.append(msg(N_("sertifikat tidak berlaku sekarang (berlaku %(mulai)s sampai "
                               "%(sampai)s)"), mulai=f"{cert.not_valid_before_utc:%Y-%m-%d}",
                            sampai=f"{cert.not_valid_after_utc:%Y-%m-%d}"))
    if problems:
        raise InputError([Problem(str(p), 0, 0, m) for m in problems])
    leaf = der(cert)
    chain = tuple(c.certificate for c in bundle.additional_certs
                  if der(c.certificate) != leaf)
    return KeySigner(key, cert, chain)
