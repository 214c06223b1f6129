"""`python -m tf1compat SCRIPT` behaves like `python SCRIPT` with TensorFlow 1 installed."""
import subprocess
import sys
import textwrap

import tf1compat


def run_script(tmp_path, source, *args, stdin=None):
    script = tmp_path / "legacy" / "script.py"
    script.parent.mkdir(exist_ok=True)
    script.write_text(textwrap.dedent(source))
    return subprocess.run([sys.executable, "-m", "tf1compat", str(script), *args], input=stdin,
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)


def test_script_sees_argv_main_name_its_folder_and_stdin(tmp_path):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "helper_mod.py").write_text("VALUE = 41\n")
    proc = run_script(tmp_path, """
        import sys
        import tensorflow as tf
        import helper_mod
        print(sys.argv[1:], __name__, helper_mod.VALUE + 1, input())
        print(tf.__name__, tf.Session.__module__.split('.')[0])
    """, "--flag", "x y", stdin="typed\n")
    assert proc.returncode == 0, proc.stderr
    first, second = proc.stdout.splitlines()
    assert first == "['--flag', 'x y'] __main__ 42 typed"
    assert second == "tf1compat tf1compat"


def test_exit_code_and_traceback_are_the_scripts_own(tmp_path):
    assert run_script(tmp_path, "import sys\nsys.exit(3)\n").returncode == 3
    proc = run_script(tmp_path, "import tensorflow as tf\n\nraise KeyError('boom')\n")
    assert proc.returncode == 1
    assert 'script.py", line 3' in proc.stderr and "KeyError: 'boom'" in proc.stderr


def test_v1_compat_imports_and_v2_switches_resolve(tmp_path):
    proc = run_script(tmp_path, """
        import tensorflow.compat.v1 as tf
        import tensorflow as tf_root
        tf.disable_v2_behavior()
        tf_root.compat.v1.disable_eager_execution()
        from tensorflow.python.framework import ops
        from tensorflow.python.training import saver as saver_module
        from tensorflow.train import Saver
        import tensorflow.nn
        ops.reset_default_graph()
        x = tf.placeholder(tf.float32, [2])
        with tf.Session() as sess:
            print(sess.run(x * 2.0, {x: [1, 2]}), tf is tf_root, saver_module.Saver is Saver is tf.train.Saver)
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[2. 4.] True True"


def test_missing_names_say_so_and_point_to_the_matrix(tmp_path):
    proc = run_script(tmp_path, "import tensorflow as tf\ntf.contrib_no_such_name\n")
    assert proc.returncode == 1
    assert "MissingNameError" in proc.stderr and "does not implement tf.contrib_no_such_name" in proc.stderr
    assert "compat_matrix.md" in proc.stderr
    proc = run_script(tmp_path, "import tensorflow.python.no_such_module\n")
    assert "ModuleNotFoundError" in proc.stderr and "compat_matrix.md" in proc.stderr


def test_missing_name_is_an_attribute_error_so_hasattr_works():
    assert not hasattr(tf1compat, "no_such_name") and not hasattr(tf1compat.train, "NoSuchOptimizer")
    assert issubclass(tf1compat._api._missing.MissingNameError, AttributeError)


def test_install_redirects_tensorflow_in_a_running_interpreter():
    tf1compat.install()
    import tensorflow as tf
    import tensorflow.compat.v1 as tf_v1
    assert tf is tf1compat and tf_v1 is tf1compat
    assert isinstance(tf.placeholder(tf.float32), tf1compat.Tensor)
