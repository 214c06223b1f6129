"""Training: optimizers, the Saver and checkpoint files, global step, hooks and monitored sessions."""
