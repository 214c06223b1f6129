"""Write golden_queues.npz with REAL TensorFlow: `/opt/tfvenv/bin/python tests/data/make_queue_goldens.py`.
Values of queue_cases.run_all, plus images encoded by TF and TF's decodings of them (image/...)."""
import os
import sys
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import queue_cases  # noqa: E402

tf.disable_v2_behavior()



def images():
    rng = np.random.RandomState(0)
    pixels = {"rgb": rng.randint(0, 256, (7, 5, 3)).astype(np.uint8),
              "gray": rng.randint(0, 256, (6, 4, 1)).astype(np.uint8),
              "rgba": rng.randint(0, 256, (3, 5, 4)).astype(np.uint8),
              "gray16": rng.randint(0, 65536, (4, 3, 1)).astype(np.uint16)}
    smooth = (np.add.outer(np.arange(16), np.arange(16)) * 8 % 256).astype(np.uint8)  # JPEG-friendly
    with tf.Graph().as_default(), tf.Session() as sess:
        encoded = sess.run({
            "png_rgb": tf.image.encode_png(pixels["rgb"]), "png_gray": tf.image.encode_png(pixels["gray"]),
            "png_rgba": tf.image.encode_png(pixels["rgba"]), "png16": tf.image.encode_png(pixels["gray16"]),
            "jpeg_rgb": tf.image.encode_jpeg(np.stack([smooth, smooth[::-1], smooth.T], -1), quality=90),
            "jpeg_gray": tf.image.encode_jpeg(smooth[:, :, None], quality=90)})
        contents = tf.placeholder(tf.string)
        decoded = {name: sess.run(decode(tf, contents), {contents: encoded[source]})
                   for name, (source, decode) in queue_cases.IMAGE_DECODINGS.items()}
    out = {f"image/encoded/{k}": np.frombuffer(v, np.uint8) for k, v in encoded.items()}
    out.update({f"image/decoded/{k}": v for k, v in decoded.items()})
    return out


def main():
    with tempfile.TemporaryDirectory() as workdir:
        values = queue_cases.run_all(tf, workdir)
    values.update(images())
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_queues.npz")
    np.savez(path, **values)
    print(f"wrote {len(values)} arrays to {path}")


if __name__ == "__main__":
    main()
