"""Co-production: the engagement log and "you said, we did" that closes the loop."""
