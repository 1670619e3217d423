"""sendsight: outcomes, data and accountability for local SEND partnerships in England."""

__version__ = "0.1.0"
