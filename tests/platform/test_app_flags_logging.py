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


def run(tmp_path, *args):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    return subprocess.run([sys.executable, "-m", "tf1compat", str(script), *args], capture_output=True, text=True,
                          timeout=120)


def test_flags_parse_and_main_exit_code(tmp_path):
    out = run(tmp_path, "--data_dir=/d", "--batch_size", "8", "--verbose", "--layers=1,2,3", "--mode=eval", "pos")
    assert out.returncode == 3, out.stderr
    assert out.stdout.strip() == "/d 8 0.1 True ['1', '2', '3'] eval ['pos']"
    assert "INFO:tensorflow:batch 8" in out.stderr
    out = run(tmp_path, "--noverbose", "--lr=0.5")
    assert out.stdout.strip() == "/tmp/data 32 0.5 False ['64', '32'] train []"


def test_flag_errors_and_help(tmp_path):
    out = run(tmp_path, "--nope=1")
    assert out.returncode == 1
    assert "FATAL Flags parsing error: Unknown command line flag 'nope'" in out.stderr
    out = run(tmp_path, "--batch_size=zero")
    assert out.returncode == 1 and "flag --batch_size=zero" in out.stderr
    out = run(tmp_path, "--batch_size=0")
    assert out.returncode == 1 and "not in the range" in out.stderr
    out = run(tmp_path, "--help")
    assert out.returncode == 0 and "A TF 1 style script with flags." in out.stdout and "--batch_size" in out.stdout


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
