"""Who is who at moderation's URLs, and the outcome sets its rules are made of: the words that
moderation.permissions (the pages) and moderation.action_table (the actions on a post) share.

Roles: "visitor" (not logged in); "member"; "author", the member a URL is about (the author of
the post, the recipient of the note, the member under a sanction); "moderator" (a peer
moderator); "administrator" (a superuser). Refusals carry no content: visitors are sent to
log in, others get an empty 403, or a 404 where even saying "not yours" would tell something
(someone else's notes).
"""

from core.permissions import ALLOW, DENY, HIDDEN, LOGIN

VISITOR, MEMBER, AUTHOR, MODERATOR, ADMINISTRATOR = (
    "visitor",
    "member",
    "author",
    "moderator",
    "administrator",
)
ROLES = (VISITOR, MEMBER, AUTHOR, MODERATOR, ADMINISTRATOR)

# What a URL's id names (its argument is `<about>_id`); its owner is the "author".
POST, NOTE, SANCTION = "post", "note", "sanction"

MODERATORS = {
    VISITOR: LOGIN,
    MEMBER: DENY,
    AUTHOR: DENY,  # nobody moderates their own post
    MODERATOR: ALLOW,
    ADMINISTRATOR: ALLOW,
}
ADMINISTRATORS = {**MODERATORS, MODERATOR: DENY}
MEMBERS = {**dict.fromkeys(ROLES, ALLOW), VISITOR: LOGIN}
OTHERS_POSTS = {**MEMBERS, AUTHOR: DENY}
RECIPIENT_ONLY = {
    VISITOR: LOGIN,
    MEMBER: HIDDEN,
    AUTHOR: ALLOW,
    MODERATOR: HIDDEN,
    ADMINISTRATOR: HIDDEN,
}
