"""Reusable widgets of the questionnaire."""
