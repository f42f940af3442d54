"""Evaluation harness: query files, evidence judgments, baselines, metrics and reports.

``kamerzoek eval`` (``api/cli/eval.py``) ties the parts together; each module
here holds one concept so that chunking, fusion or model changes can be judged
by the same numbers from one command.
"""
