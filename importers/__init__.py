"""Readers that bring outside files into a workspace (no Qt)."""
