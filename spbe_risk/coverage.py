"""Control coverage per asset and per instansi, by the five principles of Keamanan SPBE.

Answers "for this asset, which controls apply, which are implemented, and which of
kerahasiaan, keutuhan, ketersediaan, keaslian, kenirsangkalan has no implemented
control?" — and the Statement of Applicability behind it. Pure: results in, data out.

Counting rules (stated once, used everywhere):
- a control applies to an asset when the asset's jenis is in ``berlaku_untuk`` and, for
  controls that name platforms (web/mobile), the asset runs on one of them;
- its status is the asset's own entry, else the instansi-wide one (``kontrol_instansi``),
  else ``belum-dinilai`` (not yet assessed — counted as not implemented);
- ``tidak-berlaku`` (justified not applicable) leaves the denominator;
- only ``diterapkan`` counts as implemented; ``sebagian`` is reported beside it.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spbe_risk import vocab
from spbe_risk.model import Aset, Kontrol, StatusKontrol, Workspace
from spbe_risk.scoring import HasilRisiko

BELUM_DINILAI = "belum-dinilai"
DITERAPKAN = "diterapkan"
TIDAK_BERLAKU = "tidak-berlaku"


@dataclass(frozen=True, slots=True)
class KontrolBerlaku:
    """One applicable control on one asset, with where its status came from."""

    kontrol: Kontrol
    status: str
    justifikasi: str
    sumber: str                 # "aset", "instansi" or "" (not assessed)
    risiko: tuple[str, ...]     # ids of risks on this asset that link this control


@dataclass(frozen=True, slots=True)
class CakupanPrinsip:
    prinsip: str
    berlaku: int        # applicable, excluding tidak-berlaku
    diterapkan: int
    sebagian: int

    @property
    def rasio(self) -> float | None:
        return self.diterapkan / self.berlaku if self.berlaku else None


@dataclass(frozen=True, slots=True)
class RisikoTerbuka:
    """A risk above appetite on the asset whose linked control is not implemented there."""

    risiko: str
    besaran: int
    level_risiko: str
    kontrol: str
    peran: str
    status: str


@dataclass(frozen=True, slots=True)
class CakupanAset:
    aset: Aset
    kontrol: tuple[KontrolBerlaku, ...]
    per_prinsip: tuple[CakupanPrinsip, ...]
    risiko_terbuka: tuple[RisikoTerbuka, ...]

    @property
    def prinsip_tanpa_kontrol(self) -> tuple[str, ...]:
        """Principles with no implemented control (whether or not any applies)."""
        return tuple(c.prinsip for c in self.per_prinsip if c.diterapkan == 0)

    @property
    def status_count(self) -> dict[str, int]:
        counts = {s: 0 for s in (*vocab.STATUS_KONTROL, BELUM_DINILAI)}
        for k in self.kontrol:
            counts[k.status] += 1
        return counts


def applies(kontrol: Kontrol, aset: Aset) -> bool:
    if aset.jenis not in kontrol.berlaku_untuk:
        return False
    return not kontrol.platform or bool(set(kontrol.platform) & set(aset.platform))


def status_of(kontrol_id: str, aset: Aset, instansi: Mapping[str, StatusKontrol]
              ) -> tuple[str, str, str]:
    """(status, justifikasi, source): the asset's entry wins over the instansi-wide one."""
    own = aset.kontrol.get(kontrol_id)
    if own is not None:
        return own.status, own.justifikasi, "aset"
    wide = instansi.get(kontrol_id)
    if wide is not None:
        return wide.status, wide.justifikasi, "instansi"
    return BELUM_DINILAI, "", ""


def per_principle(items: Iterable[KontrolBerlaku]) -> tuple[CakupanPrinsip, ...]:
    tally = {p: [0, 0, 0] for p in vocab.PRINSIP}
    for item in items:
        if item.status == TIDAK_BERLAKU:
            continue
        for p in item.kontrol.prinsip:
            t = tally[p]
            t[0] += 1
            t[1] += item.status == DITERAPKAN
            t[2] += item.status == "sebagian"
    return tuple(CakupanPrinsip(p, *tally[p]) for p in vocab.PRINSIP)


def asset_coverage(aset: Aset, ws: Workspace, results: Sequence[HasilRisiko]) -> CakupanAset:
    on_asset = [h for h in results if aset.id in h.risiko.aset]
    links: dict[str, list[str]] = {}
    for h in on_asset:
        for link in h.risiko.kontrol:
            links.setdefault(link.id, []).append(h.risiko.id)
    items = []
    for kat in ws.katalog:
        for k in kat.kontrol:
            if applies(k, aset):
                status, just, source = status_of(k.id, aset, ws.kontrol_instansi)
                items.append(KontrolBerlaku(k, status, just, source, tuple(links.get(k.id, ()))))
    applicable = {i.kontrol.id for i in items}
    terbuka = []
    for h in on_asset:
        if not h.perlu_penanganan:
            continue
        for link in h.risiko.kontrol:
            if link.id not in applicable:   # a multi-asset risk's control for another asset
                continue
            status = status_of(link.id, aset, ws.kontrol_instansi)[0]
            if status != DITERAPKAN:
                terbuka.append(RisikoTerbuka(h.risiko.id, h.analisis.besaran,
                                             h.analisis.level_risiko, link.id, link.peran, status))
    return CakupanAset(aset, tuple(items), per_principle(items), tuple(terbuka))


def coverage(ws: Workspace, results: Sequence[HasilRisiko], aset_id: str | None = None
             ) -> list[CakupanAset]:
    return [asset_coverage(a, ws, results) for a in ws.aset if aset_id in (None, a.id)]


def instansi_rollup(items: Sequence[CakupanAset]) -> dict[str, Any]:
    """Per-principle totals over all assets, the assets missing each principle, the
    number of distinct open risks and of their open risk-control links."""
    totals = per_principle(k for c in items for k in c.kontrol)
    return {
        "jumlah_aset": len(items),
        "per_prinsip": [prinsip_counts(c) for c in totals],
        "aset_tanpa_kontrol_per_prinsip": {
            p: [c.aset.id for c in items if p in c.prinsip_tanpa_kontrol] for p in vocab.PRINSIP},
        # distinct risks (one risk on two assets, or with three open links, is one risk)
        "risiko_terbuka": len({t.risiko for c in items for t in c.risiko_terbuka}),
        # the (asset, risk, control) links behind them
        "tautan_risiko_terbuka": sum(len(c.risiko_terbuka) for c in items),
    }


def prinsip_counts(c: CakupanPrinsip) -> dict[str, Any]:
    rasio = c.rasio
    return {"prinsip": c.prinsip, "berlaku": c.berlaku, "diterapkan": c.diterapkan,
            "sebagian": c.sebagian, "rasio": round(rasio, 4) if rasio is not None else None}


@dataclass(frozen=True, slots=True)
class KontrolTidakEfektif:
    """A control a risk counts on (``peran: ada``) that the latest verified audit of the
    same asset concluded ``belum-efektif`` or ``tidak-memadai`` (BSSN 8/2024 scales)."""

    risiko: str
    file: str
    kontrol: str
    aset: str
    id_audit: str
    tanggal: str
    desain: str
    efektivitas: str

    def message(self) -> str:
        """The warning ``check`` prints at the risk's control link (a coded ``Msg``:
        the conclusions as words, "Tidak Memadai", never as slugs)."""
        from datetime import date

        from spbe_risk.load import diagnostics as d
        from spbe_risk.messages import msg
        from spbe_risk.tanggal import date_words

        try:                # the date in words of the reader's language, ISO stays in JSON keys
            tanggal: str = date_words(date.fromisoformat(self.tanggal))
        except ValueError:
            tanggal = self.tanggal
        said = [msg(d.DESAIN_WORD, value=msg(d.WORD[self.desain]))
                if self.desain == "tidak-memadai" else None,
                msg(d.EFEKTIVITAS_WORD, value=msg(d.WORD[self.efektivitas]))
                if self.efektivitas == "belum-efektif" else None]
        temuan = [s for s in said if s is not None]
        joined = temuan[0] if len(temuan) == 1 else msg(d.BOTH, a=temuan[0], b=temuan[1])
        return d.CLAIMED_NOT_EFFECTIVE(kontrol=self.kontrol, aset=self.aset,
                                       bundel=self.id_audit, tanggal=tanggal, temuan=joined)


def ineffective_links(ws: Workspace, kesimpulan: Mapping[str, Mapping[str, Any]]
                      ) -> list[KontrolTidakEfektif]:
    """Cross-check registers against the latest verified audit conclusions per asset."""
    out = []
    for r in ws.risiko:
        for link in r.kontrol:
            if link.peran != "ada":
                continue
            for aset_id in r.aset:
                latest = kesimpulan.get(aset_id)
                if not latest:
                    continue
                for k in latest.get("kesimpulan", ()):
                    if k.get("kontrol") != link.id:
                        continue
                    desain, efek = k.get("desain", ""), k.get("efektivitas", "")
                    if desain == "tidak-memadai" or efek == "belum-efektif":
                        out.append(KontrolTidakEfektif(r.id, r.file, link.id, aset_id,
                                                       str(latest.get("id_audit") or ""),
                                                       str(latest.get("tanggal") or ""),
                                                       desain, efek))
    return out
