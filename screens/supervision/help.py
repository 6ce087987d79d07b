"""The supervision screen's help: what it is for, in the words a supervisor uses."""

HELP = """\
Supervision goes through one worker's caseload. Cases lists the clients whose figures
call for a decision, most at risk first (a child on a child-protection plan, a verbal
referral not confirmed in writing, a missed check-in; then anything overdue). Discuss one
to record what was discussed, the decision, the Think Family answer and the actions
agreed (owner; what; dd/mm/yyyy, one a line): a case is marked discussed only with its
decision and the answer.

Figures lists every figure of the caseload review; choose one to see the clients behind
it, and discuss or open any of them. Months shows the figures of each signed-off session,
as a chart and as numbers. Team shows everyone's figures side by side;
Enter on a worker opens their review.

Only a supervisor opens and signs off a session. Signing off asks the supervisor's own
passphrase (whoever is at the keyboard) and seals the session; its actions then enter
the diary. The pack writes the figures, the cases and the trail's head hash to a file.
"""
