"""Marks for the compat matrix: what a public name does not cover yet, said where the name is defined."""


def partial(missing):
    """Mark a public function or class as partly implemented; `missing` says what is not there yet."""
    def mark(obj):
        obj.__tf1compat_missing__ = missing
        return obj
    return mark


def unsupported(reason):
    """Mark a public name that exists only to fail clearly; the matrix counts it as missing."""
    def mark(obj):
        obj.__tf1compat_unsupported__ = reason
        return obj
    return mark
