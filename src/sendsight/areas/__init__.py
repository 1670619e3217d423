"""Local area profiles: published SEND indicators for one area against England, its region
and its statistical neighbours. Composes the statistics, reference, benchmarking and disclosure
domains."""
