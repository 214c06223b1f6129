"""Public namespaces (`tf.nn`, `tf.train`, ...): import-only modules that end in `missing_names`."""
