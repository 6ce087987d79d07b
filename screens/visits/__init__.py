"""Home visits: planning, the note, history, the lone-working alert and check-in."""
