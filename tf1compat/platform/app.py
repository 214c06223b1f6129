"""`tf.app.run`: parse the flags, then call main(argv) and exit with its return value, as TF 1 did."""
from __future__ import annotations

import sys

from . import flags


def run(main=None, argv=None):
    args = sys.argv if argv is None else argv
    if any(a in ("--help", "-h", "--helpshort", "--helpfull", "-help") for a in args[1:]):
        doc = (sys.modules["__main__"].__doc__ or "").strip()
        print(f"{doc}\n\nflags:\n{flags.FLAGS.help_text()}" if doc else f"flags:\n{flags.FLAGS.help_text()}")
        sys.exit(0)
    try:
        remaining = flags.FLAGS(args)
    except flags.Error as exc:
        print(f"FATAL Flags parsing error: {exc}\nPass --helpshort or --helpfull to see help on flags.",
              file=sys.stderr)
        sys.exit(1)
    main = main or sys.modules["__main__"].main
    sys.exit(main(remaining))
