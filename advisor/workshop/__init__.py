"""Workshops: several people answer for one company, and their answers are compared and pooled.

A workshop is a folder: ``workshop.yaml`` (``folder``) and one answers file
per participant, in the format ``advisor evaluate`` reads. ``pool`` turns
the participants' answers into one set by the ruleset's pooling rule;
``analysis`` evaluates everyone, the pool, and the disagreements that would
change the pooled result; ``report`` writes the workshop report. Nothing
here imports Textual: the facilitator view (``advisor.ui.facilitator``) and the
CLI are clients of this package.
"""
