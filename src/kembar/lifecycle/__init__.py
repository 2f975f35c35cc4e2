"""Partnerships over their life: status from facts, the next step, dashboards, facets, reminders."""
