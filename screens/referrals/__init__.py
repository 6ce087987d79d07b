"""The referrals' screens: referrals (the client's list, the forms that record and track
one, the app's keys) and letters (and the sharing log)."""
