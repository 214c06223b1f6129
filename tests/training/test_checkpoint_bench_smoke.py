"""bench/checkpoint.py still runs (a tiny model, one round): its figures are in the checkpoint reports."""
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "checkpoint.py"


def test_checkpoint_bench_runs(tmp_path):
    out = subprocess.run([sys.executable, str(BENCH), "--params", "2e6", "--rounds", "1", "--dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    for line in ("Saver.save (torch file):", "torch.load(weights_only=True):", "Saver.restore, TF format:",
                 "restore vs torch.load:"):
        assert line in out.stdout, line
    assert list(tmp_path.iterdir()) == []   # its files are removed
