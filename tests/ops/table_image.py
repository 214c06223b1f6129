"""Golden cases for tf.image (fixture tests/golden/ops_image.npz). Random ops are in
tests/losses_metrics/test_image_random.py."""
import numpy as np

from ops.op_table import Case, f32, i32, rnd

CASES = []


def case(name, build, *inputs, grad=True):
    CASES.append(Case(name=name, build=build, inputs=tuple(inputs), grad=grad))


def u8(seed, *shape):
    return np.random.RandomState(seed).randint(0, 256, shape).astype(np.uint8)


def unit(seed, *shape):
    return np.random.RandomState(seed).uniform(0.0, 1.0, shape).astype(np.float32)


IMG = rnd(1, 2, 5, 7, 3)       # NHWC with odd sizes
IMG3 = rnd(2, 4, 6, 2)         # HWC

# --- resizing: every method, up and down, align_corners, 3-D and 4-D, uint8 input ---------------------------------
for method in range(4):
    grad = method != 3  # TF has no gradient for ResizeArea
    case(f"resize_images_m{method}_up", lambda tf, x, m=method: tf.image.resize_images(x, [9, 11], method=m),
         IMG, grad=grad)
    case(f"resize_images_m{method}_down", lambda tf, x, m=method: tf.image.resize_images(x, [3, 4], method=m),
         IMG, grad=grad)
    case(f"resize_images_m{method}_align", lambda tf, x, m=method: tf.image.resize_images(
        x, [8, 3], method=m, align_corners=True), IMG, grad=grad)
    case(f"resize_images_m{method}_3d", lambda tf, x, m=method: tf.image.resize_images(x, (7, 4), method=m),
         IMG3, grad=grad)
    case(f"resize_images_m{method}_uint8", lambda tf, x, m=method: tf.image.resize_images(x, [6, 5], method=m),
         u8(3, 1, 4, 3, 3))
case("resize_images_same_size_keeps_dtype", lambda tf, x: tf.image.resize_images(x, [4, 3]), u8(4, 2, 4, 3, 1))
case("resize_images_to_1x1_align", lambda tf, x: tf.image.resize_images(x, [1, 1], align_corners=True), IMG)
case("resize_images_resize_method_enum", lambda tf, x: tf.image.resize_images(
    x, [10, 3], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR), IMG)
case("resize_alias_bicubic", lambda tf, x: tf.image.resize(x, [4, 9], method=tf.image.ResizeMethod.BICUBIC), IMG)
case("resize_bilinear", lambda tf, x: tf.image.resize_bilinear(x, [7, 3]), IMG)
case("resize_bilinear_align", lambda tf, x: tf.image.resize_bilinear(x, [7, 13], align_corners=True), IMG)
case("resize_bilinear_half_pixel", lambda tf, x: tf.image.resize_bilinear(x, [7, 13], half_pixel_centers=True),
     IMG)
case("resize_nearest_neighbor", lambda tf, x: tf.image.resize_nearest_neighbor(x, [11, 4]), IMG)
case("resize_nearest_neighbor_align", lambda tf, x: tf.image.resize_nearest_neighbor(
    x, [11, 4], align_corners=True), IMG)
case("resize_nearest_neighbor_half_pixel", lambda tf, x: tf.image.resize_nearest_neighbor(
    x, [3, 10], half_pixel_centers=True), IMG)
case("resize_bicubic", lambda tf, x: tf.image.resize_bicubic(x, [8, 5]), IMG)
case("resize_bicubic_align", lambda tf, x: tf.image.resize_bicubic(x, [3, 12], align_corners=True), IMG)
case("resize_bicubic_half_pixel", lambda tf, x: tf.image.resize_bicubic(x, [8, 5], half_pixel_centers=True), IMG)
case("resize_area_uneven", lambda tf, x: tf.image.resize_area(x, [3, 3]), IMG, grad=False)
case("resize_bilinear_float64", lambda tf, x: tf.image.resize_bilinear(x, [3, 9]), IMG.astype(np.float64))

# --- flips, transposes, rotations ---------------------------------------------------------------------------------
case("flip_left_right_3d", lambda tf, x: tf.image.flip_left_right(x), IMG3)
case("flip_left_right_4d", lambda tf, x: tf.image.flip_left_right(x), IMG)
case("flip_up_down_3d", lambda tf, x: tf.image.flip_up_down(x), IMG3)
case("flip_up_down_4d_uint8", lambda tf, x: tf.image.flip_up_down(x), u8(5, 2, 3, 4, 1))
case("transpose_image_3d", lambda tf, x: tf.image.transpose_image(x), IMG3)
case("transpose_image_4d", lambda tf, x: tf.image.transpose_image(x), IMG)
SQUARE = rnd(3, 2, 4, 4, 2)  # TF's rot90 loses H, W statically on non-square images
for k in range(5):
    case(f"rot90_k{k}_3d", lambda tf, x, k=k: tf.image.rot90(x, k=k), SQUARE[0])
case("rot90_default_4d", lambda tf, x: tf.image.rot90(x), SQUARE)
case("rot90_k3_4d", lambda tf, x: tf.image.rot90(x, 3), SQUARE)

# --- crops and pads -----------------------------------------------------------------------------------------------
case("central_crop_half", lambda tf, x: tf.image.central_crop(x, 0.5), IMG3)
case("central_crop_odd_4d", lambda tf, x: tf.image.central_crop(x, 0.33), IMG)
case("central_crop_one", lambda tf, x: tf.image.central_crop(x, 1.0), IMG3)
case("crop_to_bounding_box_3d", lambda tf, x: tf.image.crop_to_bounding_box(x, 1, 2, 2, 3), IMG3)
case("crop_to_bounding_box_4d", lambda tf, x: tf.image.crop_to_bounding_box(x, 0, 3, 5, 4), IMG)
case("pad_to_bounding_box_3d", lambda tf, x: tf.image.pad_to_bounding_box(x, 1, 2, 7, 9), IMG3)
case("pad_to_bounding_box_4d_uint8", lambda tf, x: tf.image.pad_to_bounding_box(x, 0, 1, 5, 5), u8(6, 2, 3, 4, 1))
case("resize_with_crop_or_pad_crop", lambda tf, x: tf.image.resize_image_with_crop_or_pad(x, 3, 4), IMG)
case("resize_with_crop_or_pad_pad", lambda tf, x: tf.image.resize_image_with_crop_or_pad(x, 7, 9), IMG3)
case("resize_with_crop_or_pad_mixed", lambda tf, x: tf.image.resize_image_with_crop_or_pad(x, 8, 3), IMG)
case("resize_with_crop_or_pad_same", lambda tf, x: tf.image.resize_image_with_crop_or_pad(x, 4, 6), IMG3)

# --- standardization, dtype conversion, colour --------------------------------------------------------------------
case("per_image_standardization_3d", lambda tf, x: tf.image.per_image_standardization(x), IMG3)
case("per_image_standardization_4d", lambda tf, x: tf.image.per_image_standardization(x), IMG)
case("per_image_standardization_uint8", lambda tf, x: tf.image.per_image_standardization(x), u8(7, 3, 4, 3))
case("per_image_standardization_tiny_stddev", lambda tf, x: tf.image.per_image_standardization(x),
     f32(np.linspace(0, 1e-3, 12).reshape(2, 2, 3)))
case("convert_image_dtype_uint8_to_float", lambda tf, x: tf.image.convert_image_dtype(x, tf.float32),
     u8(8, 3, 4, 3))
case("convert_image_dtype_float_to_uint8", lambda tf, x: tf.image.convert_image_dtype(x, tf.uint8),
     unit(9, 3, 4, 3))
case("convert_image_dtype_float_to_uint8_saturate", lambda tf, x: tf.image.convert_image_dtype(
    x, tf.uint8, saturate=True), f32([[[-0.5, 0.0, 0.3], [0.999, 1.0, 1.7]]]))
case("convert_image_dtype_float_to_int32", lambda tf, x: tf.image.convert_image_dtype(x, tf.int32),
     unit(10, 2, 2, 3))
case("convert_image_dtype_uint8_to_int32", lambda tf, x: tf.image.convert_image_dtype(x, tf.int32),
     u8(11, 2, 3, 1))
case("convert_image_dtype_int32_to_uint8", lambda tf, x: tf.image.convert_image_dtype(x, tf.uint8),
     np.random.RandomState(12).randint(0, 2 ** 31 - 1, (2, 3, 1)).astype(np.int32))
case("convert_image_dtype_float_to_float64", lambda tf, x: tf.image.convert_image_dtype(x, tf.float64),
     unit(13, 2, 2, 1))
case("convert_image_dtype_same", lambda tf, x: tf.image.convert_image_dtype(x, tf.float32), unit(14, 2, 2, 1))
case("rgb_to_grayscale_float", lambda tf, x: tf.image.rgb_to_grayscale(x), unit(15, 2, 3, 4, 3))
case("rgb_to_grayscale_uint8", lambda tf, x: tf.image.rgb_to_grayscale(x), u8(16, 3, 4, 3))
case("grayscale_to_rgb", lambda tf, x: tf.image.grayscale_to_rgb(x), unit(17, 2, 3, 4, 1))
case("grayscale_to_rgb_uint8", lambda tf, x: tf.image.grayscale_to_rgb(x), u8(18, 3, 4, 1))

# --- brightness and contrast --------------------------------------------------------------------------------------
case("adjust_brightness_float", lambda tf, x: tf.image.adjust_brightness(x, 0.25), unit(19, 3, 4, 3))
case("adjust_brightness_uint8_saturates", lambda tf, x: tf.image.adjust_brightness(x, 0.3), u8(20, 3, 4, 3))
case("adjust_brightness_negative_uint8", lambda tf, x: tf.image.adjust_brightness(x, -0.5), u8(21, 2, 3, 4, 1))
case("adjust_contrast_float", lambda tf, x: tf.image.adjust_contrast(x, 1.8), unit(22, 2, 3, 4, 3), grad=False)
case("adjust_contrast_uint8", lambda tf, x: tf.image.adjust_contrast(x, 2.5), u8(23, 4, 5, 3), grad=False)
case("adjust_contrast_float64", lambda tf, x: tf.image.adjust_contrast(x, 0.5), unit(24, 3, 3, 2).astype(
    np.float64), grad=False)

# --- colour spaces and colour adjustments -------------------------------------------------------------------------
GRAYS_AND_TIES = f32([[[0.2, 0.2, 0.2], [0.0, 0.0, 0.0], [1.0, 0.5, 0.5], [0.3, 0.7, 0.7]],
                      [[0.9, 0.1, 0.9], [0.4, 0.4, 0.1], [0.0, 1.0, 0.0], [0.1, 0.2, 0.3]]])
case("rgb_to_hsv", lambda tf, x: tf.image.rgb_to_hsv(x), unit(25, 2, 3, 4, 3))
case("rgb_to_hsv_grays_and_ties", lambda tf, x: tf.image.rgb_to_hsv(x), GRAYS_AND_TIES)
case("rgb_to_hsv_float64", lambda tf, x: tf.image.rgb_to_hsv(x), unit(26, 5, 3).astype(np.float64))
case("hsv_to_rgb", lambda tf, x: tf.image.hsv_to_rgb(x), unit(27, 2, 3, 4, 3), grad=False)
case("hsv_round_trip", lambda tf, x: tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(x)), unit(28, 3, 4, 3), grad=False)
for delta in (0.1, -0.35, 0.5, 1.0):
    case(f"adjust_hue_{delta}", lambda tf, x, d=delta: tf.image.adjust_hue(x, d), unit(29, 3, 4, 3), grad=False)
case("adjust_hue_grays_and_ties", lambda tf, x: tf.image.adjust_hue(x, 0.2), GRAYS_AND_TIES, grad=False)
case("adjust_hue_uint8", lambda tf, x: tf.image.adjust_hue(x, 0.25), u8(30, 2, 3, 3, 3))
for factor in (0.0, 0.5, 1.7, 5.0):
    case(f"adjust_saturation_{factor}", lambda tf, x, f=factor: tf.image.adjust_saturation(x, f),
         unit(31, 3, 4, 3), grad=False)
case("adjust_saturation_grays_and_ties", lambda tf, x: tf.image.adjust_saturation(x, 1.5), GRAYS_AND_TIES,
     grad=False)
case("adjust_saturation_uint8", lambda tf, x: tf.image.adjust_saturation(x, 2.0), u8(32, 3, 3, 3))
case("adjust_gamma", lambda tf, x: tf.image.adjust_gamma(x, 2.2), unit(33, 3, 4, 3))
case("adjust_gamma_gain", lambda tf, x: tf.image.adjust_gamma(x, 0.5, gain=1.5), unit(34, 2, 3, 4, 1))
case("adjust_gamma_uint8", lambda tf, x: tf.image.adjust_gamma(x, 0.7, 1.2), u8(35, 3, 4, 3))

# --- image statistics -------------------------------------------------------------------------------------------------
case("total_variation_3d", lambda tf, x: tf.image.total_variation(x), IMG3)
case("total_variation_4d", lambda tf, x: tf.image.total_variation(x), IMG)
case("image_gradients", lambda tf, x: tf.image.image_gradients(x), IMG)
case("psnr_float", lambda tf, a, b: tf.image.psnr(a, b, max_val=1.0), unit(36, 2, 4, 4, 3), unit(37, 2, 4, 4, 3))
case("psnr_uint8", lambda tf, a, b: tf.image.psnr(a, b, 255), u8(38, 4, 4, 3), u8(39, 4, 4, 3))

# --- resize with pad ----------------------------------------------------------------------------------------------
case("resize_image_with_pad_wide", lambda tf, x: tf.image.resize_image_with_pad(x, 8, 8), IMG)
case("resize_image_with_pad_tall_3d", lambda tf, x: tf.image.resize_image_with_pad(x, 9, 3), IMG3)
case("resize_image_with_pad_same_ratio_uint8", lambda tf, x: tf.image.resize_image_with_pad(x, 4, 6),
     u8(40, 4, 6, 1))
case("resize_image_with_pad_nearest", lambda tf, x: tf.image.resize_image_with_pad(
    x, 7, 5, method=tf.image.ResizeMethod.NEAREST_NEIGHBOR), IMG)
case("resize_image_with_pad_area_align", lambda tf, x: tf.image.resize_image_with_pad(
    x, 7, 11, method=tf.image.ResizeMethod.AREA, align_corners=True), IMG, grad=False)

# --- boxes: crop_and_resize, non_max_suppression; sobel ----------------------------------------------------------
BOXES = f32([[0.1, 0.2, 0.8, 0.9], [0.0, 0.0, 1.0, 1.0], [0.5, 0.6, 0.2, 0.1], [-0.2, 0.3, 0.4, 1.3],
             [0.25, 0.25, 0.25, 0.75]])
BOX_IND = i32([0, 1, 1, 0, 1])
case("crop_and_resize", lambda tf, x, b, i: tf.image.crop_and_resize(x, b, i, [4, 3]), IMG, BOXES, BOX_IND)
case("crop_and_resize_1x1_extrapolate", lambda tf, x, b, i: tf.image.crop_and_resize(
    x, b, i, crop_size=[1, 1], extrapolation_value=-1.0), IMG, BOXES, BOX_IND)
case("crop_and_resize_box_indices_uint8", lambda tf, x, b, i: tf.image.crop_and_resize(
    x, b, box_indices=i, crop_size=[3, 5]), u8(41, 2, 5, 7, 3), BOXES, BOX_IND)
case("crop_and_resize_nearest", lambda tf, x, b, i: tf.image.crop_and_resize(x, b, i, [4, 3], method="nearest"),
     IMG, BOXES, BOX_IND)  # TF's box gradient for nearest is the bilinear one
NMS_BOXES = f32([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1],
                 [0, 100, 1, 101], [1, 1, 0, 0.5], [0, 0, 0, 0]])
NMS_SCORES = f32([0.9, 0.75, 0.6, 0.95, 0.5, 0.3, 0.9, 0.99])
case("non_max_suppression", lambda tf, b, s: tf.image.non_max_suppression(b, s, 10), NMS_BOXES, NMS_SCORES)
case("non_max_suppression_max_output", lambda tf, b, s: tf.image.non_max_suppression(b, s, 3, iou_threshold=0.4),
     NMS_BOXES, NMS_SCORES)
case("non_max_suppression_iou_exactly_threshold", lambda tf, b, s: tf.image.non_max_suppression(
    b, s, 5, iou_threshold=0.5), f32([[0, 0, 1, 1], [0, 0, 1, 0.5], [0, 0, 0.5, 1]]), f32([0.5, 0.5, 0.4]))
case("non_max_suppression_score_threshold", lambda tf, b, s: tf.image.non_max_suppression(
    b, s, 10, iou_threshold=0.7, score_threshold=0.6), NMS_BOXES, NMS_SCORES)
case("sobel_edges", lambda tf, x: tf.image.sobel_edges(x), IMG)
case("ssim", lambda tf, a, b: tf.image.ssim(a, b, max_val=1.0), unit(42, 2, 16, 13, 3),
     np.clip(unit(42, 2, 16, 13, 3) + rnd(43, 2, 16, 13, 3) * 0.1, 0, 1))
case("ssim_uint8_small_filter", lambda tf, a, b: tf.image.ssim(a, b, 255, filter_size=5, filter_sigma=0.8),
     u8(44, 9, 8, 1), u8(45, 9, 8, 1))
DRAW_BOXES = f32([[[0.1, 0.2, 0.8, 0.9], [0.5, -0.3, 1.4, 0.5], [0.6, 0.6, 0.2, 0.9]],
                  [[0.0, 0.0, 1.0, 1.0], [0.3, 0.3, 0.3, 0.3], [-0.5, -0.5, -0.1, 0.5]]])
case("draw_bounding_boxes_rgb", lambda tf, x, b: tf.image.draw_bounding_boxes(x, b), unit(46, 2, 7, 9, 3),
     DRAW_BOXES, grad=False)
case("draw_bounding_boxes_gray_many_boxes", lambda tf, x, b: tf.image.draw_bounding_boxes(x, b),
     unit(47, 1, 8, 8, 1), np.random.RandomState(48).uniform(-0.2, 1.2, (1, 12, 4)).astype(np.float32), grad=False)
case("draw_bounding_boxes_colors_rgba", lambda tf, x, b: tf.image.draw_bounding_boxes(
    x, b, colors=np.array([[0.2, 0.4, 0.6, 0.8], [1.0, 0.0, 0.5, 0.3]], np.float32)), unit(49, 2, 6, 5, 4),
     DRAW_BOXES, grad=False)
case("resize_images_preserve_aspect_ratio", lambda tf, x: tf.image.resize_images(
    x, [9, 9], preserve_aspect_ratio=True), IMG)
case("resize_images_preserve_aspect_ratio_3d_nearest", lambda tf, x: tf.image.resize_images(
    x, [3, 20], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR, preserve_aspect_ratio=True), IMG3)
case("non_max_suppression_with_scores_hard", lambda tf, b, s: tf.image.non_max_suppression_with_scores(
    b, s, 10, iou_threshold=0.4), NMS_BOXES, NMS_SCORES, grad=False)
case("non_max_suppression_with_scores_soft", lambda tf, b, s: tf.image.non_max_suppression_with_scores(
    b, s, 6, iou_threshold=1.0, score_threshold=0.1, soft_nms_sigma=0.5), NMS_BOXES, NMS_SCORES, grad=False)
# well-formed boxes only: TF 2's padded NMS is a different algorithm from 1.15's NonMaxSuppressionV4 (which
# tf1compat follows) on empty or corner-swapped boxes
case("non_max_suppression_padded", lambda tf, b, s: tf.image.non_max_suppression_padded(
    b, s, 10, iou_threshold=0.4, pad_to_max_output_size=True), NMS_BOXES[:6], NMS_SCORES[:6])
case("non_max_suppression_overlaps", lambda tf, o, s: tf.image.non_max_suppression_overlaps(
    o, s, 4, overlap_threshold=0.3), np.random.RandomState(50).uniform(0, 1, (6, 6)).astype(np.float32),
     np.random.RandomState(51).uniform(0, 1, 6).astype(np.float32))
