"""Writes for applications, one function per use case (see the modules of this package)."""
