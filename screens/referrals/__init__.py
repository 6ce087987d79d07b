"""The referrals' screens: letters (and, from the other parts of issue 12, referrals and
the sharing log)."""
