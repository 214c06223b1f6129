"""Marks for the compat matrix: what a public name does not cover yet, said where the name is defined."""


def partial(missing):
    """Mark a public function or class as partly implemented; `missing` says what is not there yet."""
    def mark(obj):
        obj.__tf1compat_missing__ = missing
        return obj
    return mark
