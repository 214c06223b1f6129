"""The graph IR: dtypes, static shapes, Graph/Operation/Tensor, the op registry and errors."""
