"""The activity log of each folder (ACTIVITY.md beside this package): its bytes
(entries), writing it as the tree changes (recorder), reading and checking it (reader).
The use case for a person, with the path space and the PKI, is app.services.activity."""
