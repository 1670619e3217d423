"""Governance and inspection: board packs, the self-evaluation and the person-level lists (Annex
A).
"""
