"""tf.app.run, tf.flags and tf.logging as TF 1 scripts drive them, through the runner."""
import subprocess
import sys
import textwrap

import pytest

import tf1compat as tf

SCRIPT = textwrap.dedent('''
    """A TF 1 style script with flags."""
    import tensorflow as tf

    flags = tf.app.flags
    flags.DEFINE_string("data_dir", "/tmp/data", "Where the data is.")
    flags.DEFINE_integer("batch_size", 32, "Batch size.", lower_bound=1)
    flags.DEFINE_float("lr", 0.1, "Learning rate.")
    flags.DEFINE_boolean("verbose", False, "Talk more.")
    tf.flags.DEFINE_list("layers", "64,32", "Layer sizes.")
    tf.flags.DEFINE_enum("mode", "train", ["train", "eval"], "What to do.")
    FLAGS = flags.FLAGS

    def main(argv):
        tf.logging.set_verbosity(tf.logging.INFO)
        tf.logging.info("batch %d", FLAGS.batch_size)
        print(FLAGS.data_dir, FLAGS.batch_size, FLAGS.lr, FLAGS.verbose, FLAGS.layers, FLAGS.mode, argv[1:])
        return 3

    if __name__ == "__main__":
        tf.app.run()
''')


# the runner as `python -m tf1compat SCRIPT ARGS`, with absl-py (TF 1's flags) or as if it were not installed
RUNNER = {"absl": "from tf1compat.runner import run_script; import sys; run_script(sys.argv[1], sys.argv[2:])",
          "own": "import sys; sys.modules['absl'] = None\n"
                 "from tf1compat.runner import run_script; run_script(sys.argv[1], sys.argv[2:])"}


@pytest.fixture(params=["absl", "own"])
def run(request, tmp_path):
    if request.param == "absl":
        pytest.importorskip("absl")

    def run_with(*args):
        script = tmp_path / "train.py"
        script.write_text(SCRIPT)
        return subprocess.run([sys.executable, "-c", RUNNER[request.param], str(script), *args],
                              capture_output=True, text=True, timeout=120)
    return run_with


def test_flags_parse_and_main_exit_code(run):
    out = run("--data_dir=/d", "--batch_size", "8", "--verbose", "--layers=1,2,3", "--mode=eval", "pos")
    assert out.returncode == 3, out.stderr
    assert out.stdout.strip() == "/d 8 0.1 True ['1', '2', '3'] eval ['pos']"
    assert "INFO:tensorflow:batch 8" in out.stderr
    out = run("--noverbose", "--lr=0.5")
    assert out.stdout.strip() == "/tmp/data 32 0.5 False ['64', '32'] train []"


def test_app_run_passes_undefined_flags_to_main_as_tf(run):
    out = run("--nope=1", "x")
    assert out.returncode == 3, out.stderr
    assert out.stdout.strip().endswith("['--nope=1', 'x']")


def test_bad_values_and_help_exit_with_status_1(run):
    out = run("--batch_size=zero")
    assert out.returncode == 1 and "flag --batch_size=zero" in out.stderr
    out = run("--batch_size=0")
    assert out.returncode == 1 and "--batch_size=0" in out.stderr
    out = run("--mode=bad")
    assert out.returncode == 1 and "value should be one of <train|eval>" in out.stderr
    out = run("--help")
    assert out.returncode == 1 and "A TF 1 style script with flags." in out.stdout and "--batch_size" in out.stdout


def test_reading_a_flag_before_app_run_parses_argv_and_rejects_unknown_flags(tmp_path):
    script = tmp_path / "read.py"
    script.write_text("import tensorflow as tf\ntf.flags.DEFINE_integer('n', 1, 'n')\nprint(tf.flags.FLAGS.n)\n")
    out = subprocess.run([sys.executable, "-m", "tf1compat", str(script), "--n=7"], capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.strip() == "7", out.stderr
    out = subprocess.run([sys.executable, "-m", "tf1compat", str(script), "--nope"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode != 0 and "Unknown command line flag 'nope'" in out.stderr


def test_flag_values_api():
    values = tf.flags.FlagValues()
    tf.flags.DEFINE_integer("n", 1, "n", flag_values=values)
    assert values(["prog", "--n=4", "x"]) == ["prog", "x"] and values.n == 4
    values.n = 5
    assert values.flag_values_dict() == {"n": 5} and "n" in values
    with pytest.raises(tf.flags.DuplicateFlagError, match="The flag 'n' is defined twice."):
        tf.flags.DEFINE_integer("n", 1, "n", flag_values=values)


def test_logging_every_n_and_first_n(capsys):
    import logging
    logger = tf.logging.get_logger()
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    old = tf.logging.get_verbosity()
    tf.logging.set_verbosity(tf.logging.INFO)
    try:
        for i in range(7):
            tf.logging.log_every_n(tf.logging.INFO, "every %d", 3, i)
            tf.logging.log_first_n(tf.logging.INFO, "first %d", 2, i)
    finally:
        tf.logging.set_verbosity(old)
        logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == ["every 0", "first 0", "first 1", "every 3", "every 6"]


def test_probing_other_attributes_does_not_parse_argv():
    parsed = tf.flags.FLAGS.is_parsed()
    assert getattr(tf.flags.FLAGS, "__tf1compat_unsupported__", None) is None   # as tools and inspect probe
    assert tf.flags.FLAGS.is_parsed() == parsed


def test_define_takes_tf1s_old_argument_names():
    values = tf.flags.FlagValues()
    tf.flags.DEFINE_string(flag_name="where", default_value="here", docstring="Where.", flag_values=values)
    values(["prog"])
    assert values.where == "here"
