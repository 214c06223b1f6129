"""Developer tools shipped with the package (compat matrix generator)."""
