"""compat_matrix.md is generated from the code and never stale."""
from tf1compat.tools import compat_matrix


def test_compat_matrix_is_up_to_date():
    assert compat_matrix.MATRIX_FILE.read_text(encoding="utf-8") == compat_matrix.render(), (
        "compat_matrix.md is stale: run `python -m tf1compat.tools.compat_matrix`")


def test_matrix_reports_what_the_code_has():
    rows = {line.split("|")[1].strip(" `"): line.split("|")[3].strip()
            for line in compat_matrix.render().splitlines() if line.startswith("| `tf.")}
    assert rows["tf.placeholder"] == "yes"
    assert rows["tf.train.Saver"] == "partial"          # says what it lacks
    assert rows["tf.estimator.Estimator"] == "missing"   # a family not planned yet
    assert "tf.train.missing_names" not in rows          # namespace plumbing is not a TF name
