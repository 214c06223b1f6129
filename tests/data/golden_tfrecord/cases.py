"""What the golden TFRecord fixtures hold, written once with the public TF 1 API so that the same code runs on
real TensorFlow (make_golden.py) and on tf1compat (the tests)."""

RECORDS = [b"hello", b"", b"x" * 300, bytes(range(256)), "unicode \u00e9".encode("utf-8")] + \
    [b"record %d" % i for i in range(40)]
COMPRESSIONS = {"plain": "", "gzip": "GZIP", "zlib": "ZLIB"}


def examples(tf):
    """Examples with every list type, empty lists, missing features, int64 extremes and odd bytes."""
    train = tf.train

    def ints(*v):
        return train.Feature(int64_list=train.Int64List(value=list(v)))

    def floats(*v):
        return train.Feature(float_list=train.FloatList(value=list(v)))

    def strings(*v):
        return train.Feature(bytes_list=train.BytesList(value=list(v)))

    def example(**features):
        return train.Example(features=train.Features(feature=features))

    return [
        example(label=ints(3), pixels=floats(0.5, -1.25, 3e38), name=strings(b"first"), tags=strings(b"a", b"bc"),
                seq=ints(1, 2, 3, 4), pairs=ints(1, 2, 3, 4), big=ints(2**62, -2**63)),
        example(label=ints(7), pixels=floats(1, 2, 3), name=strings(b"second"), tags=strings(), seq=ints(5, 6),
                pairs=ints(5, 6), weights=floats(0.25)),
        example(label=ints(-1), pixels=floats(0, 0, 0), name=strings(b""), tags=strings(b"\xff\x00")),
    ]


def feature_sets(tf):
    return {
        "fixed": {"label": tf.FixedLenFeature([], tf.int64), "pixels": tf.FixedLenFeature([3], tf.float32),
                  "name": tf.FixedLenFeature([], tf.string)},
        "shaped_defaults": {"pixels": tf.FixedLenFeature([1, 3], tf.float32),
                            "missing_int": tf.FixedLenFeature([2], tf.int64, default_value=[4, 5]),
                            "missing_str": tf.FixedLenFeature([], tf.string, default_value=b"none"),
                            "weights": tf.io.FixedLenFeature([], tf.float32, default_value=-1.0)},
        "varlen": {"tags": tf.VarLenFeature(tf.string), "seq": tf.VarLenFeature(tf.int64),
                   "weights": tf.io.VarLenFeature(tf.float32), "label": tf.FixedLenFeature([], tf.int64)},
        "sequence": {"seq": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
                     "pairs": tf.io.FixedLenSequenceFeature([2], tf.int64, allow_missing=True, default_value=-9),
                     "tags": tf.FixedLenSequenceFeature([], tf.string, allow_missing=True)},
    }


def parsed_batches(tf, path):
    """The next-batch structure of TFRecordDataset(path).map(parse_single_example).batch(2) with the varlen
    features: SparseTensors batched as TF batches them."""
    features = feature_sets(tf)["varlen"]
    dataset = tf.data.TFRecordDataset(path).map(lambda record: tf.parse_single_example(record, features)).batch(2)
    return tf.data.make_one_shot_iterator(dataset).get_next()
