"""The 11 governments of the 2018 City Diplomacy article, as data/participants.csv writes them,
with their Kemendagri codes and official names (idn-area-data 4.0.1). Expected values for the
tests of the resolver, the dataset and the CLI."""

ARTICLE_GOVERNMENTS = (
    ("Kota Lampung", "18.71", "Kota Bandar Lampung"),
    ("Kota Batam", "21.71", "Kota Batam"),
    ("Kota Jambi", "15.71", "Kota Jambi"),
    ("Kota Surabaya", "35.78", "Kota Surabaya"),
    ("Kota Pangkal Pinang", "19.71", "Kota Pangkalpinang"),
    ("Kota Surakarta", "33.72", "Kota Surakarta"),
    ("Kota Banda Aceh", "11.71", "Kota Banda Aceh"),
    ("Kota Bau-Bau", "74.72", "Kota Baubau"),
    ("Provinsi DKI", "31", "DKI Jakarta"),
    ("Provinsi Kepulauan Riau", "21", "Kepulauan Riau"),
    ("Provinsi Jawa Barat", "32", "Jawa Barat"),
)

# written form -> code
ARTICLE_CODES = {text: code for text, code, _ in ARTICLE_GOVERNMENTS}
