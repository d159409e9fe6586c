"""The VisitReady domain: records, the workspace store, readiness rules. No Qt here."""
