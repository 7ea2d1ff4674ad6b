"""The Textual front end. Screens call the Project facade; widgets only display and post
messages (calls down, messages up)."""
