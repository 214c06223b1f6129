#!/usr/bin/env bash
# The CUDA checks, for a machine with an NVIDIA GPU, in under 8 minutes: the CUDA tests, every op-table golden
# and the generated-code/backward tests run on the GPU, then the benchmarks against hand-written torch on the
# same GPU, and mlp and cnn once more with the XLA switch (torch.compile) on. Needs torch with CUDA, numpy,
# pytest (and protobuf, tensorboard, Pillow, absl-py for the tests that use them); tf1compat is used from this
# checkout.
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
step python3 -m pytest tests -q -m cuda -p no:cacheprovider --tb=short
step env TF1COMPAT_DEVICE=cuda python3 -m pytest tests/ops tests/client/test_codegen.py tests/client/test_backward.py \
    -q -p no:cacheprovider --tb=line
step python3 bench/run.py --cuda --workload seed_step fetch_only mlp cnn lstm --rounds 3 --json "$results/gpu_bench.json"
step env TF1COMPAT_JIT=1 python3 bench/run.py --cuda --workload mlp cnn --rounds 3 --json "$results/gpu_bench_jit.json"
exit $status
