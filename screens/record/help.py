"""What the client record's help (?) says: its sections and what each holds."""

HELP = """\
Everything recorded about one client, in seven sections: Profile, Children,
Household, Network, Consent, History and Screening. Each section has its key,
which also puts you in its list, where a row can be opened.

Any row opens in full (Enter): what the columns had no room for.

Children: every child in the register, including unborn children (with the due
date), where and with whom each lives, and the help each receives. Open a child
to edit it. Household: other adults and under-18s in the home; open one to edit
it or to record that they moved out (they stay, as history).
Network: the professionals involved, current first, each with team, phone and
email; when an agency's contact changes, record it on the old contact: it is
kept in the history, not overwritten.
Consent: each decision to share with a named recipient, with its reason and
notes; the newest counts.
History: everything recorded about this client, by whom and when.
Screening: every screen with its score and band (open it for each answer and
its score), drafts to resume (open the row), and what is due. Screen with an
instrument, the parental screen or TOP, all from one list; open a TOP review to
set it beside the start values.
Diary: everything due for this client, with the reason, then what was done. Record
a meeting or review held, and what it makes due (the next review, minutes, agreed
actions) joins the diary.

Where the parental status and the child register disagree, the record says so,
and saving a form that would keep them disagreeing asks first, with the fix.
"""
