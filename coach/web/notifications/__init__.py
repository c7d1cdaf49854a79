"""The notifications pages: the list (`/notifications`), marking read, and each person's
choices (`/notifications/preferences`); the header's unread count; the links mails carry."""
