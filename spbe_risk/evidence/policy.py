"""The explicit trust policy a verification runs under (sigstore-python style).

Nothing is trusted by default: a bundle is valid only when its signer chains to one of
the pinned ``roots`` given here (an agency CA file, or BSrE's root). With no roots the
signature is still checked for integrity and reported as "untrusted signer".

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spbe_risk.evidence.readfile import read_regular
from spbe_risk.evidence.zipread import Limits
from spbe_risk.messages import N_, msg
from spbe_risk.problems import InputError, Problem

AT_CHOICES = ("signing-time", "now")

if TYPE_CHECKING:  # pragma: no cover
    from cryptography import x509


@dataclass(frozen=True)
class TrustPolicy:
    """Pinned trust anchors, optional CRLs (DER) and the container caps."""

    roots: tuple[x509.Certificate, ...] = ()
    crls: tuple[bytes, ...] = ()
    limits: Limits = field(default_factory=Limits)
    #: When the chain must be valid: ``signing-time`` (the signer's claim, bounded by the
    #: verifier's clock; the default, so a bundle stays valid after its signer's
    #: certificate expires) or ``now`` (strict). Either way validity now is reported.
    at: str = "signing-time"
    #: The verifier's clock (None: the system clock at verification).
    now: dt.datetime | None = None
    #: Pinned roots of timestamping authorities (RFC 3161 tokens); none: no TSA trusted.
    tsa_roots: tuple[x509.Certificate, ...] = ()
    #: A signature without a verified timestamp token fails (its time is only claimed).
    require_trusted_time: bool = False

    def clock(self) -> dt.datetime:
        return self.now or dt.datetime.now(dt.UTC)

    @classmethod
    def from_pem_files(cls, paths: Iterable[str | os.PathLike[str]],
                       crl_paths: Iterable[str | os.PathLike[str]] = (),
                       limits: Limits | None = None, at: str = "signing-time",
                       tsa_paths: Iterable[str | os.PathLike[str]] = (),
                       require_trusted_time: bool = False) -> TrustPolicy:
        """Roots (and TSA roots) from PEM (one or many certificates per file) or DER
        files; unreadable or empty files → InputError (exit 2), naming the file."""
        from cryptography import x509

        problems: list[Problem] = []
        roots = read_certificates(paths, problems)
        tsa_roots = read_certificates(tsa_paths, problems)
        crls: list[bytes] = []
        for path in crl_paths:
            p = Path(path)
            try:
                data = read_regular(p)
                crl = (x509.load_pem_x509_crl(data) if b"-----BEGIN" in data
                       else x509.load_der_x509_crl(data))
            except OSError as exc:
                problems.append(Problem(str(p), 0, 0, _unreadable(exc)))
                continue
            except ValueError:
                problems.append(Problem(str(p), 0, 0, msg(N_("diharapkan CRL PEM atau DER"))))
                continue
            from cryptography.hazmat.primitives.serialization import Encoding
            crls.append(crl.public_bytes(Encoding.DER))
        if problems:
            raise InputError(problems)
        if at not in AT_CHOICES:
            raise InputError([Problem("--at", 0, 0, msg(N_("diharapkan salah satu dari "
                                                           "%(choices)s, ditemukan %(found)s"),
                                                        choices=AT_CHOICES, found=repr(at)))])
        return cls(tuple(roots), tuple(crls), limits or Limits(), at,
                   tsa_roots=tuple(tsa_roots), require_trusted_time=require_trusted_time)

    @classmethod
    def untrusted(cls) -> TrustPolicy:
        """No anchors: integrity is checked, trust never granted."""
        return cls()


def read_certificates(paths: Iterable[str | os.PathLike[str]],
                      problems: list[Problem]) -> list[x509.Certificate]:
    """Every certificate in the PEM or DER files ``paths``; a problem per bad file."""
    from cryptography import x509

    found: list[x509.Certificate] = []
    for path in paths:
        p = Path(path)
        try:
            data = read_regular(p)
        except OSError as exc:
            problems.append(Problem(str(p), 0, 0, _unreadable(exc)))
            continue
        try:
            if b"-----BEGIN" in data:
                certs = x509.load_pem_x509_certificates(data)
            else:
                certs = [x509.load_der_x509_certificate(data)]
        except ValueError:
            problems.append(Problem(str(p), 0, 0, msg(N_("diharapkan sertifikat PEM atau DER, "
                                                         "ditemukan isi lain"))))
            continue
        found.extend(certs)
    return found


def _unreadable(exc: OSError) -> str:
    """``tidak dapat dibaca: …`` with the cause in catalog words (``cli.oserrors``)."""
    from spbe_risk.evidence.zipmodel import os_reason

    return msg(N_("tidak dapat dibaca: %(reason)s"), reason=os_reason(exc))
