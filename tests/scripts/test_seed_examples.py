"""The two seed programs run unchanged through `python -m tf1compat`, as a new user runs them."""
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import torch

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# SHA-256 of the seed programs exactly as the user wrote them
SEED = {
    "linear_regression_saver.py": "bc8bb6175cbdce7bf33b62dee1de9835140b0024760eba912551407051051248",
    "monitored_session.py": "caa4bf378e9be9306efdfdcaf4eb5e774e143f814bb2660e5cb503ec25b5b38b",
}


def _runner(script, cwd, **kwargs):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "tf1compat", script], cwd=cwd, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kwargs)


def _copy_examples(tmp_path):
    for name in SEED:
        shutil.copy(EXAMPLES / name, tmp_path / name)


def test_examples_are_the_seed_programs_unchanged():
    for name, digest in SEED.items():
        assert hashlib.sha256((EXAMPLES / name).read_bytes()).hexdigest() == digest
        assert "import tensorflow as tf" in (EXAMPLES / name).read_text(encoding="utf-8")


def test_linear_regression_trains_saves_and_restores_the_chosen_checkpoint(tmp_path):
    _copy_examples(tmp_path)
    (tmp_path / "log").mkdir()
    proc = _runner("linear_regression_saver.py", tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
    out, err = proc.communicate(b"18\n", timeout=300)
    out = out.decode()
    assert proc.returncode == 0, err.decode()
    assert out.count("Epoch:") == 10 and "Finished !" in out
    match = re.search(r"x=2 z= \[([-0-9.e]+)\]", out)
    assert match, out[-500:]
    assert abs(float(match.group(1)) - 6.0) < 0.3   # y = 3x + noise, so z(2) is near 6
    kept = sorted(p.name for p in (tmp_path / "log").iterdir())
    assert kept == ["checkpoint"] + [f"linermodel.ckpt-{n}" for n in (10, 12, 14, 16, 18)]
    state = (tmp_path / "log" / "checkpoint").read_text()
    assert state.splitlines()[0] == 'model_checkpoint_path: "linermodel.ckpt-18"'
    weights = torch.load(tmp_path / "log" / "linermodel.ckpt-18", weights_only=True)
    assert sorted(weights) == ["bias", "weight"]
    assert abs(float(weights["weight"]) - 3.0) < 0.3


def _interrupt_monitored(tmp_path, seconds):
    """Run the monitored seed, send SIGINT `seconds` after its session has started (it printed the step)."""
    with open(tmp_path / "out.txt", "wb") as out, open(tmp_path / "err.txt", "wb") as err:
        proc = _runner("monitored_session.py", tmp_path, stdout=out, stderr=err)
        deadline = time.monotonic() + 120
        while b"]" not in (tmp_path / "out.txt").read_bytes() and proc.poll() is None:
            assert time.monotonic() < deadline, "the monitored session did not start"
            time.sleep(0.05)
        time.sleep(seconds)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    return proc.returncode, (tmp_path / "out.txt").read_text().split(), (tmp_path / "err.txt").read_text()


def test_monitored_session_checkpoints_on_interrupt_and_resumes(tmp_path):
    _copy_examples(tmp_path)
    rc, out, err = _interrupt_monitored(tmp_path, 11)
    assert rc == -signal.SIGINT and "KeyboardInterrupt" in err   # the script's own traceback and death
    assert out[0] == "[np.int64(0)]" and out[1] == "1"
    last_printed = int(out[-1])
    ckpt_dir = tmp_path / "log" / "checkpoints"
    state = (ckpt_dir / "checkpoint").read_text()
    saved = [int(s) for s in re.findall(r'all_model_checkpoint_paths: "model\.ckpt-(\d+)"', state)]
    assert saved[0] == 0 and len(saved) >= 3           # at creation, after 10 s, and at the interrupt
    assert saved[-1] >= last_printed                   # no finished step lost
    assert (ckpt_dir / "model.ckpt-0").is_file() and (ckpt_dir / f"model.ckpt-{saved[-1]}").is_file()

    rc, out, _ = _interrupt_monitored(tmp_path, 3)
    assert rc == -signal.SIGINT
    assert out[0] == f"[np.int64({saved[-1]})]" and int(out[1]) == saved[-1] + 1   # resumed
