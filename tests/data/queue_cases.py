"""Deterministic cases of the queue-era input ops, written once against the TF 1 API: run by real TensorFlow
(make_queue_goldens.py writes golden_queues.npz) and by tf1compat (test_readers.py, test_decode.py).
`run_all(tf, workdir)` returns {case name: numpy value}; an error becomes the string "Error: <type>: <text>"."""
import os

import numpy as np

FILES = {
    "a.csv": b"h1,h2\n1,2.5\r\n3,\n\n4,x",
    "c.bin": bytes(range(23)),
    "t.txt": b"l1\nl2\r\nl3",
    "empty.txt": b"",
}

CSV_CASES = {  # name: (records, record_defaults builder, kwargs)
    "plain": (["1,2"], lambda tf: [[1.0], [0]], {}),
    "too_few": (["1"], lambda tf: [[1.0], [0]], {}),
    "too_many": (["1,2,3"], lambda tf: [[1.0], [0]], {}),
    "default_used": ([",2"], lambda tf: [[1.0], [0]], {}),
    "required_missing": ([",2"], lambda tf: [tf.constant([], tf.float32), [0]], {}),
    "bad_float": (["a,2"], lambda tf: [[1.0], [0]], {}),
    "quoted_delim": (['"a,b",c'], lambda tf: [[""], [""]], {}),
    "no_quote_delim": (['"a,b",c'], lambda tf: [[""], [""]], {"use_quote_delim": False}),
    "escaped_quote": (['"a""b",c'], lambda tf: [[""], [""]], {}),
    "bad_quote": (['"ab"x,c'], lambda tf: [[""], [""]], {}),
    "quote_in_unquoted": (['a"b,c'], lambda tf: [[""], [""]], {}),
    "na_value": (["NA,3"], lambda tf: [[1.0], [0]], {"na_value": "NA"}),
    "select_cols": (["1;2;3"], lambda tf: [[1], [0]], {"field_delim": ";", "select_cols": [0, 2]}),
    "int32_overflow": (["1,9999999999"], lambda tf: [[1], [0]], {}),
    "int64": (["1,9999999999"], lambda tf: [[1], tf.constant([0], tf.int64)], {}),
    "spaces": ([" 1 , 2"], lambda tf: [[1.0], [0]], {}),
    "hex_int": (["1e3,0x1f"], lambda tf: [[1.0], [0]], {}),
    "inf": (["inf,-3"], lambda tf: [[1.0], [0.0]], {}),
    "batch": (["1,2", "3,4"], lambda tf: [[1.0], [0]], {}),
    "matrix": ([["1,2"], ["3,4"]], lambda tf: [[1.0], [0]], {}),
    "empty_record": ([""], lambda tf: [[1.0], [2]], {}),
    "strings": (["1,true"], lambda tf: [[1.0], [""]], {}),
    "float64": (["3.7,-2"], lambda tf: [[1.0], tf.constant([0], tf.float64)], {}),
    "trailing_delim": (["1,"], lambda tf: [[1.0], [7]], {}),
    "batch_bad_second": (["1,2", "3,x"], lambda tf: [[1.0], [0]], {}),
    "batch_default": (["1,2", ",4", "5,"], lambda tf: [[1.0], [9]], {}),
    "batch_strings": (["a,1.5", "b,-2"], lambda tf: [[""], tf.constant([0], tf.float64)], {}),
    "batch_short": (["1,2", "3"], lambda tf: [[1.0], [0]], {}),
}

RAW_CASES = {  # name: (values, out_type name, little_endian)
    "int32_le": ([b"\x01\x02\x03\x04"], "int32", True),
    "int32_be": ([b"\x01\x02\x03\x04"], "int32", False),
    "uint8": ([b"\x01\x02\x03\x04", b"abcd"], "uint8", True),
    "not_multiple": ([b"\x01\x02\x03"], "int32", True),
    "unequal": ([b"\x01\x02", b"\x01\x02\x03\x04"], "int16", True),
    "scalar_float": (b"\x00\x00\x80\x3f", "float32", True),
    "float_be": ([b"\x00\x00\x80\x3f\x00\x00\x00\x40"], "float32", False),
    "empty": ([b""], "int32", True),
    "float16": ([b"\x01\x02"], "float16", True),
    "int64_be": ([b"\x00\x00\x00\x00\x00\x00\x01\x02"], "int64", False),
    "float64": ([np.float64(2.5).tobytes()], "float64", True),
}

IMAGE_DECODINGS = {  # golden name: (encoded image name, decode call)
    "png_rgb_c0": ("png_rgb", lambda tf, c: tf.image.decode_png(c)),
    "png_rgb_c1": ("png_rgb", lambda tf, c: tf.image.decode_png(c, channels=1)),
    "png_rgb_c4": ("png_rgb", lambda tf, c: tf.image.decode_png(c, channels=4)),
    "png_gray_c0": ("png_gray", lambda tf, c: tf.image.decode_png(c)),
    "png_gray_c3": ("png_gray", lambda tf, c: tf.image.decode_png(c, channels=3)),
    "png_rgba_c0": ("png_rgba", lambda tf, c: tf.image.decode_png(c)),
    "png_rgba_c3": ("png_rgba", lambda tf, c: tf.image.decode_png(c, channels=3)),
    "png16_c0": ("png16", lambda tf, c: tf.image.decode_png(c, dtype=tf.uint16)),
    "png_rgb_as16": ("png_rgb", lambda tf, c: tf.image.decode_png(c, dtype=tf.uint16)),
    "jpeg_rgb_c0": ("jpeg_rgb", lambda tf, c: tf.image.decode_jpeg(c)),
    "jpeg_rgb_c1": ("jpeg_rgb", lambda tf, c: tf.image.decode_jpeg(c, channels=1)),
    "jpeg_gray_c0": ("jpeg_gray", lambda tf, c: tf.image.decode_jpeg(c)),
    "image_png": ("png_rgb", lambda tf, c: tf.image.decode_image(c)),
    "image_jpeg": ("jpeg_rgb", lambda tf, c: tf.image.decode_image(c)),
    "image_png_float": ("png_rgb", lambda tf, c: tf.image.decode_image(c, dtype=tf.float32)),
}

READER_CASES = {  # name: (reader builder, file names, reads)
    "text": (lambda tf: tf.TextLineReader(), ["t.txt", "c.bin", "empty.txt", "t.txt"], 12),
    "text_header": (lambda tf: tf.TextLineReader(skip_header_lines=1), ["a.csv", "t.txt"], 8),
    "fixed": (lambda tf: tf.FixedLengthRecordReader(5, header_bytes=2, footer_bytes=1), ["c.bin", "t.txt"], 8),
    "fixed_hop": (lambda tf: tf.FixedLengthRecordReader(5, hop_bytes=3), ["c.bin"], 9),
    "whole": (lambda tf: tf.WholeFileReader(), ["c.bin", "t.txt", "empty.txt"], 4),
}


def error_text(exc):
    """`Error: <type>: <TF's message line>`: real TF 2 wraps it in 'Graph execution error' context lines."""
    lines = [line for line in str(getattr(exc, "message", exc)).split("\n") if line and not line[0].isspace()
             and not line.startswith(("Graph execution", "Detected at", "Node:", "\t"))]
    return f"Error: {type(exc).__name__}: {lines[-1] if lines else ''}"


def write_files(workdir):
    for name, data in FILES.items():
        with open(os.path.join(workdir, name), "wb") as f:
            f.write(data)


def _run(sess, fetches, feed=None):
    try:
        return sess.run(fetches, feed)
    except Exception as exc:  # noqa: BLE001 - the error is the expected value
        return error_text(exc)


def _store(out, name, value):
    if isinstance(value, str):
        out[name] = np.array(value)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _store(out, f"{name}/{i}", v)
    else:
        out[name] = np.asarray(value)


def csv_values(tf):
    out = {}
    with tf.Graph().as_default(), tf.Session() as sess:
        records = tf.placeholder(tf.string)
        for name, (values, defaults, kwargs) in CSV_CASES.items():
            _store(out, f"csv/{name}", _run(sess, tf.decode_csv(records, defaults(tf), **kwargs), {records: values}))
    return out


def raw_values(tf):
    out = {}
    with tf.Graph().as_default(), tf.Session() as sess:
        data = tf.placeholder(tf.string)
        for name, (values, out_type, little_endian) in RAW_CASES.items():
            decoded = tf.decode_raw(data, getattr(tf, out_type), little_endian=little_endian)
            _store(out, f"raw/{name}", _run(sess, decoded, {data: values}))
    return out


def reader_values(tf, workdir):
    """Each reader's (key, value) records over its files until the closed file queue ends them; keys are
    stored relative to workdir."""
    out = {}
    for name, (make_reader, files, reads) in READER_CASES.items():
        with tf.Graph().as_default(), tf.Session() as sess:
            queue = tf.FIFOQueue(10, tf.string)
            reader = make_reader(tf)
            key, value = reader.read(queue)
            sess.run(queue.enqueue_many([[os.path.join(workdir, f) for f in files]]))
            sess.run(queue.close())
            records = [_run(sess, [key, value]) for _ in range(reads)]
            counts = sess.run([reader.num_records_produced(), reader.num_work_units_completed()])
        out[f"reader/{name}/keys"] = np.array([r if isinstance(r, str) else
                                               r[0].decode().replace(workdir + os.sep, "") for r in records])
        out[f"reader/{name}/values"] = np.array([b"" if isinstance(r, str) else r[1] for r in records], dtype=object)
        out[f"reader/{name}/counts"] = np.array(counts)
    return out


def run_all(tf, workdir):
    write_files(workdir)
    return {**csv_values(tf), **raw_values(tf), **reader_values(tf, workdir)}
