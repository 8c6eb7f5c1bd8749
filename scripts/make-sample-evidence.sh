#!/usr/bin/env bash
# Rebuild the Malinau sample evidence — a realistic mix of the two kinds of audit the
# regulations know (Permenkominfo 16/2022 Pasal 16–17):
#   - AUD-2026-0007: the Inspektorat's INTERNAL security audit of the bansos selection
#     application, signed under the Inspektorat's CA (registers/malinau/trust/internal/);
#     it is listed in the schedule as an internal audit that does not meet the duty;
#   - AUD-2026-0008: a LATIK's EXTERNAL security audit of the planning application, with a
#     team of two (one ketua), the LATIK's registration number and its surat keterangan,
#     signed under the LATIK's CA (registers/malinau/trust/eksternal/); it meets the duty.
# The CA keys and the auditors' PKCS#12 files live in a temporary folder and are destroyed:
# private keys never enter the repository. Passwords are random, passed by environment.
set -euo pipefail
cd "$(dirname "$0")/.."
ws=registers/malinau
tmp=$(mktemp -d -t spbe-sample.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export SPBE_RISK_CA_PASSWORD SPBE_RISK_KEY_PASSWORD
SPBE_RISK_CA_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
SPBE_RISK_KEY_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')

# ------------------------------------------------------------------ keys
spbe-risk keys init-ca --out "$tmp/ca" --name "CA Inspektorat Kabupaten Malinau (contoh)" \
  --lembaga "Pemerintah Kabupaten Malinau"
spbe-risk keys issue --ca "$tmp/ca" --name "Yohanes Lawing (contoh)" --nip 198304122009031002 \
  --lembaga "Inspektorat Kabupaten Malinau" --out "$tmp/auditor.p12"
spbe-risk keys init-ca --out "$tmp/latik-ca" --name "CA PT Audit TIK Nusantara (contoh)" \
  --lembaga "PT Audit TIK Nusantara (contoh)"
spbe-risk keys issue --ca "$tmp/latik-ca" --name "Ratna Sari Dewi (contoh)" --nip 198807152015032001 \
  --lembaga "PT Audit TIK Nusantara (contoh)" --out "$tmp/latik.p12"

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

# ------------------------------------------------------------------ AUD-2026-0007 (internal)
f="$tmp/AUD-2026-0007"
spbe-risk evidence init "$f" --id AUD-2026-0007 --workspace "$ws" --aset app-seleksi-bansos --jenis-audit keamanan --periode 2026 \
  --ketua-tim "Yohanes Lawing (contoh)" --nip 198304122009031002 \
  --tim-auditor "nama=Yohanes Lawing (contoh);peran=ketua;sertifikat=APIP-TIK-2021-0147 (contoh);pegawai_tetap=ya;nip=198304122009031002;jabatan=Auditor Ahli Muda, Inspektorat Kabupaten Malinau" \
  --tim-auditor "nama=Maria Ulan (contoh);peran=anggota;pegawai_tetap=ya;jabatan=Auditor Ahli Pertama" \
  --lembaga "Inspektorat Kabupaten Malinau" --pelaksana internal \
  --tujuan "Menilai desain, implementasi dan efektivitas kontrol keamanan aplikasi sebelum audit keamanan oleh Lembaga Pelaksana Audit TIK (Peraturan BSSN 8/2024 Pasal 26)" \
  --mulai 2026-11-16 --selesai 2026-11-20 \
  --ruang-lingkup "Audit keamanan internal Aplikasi Seleksi Digital Penerima Bantuan Sosial: autentikasi, validasi input, keamanan komunikasi, dan pembagian data penerima (Peraturan BSSN 4/2021 Pasal 27; draf kontrol data dan informasi)" \
  --batasan-lingkup "Uji penetrasi hanya pada lingkungan staging; kode sumber tidak ditelaah; pusat data di luar lingkup." \
  --penerima "Bupati Malinau (melalui Sekretaris Daerah selaku Koordinator SPBE)" \
  --penerima "Kepala Dinas Sosial Kabupaten Malinau" --penerima "Kepala Dinas Komunikasi dan Informatika Kabupaten Malinau" \
  --pembatasan-distribusi "Terbatas: hanya untuk penerima laporan; tidak untuk dipublikasikan (klasifikasi informasi terbatas)." \
  --pernyataan-independensi "Tim auditor tidak terlibat dalam pengembangan atau pengoperasian aplikasi dalam 2 tahun terakhir dan tidak memiliki kepentingan finansial; tidak ada ancaman independensi yang diketahui." \
  --tanggapan-auditan "Dinas Sosial menerima seluruh temuan dan menyusun rencana tindak lanjut (surat 460/112/Dinsos/XI/2026, contoh)."

spbe-risk evidence add "$f" --workspace "$ws" "$src/nginx-tls.conf" --kontrol WEB-8.a,WEB-8.c --into konfigurasi \
  --uraian "Konfigurasi TLS server produksi" --dikumpulkan 2026-11-20
spbe-risk evidence add "$f" --workspace "$ws" "$src/login-gagal-2026-10.log" --kontrol WEB-1.d --into log \
  --uraian "Log percobaan login gagal dan penguncian akun, Oktober 2026" --dikumpulkan 2026-11-20
spbe-risk evidence add "$f" --workspace "$ws" "$src/uji-xss.txt" --kontrol WEB-4.g --into hasil-uji \
  --uraian "Hasil uji XSS terbatas" --dikumpulkan 2026-11-18
spbe-risk evidence add "$f" --workspace "$ws" "$src/wawancara-berbagi-data.txt" --kontrol DAT-5 --into wawancara \
  --uraian "Catatan wawancara praktik pembagian data penerima" --dikumpulkan 2026-11-19

spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol WEB-1.d --desain memadai --implementasi sesuai --efektivitas efektif
spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol WEB-8.a --desain memadai --implementasi sesuai --efektivitas efektif
spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol WEB-8.c --desain memadai --implementasi sesuai --efektivitas efektif
spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol WEB-4.g --desain perlu-peningkatan --implementasi tidak-sesuai --efektivitas perlu-peningkatan
# desain tidak memadai: implementation is not evaluated (K15 Bab I.G), straight to efektivitas
spbe-risk evidence conclude "$f" --workspace "$ws" --kontrol DAT-5 --desain tidak-memadai --efektivitas belum-efektif
spbe-risk evidence finding "$f" --workspace "$ws" --id T-01 --kontrol DAT-5 --tingkat tinggi \
  --kondisi "Data calon penerima bansos dibagikan melalui grup pesan instan tanpa enkripsi dan tanpa SOP tertulis." \
  --kriteria "Kontrol DAT-5 (draf): pembagian data terbatas hanya melalui saluran yang diamankan dan tercatat." \
  --sebab "Belum ada kebijakan pelindungan data pribadi daerah; pendamping desa tidak memiliki akses aplikasi." \
  --akibat "Risiko kebocoran data pribadi penerima (UU 27/2022) dan penurunan kepercayaan publik." \
  --rekomendasi "Tetapkan SOP pembagian data, sediakan akun terbatas bagi pendamping desa, hentikan pengiriman berkas melalui pesan instan." \
  --tanggapan-manajemen "Dinas Sosial menyetujui; SOP disusun pada Triwulan I 2027." --batas-waktu 2027-03-31
spbe-risk evidence finding "$f" --workspace "$ws" --id T-02 --kontrol WEB-4.g --tingkat sedang \
  --kondisi "Formulir pencarian NIK memantulkan masukan tanpa encoding (XSS terpantul)." \
  --kriteria "Peraturan BSSN 4/2021 Pasal 27 ayat (4) huruf g." \
  --sebab "Templat halaman hasil pencarian tidak memakai fungsi escape bawaan kerangka kerja." \
  --akibat "Penyerang dapat menjalankan skrip pada peramban operator." \
  --rekomendasi "Gunakan encoding keluaran pada templat; tambahkan Content-Security-Policy." \
  --tanggapan-manajemen "Diperbaiki pada rilis Desember 2026." --batas-waktu 2026-12-31

# ------------------------------------------------------------------ AUD-2026-0008 (external)
cat > "$src/kebijakan-keamanan.txt" <<'TXT'
Peraturan Bupati Malinau tentang Keamanan SPBE (contoh), ditetapkan 2025-09-01:
ruang lingkup manajemen keamanan meliputi data dan informasi, aplikasi dan infrastruktur SPBE.
TXT
cat > "$src/program-kerja-keamanan-2026.txt" <<'TXT'
Program kerja keamanan SPBE 2026 (contoh): edukasi kesadaran keamanan (2 kali), penilaian
kerentanan aplikasi prioritas (triwulan II), audit keamanan (triwulan IV). Penanganan insiden
belum memiliki anggaran tersendiri.
TXT
cat > "$src/uji-login-perencanaan.txt" <<'TXT'
Uji autentikasi (contoh), 2026-11-24, perencanaan.malinau.go.id: kata sandi minimal 12 karakter,
diverifikasi di server, akun dikunci setelah 5 kegagalan; pemulihan kata sandi melalui tautan
sekali pakai berlaku 15 menit.
TXT
g="$tmp/AUD-2026-0008"
spbe-risk evidence init "$g" --id AUD-2026-0008 --workspace "$ws" --aset app-perencanaan --jenis-audit keamanan --periode 2026-S2 \
  --ketua-tim "Ratna Sari Dewi (contoh)" \
  --tim-auditor "nama=Ratna Sari Dewi (contoh);peran=ketua;sertifikat=LSP-ATIK-KS-2024-0311 (contoh);pegawai_tetap=ya;jabatan=Ketua Tim Auditor TIK" \
  --tim-auditor "nama=Andreas Lahang (contoh);peran=anggota;sertifikat=LSP-ATIK-KS-2025-0127 (contoh);pegawai_tetap=tidak;jabatan=Auditor TIK" \
  --lembaga "PT Audit TIK Nusantara (contoh)" --nomor-registrasi "BSSN-LATIK-KS-0042 (contoh)" \
  --nomor-akreditasi "LPK-123-IDN (contoh)" --pelaksana eksternal \
  --surat-keterangan "017/ATN/SK-AUDIT/XII/2026 (contoh)" --tanggal-surat-keterangan 2026-12-01 \
  --tujuan "Audit keamanan SPBE dua tahunan atas Aplikasi Perencanaan Pembangunan sebagaimana diwajibkan Permenkominfo 16/2022 Pasal 4 ayat (3) dan Pasal 16 ayat (5)" \
  --mulai 2026-11-23 --selesai 2026-11-27 \
  --ruang-lingkup "Audit keamanan eksternal Aplikasi Perencanaan Pembangunan (RENJA, RKPD, KUA-PPAS): manajemen keamanan informasi (Peraturan BSSN 4/2021) dan standar teknis keamanan aplikasi berbasis web (Pasal 27)" \
  --batasan-lingkup "Integrasi dengan SIPD melalui sistem penghubung layanan tidak diuji." \
  --penerima "Sekretaris Daerah Kabupaten Malinau selaku Koordinator SPBE" \
  --penerima "Kepala Bappeda Kabupaten Malinau" \
  --pembatasan-distribusi "Terbatas: penerima laporan dan kementerian yang menyelenggarakan urusan komunikasi dan informatika (Pasal 23)." \
  --pernyataan-independensi "Tim auditor dan PT Audit TIK Nusantara tidak memberikan jasa pengembangan atau pengoperasian kepada Pemerintah Kabupaten Malinau dalam 2 tahun terakhir." \
  --tanggapan-auditan "Bappeda dan Diskominfo menyetujui temuan; anggaran penanganan insiden diusulkan pada APBD Perubahan 2027 (contoh)."
spbe-risk evidence add "$g" --workspace "$ws" "$src/kebijakan-keamanan.txt" --kontrol MNJ-a --into dokumen \
  --uraian "Peraturan Bupati tentang Keamanan SPBE" --dikumpulkan 2026-11-23
spbe-risk evidence add "$g" --workspace "$ws" "$src/program-kerja-keamanan-2026.txt" --kontrol MNJ-c.1 --into dokumen \
  --uraian "Program kerja keamanan SPBE 2026" --dikumpulkan 2026-11-23
spbe-risk evidence add "$g" --workspace "$ws" "$src/uji-login-perencanaan.txt" --kontrol WEB-1.a,WEB-1.d --into hasil-uji \
  --uraian "Hasil uji autentikasi" --dikumpulkan 2026-11-24
spbe-risk evidence conclude "$g" --workspace "$ws" --kontrol MNJ-a --desain memadai --implementasi sesuai --efektivitas efektif
spbe-risk evidence conclude "$g" --workspace "$ws" --kontrol MNJ-c.1 --desain perlu-peningkatan --implementasi sesuai --efektivitas perlu-peningkatan
spbe-risk evidence conclude "$g" --workspace "$ws" --kontrol WEB-1.a --desain memadai --implementasi sesuai --efektivitas efektif
spbe-risk evidence conclude "$g" --workspace "$ws" --kontrol WEB-1.d --desain memadai --implementasi sesuai --efektivitas perlu-peningkatan
spbe-risk evidence finding "$g" --workspace "$ws" --id T-01 --kontrol MNJ-c.1 --tingkat sedang \
  --kondisi "Program kerja keamanan 2026 tidak memuat penanganan insiden dan tidak dianggarkan." \
  --kriteria "Peraturan BSSN 4/2021 Pasal 8; Peraturan Kepala BSSN 15/2024 Bab II K6." \
  --sebab "Penyusunan program kerja belum berdasarkan penilaian risiko keamanan." \
  --akibat "Insiden keamanan dapat tertangani terlambat atau tanpa sumber daya." \
  --rekomendasi "Lengkapi program kerja dengan penanganan insiden dan anggarannya." \
  --tanggapan-manajemen "Disetujui; diusulkan pada APBD Perubahan 2027." --batas-waktu 2027-06-30

mkdir -p "$ws/audits" "$ws/trust/internal" "$ws/trust/eksternal"
rm -f "$ws/trust/ca-inspektorat-malinau.pem"
spbe-risk evidence seal "$f" --workspace "$ws" --key "$tmp/auditor.p12" --with-report --out "$ws/audits/AUD-2026-0007.zip" --force
spbe-risk evidence seal "$g" --workspace "$ws" --key "$tmp/latik.p12" --with-report --out "$ws/audits/AUD-2026-0008.zip" --force
cp "$tmp/ca/ca.pem" "$ws/trust/internal/ca-inspektorat-malinau.pem"
cp "$tmp/latik-ca/ca.pem" "$ws/trust/eksternal/ca-latik-audit-tik-nusantara.pem"
spbe-risk evidence verify "$ws/audits/AUD-2026-0007.zip" --trust "$ws/trust/internal/ca-inspektorat-malinau.pem"
spbe-risk evidence verify "$ws/audits/AUD-2026-0008.zip" --trust "$ws/trust/eksternal/ca-latik-audit-tik-nusantara.pem"
