"""The interactive questionnaire: a Textual app, one client of the decision core.

Nothing outside this package imports it; ``advisor`` with no subcommand
starts it (``advisor.ui.app.run``).
"""
