"""tf.data: datasets as Python pipelines over tensors the session evaluates, and iterator ops."""
