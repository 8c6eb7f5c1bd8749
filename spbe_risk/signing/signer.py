"""The signer interface: what every key — a local PKCS#12 or a remote service — offers.

A signer signs a *digest* (never the whole content) and names its certificate and the
chain to embed after it. Everything that signs (bundle seals, approvals, PAdES) goes
through this interface, so a signing service that only accepts a digest (as BSrE's
API does) plugs in without changing a caller. A service that answers with a whole CMS
instead of a raw signature value implements :meth:`Signer.detached_cms`.

Layer: shell (signatures). Standard library; ``cryptography`` and ``asn1crypto`` lazily.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cryptography import x509


class Signer(ABC):
    """A key that signs SHA-256 digests, with its certificate and chain."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    @abstractmethod
    def sign_digest(self, digest: bytes, hash_name: str = "sha256") -> bytes:
        """The raw signature value over a precomputed digest: PKCS#1 v1.5 for RSA
        (DigestInfo added by the signer), DER ECDSA-Sig-Value for ECDSA."""

    def detached_cms(self, content_digest: bytes,
                     signing_time: dt.datetime) -> bytes | None:
        """A complete detached CMS SignedData over content whose SHA-256 is
        ``content_digest``, when the signer makes CMS itself; None (the default): the
        caller builds the CMS around :meth:`sign_digest`."""
        return None

    @property
    def key_algorithm(self) -> str:
        """``rsa`` or ``ecdsa``, from the certificate's public key."""
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        public = self.certificate.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            return "rsa"
        if isinstance(public, ec.EllipticCurvePublicKey):
            return "ecdsa"
        raise ValueError(f"{type(public).__name__} keys cannot make a CMS signature that "
                         "OpenSSL verifies; expected RSA or ECDSA")
