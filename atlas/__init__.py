"""Atlas Pelatihan: the pure-Python domain (no streamlit import outside atlas/ui/)."""

from pathlib import Path

# The repo's data/ folder: reference data (gazetteer, SDG catalogue, outline), the bundled 2018
# training and the synthetic demo. ATLAS_DATA_DIR may replace only the two input files.
REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
