"""tf.layers: TF 1's layer classes and their functional forms (one module per area)."""
