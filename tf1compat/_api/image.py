"""tf.image: each name is imported on first use."""
from ._lazy import import_lazily as _import_lazily
from ._missing import missing_names as _missing_names

_import_lazily(globals(), {
    "..ops.image_boxes_ops": "crop_and_resize draw_bounding_boxes non_max_suppression non_max_suppression_overlaps "
                             "non_max_suppression_padded non_max_suppression_with_scores "
                             "sample_distorted_bounding_box",
    "..ops.image_color_ops": "adjust_gamma adjust_hue adjust_saturation hsv_to_rgb random_hue random_saturation "
                             "rgb_to_hsv",
    "..ops.image_ops": "adjust_brightness adjust_contrast central_crop convert_image_dtype crop_to_bounding_box "
                       "flip_left_right flip_up_down grayscale_to_rgb image_gradients pad_to_bounding_box "
                       "per_image_standardization psnr random_brightness random_contrast random_flip_left_right "
                       "random_flip_up_down resize_image_with_crop_or_pad resize_with_crop_or_pad rgb_to_grayscale "
                       "rot90 sobel_edges ssim total_variation transpose transpose_image",
    "..ops.image_resize_ops": "ResizeMethod resize resize_area resize_bicubic resize_bilinear resize_image_with_pad "
                              "resize_images resize_nearest_neighbor",
    "..ops.image_decode_ops": "decode_bmp decode_gif decode_image decode_jpeg decode_png encode_jpeg encode_png",
}, fallback=_missing_names("tf.image"))
