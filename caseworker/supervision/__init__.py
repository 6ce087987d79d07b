"""Supervision: a supervisor's review of one worker's caseload.

The figures a supervisor goes through each month (who is a parent, which children are
at risk, what is overdue), each one drilling down to the clients behind it; the
supervision session that records, case by case, what was discussed and decided, signed
off by the supervisor as themselves; and the pack that carries it out of the laptop.
"""
