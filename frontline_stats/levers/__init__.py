"""Levers from the plan: VfM-gated top grades and mentoring pairs (pure pandas)."""
