"""embedding_lookup and in_top_k: table lookups with TF's partitioning and range checks."""
from __future__ import annotations

import torch

from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from . import shapes


def _lookup_shape(*tensors, partition_strategy, max_norm):
    *shards, ids = tensors
    ids_dims, row_dims = shapes.dims(ids), shapes.dims(shards[0])
    if ids_dims is None or row_dims is None:
        return shards[0].dtype, None
    return shards[0].dtype, list(ids_dims) + list(row_dims[1:])


def lookup_rows(shards, ids, partition_strategy):
    """Rows `ids` of the table split into `shards` ('mod': id i lives in shard i % n at row i // n; 'div':
    contiguous ranges in order). The gradient w.r.t. the shards sums over repeated ids, as TF's IndexedSlices."""
    table = shards[0] if len(shards) == 1 else torch.cat(shards)
    ids = ids.long()
    invalid = (ids < 0) | (ids >= table.shape[0])
    if bool(invalid.any()):
        position = invalid.reshape(-1).nonzero()[0].item()
        raise errors.InvalidArgumentError(None, None, f"indices[{position}] = {ids.reshape(-1)[position].item()} is "
                                                      f"not in [0, {table.shape[0]})")
    if len(shards) > 1 and partition_strategy == "mod":
        sizes = torch.tensor([s.shape[0] for s in shards], device=ids.device)
        ids = (torch.cumsum(sizes, 0) - sizes)[ids % len(shards)] + ids // len(shards)
    return table.index_select(0, ids.reshape(-1)).reshape(tuple(ids.shape) + tuple(table.shape[1:]))


def _clip_rows(rows, ids_rank, max_norm):
    """TF's clip_by_norm over each embedding (the axes after the ids' own)."""
    axes = tuple(range(ids_rank, rows.dim()))
    if not axes:
        return rows
    square_sum = torch.sum(rows * rows, dim=axes, keepdim=True)
    positive = square_sum > 0
    norm = torch.where(positive, torch.sqrt(torch.where(positive, square_sum, torch.ones_like(square_sum))),
                       square_sum)
    limit = torch.full_like(norm, max_norm)
    return rows * max_norm / torch.where(norm >= limit, norm, limit)


@op("EmbeddingLookup", infer=_lookup_shape)
def _embedding_lookup(*tensors, partition_strategy, max_norm):
    *shards, ids = tensors
    rows = lookup_rows(shards, ids, partition_strategy)
    return rows if max_norm is None else _clip_rows(rows, ids.dim(), max_norm)


def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """Rows of `params` (a tensor or a list of shards of one table) for each id in `ids`."""
    if partition_strategy not in ("mod", "div"):
        raise ValueError(f"Unrecognized partition strategy: {partition_strategy}")
    shards = list(params) if isinstance(params, (list, tuple)) else [params]
    if not shards:
        raise ValueError("Need at least one param")
    with op_scope(name or "embedding_lookup") as scope:
        shards = [convert_to_tensor(p, name="params") for p in shards]
        ids = convert_to_tensor(ids, name="ids")
        if ids.dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"Value passed to parameter 'indices' has DataType {ids.dtype.name} not in list of "
                            "allowed values: int32, int64")
        return apply("EmbeddingLookup", *shards, ids, name=scope, partition_strategy=partition_strategy,
                     max_norm=None if max_norm is None else float(max_norm))


def _in_top_k_shape(predictions, targets, *, k):
    dims = shapes.dims(targets)
    return dtypes.bool, dims if dims is not None else (shapes.dims(predictions) or [None])[:1]


@op("InTopKV2", infer=_in_top_k_shape, differentiable=False)
def _in_top_k(predictions, targets, *, k):
    """True where the target's prediction has fewer than k strictly larger ones (ties straddling the k-th place
    all count as in); False for a row holding any non-finite prediction or an out-of-range target, as TF."""
    classes = predictions.shape[1]
    valid = (targets >= 0) & (targets < classes)
    target_value = predictions.gather(1, targets.long().clamp(0, max(classes - 1, 0)).unsqueeze(1))
    larger = (predictions > target_value).sum(dim=1)
    return valid & torch.isfinite(predictions).all(dim=1) & (larger < k)


def in_top_k(predictions, targets, k, name=None):
    with op_scope(name or "in_top_k") as scope:
        predictions = convert_to_tensor(predictions, name="predictions")
        targets = convert_to_tensor(targets, name="targets")
        return apply("InTopKV2", predictions, targets, name=scope, k=int(k))
