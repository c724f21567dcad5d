"""The foundation every other part builds on; it imports nothing above it (docs/architecture.md)."""
