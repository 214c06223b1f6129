"""Platform services: logging."""
