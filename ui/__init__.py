"""The web chat adapter."""
