"""Readers that bring outside files into a workspace (no Qt): the Annex A return and the
edited evidence log."""
