"""Session and executor: fetch mapping, plan compilation, the replay loop and per-session state."""
