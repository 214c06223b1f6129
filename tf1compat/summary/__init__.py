"""TensorBoard summaries: summary ops that produce serialized `Summary` protos, and the FileWriter. The protos
and the event-file format come from the `tensorboard` package, an optional extra (`pip install
tf1compat[tensorboard]`); nothing else in tf1compat needs it."""
