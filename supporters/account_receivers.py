"""Where accounts reaches supporters, which it sits below: a moderator's decision on someone
else's application is that applicant's record, not the moderator's. Applications, training
passes and the role row go with the account by cascade and are exported by accounts'
foreign-key walk. Imported once from SupportersConfig.ready()."""

from accounts.personal_data import register_others_records

register_others_records("supporters.Application.decided_by")
