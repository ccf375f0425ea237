"""meldcode's benchmark suite: ``python -m bench`` (``make bench``) prints one JSON document."""
