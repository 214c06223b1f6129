"""python -m tf1compat SCRIPT [ARGS...]: run a TensorFlow 1 script on tf1compat."""
import sys

from .runner import run_script


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print("usage: python -m tf1compat SCRIPT [ARGS...]\n\nRuns a TensorFlow 1 script with `import tensorflow` "
              "resolved to tf1compat.", file=sys.stderr)
        sys.exit(2)
    run_script(sys.argv[1], sys.argv[2:])


if __name__ == "__main__":
    main()
