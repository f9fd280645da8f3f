"""Analysis stage: partner portfolios, concentration and diversification, networks, trends."""
