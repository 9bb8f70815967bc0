"""One module per rule; see okrcli.checks."""
