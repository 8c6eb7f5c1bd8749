"""Signed audit-evidence bundles (``shared/domain/evidence-bundle.md``).

An auditor's evidence folder (``data/audit.json`` + ``data/evidence/…``) is sealed into
one ZIP holding a BagIt 1.0 bag whose tag manifest carries a detached CMS signature, so
anyone can later prove, offline and with tools we did not write (``openssl cms``,
``bagit.py``), that nothing changed and who signed it.

Modules, one concept each:

- ``paths``      canonical path rules shared by ``add``, ``seal`` and ``verify``
- ``manifest``   BagIt declaration, bag-info and manifests: canonical writing, strict parsing
- ``auditmeta``  the ``audit.json`` model: validation and canonical JSON
- ``auditcheck`` completeness of an audit, and asset/control ids known to the workspace
- ``folder``     the evidence folder: ``init``, conclusions and findings
- ``adding``     ``add``: validate everything, then copy evidence files in
- ``readfile``   opening inputs that must be regular files (never a FIFO)
- ``timing``     the bounds on signing and bagging times
- ``hashing``    parallel streaming SHA-256 (1 MiB chunks, threads)
- ``zipwrite``   deterministic ZIP writer (stored entries, fixed metadata)
- ``zipread``    hostile-input-safe ZIP reader with caps (``zipmodel``: its parts)
- ``folderread`` an unzipped bundle folder, read like a ZIP
- ``signing``    PKCS#12 signer, CMS creation (cryptography) and validation (pyHanko)
- ``seal``       folder → bundle
- ``policy``     the explicit trust policy a verification runs under
- ``models``     typed verification results
- ``verify``     the verification steps (``verifysig``: shared state, the signature step)
- ``show``       a bundle's summary, without judgement

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

#: Value of the ``Bundle-Profile`` bag-info label: format name and version.
BUNDLE_PROFILE = "spbe-risk-evidence-bundle/1.0"

#: Fixed file names inside a bundle (relative to its top-level folder).
BAGIT_TXT = "bagit.txt"
BAG_INFO_TXT = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = "signatures/tagmanifest-sha256.txt.p7s"
VERIFY_TXT = "signatures/VERIFY.txt"
AUDIT_JSON = "data/audit.json"
