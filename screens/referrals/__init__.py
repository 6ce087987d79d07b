"""Referrals: a client's referrals, the forms that record and track them, and the app's keys."""
