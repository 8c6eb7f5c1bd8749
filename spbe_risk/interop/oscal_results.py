"""A verified evidence bundle (and the asset's scored risks) as OSCAL 1.1 assessment results.

Mapping (``shared/domain/evidence-bundle.md`` → OSCAL):

- the bundle → one ``result``; its scope (``ruang_lingkup``) is the back-matter resource
  that ``import-ap`` points to (there is no separate assessment plan);
- each evidence file (``bukti``) → an ``observation`` (method EXAMINE, collected on its
  ``dikumpulkan`` date) whose ``relevant-evidence`` points to a back-matter resource
  carrying the file's path in the bundle and its SHA-256 from the signed manifest;
- each per-control conclusion (``kesimpulan``) → a ``finding`` targeting the control's
  statement (``<id>_smt``, as in our OSCAL catalog): ``satisfied`` only when design is
  ``memadai``, implementation ``sesuai`` and effectiveness ``efektif``;
- each audit finding (``temuan``: kondisi, kriteria, sebab, akibat) → an OSCAL ``risk``
  with the recommendation as a remediation and ``batas_waktu`` as its deadline;
- the register's scored risks on the audited asset → OSCAL ``risk`` entries with our
  namespace props (besaran, level, kemungkinan, dampak, appetite decision), related to
  the findings of the controls they link.

UUIDs are uuid5 of the audit id and stable names, and ``last-modified`` is the bundle's
own Bagging-Timestamp, so one bundle always exports to the same bytes.

Layer: shell (interop). Pure: plain data in, a dict out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spbe_risk.interop.bundle_facts import BundleFacts
from spbe_risk.interop.ids import OSCAL_VERSION, prop, token, uid
from spbe_risk.scoring import HasilRisiko

SATISFIED = {"desain": "memadai", "implementasi": "sesuai", "efektivitas": "efektif"}


def _day(value: str) -> str:
    """A YYYY-MM-DD date as an OSCAL date-time (midnight UTC)."""
    return f"{value}T00:00:00Z"


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _controls(audit: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for k in audit.get("kesimpulan") or []:
        seen.setdefault(k["kontrol"], None)
    for b in audit.get("bukti") or []:
        for c in b.get("kontrol") or []:
            seen.setdefault(c, None)
    return list(seen)


def _evidence(facts: BundleFacts, aid: str) -> tuple[list[dict], list[dict], dict[str, list[str]]]:
    """Observations, their back-matter resources, and control → observation uuids."""
    observations, resources = [], []
    by_control: dict[str, list[str]] = {}
    for b in facts.audit.get("bukti") or []:
        path = b["path"]
        ruid, ouid = uid("evidence", aid, path), uid("observation", aid, path)
        rlink: dict[str, Any] = {"href": path, "media-type": "application/octet-stream"}
        digest = facts.manifest.get(path)
        if digest:
            rlink["hashes"] = [{"algorithm": "SHA-256", "value": digest}]
        resources.append({"uuid": ruid, "title": path, "description": _text(b.get("uraian")) or path,
                          "props": [prop("jenis", "bukti-audit")], "rlinks": [rlink]})
        obs = {"uuid": ouid, "title": path,
               "description": _text(b.get("uraian")) or path,
               "props": [prop("kontrol", c) for c in b.get("kontrol") or []],
               "methods": ["EXAMINE"], "types": ["control-objective"],
               "relevant-evidence": [{"href": f"#{ruid}", "description": f"{path} (SHA-256 "
                                      f"{digest or 'tidak ada di manifest'})"}],
               "collected": _day(b["dikumpulkan"])}
        if not obs["props"]:
            del obs["props"]
        observations.append(obs)
        for c in b.get("kontrol") or []:
            by_control.setdefault(c, []).append(ouid)
    return observations, resources, by_control


def _temuan_risk(t: dict[str, Any], aid: str, stamp: str) -> dict[str, Any]:
    risk: dict[str, Any] = {
        "uuid": uid("temuan", aid, t["id"]),
        "title": f"Temuan {t['id']}: {_text(t.get('kondisi'))[:120]}",
        "description": _text(t.get("kondisi")),
        "statement": "; ".join(f"{k}: {_text(t[k])}" for k in ("kriteria", "sebab", "akibat")
                               if t.get(k)) or _text(t.get("kondisi")),
        "props": [prop("temuan-id", t["id"]), prop("kontrol", t.get("kontrol", "")),
                  prop("tingkat", t.get("tingkat") or "tidak-dinilai")],
        "status": "open",
    }
    if t.get("rekomendasi"):
        risk["remediations"] = [{"uuid": uid("rekomendasi", aid, t["id"]),
                                 "lifecycle": "recommendation", "title": "Rekomendasi",
                                 "description": _text(t["rekomendasi"])}]
    if t.get("batas_waktu"):
        risk["deadline"] = _day(t["batas_waktu"])
    if t.get("tanggapan_manajemen"):
        risk["risk-log"] = {"entries": [{"uuid": uid("tanggapan", aid, t["id"]),
                                         "title": "Tanggapan manajemen",
                                         "description": _text(t["tanggapan_manajemen"]),
                                         "start": stamp}]}
    return risk


def _scored_risk(h: HasilRisiko, aid: str) -> dict[str, Any]:
    r = h.risiko
    now = h.terkini
    props = [prop("risiko-id", r.id), prop("upr", r.upr), prop("jenis", r.jenis),
             prop("kategori", r.kategori), prop("area-dampak", r.area_dampak),
             prop("kemungkinan", h.analisis.kemungkinan), prop("dampak", h.analisis.dampak),
             prop("besaran", h.analisis.besaran), prop("level-risiko", h.analisis.level_risiko),
             prop("besaran-terkini", now.besaran), prop("level-risiko-terkini", now.level_risiko),
             prop("selera-risiko", h.selera_risiko),
             prop("perlu-penanganan", str(h.perlu_penanganan).lower()),
             prop("prioritas", h.prioritas)]
    props += [prop("kontrol", t.id, cls=t.peran) for t in r.kontrol]
    if r.penanganan:
        props.append(prop("opsi-penanganan", r.penanganan.opsi))
    status = "open" if h.perlu_penanganan else "risk-accepted"
    return {"uuid": uid("risiko", aid, r.id), "title": f"{r.id}: {_text(r.kejadian)[:120]}",
            "description": _text(r.uraian_dampak) or _text(r.kejadian),
            "statement": _text(r.penyebab) or _text(r.kejadian), "props": props,
            "status": status}


def assessment_results(facts: BundleFacts, risks: Sequence[HasilRisiko] = (),
                       version: str = "1") -> dict[str, Any]:
    """The OSCAL document ``{"assessment-results": …}`` of one verified bundle."""
    audit, info = facts.audit, facts.bag_info
    aid = audit.get("id_audit") or info.get("External-Identifier") or "audit"
    stamp = info.get("Bagging-Timestamp") or _day(info.get("Bagging-Date", "1970-01-01"))
    from spbe_risk.audit.metadata import ketua_nama, lembaga_nama

    auditor = {"nama": ketua_nama(audit), "organisasi": lembaga_nama(audit)}
    observations, resources, obs_by_control = _evidence(facts, aid)
    temuan = [_temuan_risk(t, aid, stamp) for t in audit.get("temuan") or []]
    temuan_by_control: dict[str, list[str]] = {}
    for t, risk in zip(audit.get("temuan") or [], temuan, strict=True):
        temuan_by_control.setdefault(t.get("kontrol", ""), []).append(risk["uuid"])
    on_asset = [h for h in risks if audit.get("aset") in h.risiko.aset]
    scored = [_scored_risk(h, aid) for h in on_asset]
    scored_by_control: dict[str, list[str]] = {}
    for h, risk in zip(on_asset, scored, strict=True):
        for t in h.risiko.kontrol:
            scored_by_control.setdefault(t.id, []).append(risk["uuid"])

    findings = []
    for k in audit.get("kesimpulan") or []:
        c = k["kontrol"]
        state = "satisfied" if all(k.get(f) == v for f, v in SATISFIED.items()) else "not-satisfied"
        f: dict[str, Any] = {
            "uuid": uid("finding", aid, c),
            "title": f"Kesimpulan kontrol {c}",
            "description": f"Desain {k.get('desain')}, implementasi {k.get('implementasi')}, "
                           f"efektivitas {k.get('efektivitas')}.",
            "props": [prop("desain", k.get("desain")), prop("implementasi", k.get("implementasi")),
                      prop("efektivitas", k.get("efektivitas"))],
            "target": {"type": "statement-id", "target-id": token(f"{c}_smt", "k"),
                       "status": {"state": state}},
        }
        if obs_by_control.get(c):
            f["related-observations"] = [{"observation-uuid": u} for u in obs_by_control[c]]
        related = temuan_by_control.get(c, []) + scored_by_control.get(c, [])
        if related:
            f["related-risks"] = [{"risk-uuid": u} for u in related]
        findings.append(f)

    scope_uuid = uid("ruang-lingkup", aid)
    party_org, party_person = uid("party", aid, "organisasi"), uid("party", aid, "auditor")
    parties = []
    if auditor.get("organisasi"):
        parties.append({"uuid": party_org, "type": "organization", "name": _text(auditor["organisasi"])})
    if auditor.get("nama"):
        person: dict[str, Any] = {"uuid": party_person, "type": "person", "name": _text(auditor["nama"])}
        if auditor.get("organisasi"):
            person["member-of-organizations"] = [party_org]
        parties.append(person)
    result: dict[str, Any] = {
        "uuid": uid("result", aid),
        "title": f"Audit {audit.get('jenis_audit')} {audit.get('aset')} ({aid})",
        "description": _text(audit.get("ruang_lingkup")) or aid,
        "start": min((_day(b["dikumpulkan"]) for b in audit.get("bukti") or []), default=stamp),
        "end": stamp,
        "props": [prop("id-audit", aid), prop("jenis-audit", audit.get("jenis_audit")),
                  prop("pelaksana", audit.get("pelaksana")), prop("periode", audit.get("periode")),
                  prop("aset", audit.get("aset")),
                  prop("bundle-profile", info.get("Bundle-Profile", "")),
                  prop("penandatangan", facts.signer.get("subject", "")),
                  prop("sidik-jari-sha256", facts.signer.get("fingerprint_sha256", "")),
                  prop("penandatangan-tepercaya", str(facts.trusted).lower())],
        "reviewed-controls": {"control-selections": [{"include-controls": [
            {"control-id": token(c, "k")} for c in _controls(audit)]}]},
    }
    result["props"] = [p for p in result["props"] if p["value"]]
    if observations:
        result["observations"] = observations
    if temuan or scored:
        result["risks"] = temuan + scored
    if findings:
        result["findings"] = findings
    metadata: dict[str, Any] = {"title": f"Hasil audit {aid}", "last-modified": stamp,
                                "version": version, "oscal-version": OSCAL_VERSION}
    if parties:
        metadata["parties"] = parties
    return {"assessment-results": {
        "uuid": uid("assessment-results", aid, version),
        "metadata": metadata,
        "import-ap": {"href": f"#{scope_uuid}"},
        "results": [result],
        "back-matter": {"resources": [
            {"uuid": scope_uuid, "title": f"Ruang lingkup audit {aid}",
             "description": _text(audit.get("ruang_lingkup")) or aid,
             "props": [prop("jenis", "ruang-lingkup")]}] + resources},
    }}
