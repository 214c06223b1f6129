#!/usr/bin/env bash
# The CUDA checks, for a machine with an NVIDIA GPU, in under 8 minutes: the whole test suite, whose sessions
# all run on the GPU there (the CUDA tests and op goldens alone missed a CSV queue pipeline and a CPU-pinned
# table that failed on it), then the benchmarks against hand-written torch on the same GPU, and mlp and cnn
# once more with the XLA switch (torch.compile) on. Needs torch with CUDA, numpy, pytest (pytest-xdist to run
# the suite on 8 processes, about 2 minutes on an H100 machine; protobuf, tensorboard, Pillow, absl-py for the
# tests that use them); tf1compat is used from this checkout.
#
#   bash bench/gpu_check.sh [folder for gpu_bench.json]
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
results="${1:-.}"
python3 -c "import torch; assert torch.cuda.is_available(), 'torch sees no CUDA GPU'; \
print('torch', torch.__version__, 'on', torch.cuda.get_device_name(0))" || exit 1
status=0
step() { echo; echo "== $*"; "$@" || status=1; }
parallel=$(python3 -c "import xdist" 2>/dev/null && echo "-n 8")
step python3 -m pytest tests -q -p no:cacheprovider --tb=line $parallel
step python3 bench/run.py --cuda --workload seed_step fetch_only mlp cnn lstm --rounds 3 --json "$results/gpu_bench.json"
step env TF1COMPAT_JIT=1 python3 bench/run.py --cuda --workload mlp cnn --rounds 3 --json "$results/gpu_bench_jit.json"
exit $status
