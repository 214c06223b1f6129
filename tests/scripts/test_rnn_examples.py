"""The recurrent example scripts (examples/char_lstm.py, examples/birnn_mnist.py) run unchanged through
`python -m tf1compat` on small data made here, and learn: their printed loss falls."""
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from mnist_files import write_idx

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(script, cwd, *args):
    proc = subprocess.run([sys.executable, "-m", "tf1compat", str(EXAMPLES / script), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_char_lstm_learns_and_samples(tmp_path):
    (tmp_path / "input.txt").write_text("the quick brown fox jumps over the lazy dog. " * 40)
    out = _run("char_lstm.py", tmp_path, "--data", "input.txt", "--steps", "80", "--hidden", "32",
               "--batch_size", "8", "--learning_rate", "0.02", "--print_every", "20", "--sample_length", "40")
    losses = [float(v) for v in re.findall(r"step \d+ loss ([0-9.]+)", out)]
    assert len(losses) == 5, out
    assert losses[-1] < 0.75 * losses[0], out
    sample = re.search(r"sample: '(.*)'", out)
    assert sample and len(sample.group(1)) == 41
    assert set(sample.group(1)) <= set("the quick brown fox jumps over lazy dog.")


@pytest.fixture
def mnist_dir(tmp_path):
    """MNIST-format files whose digit is told by a bright bar: its row and column depend on the label."""
    rng = np.random.RandomState(0)
    for split, n in (("train", 5600), ("t10k", 128)):   # read_data_sets keeps 5000 for validation
        labels = rng.randint(0, 10, n)
        images = rng.randint(0, 60, (n, 28, 28))
        for i, k in enumerate(labels):
            images[i, 2 * k + 3:2 * k + 6, 4 + k:18 + k] = 255
        write_idx(tmp_path / f"{split}-images-idx3-ubyte.gz", 2051, images)
        write_idx(tmp_path / f"{split}-labels-idx1-ubyte.gz", 2049, labels)
    return tmp_path


@pytest.mark.parametrize("mode", [[], ["--dynamic"]], ids=["static_bidirectional_rnn", "bidirectional_dynamic_rnn"])
def test_birnn_mnist_learns(mnist_dir, mode):
    out = _run("birnn_mnist.py", mnist_dir, "--data_dir", str(mnist_dir), "--training_steps", "60",
               "--batch_size", "32", "--num_hidden", "16", "--display_step", "20", "--learning_rate", "0.01", *mode)
    losses = [float(v) for v in re.findall(r"Minibatch Loss= ([0-9.]+)", out)]
    assert len(losses) == 4 and "Optimization Finished!" in out, out
    assert losses[-1] < 0.8 * losses[0], out
    assert re.search(r"Testing Accuracy: [0-9.]+", out), out
