"""Supervision: the caseload review with its drill-downs, the session case by case, the
sign-off with the supervisor's own passphrase, the months and the team side by side."""
