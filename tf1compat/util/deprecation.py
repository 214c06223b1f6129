"""TF 1's renamed arguments (`keep_dims` -> `keepdims`, `dim` -> `axis`)."""


def deprecated_alias(new_name, new_value, old_name, old_value):
    """The value given under either name; both at once is TF's ValueError."""
    if old_value is None:
        return new_value
    if new_value is not None:
        raise ValueError(f"Cannot specify both '{new_name}' and '{old_name}'.")
    return old_value
