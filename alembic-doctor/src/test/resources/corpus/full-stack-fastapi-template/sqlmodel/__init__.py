"""Stand-in for SQLModel: only what these migrations import (see NOTE.md)."""
