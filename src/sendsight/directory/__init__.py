"""The Local Offer directory: Open Referral UK 3.0 services, need-led search, moderation and
freshness.
"""
