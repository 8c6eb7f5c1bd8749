"""Signatures: one signer interface and what is built on it.

- ``signer``: the interface every key implements (sign a digest; give the certificate
  and chain), so a local PKCS#12 and a remote signing service are interchangeable;
- ``local``: the PKCS#12 signer; ``remote``: a signer speaking the small HTTP protocol
  documented there (BSrE-style "sign this digest" services plug in behind it);
- ``cms``: detached CMS SignedData made through the interface, and its unsigned
  timestamp attribute; ``tsa``: the RFC 3161 client and the token check;
- ``pades``: PAdES signatures on our PDFs and their verification;
- ``approval``: the signed approval (persetujuan) of a register, on disk.

Layer: shell (signatures). May import the core, ``evidence`` (keys, trust policy) and
``atomic``; heavy libraries (pyHanko) only inside functions.
"""
