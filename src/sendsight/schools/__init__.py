"""School inclusion profiles: every school against similar schools, with funnel plots."""
