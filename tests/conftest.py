"""Every test starts with a fresh default graph, no default session and seeded numpy; `cuda` tests skip
where torch sees no GPU."""
import numpy as np
import pytest
import torch

import tf1compat as tf
from tf1compat.client import session as _session


@pytest.fixture(autouse=True)
def fresh_graph():
    while _session._default_sessions:
        _session._default_sessions.pop()
    tf.reset_default_graph()
    np.random.seed(0)
    yield
    while _session._default_sessions:
        _session._default_sessions.pop()


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA GPU; torch sees none here")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)
