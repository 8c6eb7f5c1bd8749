#!/usr/bin/env bash
# Rebuild the Malinau sample evidence: an agency CA (its certificate goes to
# registers/malinau/trust/), an Inspektorat auditor key, and one sealed, signed bundle
# (registers/malinau/audits/AUD-2026-0007.zip) for the bansos selection application.
# The CA key and the auditor's PKCS#12 live in a temporary folder and are destroyed:
# private keys never enter the repository. Passwords are random, passed by environment.
set -euo pipefail
cd "$(dirname "$0")/.."
ws=registers/malinau
tmp=$(mktemp -d -t spbe-sample.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export SPBE_RISK_CA_PASSWORD SPBE_RISK_KEY_PASSWORD
SPBE_RISK_CA_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
SPBE_RISK_KEY_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')

spbe-risk keys init-ca --out "$tmp/ca" --name "CA Inspektorat Kabupaten Malinau (contoh)" \
  --lembaga "Pemerintah Kabupaten Malinau"
spbe-risk keys issue --ca "$tmp/ca" --name "Yohanes Lawing (contoh)" --nip 198304122009031002 \
  --lembaga "Inspektorat Kabupaten Malinau" --out "$tmp/auditor.p12"

f="$tmp/AUD-2026-0007"
spbe-risk evidence init "$f" --workspace "$ws" --aset app-seleksi-bansos --jenis-audit keamanan --periode 2026 \
  --auditor "Yohanes Lawing (contoh)" --nip 198304122009031002 \
  --lembaga "Inspektorat Kabupaten Malinau" --pelaksana internal \
  --ruang-lingkup "Audit keamanan internal Aplikasi Seleksi Digital Penerima Bantuan Sosial: autentikasi, validasi input, keamanan komunikasi, dan pembagian data penerima (Peraturan BSSN 4/2021 Pasal 27; draf kontrol data dan informasi)"

src="$tmp/src"
mkdir -p "$src"
cat > "$src/nginx-tls.conf" <<'CONF'
# Ekspor konfigurasi server seleksi-bansos.malinau.go.id (contoh), 2026-11-20
server {
    listen 443 ssl http2;
    server_name seleksi-bansos.malinau.go.id;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256;
    add_header Strict-Transport-Security "max-age=31536000" always;
}
CONF
cat > "$src/login-gagal-2026-10.log" <<'LOG'
2026-10-03T01:12:44+08:00 auth WARN user=operator.kec.pujungan gagal login (3/5)
2026-10-03T01:13:02+08:00 auth WARN user=operator.kec.pujungan gagal login (5/5) akun dikunci 30 menit
2026-10-17T22:40:19+08:00 auth WARN user=admin gagal login (5/5) akun dikunci 30 menit; notifikasi ke admin sistem
LOG
cat > "$src/uji-xss.txt" <<'TXT'
Uji penetrasi terbatas (contoh), 2026-11-18, lingkungan staging.
Formulir pencarian NIK: payload <script> dipantulkan tanpa encoding pada halaman hasil (1 temuan).
Formulir lain: input di-escape dengan benar.
TXT
cat > "$src/wawancara-berbagi-data.txt" <<'TXT'
Catatan wawancara (contoh), 2026-11-19, Bidang Perlindungan dan Jaminan Sosial.
Data calon penerima dibagikan ke pendamping desa melalui grup pesan instan dalam bentuk berkas
spreadsheet tanpa kata sandi. Belum ada SOP tertulis pembagian data; larangan hanya disampaikan lisan.
TXT

spbe-risk evidence add "$f" --workspace "$ws" "$src/nginx-tls.conf" --kontrol WEB-8.a,WEB-8.c --into konfigurasi \
  --uraian "Konfigurasi TLS server produksi" --collected 2026-11-20
spbe-risk evidence add "$f" --workspace "$ws" "$src/login-gagal-2026-10.log" --kontrol WEB-1.d --into log \
  --uraian "Log percobaan login gagal dan penguncian akun, Oktober 2026" --collected 2026-11-20
spbe-risk evidence add "$f" --workspace "$ws" "$src/uji-xss.txt" --kontrol WEB-4.g --into hasil-uji \
  --uraian "Hasil uji XSS terbatas" --collected 2026-11-18
spbe-risk evidence add "$f" --workspace "$ws" "$src/wawancara-berbagi-data.txt" --kontrol DAT-5 --into wawancara \
  --uraian "Catatan wawancara praktik pembagian data penerima" --collected 2026-11-19

spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol WEB-1.d --desain memadai --implementasi sesuai --efektivitas efektif
spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol WEB-8.a --desain memadai --implementasi sesuai --efektivitas efektif
spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol WEB-8.c --desain memadai --implementasi sesuai --efektivitas efektif
spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol WEB-4.g --desain perlu-peningkatan --implementasi tidak-sesuai --efektivitas perlu-peningkatan
spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol DAT-5 --desain tidak-memadai --implementasi tidak-sesuai --efektivitas belum-efektif
spbe-risk evidence finding "$f" --workspace "$ws" --id T-01 --kontrol DAT-5 --tingkat tinggi \
  --kondisi "Data calon penerima bansos dibagikan melalui grup pesan instan tanpa enkripsi dan tanpa SOP tertulis." \
  --kriteria "Kontrol DAT-5 (draf): pembagian data terbatas hanya melalui saluran yang diamankan dan tercatat." \
  --sebab "Belum ada kebijakan pelindungan data pribadi daerah; pendamping desa tidak memiliki akses aplikasi." \
  --akibat "Risiko kebocoran data pribadi penerima (UU 27/2022) dan penurunan kepercayaan publik." \
  --rekomendasi "Tetapkan SOP pembagian data, sediakan akun terbatas bagi pendamping desa, hentikan pengiriman berkas melalui pesan instan." \
  --tanggapan "Dinas Sosial menyetujui; SOP disusun pada Triwulan I 2027." --batas-waktu 2027-03-31
spbe-risk evidence finding "$f" --workspace "$ws" --id T-02 --kontrol WEB-4.g --tingkat sedang \
  --kondisi "Formulir pencarian NIK memantulkan masukan tanpa encoding (XSS terpantul)." \
  --kriteria "Peraturan BSSN 4/2021 Pasal 27 ayat (4) huruf g." \
  --sebab "Templat halaman hasil pencarian tidak memakai fungsi escape bawaan kerangka kerja." \
  --akibat "Penyerang dapat menjalankan skrip pada peramban operator." \
  --rekomendasi "Gunakan encoding keluaran pada templat; tambahkan Content-Security-Policy." \
  --tanggapan "Diperbaiki pada rilis Desember 2026." --batas-waktu 2026-12-31

mkdir -p "$ws/audits" "$ws/trust"
spbe-risk evidence seal "$f" --workspace "$ws" --key "$tmp/auditor.p12" --out "$ws/audits/AUD-2026-0007.zip" --force
cp "$tmp/ca/ca.pem" "$ws/trust/ca-inspektorat-malinau.pem"
spbe-risk evidence verify "$ws/audits/AUD-2026-0007.zip" --trust "$ws/trust/ca-inspektorat-malinau.pem"
