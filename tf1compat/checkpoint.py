"""Convert checkpoints between tf1compat's torch format and TensorFlow's own format, either way:

    python -m tf1compat.checkpoint convert SRC_PREFIX DST_PREFIX [--to tf|torch]

Without --to, a TF checkpoint (SRC.index exists) becomes a torch file and a torch file becomes a TF checkpoint
(DST.index + DST.data-00000-of-00001) that real TensorFlow restores."""
from __future__ import annotations

import argparse
import sys

from .training import tensor_bundle
from .training.checkpoint_io import open_checkpoint, write_checkpoint


def convert(src, dst, to=None):
    """Write the checkpoint at prefix `src` to prefix `dst` in the other format (or the one named by `to`)."""
    checkpoint = open_checkpoint(src)
    tensors = {name: checkpoint.tensor(name) for name in checkpoint.names()}
    to = to or ("torch" if tensor_bundle.is_bundle(src) else "tf")
    strings = [n for n, t in tensors.items() if not hasattr(t, "dtype") or t.dtype == object]
    if to == "torch" and strings:
        raise TypeError(f"string tensors {strings} cannot be stored in a torch checkpoint; convert with --to tf")
    return write_checkpoint(dst, tensors, to)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tf1compat.checkpoint", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    conv = sub.add_parser("convert", help="convert a checkpoint to the other format")
    conv.add_argument("src")
    conv.add_argument("dst")
    conv.add_argument("--to", choices=("tf", "torch"))
    args = parser.parse_args(argv)
    to = convert(args.src, args.dst, args.to)
    print(f"wrote {args.dst} ({'TensorFlow' if to == 'tf' else 'tf1compat torch'} format)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
