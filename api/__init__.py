"""Interfaces: the command line (``api.cli``) and the FastAPI service (``api.main``)."""
