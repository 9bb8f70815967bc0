"""One function per command, split by job: ``read`` (status, tree, show, grade, report),
``write`` (every edit of an OKR file, init, output files), ``skeleton`` (okr.yaml's
cycles, teams and people), ``check`` (the gate). Services take a session
and ``today``, read through the store and the pipeline, compute through scoring, and
return the typed results of ``results.py``. They never print and build no output format.
"""

from okrcli.services.common import Session, open_session

__all__ = ["Session", "open_session"]
