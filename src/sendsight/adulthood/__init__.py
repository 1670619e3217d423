"""Preparing for adulthood: aspirations from Year 9, destinations tracked, supported internships."""
