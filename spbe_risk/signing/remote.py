"""A signer that is a remote service: it signs a digest, the key never leaves it.

The protocol (JSON over HTTP(S), UTF-8; binary values base64):

``GET  <url>/certificates`` →
    ``{"certificates": ["<DER signer certificate>", "<DER chain certificate>", …]}``
``POST <url>/sign`` with ``{"digest": "<bytes>", "digest_algorithm": "sha256",
    "format": "raw"}`` → ``{"signature": "<raw signature value>"}`` — PKCS#1 v1.5 over the
    DigestInfo for RSA, DER ECDSA-Sig-Value for ECDSA; the caller builds the CMS;
``POST <url>/sign`` with ``{"digest": "<SHA-256 of the content>", "digest_algorithm":
    "sha256", "format": "cms", "signing_time": "YYYY-MM-DDTHH:MM:SSZ"}`` →
    ``{"cms": "<DER detached CMS SignedData>"}`` — for services that make the CMS
    themselves (as BSrE's digest endpoint may); its messageDigest must be our digest.

A bearer token, when the service wants one, comes from the environment variable named by
the caller (never argv) and is sent as ``Authorization: Bearer …``; it is never logged.
Errors are :class:`RemoteSignerError` with a plain message.

Layer: shell (signatures). Standard library; ``cryptography``/``asn1crypto`` lazily.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from spbe_risk.messages import N_, msg
from spbe_risk.signing.signer import Signer

MAX_ANSWER = 1 << 20


class RemoteSignerError(Exception):
    """The signing service could not be used; the argument is a ``messages.Msg`` for the
    user (``messages.reason(exc)``, never ``str(exc)``)."""


class RemoteSigner(Signer):
    """The signing service at ``url`` (``mode`` ``raw`` or ``cms``)."""

    def __init__(self, url: str, *, mode: str = "raw", token: str | None = None,
                 timeout: float = 30.0) -> None:
        from cryptography import x509

        if not url.startswith(("http://", "https://")):
            raise RemoteSignerError(msg(N_("alamat penanda tangan harus diawali http:// atau "
                                           "https://, ditemukan %(found)s"), found=repr(url)))
        if mode not in ("raw", "cms"):
            raise RemoteSignerError(msg(N_("mode harus raw atau cms, ditemukan %(found)s"),
                                        found=repr(mode)))
        self.url, self.mode, self._token, self.timeout = url.rstrip("/"), mode, token, timeout
        answer = self._call("GET", "/certificates")
        try:
            certs = [x509.load_der_x509_certificate(base64.b64decode(c, validate=True))
                     for c in answer["certificates"]]
        except (KeyError, TypeError, ValueError):
            raise RemoteSignerError(msg(N_("penanda tangan %(url)s: /certificates tidak menjawab "
                                           "daftar sertifikat DER base64"), url=self.url)) from None
        if not certs:
            raise RemoteSignerError(msg(N_("penanda tangan %(url)s tidak menyebut sertifikat "
                                           "apa pun"), url=self.url))
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        if not isinstance(certs[0].public_key(), rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            raise RemoteSignerError(msg(N_(
                "penanda tangan %(url)s: kunci %(kind)s tidak dapat membuat tanda tangan CMS "
                "yang dapat diverifikasi OpenSSL; diharapkan RSA atau ECDSA"),
                url=self.url, kind=type(certs[0].public_key()).__name__.lstrip("_")))
        self.certificate, self.chain = certs[0], tuple(certs[1:])

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        import urllib.error
        import urllib.request

        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(self.url + path, method=method, headers=headers,
                                         data=None if body is None else json.dumps(body).encode())
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                raw = answer.read(MAX_ANSWER + 1)
        except urllib.error.HTTPError as exc:
            raise RemoteSignerError(msg(N_("penanda tangan %(url)s menjawab HTTP %(code)d"),
                                        url=self.url + path, code=exc.code)) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            from spbe_risk.signing.networds import network_reason

            raise RemoteSignerError(msg(N_("penanda tangan %(url)s tidak menjawab: %(reason)s"),
                                        url=self.url, reason=network_reason(exc))) from None
        if len(raw) > MAX_ANSWER:
            raise RemoteSignerError(msg(N_("penanda tangan %(url)s menjawab lebih dari 1 MiB"),
                                        url=self.url + path))
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise RemoteSignerError(msg(N_("penanda tangan %(url)s tidak menjawab objek JSON"),
                                        url=self.url + path))
        return data

    def _value(self, answer: dict[str, Any], key: str) -> bytes:
        try:
            return base64.b64decode(answer[key], validate=True)
        except (KeyError, TypeError, ValueError):
            raise RemoteSignerError(msg(N_("penanda tangan %(url)s tidak menjawab %(key)s "
                                           "base64"), url=self.url + "/sign",
                                        key=repr(key))) from None

    def sign_digest(self, digest: bytes, hash_name: str = "sha256") -> bytes:
        answer = self._call("POST", "/sign", {"digest": base64.b64encode(digest).decode(),
                                              "digest_algorithm": hash_name, "format": "raw"})
        return self._value(answer, "signature")

    def detached_cms(self, content_digest: bytes, signing_time: dt.datetime) -> bytes | None:
        if self.mode != "cms":
            return None
        from asn1crypto import cms

        answer = self._call("POST", "/sign", {
            "digest": base64.b64encode(content_digest).decode(), "digest_algorithm": "sha256",
            "format": "cms", "signing_time": signing_time.strftime("%Y-%m-%dT%H:%M:%SZ")})
        der = self._value(answer, "cms")
        try:
            info = cms.ContentInfo.load(der)["content"]["signer_infos"][0]
            digests = [a["values"][0].native for a in info["signed_attrs"]
                       if a["type"].native == "message_digest"]
        except Exception:  # noqa: BLE001  hostile DER
            digests = []
        if digests != [content_digest]:
            raise RemoteSignerError(msg(N_("penanda tangan %(url)s mengembalikan CMS yang tidak "
                                           "menandatangani digest yang diberikan"), url=self.url))
        return der
