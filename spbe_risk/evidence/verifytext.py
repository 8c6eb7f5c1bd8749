"""``signatures/VERIFY.txt``: how to check a bundle with tools we did not write.

The text is a pure function of the bundle id and the profile version, so the verifier
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


#: Bundles sealed before the seventh check (completeness) was counted say "six checks";
#: their VERIFY.txt is still accepted, word for word.
_LEGACY_1_0 = _TEMPLATE_1_0.replace("all seven checks", "all six checks")


def verify_text(bundle_id: str) -> bytes:
    """The exact VERIFY.txt bytes a seal writes for a profile-1.0 bundle ``bundle_id``."""
    return _TEMPLATE_1_0.format(id=bundle_id).encode("utf-8")


def accepted_texts(bundle_id: str) -> tuple[bytes, ...]:
    """Every VERIFY.txt a verifier accepts for ``bundle_id``: today's, and the wording of
    bundles sealed before it changed."""
    return (verify_text(bundle_id), _LEGACY_1_0.format(id=bundle_id).encode("utf-8"))
