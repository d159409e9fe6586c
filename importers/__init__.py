"""Bringing files back into a workspace: the edited evidence log."""
