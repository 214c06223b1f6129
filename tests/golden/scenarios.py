"""Whole TF 1 programs run identically on real TensorFlow and on tf1compat.

Each scenario is ``fn(tf) -> dict[str, np.ndarray]``; ``tf`` is either
``tensorflow.compat.v1`` (graph mode, reference variables) or ``tf1compat``.
The caller resets the default graph first.  No randomness comes from TF:
every initial value is a numpy / Python constant.

This module must import neither tensorflow nor tf1compat.
"""

from __future__ import annotations

import numpy as np


def linear_regression_sgd(tf):
    """The seed program: per-sample SGD on y = w*x + b for 3 epochs."""
    train_X = np.linspace(-1, 1, 100)
    train_Y = 3 * train_X + np.random.RandomState(0).randn(*train_X.shape) * 0.3

    X = tf.placeholder("float")
    Y = tf.placeholder("float")
    w = tf.Variable(np.array([0.5], np.float32), name="weight")
    b = tf.Variable(np.array([0.1], np.float32), name="bias")
    z = tf.multiply(X, w) + b
    cost = tf.reduce_mean(tf.square(Y - z))
    opt = tf.train.GradientDescentOptimizer(0.01).minimize(cost)

    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["cost_initial"] = sess.run(cost, feed_dict={X: train_X, Y: train_Y})
        for epoch in range(3):
            for x, y in zip(train_X, train_Y):  # x, y: numpy float64 scalars
                sess.run(opt, feed_dict={X: x, Y: y})
            out[f"w_epoch{epoch}"] = sess.run(w)
        out["w"] = sess.run(w)
        out["b"] = sess.run(b)
        out["cost"] = sess.run(cost, feed_dict={X: train_X, Y: train_Y})
        out["z_at_2"] = sess.run(z, feed_dict={X: 2})
        out["z_batch"] = sess.run(z, feed_dict={X: [0.0, 1.0, -1.0]})
    return out


def fetch_order(tf):
    """Fetching a ref variable next to its train op gives the post-update value;
    fetching the loss next to the train op gives the pre-update loss."""
    w = tf.Variable(np.array([1.0, 2.0], np.float32), name="w")
    x = tf.constant(np.array([0.5, -1.0], np.float32))
    loss = tf.reduce_sum(tf.square(w * x - 1.0))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["w_init"] = sess.run(w)
        out["loss_init"] = sess.run(loss)
        _, w_after = sess.run([train_op, w])
        out["w_after_step1"] = w_after
        loss_v, _ = sess.run([loss, train_op])
        out["loss_fetched_with_step2"] = loss_v
        out["w_after_step2"] = sess.run(w)
        out["loss_after_step2"] = sess.run(loss)
        fetched = sess.run({"loss": loss, "w": w})
        out["dict_fetch_loss"] = fetched["loss"]
        out["dict_fetch_w"] = fetched["w"]
    return out


def gradients_and_minimize_global_step(tf):
    a = tf.Variable(np.array([1.0, -2.0], np.float32), name="a")
    c = tf.Variable(np.array(3.0, np.float32), name="c")
    x = tf.constant(np.array([0.5, 1.5], np.float32))
    y = tf.reduce_sum(tf.square(a * x) * c) + tf.reduce_mean(tf.exp(a))

    ga, gc = tf.gradients(y, [a, c])
    global_step = tf.train.get_or_create_global_step()
    opt = tf.train.GradientDescentOptimizer(0.05)
    grads_and_vars = opt.compute_gradients(y)
    train = opt.apply_gradients(grads_and_vars, global_step=global_step)
    minimize = tf.train.GradientDescentOptimizer(0.02).minimize(y, global_step=global_step)

    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["grad_a"], out["grad_c"] = sess.run([ga, gc])
        cg = sess.run([g for g, _ in grads_and_vars])
        out["n_grads_and_vars"] = np.asarray(len(grads_and_vars), np.int64)
        for i, g in enumerate(cg):
            out[f"compute_gradients_{i}"] = g
        out["global_step_init"] = sess.run(global_step)
        sess.run(train)
        out["a_after_apply"] = sess.run(a)
        out["c_after_apply"] = sess.run(c)
        out["global_step_after_apply"] = sess.run(global_step)
        sess.run(train)
        sess.run(minimize)
        out["a_final"] = sess.run(a)
        out["c_final"] = sess.run(c)
        out["y_final"] = sess.run(y)
        out["global_step_final"] = sess.run(global_step)
    return out


def assign_ops(tf):
    v = tf.Variable(np.array([1.0, 2.0, 3.0], np.float32), name="v")
    counter = tf.Variable(0, name="counter")
    s = tf.Variable(1.5, name="s")

    a1 = tf.assign(v, [10.0, 20.0, 30.0])
    a2 = tf.assign_add(v, np.array([1.0, 1.0, 1.0], np.float32))
    a3 = tf.assign_sub(v, [0.5, 0.5, 0.5])
    m1 = v.assign([4.0, 5.0, 6.0])
    m2 = v.assign_add([1.0, 2.0, 3.0])
    m3 = v.assign_sub(np.array([0.25, 0.25, 0.25], np.float32))
    doubled = v.assign(v * 2.0)
    inc = tf.assign_add(counter, 1)
    s_up = s.assign_add(0.5)

    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["v_init"] = sess.run(v)
        out["counter_init"] = sess.run(counter)
        out["s_init"] = sess.run(s)
        for i, op in enumerate([a1, a2, a3, m1, m2, m3, doubled]):
            out[f"ret{i}"] = sess.run(op)
            out[f"v_after{i}"] = sess.run(v)
        for i in range(3):
            out[f"inc_ret{i}"] = sess.run(inc)
        out["counter_final"] = sess.run(counter)
        out["s_up_ret"] = sess.run(s_up)
        out["s_final"] = sess.run(s)
    return out


def feed_conversions(tf):
    p = tf.placeholder(tf.float32, shape=[3])
    s = tf.placeholder(tf.float32, shape=[])
    u = tf.placeholder(tf.float32)
    i = tf.placeholder(tf.int32, shape=[])
    d = tf.placeholder_with_default(np.array([1.0, 2.0], np.float32), shape=[2])
    y = d * 3.0

    out = {}
    with tf.Session() as sess:
        out["list_of_ints_to_float32"] = sess.run(p * 2.0, feed_dict={p: [1, 2, 3]})
        out["float64_scalar_to_float32"] = sess.run(s * 1.0, feed_dict={s: np.float64(0.1)})
        out["float64_scalar_unshaped"] = sess.run(u + 0.0, feed_dict={u: np.float64(2.5)})
        out["float_to_int32"] = sess.run(i + 0, feed_dict={i: 1.7})
        out["neg_float_to_int32"] = sess.run(i + 0, feed_dict={i: -1.7})

        fed = sess.run(s, feed_dict={s: np.float64(0.1)})
        out["fetch_fed_scalar"] = np.asarray(fed)
        out["fetch_fed_scalar_is_ndarray"] = np.asarray(isinstance(fed, np.ndarray))
        fed_i = sess.run(i, feed_dict={i: 1.7})
        out["fetch_fed_int_scalar"] = np.asarray(fed_i)
        out["fetch_fed_int_scalar_is_ndarray"] = np.asarray(isinstance(fed_i, np.ndarray))
        computed = sess.run(s * 1.0, feed_dict={s: 0.1})
        out["fetch_computed_scalar_is_ndarray"] = np.asarray(isinstance(computed, np.ndarray))
        fed_list = sess.run(p, feed_dict={p: [1, 2, 3]})
        out["fetch_fed_list"] = np.asarray(fed_list)

        out["with_default_no_feed"] = sess.run(y)
        out["with_default_fed"] = sess.run(y, feed_dict={d: [5.0, 6.0]})
        out["default_itself"] = sess.run(d)
    return out


OPTIMIZERS = {
    "sgd": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9),
    "nesterov": lambda tf: tf.train.MomentumOptimizer(0.05, 0.8, use_nesterov=True),
    "adam": lambda tf: tf.train.AdamOptimizer(0.05),
    "adam_eps": lambda tf: tf.train.AdamOptimizer(0.01, beta1=0.5, beta2=0.9, epsilon=0.1),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.01),
    "rmsprop_momentum_centered": lambda tf: tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5,
                                                                      epsilon=1e-6, centered=True),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.2),
    "adagrad_init": lambda tf: tf.train.AdagradOptimizer(0.2, initial_accumulator_value=0.5),
    "adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6),
    "proximal_gd": lambda tf: tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.05,
                                                                       l2_regularization_strength=0.1),
    "proximal_adagrad": lambda tf: tf.train.ProximalAdagradOptimizer(0.3, l1_regularization_strength=0.02),
    "ftrl": lambda tf: tf.train.FtrlOptimizer(0.3),
    "ftrl_l1_l2": lambda tf: tf.train.FtrlOptimizer(0.5, learning_rate_power=-0.7, l1_regularization_strength=0.3,
                                                    l2_regularization_strength=0.2, initial_accumulator_value=0.2),
    "ftrl_v2_shrinkage": lambda tf: tf.train.FtrlOptimizer(0.2, l1_regularization_strength=0.05,
                                                           l2_shrinkage_regularization_strength=0.3),
    "adagrad_da": lambda tf: tf.train.AdagradDAOptimizer(0.5, tf.train.get_or_create_global_step(),
                                                         l1_regularization_strength=0.05,
                                                         l2_regularization_strength=0.1),
}


def optimizers(tf):
    """Each optimizer, 4 steps on a small regression from fixed values: variables after every step, every
    slot and non-slot variable at the end (by its TF name), and the global step."""
    rng = np.random.RandomState(7)
    x_data = rng.standard_normal((6, 3)).astype(np.float32)
    y_data = rng.standard_normal((6, 2)).astype(np.float32)
    out = {}
    for key, make in OPTIMIZERS.items():
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 3])
            w = tf.Variable(rng.standard_normal((3, 2)).astype(np.float32), name="weight")
            b = tf.Variable(np.array([0.1, -0.2], np.float32), name="bias")
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y_data))
            step = tf.train.get_or_create_global_step()
            train = make(tf).minimize(loss, global_step=step)
            names = sorted(v.op.name for v in tf.global_variables())
            out[f"{key}/variable_names"] = np.array(names)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for i in range(4):
                    _, out[f"{key}/w{i}"], out[f"{key}/b{i}"] = sess.run([train, w, b], {x: x_data})
                for v in tf.global_variables():
                    out[f"{key}/final/{v.op.name}"] = sess.run(v)
    return out


def sparse_gradients(tf):
    """A table read only through gathers gets IndexedSlices (two gathers: concatenated); each optimizer then
    updates only the rows a step touched (TF's SparseApply* rules; Adam still decays every row), repeated ids
    adding up. A table also read densely gets a dense gradient; clip_by_global_norm keeps the slices."""
    rng = np.random.RandomState(11)
    table = rng.standard_normal((7, 3)).astype(np.float32)
    w_value = rng.standard_normal((3, 1)).astype(np.float32)
    batches = [[1, 4, 1], [0, 6], [4, 4, 2, 5], [3]]
    targets = [rng.standard_normal((len(b), 1)).astype(np.float32) for b in batches]
    out = {}
    for key, make in OPTIMIZERS.items():
        with tf.Graph().as_default():
            ids = tf.placeholder(tf.int32, [None])
            y = tf.placeholder(tf.float32, [None, 1])
            emb = tf.Variable(table, name="embedding")
            w = tf.Variable(w_value, name="w")
            rows = tf.nn.embedding_lookup(emb, ids) + 0.5 * tf.gather(emb, tf.reverse(ids, [0]))
            loss = tf.reduce_mean(tf.square(tf.matmul(rows, w) - y))
            train = make(tf).minimize(loss, global_step=tf.train.get_or_create_global_step())
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for i, (batch, target) in enumerate(zip(batches, targets)):
                    _, out[f"{key}/embedding{i}"] = sess.run([train, emb], {ids: batch, y: target})
                for v in tf.global_variables():
                    out[f"{key}/final/{v.op.name}"] = sess.run(v)
    with tf.Graph().as_default():
        ids = tf.placeholder(tf.int64, [None])
        emb = tf.Variable(table, name="embedding")
        mixed = tf.Variable(table, name="mixed")
        loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(emb, ids))) + tf.reduce_sum(
            tf.gather(mixed, ids) * tf.reduce_mean(mixed, 0))
        sparse, dense = tf.gradients(loss, [emb, mixed])
        out["sparse_is_indexed_slices"] = np.asarray(isinstance(sparse, tf.IndexedSlices))
        out["mixed_is_dense"] = np.asarray(not isinstance(dense, tf.IndexedSlices))
        out["sparse_static_shape"] = np.asarray(str(sparse.values.shape))
        (clipped_sparse, clipped_dense), norm = tf.clip_by_global_norm([sparse, dense], 2.0)
        out["clipped_is_indexed_slices"] = np.asarray(isinstance(clipped_sparse, tf.IndexedSlices))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {ids: [2, 5, 2]}
            value = sess.run(sparse, feed)
            out["sparse_values"], out["sparse_indices"], out["sparse_dense_shape"] = value
            out["dense"], out["norm"], out["clipped_values"], out["clipped_dense"] = sess.run(
                [dense, norm, clipped_sparse.values, clipped_dense], feed)
            out["as_dense"] = sess.run(tf.convert_to_tensor(sparse), feed)
    return out


def learning_rate_schedules(tf):
    """Every tf.train decay schedule at a range of global steps (fed), staircase and cycle variants."""
    step = tf.placeholder(tf.int64, [])
    schedules = {
        "exponential": tf.train.exponential_decay(0.1, step, 10, 0.5),
        "exponential_staircase": tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True),
        "natural_exp": tf.train.natural_exp_decay(0.1, step, 10, 0.3),
        "inverse_time_staircase": tf.train.inverse_time_decay(0.1, step, 7, 0.5, staircase=True),
        "polynomial": tf.train.polynomial_decay(0.1, step, 20, end_learning_rate=0.01, power=2.0),
        "polynomial_cycle": tf.train.polynomial_decay(0.1, step, 20, power=0.5, cycle=True),
        "cosine": tf.train.cosine_decay(0.1, step, 30, alpha=0.1),
        "linear_cosine": tf.train.linear_cosine_decay(0.1, step, 30, num_periods=1.5),
        "piecewise": tf.train.piecewise_constant(step, [np.int64(5), np.int64(12)], [1.0, 0.5, 0.1]),
    }
    out = {}
    with tf.Session() as sess:
        for s in (0, 1, 5, 6, 12, 13, 25, 40, 100):
            for key, value in sess.run(schedules, {step: s}).items():
                out[f"{key}/{s}"] = np.asarray(value)
    return out


def moving_averages(tf):
    """ExponentialMovingAverage over two variables, with and without num_updates; shadow names and values."""
    w = tf.Variable(np.array([1.0, 2.0], np.float32), name="weight")
    b = tf.Variable(np.float32(0.5), name="bias")
    step = tf.Variable(0, name="step", trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.9)
    ema_steps = tf.train.ExponentialMovingAverage(0.99, num_updates=step, name="EMA2")
    maintain = ema.apply([w, b])
    maintain_steps = ema_steps.apply([w])
    move = tf.group(tf.assign_add(w, [1.0, -1.0]), tf.assign(b, b * 2.0), tf.assign_add(step, 1))
    out = {"names": np.array(sorted(v.op.name for v in tf.global_variables())),
           "restore_keys": np.array(sorted(ema.variables_to_restore()))}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(4):
            sess.run(move)
            sess.run([maintain, maintain_steps])
            out[f"w_avg{i}"], out[f"b_avg{i}"], out[f"w_avg_steps{i}"] = sess.run(
                [ema.average(w), ema.average(b), ema_steps.average(w)])
    return out


def _drain(tf, sess, next_element, out, key, feed=None):
    """Every element until OutOfRangeError, stored as key/0, key/1, ..."""
    i = 0
    while True:
        try:
            value = sess.run(next_element, feed)
        except tf.errors.OutOfRangeError:
            break
        for j, leaf in enumerate(value if isinstance(value, (tuple, list)) else
                                 [value[k] for k in sorted(value)] if isinstance(value, dict) else [value]):
            out[f"{key}/{i}/{j}"] = np.asarray(leaf)
        i += 1
    out[f"{key}/count"] = np.asarray(i)


def datasets(tf):
    """tf.data pipelines without randomness: elements, their order and the end of input, as TF gives them."""
    features = np.arange(20, dtype=np.float32).reshape(10, 2)
    labels = np.arange(10, dtype=np.int64) % 3
    out = {}
    with tf.Session() as sess:
        ds = tf.data.Dataset.from_tensor_slices((features, labels)).map(lambda x, y: (x * 2.0 + 1.0, y + 1))
        _drain(tf, sess, ds.batch(4).make_one_shot_iterator().get_next(), out, "map_batch")
        _drain(tf, sess, ds.batch(3, drop_remainder=True).repeat(2).make_one_shot_iterator().get_next(), out,
               "batch_drop_repeat")
        dicts = tf.data.Dataset.from_tensor_slices({"a": features, "b": labels}).filter(
            lambda d: tf.equal(d["b"], 1)).skip(1).take(5)
        _drain(tf, sess, dicts.make_one_shot_iterator().get_next(), out, "filter_skip_take_dict")
        zipped = tf.data.Dataset.zip((tf.data.Dataset.range(4), tf.data.Dataset.range(10, 20)))
        _drain(tf, sess, zipped.concatenate(zipped).make_one_shot_iterator().get_next(), out, "zip_concatenate")

        x = tf.placeholder(tf.float32, [None])
        it = tf.data.Dataset.from_tensor_slices(x).batch(2).make_initializable_iterator()
        nxt = it.get_next()
        out["initializable_shape"] = np.array(str(nxt.shape))
        for k, data in enumerate(([1.0, 2.0, 3.0], [4.0, 5.0])):
            sess.run(it.initializer, {x: data})
            _drain(tf, sess, nxt, out, f"initializable_{k}")

        it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
        nxt = it.get_next()
        for k, dataset in enumerate((tf.data.Dataset.range(3), tf.data.Dataset.range(5, 7))):
            sess.run(it.make_initializer(dataset))
            _drain(tf, sess, nxt, out, f"reinitializable_{k}")
    return out


def dataset_pipelines(tf):
    """tf.data sources and transformations beyond `datasets`: strings, generators, range forms, padded_batch,
    flat_map, interleave orders, cache, apply with data.experimental, list_files, errors at run time."""
    import os
    import shutil
    import tempfile

    out = {}

    def drain(next_element, key, feed=None, sess=None):
        """Every element until OutOfRangeError (strings as fixed-width bytes, as npz stores them)."""
        values = []
        while True:
            try:
                values.append(sess.run(next_element, feed))
            except tf.errors.OutOfRangeError:
                break
        for i, value in enumerate(values):
            leaves = value if isinstance(value, tuple) else [value[k] for k in sorted(value)] \
                if isinstance(value, dict) else [value]
            for j, leaf in enumerate(leaves):
                leaf = np.asarray(leaf)
                out[f"{key}/{i}/{j}"] = leaf.astype(bytes) if leaf.dtype == object else leaf
        out[f"{key}/count"] = np.asarray(len(values))

    def one_shot(dataset, key, sess):
        nxt = dataset.make_one_shot_iterator().get_next()
        shapes = dataset.output_shapes
        for j, shape in enumerate([shapes[k] for k in sorted(shapes)] if isinstance(shapes, dict) else
                                  shapes if isinstance(shapes, tuple) else [shapes]):
            out[f"{key}/shape/{j}"] = np.array(-2 if shape.ndims is None else  # -2: unknown rank
                                               [-1 if d is None else d for d in shape.as_list()])
        drain(nxt, key, sess=sess)

    def error_of(dataset, sess):
        nxt = dataset.make_one_shot_iterator().get_next()
        try:
            while True:
                sess.run(nxt)
        except tf.errors.OutOfRangeError:
            return np.array("none")
        except tf.errors.OpError as e:
            return np.array(type(e).__name__)

    def gen(n):
        for i in range(n):
            yield list(range(i)), "w" * i

    Dataset = tf.data.Dataset
    with tf.Session() as sess:
        words = Dataset.from_tensor_slices(["a", "bc", "", "def"])
        one_shot(words.batch(3), "strings_batch", sess)
        one_shot(Dataset.from_tensors(["x", "yz"]).repeat(2), "strings_tensors", sess)
        one_shot(Dataset.zip((words, Dataset.range(4))).filter(lambda w, i: i > 0).map(lambda w, i: (i, w)),
                 "strings_zip_filter_map", sess)
        generated = Dataset.from_generator(gen, (tf.int64, tf.string), ([None], []), args=(4,))
        one_shot(generated.repeat(2), "generator_repeat", sess)
        one_shot(generated.padded_batch(3, ([None], [])), "generator_padded", sess)
        one_shot(Dataset.from_generator(lambda: iter([[1.5, 2.0], [3.0, 4.0]]), tf.float32), "generator_plain",
                 sess)
        for k, args in enumerate([(5,), (2, 5), (10, 0, -3), (0,), (3, 1), (-2, 7, 4)]):
            one_shot(Dataset.range(*args), f"range_{k}", sess)

        lengths = Dataset.range(1, 6).map(lambda x: tf.fill(tf.cast(tf.reshape(x, [1]), tf.int32), x))
        one_shot(lengths.padded_batch(2, [None]), "padded_unknown", sess)
        one_shot(lengths.padded_batch(2, [6], padding_values=tf.constant(-1, tf.int64), drop_remainder=True),
                 "padded_fixed", sess)
        pairs = lengths.map(lambda v: {"v": v, "n": tf.size(v)})
        one_shot(pairs.padded_batch(3, {"v": [None], "n": []}), "padded_dict", sess)

        one_shot(Dataset.range(4).flat_map(lambda x: Dataset.range(x)), "flat_map_range", sess)
        one_shot(Dataset.range(3).flat_map(lambda x: Dataset.from_tensors(x).repeat(2).map(lambda y: y * 10)),
                 "flat_map_nested", sess)
        repeated = Dataset.range(1, 6)
        for k, (cycle, block) in enumerate([(2, 3), (3, 1), (1, 2), (4, 2)]):
            one_shot(repeated.interleave(lambda x: Dataset.from_tensors(x).repeat(x), cycle_length=cycle,
                                         block_length=block), f"interleave_{k}", sess)
        one_shot(repeated.interleave(lambda x: Dataset.range(x * 10, x * 10 + x), cycle_length=2,
                                     block_length=2, num_parallel_calls=2), "interleave_parallel", sess)
        one_shot(repeated.apply(tf.data.experimental.parallel_interleave(
            lambda x: Dataset.from_tensors(x).repeat(x), cycle_length=2, block_length=2)), "parallel_interleave",
            sess)

        cached = Dataset.range(4).map(lambda x: x * x).cache().repeat(3).prefetch(2)
        one_shot(cached, "cache_repeat", sess)
        one_shot(Dataset.range(7).apply(tf.data.experimental.map_and_batch(lambda x: x + 1, 3)), "map_and_batch",
                 sess)
        one_shot(Dataset.range(7).apply(tf.data.experimental.map_and_batch(lambda x: x + 1, 3,
                                                                           drop_remainder=True)),
                 "map_and_batch_drop", sess)
        one_shot(Dataset.range(5).batch(2).apply(tf.data.experimental.unbatch()), "unbatch", sess)
        one_shot(Dataset.range(10).shard(3, 1), "shard", sess)
        one_shot(tf.data.experimental.Counter(5, -2, tf.int32).take(3), "counter", sess)
        single = tf.data.experimental.get_single_element(Dataset.range(3).batch(5).map(lambda v: (v, v * 2)))
        out["single_element/0"], out["single_element/1"] = sess.run(single)
        one_shot(words.flat_map(lambda w: Dataset.from_tensors(w).repeat(2)), "strings_flat_map", sess)
        shuffled = Dataset.range(6).apply(tf.data.experimental.shuffle_and_repeat(3, count=2, seed=1))
        values = []
        nxt = shuffled.make_one_shot_iterator().get_next()
        drain(nxt, "shuffle_and_repeat_raw", sess=sess)
        values = sorted(int(out.pop(f"shuffle_and_repeat_raw/{i}/0")) for i in range(12))
        out["shuffle_and_repeat_sorted"] = np.array(values)

        folder = tempfile.mkdtemp()
        for name in ("b.txt", "a.txt", "c.csv", "d.txt"):
            with open(os.path.join(folder, name), "w") as f:
                f.write(name)
        for k, shuffle in enumerate((False, True)):
            names = Dataset.list_files(os.path.join(folder, "*.txt"), shuffle=shuffle, seed=3)
            nxt = names.make_one_shot_iterator().get_next()
            found = []
            while True:
                try:
                    found.append(os.path.basename(sess.run(nxt).decode()))
                except tf.errors.OutOfRangeError:
                    break
            out[f"list_files_{k}"] = np.array(found if not shuffle else sorted(found))
        out["list_files_shape"] = np.array(names.output_shapes.as_list())
        csv_path = os.path.join(folder, "table.csv")
        with open(csv_path, "w", newline="") as f:
            f.write('x,y,z\n1,2.5,"say ""hi"""\n3,,plain\r\n-4,NA,"a,b"\n 5 , 1e-3 ,\n')
        csv = tf.data.experimental.CsvDataset
        one_shot(csv(csv_path, [[0], [9.0], ["-"]], header=True, na_value="NA"), "csv_defaults", sess)
        one_shot(csv([csv_path, csv_path], [tf.constant([0], tf.int64), [""]], header=True, select_cols=[0, 2]),
                 "csv_select_two_files", sess)
        out["csv_required"] = error_of(csv(csv_path, [tf.int32, tf.float32, [""]], header=True), sess)
        out["csv_header_parsed"] = error_of(csv(csv_path, [[0], [0.0], [""]]), sess)
        it = Dataset.list_files(os.path.join(folder, "*.zz")).make_initializable_iterator()
        try:
            sess.run(it.initializer)
        except tf.errors.OpError as e:
            out["list_files_none"] = np.array(type(e).__name__)

        size = tf.placeholder(tf.int64, [])
        fed = tf.placeholder(tf.string, [None])
        it = Dataset.from_tensor_slices(fed).batch(size).make_initializable_iterator()
        nxt = it.get_next()
        for k, (data, n) in enumerate(((["p", "q", "r"], 2), (["s"], 3))):
            sess.run(it.initializer, {fed: data, size: n})
            drain(nxt, f"fed_strings_{k}", sess=sess)
        it = tf.data.Iterator.from_structure((tf.int64, tf.string), (tf.TensorShape([None]), tf.TensorShape([])))
        nxt = it.get_next()
        for k, n in enumerate((3, 2)):
            sess.run(it.make_initializer(Dataset.from_generator(gen, (tf.int64, tf.string), ([None], []),
                                                                 args=(n,))))
            drain(nxt, f"reinitialized_generator_{k}", sess=sess)

        out["error_generator_shape"] = error_of(Dataset.from_generator(
            lambda: iter([[1, 2, 3]]), tf.int64, tf.TensorShape([2])), sess)
        out["error_generator_type"] = error_of(Dataset.from_generator(lambda: iter(["x"]), tf.int64), sess)
        out["error_padded_too_small"] = error_of(lengths.padded_batch(2, [3]), sess)
        out["error_batch_shapes"] = error_of(lengths.batch(2), sess)
    shutil.rmtree(folder)
    return out


def control_flow(tf):
    """tf.cond and tf.while_loop: values and gradients through them, nested, with invariants and limits."""
    x = tf.placeholder(tf.float32, [])
    v = tf.placeholder(tf.float32, [3])
    w = tf.Variable(np.array([0.5, -1.0, 2.0], np.float32), name="w")
    branch = tf.cond(x > 0, lambda: (v * w, tf.reduce_sum(w)), lambda: (v - w, x * 3.0))
    steps, total = tf.while_loop(lambda i, t: i < 4,
                                 lambda i, t: (i + 1, tf.cond(tf.equal(i % 2, 0), lambda: t * x, lambda: t + v)),
                                 [tf.constant(0), tf.ones([3])])
    limited = tf.while_loop(lambda c: c < 100.0, lambda c: c * 2.0, [x], maximum_iterations=3)
    grown = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.concat([a, a[-1:] * x], 0)),
                          [tf.constant(0), tf.ones([1])],
                          shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    loss = tf.reduce_sum(branch[0]) + branch[1] + tf.reduce_sum(total) + limited + tf.reduce_sum(grown[1])
    grads = tf.gradients(loss, [x, v, w])
    out = {"shape_total": np.array(str(total.shape)), "shape_grown": np.array(str(grown[1].shape))}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for name, value in (("pos", 1.5), ("neg", -0.5)):
            feed = {x: value, v: [1.0, 2.0, 3.0]}
            results = sess.run([branch, steps, total, limited, grown[1]] + grads, feed)
            for key, r in zip(["b0", "b1", "steps", "total", "limited", "grown", "gx", "gv", "gw"],
                              [results[0][0], results[0][1], *results[1:]]):
                out[f"{name}/{key}"] = np.asarray(r)
    return out


def map_and_scan(tf):
    """tf.map_fn and tf.scan (with and without initializer, reversed, nested elems): values and gradients."""
    x = tf.placeholder(tf.float32, [4, 2])
    w = tf.Variable(np.array([0.5, -1.0], np.float32), name="w")
    mapped = tf.map_fn(lambda r: r * w + tf.reduce_sum(r), x)
    pairs = tf.map_fn(lambda e: e[0] * e[1], (x, x * 2.0), dtype=tf.float32)
    running = tf.scan(lambda a, r: a + r * w, x)
    products = tf.scan(lambda a, r: a * r, x, initializer=tf.ones([2]), reverse=True)
    outputs = [mapped, pairs, running, products]
    grads = tf.gradients(outputs, [x, w])
    out = {f"shape{i}": np.array(str(t.shape)) for i, t in enumerate(outputs)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(outputs + grads, {x: np.arange(8, dtype=np.float32).reshape(4, 2) / 4.0})
    out.update({f"value{i}": np.asarray(v) for i, v in enumerate(values)})
    return out


def recurrent(tf):
    """RNN cells under dynamic_rnn (with sequence_length) and static_rnn: variable names, outputs, final states
    and gradients, with every variable set to fixed values."""
    x = tf.placeholder(tf.float32, [2, 4, 3])
    makers = {"basic_rnn": lambda: tf.nn.rnn_cell.BasicRNNCell(5),
              "basic_lstm": lambda: tf.nn.rnn_cell.BasicLSTMCell(5),
              "gru": lambda: tf.nn.rnn_cell.GRUCell(5),
              "lstm": lambda: tf.nn.rnn_cell.LSTMCell(5),
              "multi": lambda: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4),
                                                            tf.nn.rnn_cell.GRUCell(3)])}
    results = {}
    for key, make in makers.items():
        outputs, state = tf.nn.dynamic_rnn(make(), x, sequence_length=[4, 2], dtype=tf.float32, scope=f"dyn_{key}")
        static_out, static_state = tf.nn.static_rnn(make(), tf.unstack(x, axis=1), dtype=tf.float32,
                                                    scope=f"static_{key}")
        results[key] = [outputs, state, static_out[-1], static_state]
    flat = results
    variables = sorted(tf.trainable_variables(), key=lambda v: v.op.name)
    rng = np.random.RandomState(3)
    assigns = [tf.assign(v, rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)) for v in variables]
    out = {"names": np.array([v.op.name for v in variables])}
    data = np.random.RandomState(4).standard_normal((2, 4, 3)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(assigns)
        for key, tensors in flat.items():
            tensors = [t for t in _leaves(tensors)]
            loss = tf.add_n([tf.reduce_sum(t * (i + 1.0)) for i, t in enumerate(tensors)])
            values = sess.run(tensors + tf.gradients(loss, [x]), {x: data})
            out.update({f"{key}/{i}": np.asarray(v) for i, v in enumerate(values)})
    return out


def tensor_arrays(tf):
    """tf.TensorArray: the dynamic_rnn-by-hand pattern (unstack before a while_loop, read and write in its body,
    stack after), a dynamically sized array grown in a loop, scatter/gather/concat/split/size, unwritten
    elements read as zeros; values, static shapes and gradients."""
    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.Variable(np.array([[0.5, -0.2], [0.1, 0.3], [-0.4, 0.2]], np.float32), name="w")
    u = tf.Variable(np.array([[0.9, 0.1], [-0.3, 0.7]], np.float32), name="u")
    n = tf.shape(x)[0]
    inputs_ta = tf.TensorArray(tf.float32, size=n).unstack(x)

    def step(t, h, ta):
        h = tf.tanh(tf.matmul(tf.expand_dims(inputs_ta.read(t), 0), w) + tf.matmul(h, u))
        return t + 1, h, ta.write(t, h[0])
    _, last, outputs_ta = tf.while_loop(lambda t, h, ta: t < n, step,
                                        [tf.constant(0), tf.zeros([1, 2]), tf.TensorArray(tf.float32, size=n)])
    rnn = outputs_ta.stack()
    grown = tf.while_loop(lambda i, ta: i < 4,
                          lambda i, ta: (i + 1, ta.write(i, tf.cast(i + 1, tf.float32) * x[0] * x[1])),
                          [tf.constant(0), tf.TensorArray(tf.float32, size=0, dynamic_size=True)])[1]
    scattered = tf.TensorArray(tf.float32, size=5, clear_after_read=False).scatter([4, 0, 2], x[:3] * 2.0)
    gathered = scattered.gather([2, 4])
    split = tf.TensorArray(tf.float32, size=2, infer_shape=False, clear_after_read=False).split(
        tf.reshape(x, [-1]) * w[0, 0], [2, 7])
    fixed = tf.TensorArray(tf.float32, size=3, element_shape=[3]).write(1, x[1] * x[1])
    outputs = [rnn, last, grown.stack(), grown.size(), scattered.stack(), gathered, split.concat(), split.read(1),
               fixed.stack(), tf.TensorArray(tf.float32, size=2).unstack(x[:2]).concat()]
    floats = [t for t in outputs if t.dtype == tf.float32]
    loss = tf.add_n([tf.reduce_sum(t * t) * (i + 1.0) for i, t in enumerate(floats)])
    grads = tf.gradients(loss, [x, w, u])
    out = {f"shape{i}": np.array(str(t.shape)) for i, t in enumerate(outputs)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        data = (np.arange(9, dtype=np.float32).reshape(3, 3) - 4.0) / 5.0
        values = sess.run(outputs + grads, {x: data})
    out.update({f"value{i}": np.asarray(v) for i, v in enumerate(values)})
    return out


def case_and_fold(tf):
    """tf.case (list with default, dict, exclusive) and tf.foldl / tf.foldr (with and without initializer,
    nested elems and accumulators): values and gradients at several inputs."""
    x = tf.placeholder(tf.float32, [])
    e = tf.placeholder(tf.float32, [4])
    picked = tf.case([(x > 1.0, lambda: x * e), (x > 0.0, lambda: x + e)], default=lambda: e * e)
    exclusive = tf.case({x < 0.0: lambda: -x, x > 2.0: lambda: x * x}, default=lambda: x + 1.0, exclusive=True)
    left = tf.foldl(lambda a, v: a * x + v, e)
    right = tf.foldr(lambda a, v: a * x + v, e, initializer=tf.constant(0.5))
    nested = tf.foldl(lambda a, v: (a[0] + v[0] * v[1], a[1] * v[1] + x), (e, e * 2.0),
                      initializer=(x, tf.constant(1.0)))
    rows = tf.foldr(lambda a, r: tf.tanh(a * r), tf.reshape(e, [2, 2]) * x)
    outputs = [picked, exclusive, left, right, nested[0], nested[1], rows]
    grads = tf.gradients(outputs, [x, e])
    out = {f"shape{i}": np.array(str(t.shape)) for i, t in enumerate(outputs)}
    with tf.Session() as sess:
        for value in (2.5, 0.5, -1.5):
            results = sess.run(outputs + grads, {x: value, e: [1.0, -2.0, 0.5, 3.0]})
            out.update({f"{value}/{i}": np.asarray(r) for i, r in enumerate(results)})
    return out


def recurrent_variants(tf):
    """LSTMCell with peepholes, cell clipping and projections (tuple and concatenated state), ResidualWrapper,
    plain LSTMs without sequence_length (batch- and time-major), static_rnn with sequence_length, bidirectional_dynamic_rnn (batch- and time-major, with and without
    sequence_length) and static_bidirectional_rnn: variable names and shapes, outputs, final states, gradients."""
    x = tf.placeholder(tf.float32, [3, 4, 3])
    lengths = tf.placeholder(tf.int32, [3])
    rnn_cell = tf.nn.rnn_cell
    results = {}
    peephole = rnn_cell.LSTMCell(4, use_peepholes=True, cell_clip=0.3, num_proj=2, proj_clip=0.25)
    results["peephole"] = tf.nn.dynamic_rnn(peephole, x, sequence_length=lengths, dtype=tf.float32, scope="peep")
    flat_state = rnn_cell.LSTMCell(3, use_peepholes=True, num_proj=2, state_is_tuple=False, forget_bias=0.5)
    results["flat_state"] = tf.nn.dynamic_rnn(flat_state, x, dtype=tf.float32, scope="flat")
    residual = rnn_cell.ResidualWrapper(rnn_cell.GRUCell(3))
    results["residual"] = tf.nn.dynamic_rnn(residual, x, dtype=tf.float32, scope="res")
    results["plain_lstm"] = tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(5), x, dtype=tf.float32, scope="plain")
    start = rnn_cell.LSTMStateTuple(tf.fill([3, 2], 0.3), tf.fill([3, 2], -0.2))
    results["plain_lstm_time_major"] = tf.nn.dynamic_rnn(rnn_cell.LSTMCell(2, forget_bias=0.5),
                                                         tf.transpose(x, [1, 0, 2]), initial_state=start,
                                                         time_major=True, scope="plain_tm")
    static_out, static_state = tf.nn.static_rnn(rnn_cell.BasicLSTMCell(3), tf.unstack(x, axis=1), dtype=tf.float32,
                                                sequence_length=lengths, scope="static_len")
    results["static_len"] = [static_out, static_state]
    results["bidi"] = tf.nn.bidirectional_dynamic_rnn(rnn_cell.BasicLSTMCell(3), rnn_cell.GRUCell(2), x,
                                                      sequence_length=lengths, dtype=tf.float32)
    results["bidi_time_major"] = tf.nn.bidirectional_dynamic_rnn(
        rnn_cell.BasicRNNCell(2), rnn_cell.LSTMCell(2, use_peepholes=True), tf.transpose(x, [1, 0, 2]),
        dtype=tf.float32, time_major=True, scope="bidi_tm")
    results["static_bidi"] = tf.nn.static_bidirectional_rnn(
        rnn_cell.GRUCell(2), rnn_cell.BasicLSTMCell(2), tf.unstack(x, axis=1), dtype=tf.float32,
        sequence_length=lengths, scope="static_bidi")
    results["static_bidi_full"] = tf.nn.static_bidirectional_rnn(
        rnn_cell.BasicRNNCell(2), rnn_cell.BasicRNNCell(2), tf.unstack(x, axis=1), dtype=tf.float32,
        scope="static_bidi_full")
    variables = sorted(tf.trainable_variables(), key=lambda v: v.op.name)
    rng = np.random.RandomState(5)
    assigns = [tf.assign(v, rng.uniform(-0.6, 0.6, v.shape.as_list()).astype(np.float32)) for v in variables]
    out = {"names": np.array([v.op.name for v in variables]),
           "shapes": np.array([str(v.shape) for v in variables])}
    data = np.random.RandomState(6).standard_normal((3, 4, 3)).astype(np.float32)
    feed = {x: data, lengths: [4, 2, 3]}
    with tf.Session() as sess:
        sess.run(assigns)
        for key, result in results.items():
            tensors = _leaves(result)
            loss = tf.add_n([tf.reduce_sum(t * (i + 1.0)) for i, t in enumerate(tensors)])
            used = [v for v in variables if v.op.name.split("/")[0] in _scopes(result)]
            values = sess.run(tensors + tf.gradients(loss, [x] + used), feed)
            out.update({f"{key}/{i}": np.asarray(v) for i, v in enumerate(values)})
            out.update({f"{key}/shape{i}": np.array(str(t.shape)) for i, t in enumerate(tensors)})
    return out


def _scopes(result):
    """The top name scopes of a result's tensors: the variable scopes of the RNN that made it."""
    return {t.name.split("/")[0] for t in _leaves(result)}


def _leaves(structure):
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _leaves(item)]
    return [structure]


SCENARIOS = {
    "linear_regression_sgd": linear_regression_sgd,
    "fetch_order": fetch_order,
    "gradients_and_minimize_global_step": gradients_and_minimize_global_step,
    "assign_ops": assign_ops,
    "feed_conversions": feed_conversions,
    "optimizers": optimizers,
    "learning_rate_schedules": learning_rate_schedules,
    "moving_averages": moving_averages,
    "datasets": datasets,
    "dataset_pipelines": dataset_pipelines,
    "control_flow": control_flow,
    "map_and_scan": map_and_scan,
    "recurrent": recurrent,
    "tensor_arrays": tensor_arrays,
    "case_and_fold": case_and_fold,
    "recurrent_variants": recurrent_variants,
    "sparse_gradients": sparse_gradients,
}
