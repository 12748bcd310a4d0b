"""Every user-facing text in Bahasa Indonesia and English, and locale-aware number/date formats.

One catalogue for the whole app: pages and widgets ask `t(key, lang)` instead of spelling text.
Indonesian is the default language. Placeholders use `str.format` names (`{count}`); callers pass
numbers already formatted with `format_number` so that digits follow the page's locale.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import pandas as pd
from babel.dates import format_date as _babel_format_date
from babel.dates import format_interval as _babel_format_interval
from babel.numbers import format_decimal as _babel_format_decimal
from babel.numbers import format_percent as _babel_format_percent

Lang = Literal["id", "en"]
LANGUAGES: tuple[Lang, ...] = ("id", "en")
DEFAULT_LANG: Lang = "id"

CATALOGUE: dict[str, dict[str, str]] = {
    # --- app shell ---------------------------------------------------------------------------
    "app.title": {"id": "Atlas Pelatihan", "en": "Training Atlas"},
    "app.subtitle": {
        "id": "Jangkauan pelatihan peningkatan kapasitas pemerintah daerah di Indonesia",
        "en": "Reach of capacity-building trainings for Indonesian local governments",
    },
    "nav.overview": {"id": "Ringkasan", "en": "Overview"},
    "nav.map": {"id": "Peta", "en": "Map"},
    "nav.sdg": {"id": "SDG", "en": "SDG"},
    "nav.data": {"id": "Data", "en": "Data"},
    "nav.manage": {"id": "Kelola data", "en": "Manage data"},
    "lang.label": {"id": "Bahasa / Language", "en": "Bahasa / Language"},
    "lang.help": {
        "id": "id = Bahasa Indonesia, en = English. Pilihan ini ikut tersimpan di tautan.",
        "en": "id = Bahasa Indonesia, en = English. The choice is kept in the link.",
    },
    "source.label": {"id": "Data", "en": "Data"},
    "source.bundled": {"id": "Data terbitan", "en": "Published data"},
    "source.demo": {"id": "Demo (sintetis)", "en": "Demo (synthetic)"},
    "source.upload": {"id": "Berkas unggahan saya", "en": "My uploaded files"},
    "source.help": {
        "id": "Data terbitan adalah versi yang diterbitkan penyelenggara; semua orang melihatnya. "
        "Demo berisi data rekaan. Berkas unggahan hanya terlihat di sesi Anda.",
        "en": "Published data is the version the organizers published; everyone sees it. "
        "The demo holds made-up data. Uploaded files are visible in your session only.",
    },
    "version.caption": {
        "id": "Data versi {version} · diterbitkan {date}",
        "en": "Data version {version} · published {date}",
    },
    "version.pinned": {
        "id": "Tautan ini menyematkan versi tersebut; versi terbaru adalah versi {latest}.",
        "en": "This link pins that version; the latest is version {latest}.",
    },
    "version.show_latest": {"id": "Tampilkan versi terbaru", "en": "Show the latest version"},
    "version.unknown": {
        "id": "Data versi {version} tidak ada; menampilkan versi terbaru.",
        "en": "There is no data version {version}; showing the latest version.",
    },
    "version.none": {
        "id": "Belum ada data yang diterbitkan.",
        "en": "No data has been published yet.",
    },
    "store.unreachable": {
        "id": "Basis data tidak dapat dihubungi, jadi data belum dapat ditampilkan. "
        "Coba muat ulang sebentar lagi.",
        "en": "The database cannot be reached, so no data can be shown yet. "
        "Try reloading in a moment.",
    },
    "store.unreachable_last": {
        "id": "Basis data tidak dapat dihubungi; menampilkan data versi {version} yang terakhir "
        "dimuat.",
        "en": "The database cannot be reached; showing data version {version}, the last one "
        "loaded.",
    },
    "source.upload_missing": {
        "id": "Belum ada berkas unggahan di sesi ini; menampilkan data terbitan. "
        "Unggah berkas di halaman Data.",
        "en": "No files uploaded in this session yet; showing the published data. "
        "Upload files on the Data page.",
    },
    "synthetic.badge": {
        "id": "Data sintetis (demo) — bukan pelatihan nyata",
        "en": "Synthetic data (demo) — not real trainings",
    },
    "upload.badge": {
        "id": "Menampilkan berkas unggahan Anda (hanya di sesi ini)",
        "en": "Showing your uploaded files (this session only)",
    },
    "loading.spinner": {"id": "Memuat data…", "en": "Loading data…"},
    "error.dataset": {
        "id": "Data tidak dapat dimuat: {reason}",
        "en": "The data could not be loaded: {reason}",
    },
    "error.reference_data": {
        "id": "Data rujukan aplikasi (daftar wilayah di data/regions.csv dan "
        "data/region_aliases.csv) rusak atau tidak dapat dibaca: instalasi ini rusak. Minta "
        "pengelola aplikasi memasang ulang berkas data tersebut.",
        "en": "The app's reference data (the list of regions in data/regions.csv and "
        "data/region_aliases.csv) is damaged or unreadable: this installation is broken. Ask "
        "the app's maintainer to reinstall those data files.",
    },
    "error.unexpected": {
        "id": "Terjadi kesalahan tak terduga. Coba muat ulang halaman atau ganti data.",
        "en": "Something unexpected went wrong. Try reloading the page or choosing other data.",
    },
    "error.no_context": {
        "id": "Buka aplikasi melalui halaman utama (app.py).",
        "en": "Open the app through its entry page (app.py).",
    },
    # --- sidebar filters -----------------------------------------------------------------------
    "filters.header": {"id": "Saringan", "en": "Filters"},
    "filters.province": {"id": "Provinsi", "en": "Province"},
    "filters.province_help": {
        "id": "Semua 38 provinsi, termasuk yang belum terjangkau. Kosong = semua.",
        "en": "All 38 provinces, including those not reached yet. Empty = all.",
    },
    "filters.years": {"id": "Tahun", "en": "Year"},
    "filters.years_help": {
        "id": "Tahun mulai pelatihan.",
        "en": "Year the training started.",
    },
    "filters.training": {"id": "Pelatihan", "en": "Training"},
    "filters.training_help": {"id": "Kosong = semua pelatihan.", "en": "Empty = all trainings."},
    "filters.sdg": {"id": "Tujuan SDG", "en": "SDG goal"},
    "filters.sdg_help": {
        "id": "Pelatihan yang membahas tujuan ini. Nama tujuan ada di halaman SDG.",
        "en": "Trainings that address this goal. Goal names are on the SDG page.",
    },
    "filters.level": {"id": "Tingkat pemerintahan", "en": "Government level"},
    "filters.level_help": {
        "id": "Kota, Kabupaten atau Provinsi (istilah resmi).",
        "en": "Kota = city, Kabupaten = regency, Provinsi = province (official Indonesian terms).",
    },
    "filters.all": {"id": "Semua", "en": "All"},
    "filters.reset": {"id": "Hapus semua saringan", "en": "Clear all filters"},
    "filters.active_clear": {
        "id": "{count} saringan aktif · hapus",
        "en": "{count} filters active · clear",
    },
    "filters.active_clear_one": {
        "id": "{count} saringan aktif · hapus",
        "en": "{count} filter active · clear",
    },
    "filters.reset_help": {
        "id": "Saringan ini menyembunyikan sebagian data. Klik untuk menampilkan semuanya.",
        "en": "These filters hide part of the data. Click to show all of it.",
    },
    "filters.active_list": {
        "id": "Saringan aktif: {names}.",
        "en": "Active filters: {names}.",
    },
    "filters.single_year": {"id": "Tahun: {year}", "en": "Year: {year}"},
    "filters.share_hint": {
        "id": "Saringan tersimpan di alamat halaman: salin tautan untuk membagikan tampilan ini.",
        "en": "Filters live in the page address: copy the link to share this view.",
    },
    # --- share and brief (atlas.ui.share, atlas.ui.brief, atlas.brief) ------------------------
    "share.button": {"id": "Bagikan", "en": "Share"},
    "share.title": {"id": "Bagikan tampilan ini", "en": "Share this view"},
    "share.intro": {
        "id": "Tautan ini membuka halaman ini dengan saringan, bahasa dan versi data yang sama.",
        "en": "This link opens this page with the same filters, language and data version.",
    },
    "share.copy_hint": {
        "id": "Salin dengan tombol salin di pojok kanan atas kotak tautan.",
        "en": "Copy it with the copy button at the top right of the link box.",
    },
    "share.qr_caption": {
        "id": "Kode QR tautan ini, untuk salindia dan undangan cetak",
        "en": "QR code of this link, for slides and printed invitations",
    },
    "share.qr_download": {"id": "Unduh kode QR (PNG)", "en": "Download QR code (PNG)"},
    "share.version": {"id": "Versi data: {version}", "en": "Data version: {version}"},
    "share.no_version": {
        "id": "Versi data: belum ada versi terbit; tautan menampilkan data saat dibuka.",
        "en": "Data version: none published; the link shows the data as it is when opened.",
    },
    "brief.button": {"id": "Ringkasan cetak", "en": "Printable brief"},
    "brief.title": {"id": "Ringkasan satu halaman", "en": "One-page brief"},
    "brief.intro": {
        "id": "Ringkasan A4 untuk tampilan ini: angka utama, pemerintah yang terjangkau dan yang "
        "belum, cakupan SDG, pelatihan, peta, tautan dan kode QR.",
        "en": "An A4 brief of this view: headline figures, governments reached and not yet "
        "reached, SDG coverage, trainings, map, link and QR code.",
    },
    "brief.file_word": {"id": "ringkasan", "en": "brief"},
    "brief.download_pdf": {"id": "Unduh PDF", "en": "Download PDF"},
    "brief.download_html": {"id": "Unduh HTML (luring)", "en": "Download HTML (offline)"},
    "brief.heading": {"id": "Ringkasan jangkauan pelatihan", "en": "Training reach brief"},
    "brief.scope_all": {"id": "Seluruh Indonesia", "en": "All of Indonesia"},
    "brief.filter": {"id": "Saringan", "en": "Filters"},
    "brief.filter_none": {"id": "tanpa saringan", "en": "no filters"},
    "brief.filter_years": {"id": "Tahun {first}–{last}", "en": "Years {first}–{last}"},
    "brief.headline": {"id": "Angka utama", "en": "Headline figures"},
    "brief.of": {"id": "{value} dari {total}", "en": "{value} of {total}"},
    "brief.reached": {"id": "Pemerintah yang terjangkau", "en": "Governments reached"},
    "brief.reached_none": {
        "id": "Belum ada pemerintah yang terjangkau dalam tampilan ini.",
        "en": "No government reached in this view.",
    },
    "brief.unreached": {
        "id": "Kota dan kabupaten yang belum terjangkau",
        "en": "Kota and kabupaten not yet reached",
    },
    "brief.unreached_level": {
        "id": "{level} ({count} dari {total} belum)",
        "en": "{level} ({count} of {total} not yet)",
    },
    "brief.unreached_none": {"id": "semua sudah terjangkau", "en": "all reached"},
    "brief.sdg": {"id": "Cakupan SDG", "en": "SDG coverage"},
    "brief.sdg_none": {
        "id": "Pelatihan dalam tampilan ini tidak mencantumkan tujuan SDG.",
        "en": "The trainings in this view list no SDG goals.",
    },
    "brief.trainings": {"id": "Pelatihan", "en": "Trainings"},
    "brief.map": {
        "id": "Peta: terjangkau (berwarna) dan belum terjangkau (abu-abu)",
        "en": "Map: reached (coloured) and not yet reached (grey)",
    },
    "brief.map_reached": {"id": "Terjangkau", "en": "Reached"},
    "brief.map_unreached": {"id": "Belum terjangkau", "en": "Not yet reached"},
    "brief.link": {"id": "Tampilan langsung", "en": "Live view"},
    "brief.version": {"id": "Versi data", "en": "Data version"},
    "brief.version_none": {
        "id": "belum ada versi terbit (data saat ringkasan dibuat)",
        "en": "none published (the data as of generation)",
    },
    "brief.source": {"id": "Sumber", "en": "Source"},
    "brief.source_bundled": {
        "id": "data bawaan Atlas Pelatihan",
        "en": "Atlas Pelatihan bundled data",
    },
    "brief.source_demo": {
        "id": "data demo sintetis — bukan pelatihan nyata",
        "en": "synthetic demo data — not real trainings",
    },
    "brief.source_upload": {"id": "berkas unggahan pengguna", "en": "files uploaded by the user"},
    "brief.generated": {"id": "Dibuat", "en": "Generated"},
    "brief.page": {"id": "Halaman {page} dari {pages}", "en": "Page {page} of {pages}"},
    "brief.col_government": {"id": "Pemerintah", "en": "Government"},
    "brief.col_attended": {"id": "Pelatihan yang diikuti", "en": "Trainings attended"},
    "brief.col_dates": {"id": "Tanggal", "en": "Dates"},
    "brief.col_venue": {"id": "Tempat", "en": "Venue"},
    "export.about_sheet": {"id": "Tentang", "en": "About"},
    "export.about_dataset": {"id": "Dataset", "en": "Dataset"},
    "export.about_version": {"id": "Versi data", "en": "Data version"},
    "export.about_filter": {"id": "Saringan", "en": "Filters"},
    "export.about_generated": {"id": "Dibuat pada", "en": "Generated at"},
    "export.about_rows": {"id": "Baris: {table}", "en": "Rows: {table}"},
    "export.about_source": {"id": "Sumber", "en": "Source"},
    "export.about_license": {"id": "Lisensi", "en": "License"},
    "export.license_text": {
        "id": "Data pelatihan: hak penyelenggaranya. Kode dan nama wilayah: idn-area-data (ODbL "
        "1.0); koordinat: GeoNames (CC BY 4.0); tujuan SDG: PBB. Rincian: data/README.md.",
        "en": "Training data: its organizers' rights. Region codes and names: idn-area-data "
        "(ODbL 1.0); coordinates: GeoNames (CC BY 4.0); SDG goals: United Nations. "
        "Details: data/README.md.",
    },
    "chart.download_png": {"id": "Unduh PNG", "en": "Download PNG"},
    "empty.title": {
        "id": "Tidak ada data untuk saringan ini.",
        "en": "No data for these filters.",
    },
    "empty.hint": {
        "id": "Perluas rentang tahun atau hapus sebagian saringan di bilah samping.",
        "en": "Widen the year range or clear some filters in the sidebar.",
    },
    "empty.dataset": {
        "id": "Data ini belum berisi pelatihan yang diterima.",
        "en": "This data holds no accepted trainings yet.",
    },
    # --- government levels ---------------------------------------------------------------------
    "level.kota": {"id": "Kota", "en": "City (kota)"},
    "level.kabupaten": {"id": "Kabupaten", "en": "Regency (kabupaten)"},
    "level.provinsi": {"id": "Provinsi", "en": "Province"},
    "level.unknown": {"id": "Tidak diketahui", "en": "Unknown"},
    # --- overview page -----------------------------------------------------------------------
    "overview.title": {"id": "Ringkasan", "en": "Overview"},
    "overview.intro": {
        "id": "Di mana pelatihan menjangkau pemerintah daerah, dan seberapa jauh cakupannya.",
        "en": "Where the trainings reached local governments, and how far coverage has come.",
    },
    "kpi.trainings": {"id": "Pelatihan", "en": "Trainings"},
    "kpi.trainings_help": {
        "id": "Jumlah pelatihan yang lolos saringan.",
        "en": "Number of trainings that pass the filters.",
    },
    "kpi.participants": {"id": "Peserta", "en": "Participants"},
    "kpi.participants_help": {
        "id": (
            "Jumlah dari kolom jumlah_peserta (satu baris = satu orang atau satu delegasi); "
            "baris tanpa jumlah dihitung 1."
        ),
        "en": (
            "Sum of the delegates column (one row = one person or one delegation); "
            "a row without a number counts as 1."
        ),
    },
    "kpi.governments": {"id": "Pemerintah daerah", "en": "Governments reached"},
    "kpi.governments_help": {
        "id": "Kota, kabupaten dan provinsi berbeda yang mengirim peserta (wilayah terselesaikan).",
        "en": "Distinct cities, regencies and provinces that sent participants (resolved regions).",
    },
    "kpi.provinces": {"id": "Provinsi terjangkau", "en": "Provinces reached"},
    "kpi.provinces_help": {
        "id": "Provinsi dengan setidaknya satu pemerintah daerah peserta (pemerintah provinsinya "
        "atau kota/kabupaten di dalamnya), dari {total} provinsi {scope}. Pemerintah provinsi "
        "yang ikut sendiri: {governments}.",
        "en": "Provinces with at least one participating government (the provincial government "
        "or a city/regency in it), of {total} provinces {scope}. Provincial governments that "
        "took part themselves: {governments}.",
    },
    "kpi.kota": {"id": "Kota anggota Apeksi", "en": "Apeksi cities"},
    "kpi.kota_help": {
        "id": "Kota yang terjangkau dari {total} kota {scope} (semua kota adalah anggota "
        "Apeksi). Terjangkau = mengirim peserta ke pelatihan yang lolos saringan.",
        "en": "Cities reached of {total} cities {scope} (every kota is an Apeksi member). "
        "Reached = sent participants to a training that passes the filters.",
    },
    "kpi.kabupaten": {"id": "Kabupaten", "en": "Regencies"},
    "kpi.kabupaten_help": {
        "id": "Kabupaten yang terjangkau dari {total} kabupaten {scope}. Terjangkau = mengirim "
        "peserta ke pelatihan yang lolos saringan.",
        "en": "Regencies reached of {total} regencies {scope}. Reached = sent participants to "
        "a training that passes the filters.",
    },
    "coverage.provinces": {"id": "Provinsi", "en": "Provinces"},
    "coverage.kota": {"id": "Kota", "en": "Cities (kota)"},
    "coverage.kabupaten": {"id": "Kabupaten", "en": "Regencies (kabupaten)"},
    "coverage.goals": {"id": "Tujuan SDG", "en": "SDG goals"},
    "col.measure": {"id": "Ukuran", "en": "Measure"},
    "col.reached": {"id": "Terjangkau", "en": "Reached"},
    "col.total": {"id": "Dari", "en": "Of"},
    "col.share": {"id": "Bagian", "en": "Share"},
    "overview.coverage_download": {
        "id": "Unduh angka cakupan (CSV)",
        "en": "Download the coverage figures (CSV)",
    },
    "kpi.scope_all": {"id": "di seluruh Indonesia", "en": "in all of Indonesia"},
    "kpi.scope_selected": {
        "id": "di provinsi terpilih ({provinces})",
        "en": "in the selected provinces ({provinces})",
    },
    "kpi.sdgs": {"id": "Tujuan SDG", "en": "SDGs addressed"},
    "kpi.sdgs_help": {
        "id": "Tujuan SDG yang dibahas pelatihan, dari {total} tujuan.",
        "en": "SDG goals the trainings address, of {total} goals.",
    },
    "kpi.of": {"id": "{value} / {total}", "en": "{value} / {total}"},
    "kpi.of_selected": {"id": "{value} / {total} dipilih", "en": "{value} / {total} selected"},
    "overview.over_time": {"id": "Pelatihan dari waktu ke waktu", "en": "Trainings over time"},
    "overview.over_time_caption": {
        "id": "Jumlah pelatihan per tahun mulai, dan jumlah peserta per tahun (anggota delegasi "
        "dihitung satu per satu).",
        "en": "Number of trainings per start year, and participants (delegates) per year.",
    },
    "overview.latest": {"id": "Pelatihan terbaru", "en": "Latest trainings"},
    "overview.latest_caption": {
        "id": "Paling baru di atas; peserta = jumlah peserta (anggota delegasi dihitung) yang "
        "lolos saringan.",
        "en": "Newest first; participants = delegates that pass the filters.",
    },
    "overview.unresolved_note": {
        "id": "{count} baris peserta belum terpetakan ke wilayah (ambigu atau tidak dikenal); "
        "mereka dihitung sebagai peserta, tetapi tidak dalam cakupan wilayah. Lihat halaman Data.",
        "en": "{count} participant rows are not mapped to a region (ambiguous or unknown); "
        "they count as participants but not towards regional coverage. See the Data page.",
    },
    # --- not reached yet (overview coverage section and map page) --------------------------
    "unreached.header": {
        "id": "Belum terjangkau dalam tampilan ini",
        "en": "Not reached yet in this view",
    },
    "unreached.summary": {
        "id": "{kota} kota dan {kabupaten} kabupaten belum terjangkau",
        "en": "{kota} cities and {kabupaten} regencies not reached yet",
    },
    "unreached.caption": {
        "id": "Kota dan kabupaten di provinsi terpilih (semua provinsi bila tidak ada yang "
        "dipilih) yang tidak mengirim peserta ke pelatihan yang lolos saringan. Wilayah yang "
        "hanya dijangkau pelatihan di luar saringan (tahun, pelatihan atau tujuan SDG lain) "
        "tetap tercantum di sini, dengan tanda di kolom terakhir; hapus saringan tersebut "
        "untuk melihat wilayah yang belum pernah terjangkau.",
        "en": "Cities and regencies of the selected provinces (every province when none is "
        "selected) that sent no participant to a training that passes the filters. A region "
        "reached only by trainings outside the filters (other years, trainings or SDG goals) "
        "is still listed here, flagged in the last column; clear those filters to see the "
        "regions never reached.",
    },
    "unreached.none": {
        "id": "Semua kota dan kabupaten dalam tampilan ini sudah terjangkau.",
        "en": "Every city and regency in this view has been reached.",
    },
    "unreached.download_csv": {"id": "Unduh daftar (CSV)", "en": "Download the list (CSV)"},
    "unreached.download_xlsx": {"id": "Unduh daftar (XLSX)", "en": "Download the list (XLSX)"},
    "unreached.yes": {"id": "Ya", "en": "Yes"},
    "unreached.no": {"id": "Tidak", "en": "No"},
    "col.reached_outside_view": {
        "id": "Dijangkau pelatihan di luar saringan",
        "en": "Reached by trainings outside the filters",
    },
    # --- participants by gender (privacy rule: atlas/privacy.py) -----------------------------
    "overview.gender": {"id": "Peserta menurut jenis kelamin", "en": "Participants by gender"},
    "overview.gender_caption": {
        "id": "Jumlah peserta menurut jenis kelamin yang dicatat. Demi privasi, "
        "angka 1 sampai {below} disembunyikan, begitu pula angka terkecil lain yang diperlukan "
        "agar angka tersembunyi tidak dapat dihitung dari total peserta.",
        "en": "Participants (delegates) by recorded gender. For privacy, counts from 1 to "
        "{below} are suppressed, and so are the smallest other counts needed so that no "
        "suppressed count can be worked out from the participant total.",
    },
    "gender.female": {"id": "Perempuan", "en": "Women"},
    "gender.male": {"id": "Laki-laki", "en": "Men"},
    "gender.other": {"id": "Lainnya", "en": "Other"},
    "gender.unknown": {"id": "Tidak dicatat", "en": "Not recorded"},
    "privacy.hidden": {"id": "disembunyikan", "en": "suppressed"},
    # --- columns and axes ----------------------------------------------------------------------
    "col.year": {"id": "Tahun", "en": "Year"},
    "col.trainings": {"id": "Pelatihan", "en": "Trainings"},
    "col.participants": {"id": "Peserta", "en": "Participants"},
    "col.governments": {"id": "Pemerintah daerah", "en": "Governments"},
    "col.title": {"id": "Judul", "en": "Title"},
    "col.training_id": {"id": "ID pelatihan", "en": "Training ID"},
    "col.start_date": {"id": "Mulai", "en": "Start"},
    "col.end_date": {"id": "Selesai", "en": "End"},
    "col.dates": {"id": "Tanggal", "en": "Dates"},
    "col.venue": {"id": "Tempat", "en": "Venue"},
    "col.organizer": {"id": "Penyelenggara", "en": "Organizer"},
    "col.partners": {"id": "Mitra", "en": "Partners"},
    "col.theme": {"id": "Tema", "en": "Theme"},
    "col.method": {"id": "Metode", "en": "Method"},
    "col.sdg_goals": {"id": "Tujuan SDG", "en": "SDG goals"},
    "col.sdg_targets": {"id": "Target SDG", "en": "SDG targets"},
    "col.source_url": {"id": "Sumber", "en": "Source"},
    "col.institution": {"id": "Instansi", "en": "Institution"},
    "col.region": {"id": "Wilayah (seperti ditulis)", "en": "Region (as written)"},
    "col.region_name": {"id": "Wilayah resmi", "en": "Official region"},
    "col.region_code": {"id": "Kode", "en": "Code"},
    "col.region_type": {"id": "Tingkat", "en": "Level"},
    "col.region_status": {"id": "Status wilayah", "en": "Region status"},
    "col.region_method": {"id": "Cara cocok", "en": "Match"},
    "col.candidates": {"id": "Kandidat", "en": "Candidates"},
    "col.province": {"id": "Provinsi", "en": "Province"},
    "col.delegates": {"id": "Peserta", "en": "Delegates"},
    "col.province_name": {"id": "Provinsi", "en": "Province"},
    "col.province_code": {"id": "Kode provinsi", "en": "Province code"},
    "col.venue_name": {"id": "Tempat", "en": "Venue"},
    "col.region_candidates": {"id": "Kandidat", "en": "Candidates"},
    "col.goal": {"id": "Tujuan", "en": "Goal"},
    "col.goal_name": {"id": "Nama tujuan", "en": "Goal name"},
    "col.target": {"id": "Target", "en": "Target"},
    "col.line": {"id": "Baris", "en": "Line"},
    "col.column": {"id": "Kolom", "en": "Column"},
    "col.reason": {"id": "Alasan", "en": "Reason"},
    "col.table": {"id": "Tabel", "en": "Table"},
    "col.level": {"id": "Tingkat", "en": "Level"},
    "col.gender": {"id": "Jenis kelamin", "en": "Gender"},
    "col.name": {"id": "Nama", "en": "Name"},
    "col.position": {"id": "Jabatan", "en": "Position"},
    "col.email": {"id": "Surel", "en": "Email"},
    "col.phone": {"id": "Telepon", "en": "Phone"},
    "status.resolved": {"id": "terselesaikan", "en": "resolved"},
    "status.ambiguous": {"id": "ambigu", "en": "ambiguous"},
    "status.unresolved": {"id": "tidak dikenal", "en": "unresolved"},
    "col.version": {"id": "Versi", "en": "Version"},
    "col.published": {"id": "Diterbitkan", "en": "Published"},
    "col.kind": {"id": "Jenis", "en": "Kind"},
    "col.author": {"id": "Oleh", "en": "By"},
    "col.note": {"id": "Catatan", "en": "Note"},
    "col.rejected": {"id": "Ditolak", "en": "Rejected"},
    "col.source_file": {"id": "Berkas", "en": "File"},
    "col.duplicate_of": {"id": "Sama dengan", "en": "Same as"},
    # --- workspace: Kelola data / Manage data ---------------------------------------------------
    "manage.title": {"id": "Kelola data", "en": "Manage data"},
    "manage.no_access": {
        "id": "Halaman ini untuk penyelenggara. Buka tampilan rinci di halaman Data lebih dulu.",
        "en": "This page is for organizers. Open the detail view on the Data page first.",
    },
    "manage.tab_upload": {"id": "Unggah & terbitkan", "en": "Upload & publish"},
    "manage.tab_history": {"id": "Riwayat versi", "en": "Version history"},
    "manage.tab_corrections": {"id": "Koreksi wilayah", "en": "Region corrections"},
    "manage.tab_audit": {"id": "Log perubahan", "en": "Audit log"},
    "manage.upload_intro": {
        "id": "Unggah berkas, periksa laporannya, lalu terbitkan sebagai versi baru. Semua orang "
        "yang membuka tautan melihat versi terbaru; tidak ada yang terbit tanpa pemeriksaan ini.",
        "en": "Upload files, review their report, then publish them as a new version. Everyone "
        "who opens the link sees the latest version; nothing is published without this review.",
    },
    "manage.mode": {"id": "Cara menerbitkan", "en": "How to publish"},
    "manage.mode_replace": {"id": "Ganti seluruh data", "en": "Replace all data"},
    "manage.mode_append": {
        "id": "Tambahkan ke versi terbaru",
        "en": "Add to the latest version",
    },
    "manage.check": {"id": "Periksa berkas", "en": "Check the files"},
    "manage.need_files": {
        "id": "Pilih berkas peserta, dan berkas pelatihan bila seluruh data diganti.",
        "en": "Choose a participants file, and a trainings file when replacing all data.",
    },
    "manage.preview": {"id": "Pratinjau sebelum terbit", "en": "Preview before publishing"},
    "manage.preview_base": {
        "id": "Dibandingkan dengan versi terbaru, versi {version}.",
        "en": "Compared with the latest version, version {version}.",
    },
    "manage.preview_first": {
        "id": "Belum ada versi: ini akan menjadi versi pertama.",
        "en": "No version yet: this will be the first one.",
    },
    "manage.new_trainings": {"id": "Pelatihan baru: {ids}", "en": "New trainings: {ids}"},
    "manage.unchanged": {
        "id": "Sudah terbit dengan isi yang sama (tidak berubah): {ids}",
        "en": "Already published with the same content (unchanged): {ids}",
    },
    "manage.conflicts": {
        "id": "Sudah terbit dengan isi lain: {ids}. Tidak diterbitkan kecuali Anda memilih "
        "untuk menggantinya.",
        "en": "Already published with other content: {ids}. Not published unless you choose "
        "to replace them.",
    },
    "manage.replace": {
        "id": "Ganti pelatihan yang bentrok dengan isi unggahan ini",
        "en": "Replace the conflicting trainings with this upload",
    },
    "manage.conflicts_refused": {
        "id": "Ada pelatihan yang bentrok. Centang penggantian atau perbaiki berkasnya.",
        "en": "Some trainings conflict. Tick the replacement or fix the file.",
    },
    "manage.duplicates": {
        "id": "{count} baris peserta sama persis dengan baris lain (tetap ikut; perbaiki "
        "berkasnya bila tidak disengaja):",
        "en": "{count} participant rows repeat another row exactly (they are kept; fix the "
        "file if that is a mistake):",
    },
    "manage.fix_header": {"id": "Perbaiki wilayah", "en": "Fix regions"},
    "manage.fix_none": {
        "id": "Semua wilayah dikenali.",
        "en": "Every region is resolved.",
    },
    "manage.fix_row": {
        "id": "**{region}** · {rows} baris · {status}",
        "en": "**{region}** · {rows} rows · {status}",
    },
    "manage.fix_province": {"id": "provinsi: {province}", "en": "province: {province}"},
    "manage.fix_label": {"id": "Wilayah yang dimaksud", "en": "The region meant"},
    "manage.fix_placeholder": {"id": "— pilih atau cari —", "en": "— choose or search —"},
    "manage.fix_outside": {
        "id": "Di luar Indonesia / bukan pemerintah daerah",
        "en": "Outside Indonesia / not a local government",
    },
    "manage.fix_save": {"id": "Simpan koreksi", "en": "Save correction"},
    "manage.fix_choose": {"id": "Pilih wilayah dulu.", "en": "Choose a region first."},
    "manage.fix_saved": {
        "id": "Koreksi untuk “{region}” disimpan dan berlaku untuk unggahan ini dan berikutnya.",
        "en": "Correction for “{region}” saved; it applies to this and every later upload.",
    },
    "manage.download_corrected": {
        "id": "Unduh peserta dengan wilayah terkoreksi (CSV)",
        "en": "Download participants with corrected regions (CSV)",
    },
    "manage.publish_header": {"id": "Terbitkan", "en": "Publish"},
    "manage.note": {
        "id": "Catatan versi (apa yang berubah)",
        "en": "Version note (what changed)",
    },
    "manage.publish": {"id": "Terbitkan sebagai versi baru", "en": "Publish as a new version"},
    "manage.published": {
        "id": "Versi {version} diterbitkan: {trainings} pelatihan, {participants} peserta.",
        "en": "Version {version} published: {trainings} trainings, {participants} participants.",
    },
    "manage.stale": {
        "id": "Data berubah sejak Anda mulai (versi lain terbit). Periksa berkasnya lagi.",
        "en": "The data changed since you started (another version was published). Review again.",
    },
    "manage.history_pick": {"id": "Versi", "en": "Version"},
    "manage.download_report": {
        "id": "Unduh laporan baris yang ditolak (CSV)",
        "en": "Download the report of rejected rows (CSV)",
    },
    "manage.rollback": {
        "id": "Terbitkan lagi versi {version} sebagai versi baru",
        "en": "Publish version {version} again as a new version",
    },
    "manage.rollback_note": {
        "id": "kembali ke versi {version}",
        "en": "back to version {version}",
    },
    "manage.rolled_back": {
        "id": "Versi {version} diterbitkan dengan isi versi {target}.",
        "en": "Version {version} published with the content of version {target}.",
    },
    "manage.kind_seed": {"id": "awal", "en": "first"},
    "manage.kind_publish": {"id": "terbit", "en": "publish"},
    "manage.kind_append": {"id": "tambahan", "en": "addition"},
    "manage.kind_rollback": {"id": "kembali", "en": "rollback"},
    "manage.corrections_none": {
        "id": "Belum ada koreksi wilayah.",
        "en": "No region corrections yet.",
    },
    # --- SDG page ------------------------------------------------------------------------------
    "sdg.title": {"id": "Cakupan SDG", "en": "SDG coverage"},
    "sdg.intro": {
        "id": "Bagaimana pelatihan melayani 17 Tujuan Pembangunan Berkelanjutan (SDG).",
        "en": "How the trainings serve the 17 Sustainable Development Goals (SDGs).",
    },
    "sdg.coverage": {"id": "Cakupan per tujuan", "en": "Coverage per goal"},
    "sdg.coverage_caption": {
        "id": "Untuk tiap tujuan: jumlah pelatihan yang membahasnya, pesertanya dan "
        "pemerintah daerah berbeda dari pelatihan itu. Warna = warna resmi PBB.",
        "en": "For each goal: trainings that address it, their participants (delegates) and "
        "distinct governments. Colours = official UN goal colours.",
    },
    "sdg.measure": {"id": "Ukuran", "en": "Measure"},
    "sdg.heatmap": {"id": "Provinsi × tujuan", "en": "Province × goal"},
    "sdg.heatmap_caption": {
        "id": "Peserta per provinsi dan tujuan SDG pelatihan mereka. "
        "Hanya wilayah terselesaikan. Angka ini menghitung utusan pemerintah daerah, tidak "
        "dipecah menurut atribut pribadi (seperti jenis kelamin), jadi bukan data pribadi dan "
        "ditampilkan apa adanya, juga bila kecil.",
        "en": "Participants (delegates) per province and SDG goal of their training. "
        "Resolved regions only. These count the delegations of governments, not broken down "
        "by a personal attribute (such as gender), so they are not personal data and are "
        "shown as they are, small ones too.",
    },
    "sdg.over_time": {"id": "Tujuan dari waktu ke waktu", "en": "Goals over time"},
    "sdg.over_time_caption": {
        "id": "Jumlah pelatihan per tahun mulai yang membahas tiap tujuan.",
        "en": "Trainings per start year that address each goal.",
    },
    "sdg.targets": {"id": "Target yang digunakan", "en": "Targets used"},
    "sdg.targets_caption": {
        "id": "Kode target SDG yang dicantumkan pelatihan, dan berapa pelatihan memakainya.",
        "en": "SDG target codes the trainings list, and how many trainings use each.",
    },
    "sdg.no_targets": {
        "id": "Pelatihan yang tersaring tidak mencantumkan target SDG.",
        "en": "The filtered trainings list no SDG targets.",
    },
    "sdg.no_goals": {
        "id": "Pelatihan yang tersaring tidak mencantumkan tujuan SDG.",
        "en": "The filtered trainings list no SDG goals.",
    },
    # --- shared chart/table bits ---------------------------------------------------------------
    "chart.tab_chart": {"id": "Grafik", "en": "Chart"},
    "chart.tab_table": {"id": "Tabel", "en": "Table"},
    "chart.download_csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "chart.download_xlsx": {"id": "Unduh XLSX", "en": "Download XLSX"},
    # --- data page -----------------------------------------------------------------------------
    "data.title": {"id": "Data", "en": "Data"},
    "data.intro": {
        "id": "Tabel setelah saringan, laporan mutu data, unggah berkas sendiri, dan unduhan.",
        "en": "Tables after filtering, the data quality report, your own files, and downloads.",
    },
    "data.trainings": {"id": "Pelatihan", "en": "Trainings"},
    "data.trainings_caption": {
        "id": "{count} pelatihan lolos saringan.",
        "en": "Trainings that pass the filters: {count}.",
    },
    "data.participants": {"id": "Peserta", "en": "Participants"},
    "data.participants_caption": {
        "id": "{rows} baris, {count} peserta lolos saringan.",
        "en": "Rows that pass the filters: {rows}; participants (delegates): {count}.",
    },
    "data.public_view": {
        "id": "Tampilan publik: nama, surel, telepon, jabatan dan jenis kelamin disembunyikan.",
        "en": "Public view: names, email, phone, position and gender are hidden.",
    },
    "data.detail_view": {
        "id": "Tampilan rinci dengan data pribadi (akses terbuka untuk sesi ini).",
        "en": "Detail view with personal data (unlocked for this session).",
    },
    "data.detail_expander": {
        "id": "Tampilan rinci (data pribadi)",
        "en": "Detail view (personal data)",
    },
    "data.detail_hint": {
        "id": "Nama, surel, telepon, jabatan dan jenis kelamin peserta hanya untuk penyelenggara. "
        "Untuk mendapat akses, hubungi penyelenggara pelatihan.",
        "en": "Participants' names, e-mails, phones, positions and genders are for the organizers "
        "only. To get access, ask the training's organizer.",
    },
    "data.quality": {"id": "Laporan mutu data", "en": "Data quality report"},
    "data.quality_summary": {
        "id": "{table}: {rows} baris, {accepted} diterima, {rejected} ditolak.",
        "en": "{table}: {rows} rows, {accepted} accepted, {rejected} rejected.",
    },
    "data.regions_summary": {
        "id": "Wilayah baris peserta yang diterima: {resolved} dikenali · {ambiguous} ambigu · "
        "{unresolved} tidak dikenal.",
        "en": "Regions of the accepted participant rows: {resolved} resolved · {ambiguous} "
        "ambiguous · {unresolved} unresolved.",
    },
    "data.rows_count": {"id": "{title} ({count})", "en": "{title} ({count})"},
    "data.rejected": {"id": "Baris ditolak", "en": "Rejected rows"},
    "data.rejected_none": {"id": "Tidak ada baris yang ditolak.", "en": "No rejected rows."},
    "data.ambiguous": {"id": "Wilayah ambigu", "en": "Ambiguous regions"},
    "data.ambiguous_caption": {
        "id": "Nama yang cocok dengan lebih dari satu wilayah; tambahkan provinsi atau tingkat.",
        "en": "Names that fit more than one region; add a province or level to decide.",
    },
    "data.ambiguous_none": {"id": "Tidak ada wilayah ambigu.", "en": "No ambiguous regions."},
    "data.unresolved": {"id": "Wilayah tidak dikenal", "en": "Unresolved regions"},
    "data.unresolved_caption": {
        "id": "Tidak ditemukan di daftar wilayah Indonesia "
        "(mis. kota luar negeri atau salah ketik).",
        "en": "Not found among Indonesian regions (e.g. a foreign city or a typo).",
    },
    "data.unresolved_none": {"id": "Semua wilayah dikenali.", "en": "Every region resolved."},
    "data.typo_search_skipped": {
        "id": "Berkas ini memuat terlalu banyak nama wilayah berbeda yang tidak dikenal. Nama "
        "wilayah yang tidak diperiksa salah ketiknya (tetap tidak dikenal): {count}; batasnya "
        "{limit} nama per berkas. Perbaiki nama wilayah di berkas lalu unggah lagi.",
        "en": "This file has too many distinct unknown region names. Region names not checked "
        "for typos (they stay unresolved): {count}; the limit is {limit} names per file. "
        "Correct the region names in the file and upload it again.",
    },
    "data.fuzzy": {"id": "Cocok perkiraan", "en": "Fuzzy matches"},
    "data.fuzzy_caption": {
        "id": "Wilayah yang dicocokkan dengan perkiraan ejaan: periksa hasilnya.",
        "en": "Regions matched by approximate spelling: check the result.",
    },
    "data.table_trainings": {"id": "pelatihan", "en": "trainings"},
    "data.table_participants": {"id": "peserta", "en": "participants"},
    "data.upload": {"id": "Unggah berkas Anda", "en": "Upload your files"},
    "data.upload_intro": {
        "id": "CSV atau XLSX, seperti ditulis Excel. Berkas hanya dipakai di sesi ini dan tidak "
        "terlihat oleh pengguna lain. Berkas peserta wajib; berkas pelatihan juga.",
        "en": "CSV or XLSX, as Excel writes them. Files are used in this session only and are "
        "never visible to other users. Both files are required.",
    },
    "data.upload_trainings": {"id": "Berkas pelatihan (trainings)", "en": "Trainings file"},
    "data.upload_participants": {"id": "Berkas peserta (participants)", "en": "Participants file"},
    "data.upload_apply": {"id": "Gunakan berkas ini", "en": "Use these files"},
    "data.upload_clear": {"id": "Hapus berkas unggahan", "en": "Remove uploaded files"},
    "data.upload_need_both": {
        "id": "Belum ada berkas {missing} yang diterima. Pilih berkas pelatihan dan berkas "
        "peserta; pengunggah hanya menerima {types} sampai {limit} MB.",
        "en": "No {missing} file was received. Choose both a trainings file and a participants "
        "file; the uploader takes {types} files of up to {limit} MB.",
    },
    "data.upload_too_large": {
        "id": "Berkas {name} terlalu besar ({size} MB); batasnya {limit} MB.",
        "en": "File {name} is too large ({size} MB); the limit is {limit} MB.",
    },
    "data.upload_unreadable": {
        "id": "Berkas tidak dapat dibaca: {reason}",
        "en": "The file could not be read: {reason}",
    },
    "data.upload_ok": {
        "id": "Berkas unggahan dipakai: {trainings} pelatihan, {participants} baris peserta "
        "diterima · {ambiguous} ambigu · {unresolved} tidak dikenal.",
        "en": "Using the uploaded files: {trainings} trainings, {participants} participant rows "
        "accepted · {ambiguous} ambiguous · {unresolved} unresolved.",
    },
    "data.upload_active": {
        "id": "Sesi ini memakai berkas unggahan: {names}.",
        "en": "This session uses uploaded files: {names}.",
    },
    "data.downloads": {"id": "Unduh data tersaring", "en": "Download the filtered data"},
    "data.download_trainings_csv": {"id": "Pelatihan (CSV)", "en": "Trainings (CSV)"},
    "data.download_trainings_xlsx": {"id": "Pelatihan (XLSX)", "en": "Trainings (XLSX)"},
    "data.download_participants_csv": {"id": "Peserta (CSV)", "en": "Participants (CSV)"},
    "data.download_participants_xlsx": {"id": "Peserta (XLSX)", "en": "Participants (XLSX)"},
    "data.download_workbook": {
        "id": "Semua tabel dalam satu XLSX (dengan lembar Tentang)",
        "en": "All tables in one XLSX (with an About sheet)",
    },
    "data.downloads_caption": {
        "id": "Kolom sesuai format berkas masukan (bisa diunggah lagi), ditambah wilayah resmi. "
        "CSV dalam UTF-8 dengan BOM; sel yang menyerupai rumus dinetralkan.",
        "en": "Columns as in the input files (they can be uploaded again), plus the official "
        "region. CSV in UTF-8 with BOM; cells that look like formulas are neutralised.",
    },
    "data.export_unavailable": {
        "id": "Unduhan belum tersedia.",
        "en": "Downloads are not available yet.",
    },
    # --- unreadable files (atlas.loading.UnreadableFileError.code) ----------------------------
    "unreadable.empty": {
        "id": "{name} kosong (tanpa judul kolom dan baris).",
        "en": "{name} is empty (no header, no rows).",
    },
    "unreadable.too_large": {"id": "{name} terlalu besar.", "en": "{name} is too large."},
    "unreadable.old_excel": {
        "id": "{name} adalah buku kerja Excel lama (.xls); simpan sebagai .xlsx atau .csv.",
        "en": "{name} is an old Excel (.xls) workbook; save it as .xlsx or .csv.",
    },
    "unreadable.bad_xlsx": {
        "id": "{name} bukan buku kerja Excel (.xlsx) yang sah.",
        "en": "{name} is not a valid Excel (.xlsx) workbook.",
    },
    "unreadable.unknown_extension": {
        "id": "{name}: jenis berkas tidak didukung; gunakan .csv atau .xlsx.",
        "en": "{name}: unsupported file type; use .csv or .xlsx.",
    },
    "unreadable.binary": {
        "id": "{name} bukan berkas teks (berisi data biner); gunakan .csv atau .xlsx.",
        "en": "{name} is not a text file (it holds binary data); use .csv or .xlsx.",
    },
    "unreadable.too_many_rows": {
        "id": "{name} memiliki lebih dari {max_rows} baris (batasnya); pecah menjadi beberapa "
        "berkas.",
        "en": "{name} has more than {max_rows} rows (the limit); split it into smaller files.",
    },
    "unreadable.too_large_unpacked": {
        "id": "{name} terlalu besar setelah dibuka: lebih dari {max_unpacked_mb} MB tanpa "
        "kompresi (batas untuk buku kerja). Berkas ditolak sebelum dibaca.",
        "en": "{name} is too large once unpacked: more than {max_unpacked_mb} MB uncompressed "
        "(the limit for a workbook). It was refused before being read.",
    },
    "unreadable.too_many_cells": {
        "id": "{name} terlalu besar: lembar kerja pertamanya melebihi {max_cells} sel "
        "(baris × kolom, batasnya).",
        "en": "{name} is too large: its first worksheet exceeds {max_cells} cells "
        "(rows × columns, the limit).",
    },
    "unreadable.too_many_columns": {
        "id": "{name} memiliki nilai di luar kolom ke-{max_columns} (batas jumlah kolom).",
        "en": "{name} has a value beyond column {max_columns} (the column limit).",
    },
    "unreadable.cell_too_long": {
        "id": "{name} memiliki sel yang lebih panjang dari {max_cell_chars} karakter (batas "
        "yang juga dipakai Excel untuk satu sel).",
        "en": "{name} has a cell longer than {max_cell_chars} characters (the limit Excel "
        "itself sets for one cell).",
    },
    "unreadable.xlsx_dtd": {
        "id": "{name} ditolak: salah satu bagian buku kerja memuat deklarasi tipe dokumen "
        "(entitas XML), yang tidak pernah ditulis Excel.",
        "en": "{name} was refused: a part of the workbook declares a document type (XML "
        "entities), which Excel never writes.",
    },
    "unreadable.encrypted": {
        "id": "{name} dilindungi kata sandi; simpan tanpa kata sandi lalu unggah lagi.",
        "en": "{name} is password-protected; save it without a password and try again.",
    },
    "unreadable.bad_csv": {
        "id": "{name} tidak dapat dibaca sebagai CSV.",
        "en": "{name} could not be read as CSV.",
    },
    "unreadable.no_header": {
        "id": "{name} tidak memiliki baris judul kolom.",
        "en": "{name} has no header row.",
    },
    "unreadable.missing_columns": {
        "id": "{name} tidak memiliki kolom wajib",
        "en": "{name} lacks required columns",
    },
    "unreadable.not_found": {
        "id": "{name} tidak ditemukan di folder data.",
        "en": "{name} was not found in the data folder.",
    },
    "unreadable.is_folder": {
        "id": "{name} adalah folder, bukan berkas.",
        "en": "{name} is a folder, not a file.",
    },
    "unreadable.not_regular": {
        "id": "{name} bukan berkas biasa (pipa atau perangkat), jadi tidak dibaca.",
        "en": "{name} is not a regular file (a pipe or device), so it is not read.",
    },
    "unreadable.no_permission": {
        "id": "{name} tidak dapat dibaca (izin akses ditolak).",
        "en": "{name} cannot be read (permission denied).",
    },
    "unreadable.missing_file": {
        "id": "berkas data tidak ditemukan di folder data ({name}).",
        "en": "the data files were not found in the data folder ({name}).",
    },
    # --- rejection reasons (atlas.schema.Rejection.code); the file's detail follows ------------
    "reason.required": {"id": "Nilai wajib kosong", "en": "Required value missing"},
    "reason.bad_date": {"id": "Tanggal tidak sah", "en": "Invalid date"},
    "note.cleaned_headers": {
        "id": "Karakter tak terlihat (spasi lebar-nol atau spasi tak terputus) dihapus dari judul "
        "kolom {values}.",
        "en": "Invisible characters (zero-width or non-breaking spaces) were removed from the "
        "headers {values}.",
    },
    "note.recoded_lines": {
        "id": "Berkas ini UTF-8, tetapi baris teks {values} tidak: dibaca sebagai Windows-1252; "
        "periksa huruf beraksennya.",
        "en": "The file is UTF-8 but text lines {values} are not: read as Windows-1252; check "
        "their accented letters.",
    },
    "reason.formula_no_value": {
        "id": "Rumus tanpa nilai tersimpan (buka di Excel lalu simpan lagi)",
        "en": "Formula without a saved value (open in Excel and save again)",
    },
    "reason.truncated_row": {
        "id": "Berkas berakhir di tengah baris ini (mungkin terpotong)",
        "en": "The file ends in the middle of this row (it may have been cut short)",
    },
    "reason.impossible_date": {"id": "Tanggal tidak ada", "en": "Date does not exist"},
    "reason.date_out_of_range": {
        "id": "Tahun di luar rentang yang diterima (1990 sampai tahun depan + 5)",
        "en": "Year outside the accepted range (1990 to next year + 5)",
    },
    "reason.end_before_start": {
        "id": "Tanggal selesai sebelum tanggal mulai",
        "en": "End date before start date",
    },
    "reason.duplicate_id": {"id": "ID pelatihan ganda", "en": "Duplicate training ID"},
    "reason.bad_goal": {"id": "Tujuan SDG di luar 1–17", "en": "SDG goal outside 1–17"},
    "reason.bad_target": {"id": "Kode target SDG tidak dikenal", "en": "Unknown SDG target code"},
    "reason.unknown_training": {
        "id": "ID pelatihan tidak ada di berkas pelatihan",
        "en": "Training ID not in the trainings file",
    },
    "reason.bad_delegates": {
        "id": "Jumlah peserta bukan bilangan bulat positif",
        "en": "Delegates is not a positive whole number",
    },
    "reason.bad_level": {
        "id": "Tingkat pemerintahan tidak dikenal",
        "en": "Unknown government level",
    },
    "reason.extra_cells": {
        "id": "Baris memiliki sel lebih banyak dari judul kolom",
        "en": "Row has more cells than the header",
    },
    "data.reason_detail": {
        "id": "{reason} — rincian: {detail}",
        "en": "{reason} — detail: {detail}",
    },
    # --- map page ---
    # (keys of the map page, owned by the map & browser helper, go in this block)
    "map.title": {"id": "Peta jangkauan", "en": "Map of reach"},
    "map.caption": {
        "id": "Satu penanda per pemerintah daerah yang terjangkau (kota, kabupaten, provinsi); "
        "ukuran = jumlah peserta (kolom jumlah_peserta), warna dan garis tepi = tingkat "
        "pemerintahan. Klik penanda untuk rinciannya.",
        "en": "One marker per local government reached (city, regency, province); size = number "
        "of participants (the delegates column), colour and outline = government level. "
        "Click a marker for its details.",
    },
    "map.summary": {
        "id": "{regions} pemerintah daerah terjangkau {scope}: {kota} dari {kota_total} kota, "
        "{kabupaten} dari {kabupaten_total} kabupaten, di {provinces} dari {provinces_total} "
        "provinsi; {participants} peserta.",
        "en": "{regions} local governments reached {scope}: {kota} of {kota_total} cities, "
        "{kabupaten} of {kabupaten_total} regencies, in {provinces} of {provinces_total} "
        "provinces; {participants} participants.",
    },
    "map.unmapped": {
        "id": "{count} peserta tidak tampil di peta karena wilayahnya ambigu atau tidak dikenal "
        "(lihat laporan mutu di halaman Data).",
        "en": "{count} participants are not on the map because their region is ambiguous or "
        "unknown (see the quality report on the Data page).",
    },
    "map.none": {
        "id": "Belum ada wilayah terjangkau yang dapat dipetakan untuk saringan ini.",
        "en": "No reached region can be mapped for these filters.",
    },
    "map.offline_note": {
        "id": "Tanpa internet, peta dasar diganti garis pantai Indonesia bawaan aplikasi.",
        "en": "Without internet, the basemap falls back to the outline of Indonesia "
        "shipped with the app.",
    },
    "map.province_tooltip": {
        "id": "Provinsi {province}: {governments} pemerintah daerah, {participants} peserta",
        "en": "{province} province: {governments} governments, {participants} participants",
    },
    "map.selected_unreached": {
        "id": "{level} di {province}, belum terjangkau dalam tampilan ini.",
        "en": "{level} in {province}, not reached yet in this view.",
    },
    "map.more_titles": {"id": "dan {count} lainnya", "en": "and {count} more"},
    "map.legend_title": {"id": "Tingkat pemerintahan", "en": "Government level"},
    "map.legend_unreached": {
        "id": "Kota/kabupaten belum terjangkau",
        "en": "City/regency not reached yet",
    },
    "map.legend_size": {
        "id": "Ukuran lingkaran = jumlah peserta",
        "en": "Circle size = number of participants",
    },
    "map.layer_tiles": {"id": "Peta dasar OpenStreetMap", "en": "OpenStreetMap basemap"},
    "map.layer_outline": {"id": "Garis pantai Indonesia", "en": "Outline of Indonesia"},
    "map.layer_regions": {"id": "Wilayah terjangkau", "en": "Regions reached"},
    "map.layer_provinces": {"id": "Total per provinsi", "en": "Totals per province"},
    "map.layer_unreached": {
        "id": "Kota dan kabupaten belum terjangkau",
        "en": "Cities and regencies not reached yet",
    },
    "map.table": {"id": "Tabel wilayah terjangkau", "en": "Table of regions reached"},
    "map.table_caption": {
        "id": "Alternatif tabel untuk peta: satu baris per pemerintah daerah terjangkau.",
        "en": "Table alternative to the map: one row per local government reached.",
    },
    "map.selected": {"id": "Wilayah terpilih: {region}", "en": "Selected region: {region}"},
    "map.select_hint": {
        "id": "Klik penanda di peta untuk melihat rincian wilayah di sini.",
        "en": "Click a marker on the map to see the region's details here.",
    },
    # detail-view access (atlas/ui/auth.py, same helper)
    "auth.disabled": {
        "id": "Tampilan rinci tidak dibuka di dasbor ini.",
        "en": "The detail view is not open on this dashboard.",
    },
    "auth.password_label": {
        "id": "Kata sandi tampilan rinci",
        "en": "Detail view password",
    },
    "auth.unlock_button": {"id": "Buka tampilan rinci", "en": "Open detail view"},
    "auth.lock_button": {"id": "Tutup tampilan rinci", "en": "Close detail view"},
    "auth.unlocked": {
        "id": "Tampilan rinci terbuka untuk sesi ini.",
        "en": "Detail view open for this session.",
    },
    "auth.wrong_password": {"id": "Kata sandi salah.", "en": "Wrong password."},
    "auth.locked_out": {
        "id": "Terlalu banyak percobaan yang salah dari alamat ini. Coba lagi setelah 15 menit.",
        "en": "Too many wrong attempts from this address. Try again after 15 minutes.",
    },
    "auth.login_needed": {
        "id": "Masuk untuk membuka tampilan rinci dengan data pribadi.",
        "en": "Log in to open the detail view with personal data.",
    },
    "auth.login_button": {"id": "Masuk", "en": "Log in"},
    "auth.not_allowed": {
        "id": "Akun ini tidak berhak membuka tampilan rinci.",
        "en": "This account may not open the detail view.",
    },
    # --- end map page ---
}


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """The text for `key` in `lang` (Indonesian for an unknown language), with placeholders
    filled from kwargs. Raises KeyError for a key missing from the catalogue, so tests catch it."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:])")


def escape_markdown(text: object) -> str:
    """Text from a file or a file name, made literal inside a Streamlit markdown message: every
    markdown/LaTeX/HTML metacharacter is backslash-escaped, so `[x](javascript:…)`, `**`, `$…$`
    or `<img>` show as typed instead of becoming a link, bold, a formula or markup."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def normalize_lang(value: object) -> Lang:
    """ "en" for "en"/"EN"/"en-US"; Indonesian for anything else."""
    return "en" if isinstance(value, str) and value.strip().lower().startswith("en") else "id"


def format_number(value: float | int | None, lang: str = DEFAULT_LANG, decimals: int = 0) -> str:
    """1234 -> "1.234" (id) / "1,234" (en); None or NaN -> "–"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    pattern = "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals
    return _babel_format_decimal(value, format=pattern, locale=normalize_lang(lang))


def format_percent(value: float | None, lang: str = DEFAULT_LANG, decimals: int = 0) -> str:
    """0.112 -> "11%" (decimals=0), "11,2%" (id, decimals=1) / "11.2%" (en)."""
    if value is None or pd.isna(value):
        return "–"
    pattern = "#,##0%" if decimals <= 0 else "#,##0." + "0" * decimals + "%"
    return _babel_format_percent(value, format=pattern, locale=normalize_lang(lang))


def format_date(
    value: dt.date | dt.datetime | pd.Timestamp | None, lang: str = DEFAULT_LANG
) -> str:
    """18 Desember 2018 (id) / December 18, 2018 (en); missing -> "–"."""
    if value is None or pd.isna(value):
        return "–"
    if isinstance(value, dt.datetime):  # pd.Timestamp is a datetime too
        value = value.date()
    return _babel_format_date(value, format="long", locale=normalize_lang(lang))


def format_date_range(
    start: dt.date | pd.Timestamp | None, end: dt.date | pd.Timestamp | None, lang: str
) -> str:
    """ "18 Desember 2018 – 19 Desember 2018"; a one-day event shows one date."""
    first, last = format_date(start, lang), format_date(end, lang)
    return first if last in ("–", first) else f"{first} – {last}"


def format_date_span(
    start: dt.date | pd.Timestamp | None, end: dt.date | pd.Timestamp | None, lang: str
) -> str:
    """A short date or date range: "22–23 Agu 2025" (id) / "Aug 22 – 23, 2025" (en); the
    start alone when the end is missing or the same day; missing start -> "–"."""
    if start is None or pd.isna(start):
        return "–"
    first = start.date() if isinstance(start, dt.datetime) else start
    if end is None or pd.isna(end):
        last = first
    else:
        last = end.date() if isinstance(end, dt.datetime) else end
    return _babel_format_interval(first, last, "yMMMd", locale=normalize_lang(lang))
