"""`inspect_checkpoint.print_tensors_in_checkpoint_file` prints what TensorFlow prints, byte for byte, for a
checkpoint written by TF and for the same values saved by tf1compat (expected texts: inspect_checkpoint/
expected.json, written by make_expected.py there with real TensorFlow, in TF 1.15's layout)."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tf1compat as tf
from tf1compat.training.inspect_checkpoint import print_tensors_in_checkpoint_file
from inspect_checkpoint.saved_values import VALUES  # what make_expected.py saved with TF

HERE = Path(__file__).resolve().parent / "inspect_checkpoint"
TF_PREFIX = str(HERE / "small.ckpt")
OTHER_FIXTURE = str(HERE.parent / "tf_checkpoint" / "model.ckpt-3")
EXPECTED = json.loads((HERE / "expected.json").read_text())


CALLS = {
    "all_tensors": dict(tensor_name="", all_tensors=True),
    "all_tensor_names": dict(tensor_name="", all_tensors=False, all_tensor_names=True),
    "debug_string": dict(tensor_name="", all_tensors=False),
    "count_exclude_pattern": dict(tensor_name="", all_tensors=False, count_exclude_pattern="dense"),
    "one_tensor": dict(tensor_name="dense/kernel", all_tensors=False),
    "missing_tensor": dict(tensor_name="nokey", all_tensors=False),
}


@pytest.fixture(scope="module")
def tf1compat_prefix(tmp_path_factory):
    """The same values saved by tf1compat (its torch checkpoint format)."""
    prefix = str(tmp_path_factory.mktemp("ours") / "small.ckpt")
    with tf.Graph().as_default():
        for name, value in VALUES.items():
            tf.Variable(value, name=name)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, prefix, write_state=False)
    return prefix


def _printed(capsys, file_name, **kwargs):
    print_tensors_in_checkpoint_file(file_name, **kwargs)
    return capsys.readouterr().out


@pytest.mark.parametrize("case", sorted(CALLS))
def test_tf_checkpoint_prints_as_tensorflow(capsys, case):
    assert _printed(capsys, TF_PREFIX, **CALLS[case]) == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(CALLS))
def test_tf1compat_checkpoint_prints_as_tensorflow(capsys, tf1compat_prefix, case):
    assert _printed(capsys, tf1compat_prefix, **CALLS[case]) == EXPECTED[case]


def test_debug_string_of_every_dtype(capsys):
    assert _printed(capsys, OTHER_FIXTURE, tensor_name="", all_tensors=False) == EXPECTED["other_fixture_debug_string"]


def test_a_missing_file_is_printed_not_raised(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _printed(capsys, "no_such_checkpoint", tensor_name="", all_tensors=False) == EXPECTED["missing_file"]


def test_a_file_of_the_checkpoint_instead_of_its_prefix_gets_tfs_hint(capsys, tf1compat_prefix):
    out = _printed(capsys, TF_PREFIX + ".index", tensor_name="", all_tensors=True)
    assert "It's likely that this is a V2 checkpoint and you need to provide the filename\n*prefix*." in out
    assert out.endswith(f"inspect checkpoint --file_name = {TF_PREFIX}\n")


def test_scripts_import_it_from_tensorflow_python_tools(tmp_path):
    script = tmp_path / "inspect.py"
    script.write_text(textwrap.dedent(f"""
        from tensorflow.python.tools import inspect_checkpoint as chkp
        chkp.print_tensors_in_checkpoint_file({TF_PREFIX!r}, tensor_name="", all_tensors=False)
    """))
    out = subprocess.run([sys.executable, "-m", "tf1compat", str(script)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == EXPECTED["debug_string"]
