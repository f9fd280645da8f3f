"""allyscope: security-cooperation events from English news, and partner-dependence analysis."""
