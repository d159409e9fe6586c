"""Writers of the documents that leave the workspace: Word briefing pack, Excel evidence log."""
