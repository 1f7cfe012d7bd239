"""Stand-in for CTFd's package: only the names its migrations import (see NOTE.md)."""
