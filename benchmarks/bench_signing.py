"""Benchmark: signing and verifying one Formulir (PAdES), and the cost of trusted time
on a sealed bundle.

Measured in one run, in this process, medians of ``--repeat`` runs:

- PAdES: rendering the Formulir 3.0 of the ``mini`` test workspace (the baseline), then
  ``sign_pdf`` (B-B, local key; once more with pyHanko's default stamp, whose standard
  font is neither subset nor embedded, to show the stamp font's share) and ``verify_pdf``
  on it (including the PAdES level), and ``verify_pdf`` on a B-LTA file (the level's
  DSS and document-timestamp checks) — printed as ratios to the render;
- trusted time: ``seal_folder`` of bundles of two sizes (``--mib`` and 4× that), each
  without and with an RFC 3161 token from a TSA on 127.0.0.1 (the test TSA: pyHanko's
  DummyTimeStamper behind http.server). The token covers the signature value, not the
  payload, so its cost — the difference of the two — should stay the same at both sizes
  while the seal itself grows with the payload.

Usage: ``python benchmarks/bench_signing.py [--mib 256] [--repeat 3] [--only formulir|seal]`` (``--mib 1024``
for the 1 GiB bundle of the issue). Work files live in ``benchmarks/_work/`` (git-ignored)
and are removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work" / "signing"
sys.path.insert(0, str(HERE.parent / "tests"))


def median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        os.sync()        # untimed: writeback of an earlier bundle must not slow this run
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def formulir_bench(repeat: int) -> None:
    from signing_fixtures import pki

    from spbe_risk.documents.formulir import formulir_documents
    from spbe_risk.report.writer import render_pdf
    from spbe_risk.scoring import score_workspace
    from spbe_risk.signing.pades import sign_pdf, verify_pdf
    from spbe_risk.sources import load

    ws = load(str(HERE.parent / "tests" / "data" / "mini")).workspace
    (doc,) = [d for u, f, d in formulir_documents(ws, score_workspace(ws), date(2026, 11, 28))
              if u == "diskominfo" and f == "3.0"]
    pdf = render_pdf("formulir-3.0.html.j2", doc, "id")
    render = median_time(lambda: render_pdf("formulir-3.0.html.j2", doc, "id"), repeat)
    signer = pki().signer
    signed = sign_pdf(pdf, signer)[0]
    sign = median_time(lambda: sign_pdf(pdf, signer), repeat)
    plain = median_time(lambda: _without_stamp_font(lambda: sign_pdf(pdf, signer)), repeat)
    verify = median_time(lambda: verify_pdf(signed, (pki().signer.chain or ()) + (
        _ca(),)), repeat)
    print(f"Formulir 3.0 ({len(pdf)} bytes): render {render * 1000:.0f} ms (baseline), "
          f"medians of {repeat}")
    print(f"  sign (PAdES B-B)  {sign * 1000:7.0f} ms  = {sign / render:.2f}× render")
    print(f"    of which the stamp font (DejaVu Sans subset, embedded): "
          f"{(sign - plain) * 1000:+.0f} ms = {(sign - plain) / render:.2f}× render "
          f"(same signature with pyHanko's default, not embedded, stamp font: "
          f"{plain * 1000:.0f} ms = {plain / render:.2f}× render)")
    print(f"  verify (+ level)  {verify * 1000:7.0f} ms  = {verify / render:.2f}× render")
    lta = _b_lta(pdf)
    anchors = (_ca(),)
    tsa_anchors = (pki().tsa_ca[1],)
    verify_lta = median_time(lambda: verify_pdf(lta, anchors, tsa_anchors), repeat)
    (report,) = verify_pdf(lta, anchors, tsa_anchors)
    print(f"  verify B-LTA file {verify_lta * 1000:7.0f} ms  = {verify_lta / render:.2f}× render "
          f"(level found: {report.tingkat_pades}; the DSS check validates the chains again, "
          f"offline)")


def _b_lta(pdf: bytes) -> bytes:
    """``pdf`` signed B-T by the test TSA, the CA certificates and their CRLs in a DSS,
    and a document timestamp: a B-LTA file (untimed set-up)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from signing_fixtures import pki, start_tsa

    from spbe_risk.signing.pades import add_validation_data, sign_pdf

    def crl(ca) -> bytes:
        key, cert = ca
        now = dt.datetime.now(dt.UTC)
        return (x509.CertificateRevocationListBuilder().issuer_name(cert.subject)
                .last_update(now - dt.timedelta(hours=1)).next_update(now + dt.timedelta(days=1))
                .sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))

    files = [("ca.pem", pki().ca_pem.read_bytes()), ("tsa.pem", pki().tsa_ca_pem.read_bytes()),
             ("ca.crl", crl(pki().ca)), ("tsa.crl", crl(pki().tsa_ca))]
    tsa = start_tsa()
    try:
        return add_validation_data(sign_pdf(pdf, pki().signer, tsa_url=tsa.url)[0], files,
                                   tsa.url)
    finally:
        tsa.close()


def _without_stamp_font(func):
    """``func()`` with pyHanko's default stamp (standard font, nothing to subset): the
    comparison that shows what the embedded stamp font costs."""
    from spbe_risk.signing import pades

    saved = pades._stamp_or_default
    pades._stamp_or_default = lambda: None
    try:
        return func()
    finally:
        pades._stamp_or_default = saved


def _ca():
    from cryptography import x509
    from signing_fixtures import pki

    return x509.load_pem_x509_certificate(pki().ca_pem.read_bytes())


def make_folder(root: Path, mib: int) -> Path:
    from evidence_fixtures.helpers import make_folder as fixture_folder

    block = bytes(range(256)) * 4096                       # 1 MiB
    files = {}
    for i in range(max(1, mib // 16)):
        files[f"part-{i:03d}.bin"] = block * 16             # 16 MiB files
    return fixture_folder(root, files)


def seal_bench(mib: int, repeat: int) -> None:
    from signing_fixtures import NOW, pki, start_tsa

    from spbe_risk.evidence.seal import seal_folder
    from spbe_risk.signing.tsa import HttpTimestamper

    tsa = start_tsa()
    try:
        print(f"seal, median of {repeat} (TSA on 127.0.0.1):")
        rows = []
        for size in (mib, 4 * mib):
            root = WORK / f"{size}"
            folder = make_folder(root, size)
            out = root / "b.zip"

            def seal(stamper=None, folder=folder, out=out) -> None:
                seal_folder(folder, pki().signer, out, timestamp=NOW, force=True,
                            timestamper=stamper)

            plain = median_time(seal, repeat)
            stamped = median_time(lambda seal=seal: seal(HttpTimestamper(tsa.url)), repeat)
            rows.append((size, plain, stamped))
            shutil.rmtree(root)
        for size, plain, stamped in rows:
            print(f"  {size:5d} MiB: without TSA {plain:6.2f} s, with TSA {stamped:6.2f} s, "
                  f"token costs {(stamped - plain) * 1000:+6.0f} ms "
                  f"({stamped / plain:.3f}× the plain seal)")
        stamper = HttpTimestamper(tsa.url)
        token = median_time(lambda: stamper.token(bytes(256)), 10)
        print(f"  one token request alone (input: a 256-byte signature value, whatever the "
              f"payload): {token * 1000:.0f} ms, median of 10")
        (s1, p1, t1), (s2, p2, t2) = rows
        print(f"  seal grows {p2 / p1:.2f}× for {s2 // s1}× the payload; the token's cost "
              f"changes by {((t2 - p2) - (t1 - p1)) * 1000:+.0f} ms")
    finally:
        tsa.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["formulir", "seal"], default=None,
                        help="run one of the two parts")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        if args.only != "seal":
            formulir_bench(max(args.repeat, 5))
        if args.only != "formulir":
            seal_bench(args.mib, args.repeat)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
