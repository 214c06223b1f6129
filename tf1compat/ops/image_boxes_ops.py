"""tf.image on boxes: crop_and_resize and non_max_suppression (TF 1.15). Boxes are [y1, x1, y2, x2] in
normalized image coordinates for crops and in any consistent units for NMS."""
from __future__ import annotations

import heapq
import math

import torch

from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..util.deprecation import deprecated_alias
from . import shapes


# --- crop_and_resize ---------------------------------------------------------------------------------------------
def _crop_coords(start, end, size, crop, for_box_gradient=False):
    """Sample positions [boxes, crop] along one axis, in pixels: `crop` evenly spaced points from start to end
    (the box centre when crop is 1). TF's box-gradient kernel rounds the spacing differently from its forward
    kernel ((end - start) * ((size - 1) / (crop - 1))), which decides which pixels a position between two
    rows reads; `for_box_gradient` reproduces that."""
    if crop == 1:
        return (0.5 * (start + end) * (size - 1))[:, None]
    if for_box_gradient:
        step = (end - start) * torch.tensor((size - 1) / (crop - 1), dtype=start.dtype, device=start.device)
    else:
        step = (end - start) * (size - 1) / (crop - 1)
    return start[:, None] * (size - 1) + torch.arange(crop, device=start.device, dtype=start.dtype) * step[:, None]


def _crop_and_resize_shape(image, boxes, box_ind, *, crop_size, **_):
    dims, box_dims = shapes.dims(image), shapes.dims(boxes)
    if dims is not None and len(dims) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(dims)}")
    if box_dims is not None and (len(box_dims) != 2 or box_dims[1] not in (4, None)):
        raise ValueError(f"boxes must be [num_boxes, 4], got {list(box_dims)}")
    return dtypes.float32, [box_dims and box_dims[0], *crop_size, dims and dims[3]]


def _sample_crops(images, box_ind, boxes, crop_size, method, extrapolation_value, for_box_gradient=False):
    """[boxes, crop_h, crop_w, channels] read from images[box_ind] at the boxes' sample positions."""
    height, width = images.shape[1], images.shape[2]
    y1, x1, y2, x2 = boxes.unbind(1)
    in_y = _crop_coords(y1, y2, height, crop_size[0], for_box_gradient)
    in_x = _crop_coords(x1, x2, width, crop_size[1], for_box_gradient)
    inside = (((in_y >= 0) & (in_y <= height - 1))[:, :, None] & ((in_x >= 0) & (in_x <= width - 1))[:, None, :])
    batch = box_ind.long()[:, None, None]

    def at(rows, cols):
        return images[batch, rows.clamp(0, height - 1)[:, :, None], cols.clamp(0, width - 1)[:, None, :]]

    if method == "nearest":
        out = at((in_y.detach() + 0.5).floor().long(), (in_x.detach() + 0.5).floor().long())
    else:
        top, left = in_y.detach().floor(), in_x.detach().floor()
        y_lerp, x_lerp = (in_y - top)[:, :, None, None], (in_x - left)[:, None, :, None]
        bottom, right = in_y.detach().ceil().long(), in_x.detach().ceil().long()
        top, left = top.long(), left.long()
        top_left, top_right, bottom_left, bottom_right = at(top, left), at(top, right), at(bottom, left), \
            at(bottom, right)
        upper = top_left + (top_right - top_left) * x_lerp
        lower = bottom_left + (bottom_right - bottom_left) * x_lerp
        out = upper + (lower - upper) * y_lerp
    return torch.where(inside[..., None], out, torch.full_like(out, extrapolation_value))


@op("CropAndResize", infer=_crop_and_resize_shape)
def _crop_and_resize(image, boxes, box_ind, *, crop_size, method, extrapolation_value):
    """Sampling outside the image gives extrapolation_value. The image gradient is the adjoint of the sampling;
    the box gradient is TF's: the bilinear derivative (for either method) at its own sample positions, added
    as a term that is zero in value."""
    images = image.to(torch.float32)
    out = _sample_crops(images, box_ind, boxes.detach(), crop_size, method, extrapolation_value)
    if boxes.requires_grad:
        surrogate = _sample_crops(images.detach(), box_ind, boxes, crop_size, "bilinear", extrapolation_value,
                                  for_box_gradient=True)
        out = out + (surrogate - surrogate.detach())
    return out


def crop_and_resize(image, boxes, box_ind=None, crop_size=None, method="bilinear", extrapolation_value=0,
                    name=None, box_indices=None):
    """Crops of `image[box_ind[i]]` inside boxes[i], each resampled to crop_size (float32 out)."""
    box_ind = deprecated_alias("box_indices", box_indices, "box_ind", box_ind)
    if method not in ("bilinear", "nearest"):
        raise ValueError(f"method must be 'bilinear' or 'nearest', got {method!r}")
    with op_scope(name or "CropAndResize") as scope:
        crop = tuple(int(c) for c in crop_size)
        if len(crop) != 2 or min(crop) <= 0:
            raise ValueError(f"crop_size must be two positive ints, got {crop_size!r}")
        return apply("CropAndResize", convert_to_tensor(image, name="image"),
                     convert_to_tensor(boxes, dtype=dtypes.float32, name="boxes"),
                     convert_to_tensor(box_ind, dtype=dtypes.int32, name="box_ind"), name=scope, crop_size=crop,
                     method=method, extrapolation_value=float(extrapolation_value))


# --- non_max_suppression -------------------------------------------------------------------------------------------
def _iou(box, others):
    """IoU of one box with each of `others`, corners in any order; 0 when either box is empty."""
    def span(b):
        return (torch.minimum(b[..., 0], b[..., 2]), torch.minimum(b[..., 1], b[..., 3]),
                torch.maximum(b[..., 0], b[..., 2]), torch.maximum(b[..., 1], b[..., 3]))
    ymin_i, xmin_i, ymax_i, xmax_i = span(box)
    ymin_j, xmin_j, ymax_j, xmax_j = span(others)
    area_i, area_j = (ymax_i - ymin_i) * (xmax_i - xmin_i), (ymax_j - ymin_j) * (xmax_j - xmin_j)
    inter = (torch.minimum(ymax_i, ymax_j) - torch.maximum(ymin_i, ymin_j)).clamp(min=0) * \
        (torch.minimum(xmax_i, xmax_j) - torch.maximum(xmin_i, xmin_j)).clamp(min=0)
    iou = inter / (area_i + area_j - inter)
    return torch.where((area_i <= 0) | (area_j <= 0), torch.zeros_like(iou), iou)


def _greedy_selection(similarity, scores, limit, threshold, score_threshold, soft_nms_sigma=0.0):
    """TF's DoNonMaxSuppressionOp: take candidates by score (lower index first on ties). Hard NMS drops one
    whose similarity to a kept box exceeds the threshold; soft NMS (sigma > 0) scales its score by
    exp(-similarity^2 / (2 sigma)) per newly kept box and requeues it. Only scores above score_threshold
    take part. Returns the kept indices and their (possibly decayed) scores."""
    soft = soft_nms_sigma > 0
    scale = -0.5 / soft_nms_sigma if soft else 0.0
    queue = [(-score, index, 0) for index, score in enumerate(scores.tolist()) if score > score_threshold]
    heapq.heapify(queue)
    kept, kept_scores = [], []
    while queue and len(kept) < limit:
        negative_score, index, compared = heapq.heappop(queue)
        score = original = -negative_score
        suppressed = False
        for j in range(len(kept) - 1, compared - 1, -1):  # boxes kept since this candidate was last compared
            overlap = float(similarity[index, kept[j]])
            if not soft and overlap > threshold:
                suppressed = True
                break
            score *= math.exp(scale * overlap * overlap)
            if score <= score_threshold:
                break
        if suppressed:
            continue
        if score == original:
            kept.append(index)
            kept_scores.append(score)
        elif score > score_threshold:
            heapq.heappush(queue, (-score, index, len(kept)))
    return kept, kept_scores


def _nms_shape(boxes, scores, *_, pad_to_max_output_size, with_scores, with_count, static_limit):
    outputs = [(dtypes.int32, [static_limit if pad_to_max_output_size else None])]
    if with_scores:
        outputs.append((scores.dtype, [None]))
    if with_count:
        outputs.append((dtypes.int32, []))
    return outputs


def _nms_kernel(similarity_of):
    def kernel(boxes_or_overlaps, scores, max_output_size, threshold, score_threshold, *soft_nms_sigma,
               pad_to_max_output_size, with_scores, with_count, static_limit):
        kept, kept_scores = _greedy_selection(
            similarity_of(boxes_or_overlaps), scores, int(max_output_size), float(threshold), float(score_threshold),
            float(soft_nms_sigma[0]) if soft_nms_sigma else 0.0)
        device = scores.device
        indices = kept + [0] * (int(max_output_size) - len(kept)) if pad_to_max_output_size else kept
        outputs = [torch.tensor(indices, dtype=torch.int32, device=device)]
        if with_scores:
            outputs.append(torch.tensor(kept_scores, dtype=scores.dtype, device=device))
        if with_count:
            outputs.append(torch.tensor(len(kept), dtype=torch.int32, device=device))
        return outputs[0] if len(outputs) == 1 else tuple(outputs)
    return kernel


def _pairwise_iou(boxes):
    return _iou(boxes[:, None, :], boxes[None, :, :])


op("NonMaxSuppressionV3", infer=_nms_shape, differentiable=False)(_nms_kernel(_pairwise_iou))
op("NonMaxSuppressionV4", infer=_nms_shape, num_outputs=2, differentiable=False)(_nms_kernel(_pairwise_iou))
op("NonMaxSuppressionV5", infer=_nms_shape, num_outputs=2, differentiable=False)(_nms_kernel(_pairwise_iou))
op("NonMaxSuppressionWithOverlaps", infer=_nms_shape, differentiable=False)(_nms_kernel(lambda overlaps: overlaps))


def _nms(op_type, default_name, name, boxes, scores, max_output_size, thresholds, pad_to_max_output_size=False,
         with_scores=False, with_count=False):
    """Build an NMS op; `thresholds` are (input name, value) pairs converted to the scores' dtype."""
    with op_scope(name or default_name):
        boxes = convert_to_tensor(boxes, name="boxes")
        scores = convert_to_tensor(scores, name="scores")
        limit = convert_to_tensor(max_output_size, dtype=dtypes.int32, name="max_output_size")
        extra = [convert_to_tensor(value, dtype=scores.dtype, name=input_name) for input_name, value in thresholds]
        static_limit = static_value(limit)
        return apply(op_type, boxes, scores, limit, *extra, name=op_type, pad_to_max_output_size=pad_to_max_output_size,
                     with_scores=with_scores, with_count=with_count,
                     static_limit=None if static_limit is None else int(static_limit))


def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"),
                        name=None):
    """Indices (int32) of at most max_output_size boxes kept by greedy non-maximum suppression."""
    return _nms("NonMaxSuppressionV3", "non_max_suppression", name, boxes, scores, max_output_size,
                (("iou_threshold", iou_threshold), ("score_threshold", score_threshold)))


def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0, name=None):
    """(indices, scores) of the kept boxes; soft_nms_sigma > 0 decays overlapping scores instead (Soft-NMS)."""
    return _nms("NonMaxSuppressionV5", "non_max_suppression_with_scores", name, boxes, scores, max_output_size,
                (("iou_threshold", iou_threshold), ("score_threshold", score_threshold),
                 ("soft_nms_sigma", soft_nms_sigma)), with_scores=True)


def non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"),
                               pad_to_max_output_size=False, name=None):
    """(indices, number valid), TF 1.15's NonMaxSuppressionV4: indices zero-padded to max_output_size when
    pad_to_max_output_size."""
    return _nms("NonMaxSuppressionV4", "non_max_suppression_padded", name, boxes, scores, max_output_size,
                (("iou_threshold", iou_threshold), ("score_threshold", score_threshold)),
                pad_to_max_output_size=bool(pad_to_max_output_size), with_count=True)


def non_max_suppression_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
                                 score_threshold=float("-inf"), name=None):
    """Greedy NMS over a given [n, n] overlap matrix instead of box IoUs."""
    return _nms("NonMaxSuppressionWithOverlaps", "non_max_suppression_overlaps", name, overlaps, scores,
                max_output_size, (("overlap_threshold", overlap_threshold), ("score_threshold", score_threshold)))


# --- sample_distorted_bounding_box -------------------------------------------------------------------------------
def _uniform_int(generator, high):
    """An int in [0, high) (TF's random.Uniform(high))."""
    return int(torch.randint(high, (), generator=generator))


def _random_crop_rect(height, width, min_area_fraction, max_area_fraction, aspect_ratio, generator):
    """TF's GenerateRandomCrop: an (x, y, w, h) crop of the given aspect ratio whose area lies in the range, or
    None when the sampled shape cannot fit."""
    min_area, max_area = min_area_fraction * width * height, max_area_fraction * width * height
    crop_height = int(round(math.sqrt(min_area / aspect_ratio)))
    max_height = int(round(math.sqrt(max_area / aspect_ratio)))
    if round(max_height * aspect_ratio) > width:
        max_height = int((width + 0.5 - 1e-7) / aspect_ratio)
    max_height = min(max_height, height)
    crop_height = min(crop_height, max_height)
    if crop_height < max_height:
        crop_height += _uniform_int(generator, max_height - crop_height + 1)
    crop_width = int(round(crop_height * aspect_ratio))
    if crop_width * crop_height < min_area:
        crop_height += 1
        crop_width = int(round(crop_height * aspect_ratio))
    if crop_width * crop_height > max_area:
        crop_height -= 1
        crop_width = int(round(crop_height * aspect_ratio))
    area = crop_width * crop_height
    if not (min_area <= area <= max_area) or not (0 < crop_width <= width) or not (0 < crop_height <= height):
        return None
    y = _uniform_int(generator, height - crop_height) if crop_height < height else 0
    x = _uniform_int(generator, width - crop_width) if crop_width < width else 0
    return x, y, crop_width, crop_height


def _covers_an_object(rect, objects, min_object_covered):
    """TF's SatisfiesOverlapConstraints: the crop has pixels and covers enough of some object with pixels."""
    x, y, w, h = rect
    if w * h < 1:
        return False
    for x0, y0, x1, y1 in objects:
        area = (x1 - x0) * (y1 - y0)
        if area < 1:
            continue
        overlap = max(0, min(x + w, x1) - max(x, x0)) * max(0, min(y + h, y1) - max(y, y0))
        if overlap / area >= min_object_covered:
            return True
    return False


def _sample_box_shapes(image_size, bounding_boxes, min_object_covered, **_):
    return [(image_size.dtype, [3]), (image_size.dtype, [3]), (dtypes.float32, [1, 1, 4])]


@op("SampleDistortedBoundingBoxV2", infer=_sample_box_shapes, num_outputs=3, stateful=True, differentiable=False)
def _sample_distorted_bounding_box(ctx, image_size, bounding_boxes, min_object_covered, *, seed, seed2,
                                   aspect_ratio_range, area_range, max_attempts, use_image_if_no_bounding_boxes):
    height, width = (int(v) for v in image_size.tolist()[:2])
    boxes = bounding_boxes.reshape(-1, 4).tolist()
    if not boxes and not use_image_if_no_bounding_boxes:
        raise errors.InvalidArgumentError(None, None, "No bounding boxes provided as input. One must enable "
                                                      "use_image_if_no_bounding_boxes if you wish to not provide "
                                                      "any bounding boxes.")
    objects = [(int(width * x0), int(height * y0), int(width * x1), int(height * y1)) for y0, x0, y1, x1 in boxes] \
        or [(0, 0, width, height)]
    generator = ctx.generator(seed, seed2, "cpu")
    covered = float(min_object_covered)
    rect = None
    for _ in range(max_attempts):
        ratio = float(torch.rand((), generator=generator)) * (aspect_ratio_range[1] - aspect_ratio_range[0]) + \
            aspect_ratio_range[0]
        rect = _random_crop_rect(height, width, area_range[0], area_range[1], ratio, generator)
        if rect is not None and _covers_an_object(rect, objects, covered):
            break
        rect = None
    x, y, w, h = rect or (0, 0, width, height)
    device = image_size.device
    begin = torch.tensor([y, x, 0], dtype=image_size.dtype, device=device)
    size = torch.tensor([h, w, -1], dtype=image_size.dtype, device=device)
    box = torch.tensor([[[y / height, x / width, (y + h) / height, (x + w) / width]]], dtype=torch.float32,
                       device=device)
    return begin, size, box


def sample_distorted_bounding_box(image_size, bounding_boxes, seed=None, seed2=None, min_object_covered=0.1,
                                  aspect_ratio_range=None, area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """(begin, size, bboxes) of a random crop covering at least min_object_covered of some box; the whole image
    when max_attempts samples all fail. Unseeded (seed and seed2 0 or None) draws differ per session, as TF."""
    with op_scope(name or "sample_distorted_bounding_box"):
        seeds = (seed or 0, seed2 or 0) if (seed or seed2) else (None, None)
        return tuple(apply(
            "SampleDistortedBoundingBoxV2", convert_to_tensor(image_size, name="image_size"),
            convert_to_tensor(bounding_boxes, dtype=dtypes.float32, name="bounding_boxes"),
            convert_to_tensor(min_object_covered, dtype=dtypes.float32, name="min_object_covered"),
            name="SampleDistortedBoundingBoxV2", seed=seeds[0], seed2=seeds[1],
            aspect_ratio_range=tuple(float(v) for v in (aspect_ratio_range or (0.75, 1.33))),
            area_range=tuple(float(v) for v in (area_range or (0.05, 1.0))), max_attempts=int(max_attempts or 100),
            use_image_if_no_bounding_boxes=bool(use_image_if_no_bounding_boxes)))


# --- draw_bounding_boxes -----------------------------------------------------------------------------------------
_BOX_COLORS = ((1, 1, 0, 1), (0, 0, 1, 1), (1, 0, 0, 1), (0, 1, 0, 1), (0.5, 0, 0.5, 1), (0.5, 0.5, 0, 1),
               (0.5, 0, 0, 1), (0, 0, 0.5, 1), (0, 1, 1, 1), (1, 0, 1, 1))  # TF's default RGBA table


def _draw_shape(images, boxes, *colors):
    dims = shapes.dims(images)
    if dims is not None and len(dims) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(dims)}")
    return shapes.unary(images)


@op("DrawBoundingBoxesV2", infer=_draw_shape, differentiable=False)
def _draw_bounding_boxes(images, boxes, colors=None):
    """One-pixel outlines; box b of an image takes colour b mod len(colors). Edges outside the image are not
    drawn, boxes with min > max are skipped; a one-channel image gets the colours' first channel set to 1."""
    canvas = images.clone()
    batch, height, width, depth = canvas.shape
    table = colors.tolist() if colors is not None else [list(c) for c in _BOX_COLORS]
    if depth == 1:
        table = [[1.0] + list(c[1:]) for c in table]
    for b, image_boxes in enumerate(boxes.tolist()):
        for index, (y0, x0, y1, x1) in enumerate(image_boxes):
            color = torch.tensor(table[index % len(table)][:depth], dtype=canvas.dtype, device=canvas.device)
            top, bottom = int(y0 * (height - 1)), int(y1 * (height - 1))
            left, right = int(x0 * (width - 1)), int(x1 * (width - 1))
            if top > bottom or left > right or top >= height or bottom < 0 or left >= width or right < 0:
                continue
            rows = slice(max(top, 0), min(bottom, height - 1) + 1)
            cols = slice(max(left, 0), min(right, width - 1) + 1)
            for row in (top, bottom):
                if 0 <= row < height:
                    canvas[b, row, cols] = color
            for col in (left, right):
                if 0 <= col < width:
                    canvas[b, rows, col] = color
    return canvas


def draw_bounding_boxes(images, boxes, name=None, colors=None):
    """images [batch, h, w, depth] (float) with each image's boxes [y0, x0, y1, x1] (normalized) outlined."""
    with op_scope(name or "DrawBoundingBoxes") as scope:
        images = convert_to_tensor(images, name="images")
        boxes = convert_to_tensor(boxes, dtype=dtypes.float32, name="boxes")
        extra = () if colors is None else (convert_to_tensor(colors, dtype=dtypes.float32, name="colors"),)
        return apply("DrawBoundingBoxesV2", images, boxes, *extra, name=scope)
