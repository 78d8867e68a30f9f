"""Review screen: one call's transcript, labels, patterns, audio and the supervisor's review."""
