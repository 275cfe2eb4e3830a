"""`sco calendar`: the fixed milestones of the year (SAMM Table C2.T2, Javits, forecast, FMT) and the
dated items every kind offers through `KindSpec.events`."""
