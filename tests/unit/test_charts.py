import pandas as pd
import pytest

from atlas import charts, sdg, tables, training_metrics
from atlas.filters import Filters, apply_filters
from atlas.schema import Rejection
from tests.sample_data import make_dataset


@pytest.fixture
def view():
    return apply_filters(make_dataset(), Filters())


def test_count_step_gives_whole_numbers():
    assert [charts.count_step(n) for n in (0, 1, 3, 5, 6, 12, 40, 867)] == [
        1,
        1,
        1,
        1,
        2,
        5,
        10,
        200,
    ]


def test_trainings_over_time(view):
    per_year = training_metrics.trainings_per_year(view.trainings, view.participants)
    figure = charts.trainings_over_time(per_year, "id")
    bars, line = figure.data
    assert (bars.name, line.name) == ("Pelatihan", "Peserta")
    assert list(bars.x) == ["2018", "2019", "2020", "2021"]
    assert list(bars.y) == [1, 0, 1, 1]
    assert list(line.y) == [7, 0, 4, 4]
    assert figure.layout.separators == ",."  # 1.234 in Indonesian
    assert figure.layout.xaxis.title.text == "Tahun"
    english = charts.trainings_over_time(per_year, "en")
    assert english.data[0].name == "Trainings"
    assert english.layout.separators == ".,"


def test_goal_coverage_bars_use_official_colours_and_names(view):
    coverage = training_metrics.goal_coverage(view.trainings, view.participants)
    figure = charts.goal_coverage_bars(coverage, "participants", "en")
    (bars,) = figure.data
    assert len(bars.y) == 17
    assert bars.y[0] == "SDG 1 · No Poverty"
    assert list(bars.marker.color) == [goal.colour for goal in sdg.goals()]
    assert bars.x[16] == 7  # goal 17: 7 delegates
    assert figure.layout.xaxis.title.text == "Participants"
    indonesian = charts.goal_coverage_bars(coverage, "trainings", "id")
    assert indonesian.data[0].y[0] == f"SDG 1 · {sdg.goal(1).name_id}"


def test_province_goal_heatmap_has_all_goals(view):
    matrix = training_metrics.province_goal_matrix(view.participants)
    figure = charts.province_goal_heatmap(matrix, "id")
    (heatmap,) = figure.data
    assert list(heatmap.y) == ["Jawa Barat", "Jawa Timur", "Kepulauan Riau"]
    assert len(heatmap.x) == 17
    z = pd.DataFrame(heatmap.z, index=heatmap.y, columns=heatmap.x)
    assert z.loc["Jawa Timur", "SDG 13"] == 4
    assert z.loc["Kepulauan Riau", "SDG 1"] == 0


def test_goals_over_time_one_trace_per_goal(view):
    per_year = training_metrics.goals_per_year(view.trainings)
    figure = charts.goals_over_time(per_year, "en")
    assert [trace.name for trace in figure.data] == ["SDG 6", "SDG 11", "SDG 13", "SDG 17"]
    colours = sdg.goal_colours()
    assert figure.data[0].marker.color == colours[6]
    assert figure.layout.barmode == "stack"
    assert figure.layout.showlegend is True


def test_goals_over_time_orders_the_years_whatever_goal_comes_first():
    # The first goal's trace has only the last year: without an explicit order Plotly would
    # put 2021 first (categories in order of appearance).
    per_year = pd.DataFrame(
        {"year": [2021, 2019, 2020, 2021], "goal": [2, 5, 5, 5], "trainings": [1, 1, 0, 2]}
    )
    figure = charts.goals_over_time(per_year, "id")
    assert figure.layout.xaxis.categoryorder == "array"
    assert list(figure.layout.xaxis.categoryarray) == ["2019", "2020", "2021"]
    assert figure.layout.xaxis.title.text == "Tahun"


def test_trainings_over_time_orders_years_and_keeps_zero_years(view):
    per_year = training_metrics.trainings_per_year(view.trainings, view.participants)
    figure = charts.trainings_over_time(per_year.iloc[::-1], "en")
    assert list(figure.layout.xaxis.categoryarray) == ["2018", "2019", "2020", "2021"]


def test_targets_bars(view):
    targets = training_metrics.targets_used(view.trainings)
    figure = charts.targets_bars(targets, "id")
    assert list(figure.data[0].x) == ["6.1", "11.3", "17.17"]
    assert list(figure.data[0].text) == ["SDG 6", "SDG 11", "SDG 17"]


def test_tables_are_translated(view):
    coverage = training_metrics.goal_coverage(view.trainings, view.participants)
    table = tables.goal_coverage_table(coverage, "en")
    assert list(table.columns) == ["Goal", "Goal name", "Trainings", "Participants", "Governments"]
    assert table.iloc[16]["Goal name"] == "Partnerships for the Goals"
    wide = tables.province_goal_table(
        training_metrics.province_goal_matrix(view.participants), "id"
    )
    assert list(wide.columns[:2]) == ["Provinsi", "SDG 1"]
    assert wide.set_index("Provinsi").loc["Jawa Barat", "SDG 17"] == 3


def test_latest_and_trainings_tables_show_dates_in_words(view):
    latest = training_metrics.latest_trainings(view.trainings, view.participants)
    table = tables.latest_trainings_table(latest, "id")
    assert list(table.columns) == [
        "Judul",
        "Tanggal",
        "Tempat",
        "Tujuan SDG",
        "Peserta",
        "Pemerintah daerah",
    ]
    assert table["Tanggal"].tolist()[-1] == "18–19 Des 2018"
    assert (
        tables.latest_trainings_table(latest, "en")["Dates"].tolist()[-1]
        == "Dec 18\u2009–\u200919, 2018"
    )
    assert table["Tujuan SDG"].tolist() == ["13", "6; 11", "17"]
    trainings = tables.trainings_table(view.trainings, "en")
    assert trainings["Start"].tolist()[-1] == "December 18, 2018"
    assert trainings["Venue"].tolist() == ["", "Kota Surakarta", "DKI Jakarta"]


def test_participants_table_words_and_personal_columns(view):
    table = tables.participants_table(view.participants, "en")
    assert "Name" in table.columns  # the frame still had them: the detail view
    public = tables.participants_table(view.participants.drop(columns=["name", "email"]), "en")
    assert "Name" not in public.columns and "Email" not in public.columns
    assert table["Level"].tolist()[:3] == ["City (kota)", "City (kota)", "Province"]
    assert table["Region status"].tolist()[3] == "ambiguous"


def test_rejections_table_translates_known_reasons():
    rejections = [
        Rejection(4, "start_date", "'2021-13-45' is not a date", code="bad_date"),
        Rejection(7, None, "something else"),
    ]
    indonesian = tables.rejections_table(rejections, "pelatihan", "id")
    assert list(indonesian.columns) == ["Tabel", "Baris", "Kolom", "Alasan"]
    assert indonesian["Alasan"].tolist() == ["Tanggal tidak sah", "something else"]
    english = tables.rejections_table(rejections, "trainings", "en")
    assert english["Reason"].tolist()[0] == "'2021-13-45' is not a date"
    assert tables.rejections_table([], "x", "en").empty


def test_rejections_in_indonesian_have_no_english_fragment():
    several = Rejection(
        5,
        "start_date",
        "start_date: not a date; sdg_goals: goal outside 1-17",
        code="bad_date",
        detail="start_date: '2021-13-45' is not a date; sdg_goals: 18 is outside 1-17",
        problems=(("start_date", "bad_date"), ("sdg_goals", "bad_goal")),
    )
    empty_region = Rejection(
        3, "region", "region is empty", code="required", problems=(("region", "required"),)
    )
    public = tables.rejections_table([several, empty_region], "peserta", "id")
    assert public["Alasan"].tolist() == [
        "Tanggal tidak sah (start_date); Tujuan SDG di luar 1–17 (sdg_goals)",
        "Nilai wajib kosong",
    ]
    # the owner's detail view quotes the file's values, marked as detail
    owner = tables.rejections_table([several], "pelatihan", "id", detail=True)
    assert owner["Alasan"].iloc[0].startswith("Tanggal tidak sah (start_date); Tujuan SDG")
    assert "'2021-13-45'" in owner["Alasan"].iloc[0]


def test_exported_files_can_be_uploaded_again(view):
    from atlas import export, privacy
    from atlas.dataset import build_dataset

    trainings_csv = export.to_csv_bytes(tables.trainings_export(view.trainings))
    public = privacy.public_participants(view.participants)
    participants_csv = export.to_csv_bytes(tables.participants_export(public))
    header = participants_csv.decode("utf-8-sig").split("\r\n")[0].split(",")
    assert not {"name", "email", "phone", "gender", "position"} & set(header)
    rebuilt = build_dataset(trainings_csv, "trainings.csv", participants_csv, "participants.csv")
    assert rebuilt.trainings_report.rejected == []
    assert rebuilt.participants_report.rejected == []
    assert sorted(rebuilt.trainings["training_id"]) == sorted(view.trainings["training_id"])
    assert rebuilt.trainings.set_index("training_id").loc["2020-03-air", "sdg_goals"] == (6, 11)
    assert rebuilt.participants["delegates"].sum() == view.participants["delegates"].sum()
