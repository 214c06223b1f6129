"""python -m tf1compat [--checkpoint-format tf|torch] SCRIPT [ARGS...]: run a TensorFlow 1 script on tf1compat."""
import os
import sys

from .runner import run_script
from .training.checkpoint_io import FORMAT_VARIABLE, FORMATS

USAGE = ("usage: python -m tf1compat [--checkpoint-format tf|torch] SCRIPT [ARGS...]\n\nRuns a TensorFlow 1 script "
         "with `import tensorflow` resolved to tf1compat.\n--checkpoint-format tf makes tf.train.Saver (and "
         f"MonitoredTrainingSession) write TensorFlow's checkpoint format (sets {FORMAT_VARIABLE}).")


def _take_checkpoint_format(argv):
    """Strip a leading `--checkpoint-format X` / `--checkpoint-format=X` from argv into the environment."""
    if argv and argv[0].startswith("--checkpoint-format"):
        flag = argv.pop(0)
        fmt = flag.partition("=")[2] if "=" in flag else (argv.pop(0) if argv else "")
        if fmt not in FORMATS:
            print(f"{USAGE}\n\n--checkpoint-format: expected one of {', '.join(FORMATS)}, got {fmt!r}",
                  file=sys.stderr)
            sys.exit(2)
        os.environ[FORMAT_VARIABLE] = fmt   # also seen by the script's subprocesses


def main():
    argv = sys.argv[1:]
    _take_checkpoint_format(argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    run_script(argv[0], argv[1:])


if __name__ == "__main__":
    main()
