"""``signatures/VERIFY.txt``: how to check a bundle with tools we did not write.

The text is a pure function of the bundle id, the profile version and (for a signature
with an RFC 3161 token) where the token and the signature value lie inside the ``.p7s``,
so the verifier
can require it byte-exact: although it sits outside the signed tag manifest, nobody can
swap in misleading instructions without the bundle failing verification.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

_TEMPLATE_1_0 = """\
{id} - bundel bukti audit bertanda tangan / signed audit-evidence bundle
Profile: spbe-risk-evidence-bundle/1.0 (BagIt 1.0, RFC 8493, with a detached CMS signature)

[ID] Cara memeriksa keaslian dan keutuhan bundel ini tanpa spbe-risk:
[EN] How to check this bundle's integrity and signer without spbe-risk:

1. Unzip it (this file is {id}/signatures/VERIFY.txt inside the ZIP):
     unzip {id}.zip

2. Every file is exactly as sealed - BagIt checksums (bagit-python, or coreutils):
     bagit.py --validate {id}
   or
     cd {id} && sha256sum -c tagmanifest-sha256.txt && sha256sum -c manifest-sha256.txt

3. Who signed the checksums - the detached CMS signature over tagmanifest-sha256.txt.
   ca.pem is the certificate of the authority you trust (the agency CA or BSrE root);
   it is deliberately NOT inside this bundle. Both -binary and -purpose any are needed:
     cd {id}
     openssl cms -verify -binary -purpose any -inform DER \\
       -in signatures/tagmanifest-sha256.txt.p7s -content tagmanifest-sha256.txt \\
       -CAfile ca.pem -out /dev/null
   Show the signer:
     openssl pkcs7 -inform DER -in signatures/tagmanifest-sha256.txt.p7s -print_certs

Steps 2 and 3 together prove that no file was added, removed, renamed or changed since
the signer signed. Files in signatures/ are not covered by the checksums (the signature
cannot sign itself); spbe-risk checks this file word for word.

With spbe-risk (all seven checks, without unzipping):
     spbe-risk evidence verify {id}.zip --trust ca.pem
"""


_TIMESTAMP = """
Trusted time / waktu tepercaya - the RFC 3161 timestamp token inside the signature
(unsigned attribute id-aa-signatureTimeStampToken) covers the signature value, so it
proves the signature existed at the token's time. tsa-ca.pem is the root of the
timestamping authority you trust (also not inside this bundle):
     cd {id}
     tail -c +{token_from} signatures/tagmanifest-sha256.txt.p7s | head -c {token_len} > token.der
     tail -c +{value_from} signatures/tagmanifest-sha256.txt.p7s | head -c {value_len} > signature-value.bin
     openssl ts -verify -token_in -in token.der -data signature-value.bin -CAfile tsa-ca.pem
   Show the time and the authority:
     openssl ts -reply -token_in -in token.der -token_out -text
With spbe-risk: spbe-risk evidence verify {id}.zip --trust ca.pem --tsa-trust tsa-ca.pem
"""


def verify_text(bundle_id: str, signature: bytes | None = None) -> bytes:
    """The exact VERIFY.txt bytes for a profile-1.0 bundle called ``bundle_id`` whose
    signature is ``signature`` (a timestamped one adds the ``openssl ts`` steps)."""
    text = _TEMPLATE_1_0.format(id=bundle_id)
    where = _offsets(signature) if signature else None
    if where and "token" in where:
        (t_at, t_len), (v_at, v_len) = where["token"], where["signature"]
        text += _TIMESTAMP.format(id=bundle_id, token_from=t_at + 1, token_len=t_len,
                                  value_from=v_at + 1, value_len=v_len)
    return text.encode("utf-8")


def _offsets(signature: bytes) -> dict[str, tuple[int, int]] | None:
    from spbe_risk.signing.cms import locate

    try:
        return locate(signature)
    except Exception:  # noqa: BLE001  a damaged signature: step 3 names the problem
        return None


#: Bundles sealed before the seventh check (completeness) was counted say "six checks";
#: their VERIFY.txt is still accepted, word for word.
_LEGACY_1_0 = _TEMPLATE_1_0.replace("all seven checks", "all six checks")


def accepted_texts(bundle_id: str, signature: bytes | None = None) -> tuple[bytes, ...]:
    """Every VERIFY.txt a verifier accepts for ``bundle_id`` (and its ``signature``):
    today's, and the wording of bundles sealed before it changed."""
    today = verify_text(bundle_id, signature)
    if signature is not None and "token" in (_offsets(signature) or {}):
        return (today,)          # timestamped bundles postdate the old wording
    return (today, _LEGACY_1_0.format(id=bundle_id).encode("utf-8"))
