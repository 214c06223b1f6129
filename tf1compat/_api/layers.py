"""tf.layers: each name is imported on first use."""
from ._lazy import import_lazily as _import_lazily
from ._missing import missing_names as _missing_names

_import_lazily(globals(), {
    "..layers.base": "Layer",
    "..layers.convolutional": "Conv1D Conv2D Conv2DTranspose conv1d conv2d conv2d_transpose",
    "..layers.core": "Dense Dropout Flatten dense dropout flatten",
    "..layers.normalization": "BatchNormalization batch_normalization",
    "..layers.pooling": "AveragePooling1D AveragePooling2D MaxPooling1D MaxPooling2D average_pooling1d "
                        "average_pooling2d max_pooling1d max_pooling2d",
}, fallback=_missing_names("tf.layers"))
