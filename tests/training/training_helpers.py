"""A tiny training graph shared by the monitored-training, supervisor and worker-session tests."""
import tf1compat as tf

QUIET = dict(save_summaries_steps=None, save_summaries_secs=None, log_step_count_steps=None)


def train_graph():
    """(global_step, w, train_op): GD on sum(w**2) from w = [1, -1]."""
    gs = tf.train.get_or_create_global_step()
    w = tf.Variable([1.0, -1.0], name="w")
    loss = tf.reduce_sum(tf.square(w))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
    return gs, w, train


def saved_steps(directory):
    """The global steps of the checkpoints the `checkpoint` state file in `directory` lists."""
    state = tf.train.get_checkpoint_state(str(directory))
    return [] if state is None else [int(p.rsplit("-", 1)[1]) for p in state.all_model_checkpoint_paths]


def chief_trained(directory, steps=2):
    """Train `steps` steps under a chief MonitoredTrainingSession saving into `directory`, then rebuild the
    graph afresh; returns the new (global_step, w, train_op)."""
    gs, w, train = train_graph()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(directory), **QUIET) as sess:
        for _ in range(steps):
            sess.run(train)
    tf.reset_default_graph()
    return train_graph()
