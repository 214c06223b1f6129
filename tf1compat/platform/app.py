"""`tf.app.run`: parse the flags (those nobody defined stay in argv), then call main(argv) and exit with its
return value, as TF 1 did. With absl-py installed this is absl's app.run, as in TF 1; without it the same
behaviour: `--help` prints the script's docstring and the flags and exits with status 1, and a bad flag value
prints `FATAL Flags parsing error` and exits with status 1."""
from __future__ import annotations

import sys

from . import flags


def run(main=None, argv=None):
    main = main or sys.modules["__main__"].main
    if flags.absl_flags is not None:
        from absl import app
        app.run(main=main, argv=argv, flags_parser=flags.parse_known_flags)
        return
    args = sys.argv if argv is None else argv
    if any(a in ("--help", "-help", "--helpshort", "--helpfull", "-?") for a in args[1:]):
        doc = (sys.modules["__main__"].__doc__ or "").strip()
        print(f"{doc}\n\nflags:\n{flags.FLAGS.help_text()}" if doc else f"flags:\n{flags.FLAGS.help_text()}")
        print("\nTry --helpfull to get a list of all flags.")
        sys.exit(1)
    try:
        remaining = flags.parse_known_flags(args)
    except flags.Error as exc:
        print(f"FATAL Flags parsing error: {exc}\nPass --helpshort or --helpfull to see help on flags.",
              file=sys.stderr)
        sys.exit(1)
    sys.exit(main(remaining))
