"""``spbe-risk keys``: an agency CA and auditor PKCS#12 files (thin over ``spbe_risk.keys``).

Passwords never come from argv (visible in ``ps`` and shell history): they come from a
hidden prompt on a terminal, or from the environment variable named by
``--password-env`` — for scripts and CI. They are never echoed or logged.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import os
import sys

import click

from spbe_risk.cli.common import EXIT_INPUT, _, handles_input_errors, say
from spbe_risk.problems import InputError, Problem

DEFAULT_KEY_ENV = "SPBE_RISK_KEY_PASSWORD"
DEFAULT_CA_ENV = "SPBE_RISK_CA_PASSWORD"


def read_password(env_name: str, prompt: str, *, confirm: bool = False,
                  what: str = "password") -> bytes:
    """The password from ``$env_name`` if set and non-empty, else a hidden prompt when
    stdin is a terminal, else a clear error (exit 2)."""
    value = os.environ.get(env_name)
    if value:
        return value.encode("utf-8")
    if sys.stdin is not None and sys.stdin.isatty():
        entered = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)
        return str(entered).encode("utf-8")
    raise InputError([Problem(what, 0, 0, _("tidak ada kata sandi: isi variabel lingkungan "
                                            "%(env)s atau jalankan di terminal agar ditanya")
                              % {"env": env_name})])


def password_env_option(default: str, help_text: str):  # noqa: ANN201  click decorator
    return click.option("--password-env", "password_env", default=default, show_default=True,
                        metavar="NAME", help=help_text)


@click.group("keys")
def keys() -> None:
    """CA instansi dan kunci tanda tangan auditor (PKCS#12), untuk instansi yang belum
    memiliki berkas kunci BSrE."""


@keys.command("init-ca")
@click.option("--out", "-o", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder untuk ca.pem dan ca-key.pem yang terenkripsi.")
@click.option("--name", required=True, help="Nama CA, misalnya 'CA Inspektorat Kab. Malinau'.")
@click.option("--lembaga", "organisation", default=None, help="Lembaga (O) pemilik CA.")
@click.option("--algorithm", type=click.Choice(["ecdsa-p256", "rsa-3072"]),
              default="ecdsa-p256", show_default=True, help="Algoritme kunci CA.")
@click.option("--days", type=click.IntRange(1, 36500), default=3650, show_default=True,
              help="Masa berlaku sertifikat CA, dalam hari.")
@password_env_option(DEFAULT_CA_ENV, "Variabel lingkungan yang memuat kata sandi kunci CA baru.")
@handles_input_errors
def init_ca(out_dir: str, name: str, organisation: str | None, algorithm: str, days: int,
            password_env: str) -> None:
    """Buat CA instansi: ca.pem (untuk dibagikan) dan ca-key.pem (terenkripsi, mode 0600)."""
    from spbe_risk.evidence import keys as keylib

    password = read_password(password_env, _("Kata sandi kunci CA baru"), confirm=True,
                             what=_("kata sandi kunci CA"))
    summary = keylib.init_ca(out_dir, name, password, algorithm=algorithm,
                             organisation=organisation, days=days)
    say(_("CA dibuat di %(folder)s: %(cert)s (jangkar kepercayaan untuk diserahkan kepada "
          "pemverifikasi) dan %(key)s (terenkripsi, simpan secara luring)")
        % {"folder": out_dir, "cert": keylib.CA_CERT, "key": keylib.CA_KEY})
    _echo_summary(summary.as_dict())


@keys.command("issue")
@click.option("--ca", "ca_dir", required=True, type=click.Path(file_okay=False),
              help="Folder CA yang dibuat oleh init-ca.")
@click.option("--name", required=True, help="Nama lengkap auditor.")
@click.option("--nip", required=True, help="NIP auditor (18 angka).")
@click.option("--lembaga", "organisation", required=True, help="Lembaga auditor, misalnya Inspektorat.")
@click.option("--email", default=None, help="Surel untuk sertifikat (opsional).")
@click.option("--out", "-o", "out", required=True, type=click.Path(dir_okay=False),
              help="Berkas PKCS#12 yang ditulis, misalnya auditor.p12.")
@click.option("--algorithm", type=click.Choice(["ecdsa-p256", "rsa-3072"]), default=None,
              help="Algoritme kunci (bawaan: milik CA).")
@click.option("--days", type=click.IntRange(1, 3650), default=730, show_default=True,
              help="Masa berlaku sertifikat, dalam hari.")
@click.option("--ca-password-env", default=DEFAULT_CA_ENV, show_default=True, metavar="NAME",
              help="Variabel lingkungan yang memuat kata sandi kunci CA.")
@password_env_option(DEFAULT_KEY_ENV, "Variabel lingkungan yang memuat kata sandi PKCS#12 "
                                      "baru.")
@click.option("--force", is_flag=True, help="Ganti berkas PKCS#12 yang sudah ada.")
@handles_input_errors
def issue(ca_dir: str, name: str, nip: str, organisation: str, email: str | None, out: str,
          algorithm: str | None, days: int, ca_password_env: str, password_env: str,
          force: bool) -> None:
    """Terbitkan sertifikat tanda tangan auditor (digitalSignature + nonRepudiation) sebagai
    PKCS#12 berkata sandi."""
    from spbe_risk.evidence import keys as keylib

    ca_password = read_password(ca_password_env, _("Kata sandi kunci CA"),
                                what=_("kata sandi kunci CA"))
    password = read_password(password_env, _("Kata sandi PKCS#12 baru"), confirm=True,
                             what=_("kata sandi PKCS#12"))
    summary = keylib.issue_auditor(ca_dir, ca_password, name=name, nip=nip,
                                   organisation=organisation, out=out, password=password,
                                   algorithm=algorithm, days=days, email=email, force=force)
    say(_("Diterbitkan %(path)s (mode 0600)") % {"path": out})
    _echo_summary(summary.as_dict())


@keys.command("show")
@click.argument("file", type=click.Path(dir_okay=False))
@password_env_option(DEFAULT_KEY_ENV, "Variabel lingkungan yang memuat kata sandi PKCS#12.")
@click.option("--format", "fmt", help="Format keluaran.", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handles_input_errors
def show(file: str, password_env: str, fmt: str) -> None:
    """Subjek, nomor seri, masa berlaku dan sidik jari SHA-256 sebuah sertifikat (PEM/DER)
    atau PKCS#12."""
    from spbe_risk.evidence import keys as keylib

    if not os.path.isfile(file):
        raise InputError([Problem(file, 0, 0, _("tidak ditemukan"))])
    try:
        certs = keylib.read_certificates(file)
    except keylib.PasswordNeeded:
        certs = keylib.read_certificates(file, read_password(
            password_env, _("Kata sandi untuk %(file)s") % {"file": file}, what=file))
    if fmt == "json":
        from spbe_risk.formats.json import dumps

        click.echo(dumps([c.as_dict() for c in certs]), nl=False)
        return
    for i, cert in enumerate(certs):
        if i:
            click.echo("")
        _echo_summary(cert.as_dict())


def _echo_summary(d: dict[str, object]) -> None:
    labels = (("subject", _("Subjek")), ("issuer", _("Penerbit")), ("serial", _("Nomor seri")),
              ("not_before", _("Berlaku dari")), ("not_after", _("Berlaku sampai")),
              ("fingerprint_sha256", "SHA-256"), ("key", _("Kunci")),
              ("key_usage", _("Penggunaan kunci")), ("is_ca", "CA"),
              ("has_private_key", _("Kunci privat")))
    width = max(len(label) for _key, label in labels) + 2
    for key, label in labels:
        value = d[key]
        if isinstance(value, list):
            value = ", ".join(value) or "-"
        elif isinstance(value, bool):
            value = _("ya") if value else _("tidak")
        say(f"{label + ':':<{width}} {value}")


__all__ = ["keys", "read_password", "EXIT_INPUT"]
