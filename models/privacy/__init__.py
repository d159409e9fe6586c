"""Children's data kept safe: what an export may print, erasure, retention, keys and files."""
