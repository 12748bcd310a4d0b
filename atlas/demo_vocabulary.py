"""The made-up words of the synthetic demo dataset (atlas.demo): generic training topics,
fictional organizers and partners, institution name patterns, Indonesian month names."""

from __future__ import annotations

# (title, theme, method, sdg_goals, sdg_targets): generic programme names, not real events.
TOPICS = (
    (
        "Pelatihan Diplomasi Kota Lanjutan",
        "Kerja sama luar negeri pemerintah daerah",
        "world café",
        "17",
        "17.16;17.17",
    ),
    (
        "Lokakarya Perencanaan Pembangunan Rendah Karbon",
        "Rencana aksi mitigasi daerah",
        "lokakarya",
        "13;11",
        "13.2;11.6",
    ),
    (
        "Pelatihan Pengelolaan Sampah Terpadu",
        "Ekonomi sirkular di tingkat kota",
        "studi kasus",
        "11;12",
        "11.6;12.5",
    ),
    (
        "Kelas Lokalisasi SDGs dalam RPJMD",
        "Menyelaraskan RPJMD dengan TPB",
        "kelas",
        "17;16",
        "17.14;16.7",
    ),
    (
        "Lokakarya Kota Tangguh Bencana",
        "Pengurangan risiko bencana",
        "simulasi",
        "11;13",
        "11.5;11.b;13.1",
    ),
    (
        "Pelatihan Air Minum dan Sanitasi Perkotaan",
        "Layanan dasar untuk semua",
        "kunjungan lapangan",
        "6",
        "6.1;6.2",
    ),
    (
        "Pelatihan Data Terpilah Gender untuk Perencanaan",
        "Perencanaan yang responsif gender",
        "kelas",
        "5;10",
        "5.5;5.c;10.2",
    ),
    (
        "Forum Transportasi Publik Berkelanjutan",
        "Mobilitas perkotaan",
        "diskusi panel",
        "11;9",
        "11.2;9.1",
    ),
    (
        "Lokakarya Ruang Terbuka Hijau",
        "Ruang publik yang inklusif",
        "world café",
        "11;15",
        "11.7;15.1",
    ),
    (
        "Pelatihan Anggaran Berbasis Kinerja",
        "Tata kelola keuangan daerah",
        "kelas",
        "16;17",
        "16.6;17.1",
    ),
    (
        "Kelas Energi Terbarukan untuk Gedung Pemerintah",
        "Efisiensi energi",
        "studi kasus",
        "7;13",
        "7.2;7.3",
    ),
    ("Lokakarya Ketahanan Pangan Perkotaan", "Pertanian kota", "lokakarya", "2;11", "2.1;2.4;11.a"),
)
ORGANIZERS = (
    "Lembaga Pelatihan Nusantara (fiktif)",
    "Forum Kota Lestari (fiktif)",
    "Pusat Kajian Tata Kelola Daerah (fiktif)",
)
PARTNERS = ("Mitra Pembangunan A (fiktif)", "Jejaring Kota B (fiktif)", "")
INSTITUTION_PATTERNS = {
    "kota": (
        "Pemerintah Kota {}",
        "Bappeda Kota {}",
        "Dinas Lingkungan Hidup Kota {}",
        "Sekretariat Daerah Kota {}",
    ),
    "kabupaten": (
        "Pemerintah Kabupaten {}",
        "Bappeda Kabupaten {}",
        "Dinas Lingkungan Hidup Kabupaten {}",
        "Dinas Perhubungan Kabupaten {}",
    ),
    "provinsi": (
        "Pemerintah Provinsi {}",
        "Bappeda Provinsi {}",
        "Dinas Lingkungan Hidup Provinsi {}",
    ),
}
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
