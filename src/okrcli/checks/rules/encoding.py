"""The file is not UTF-8 text.

OKR files are UTF-8 (a byte-order mark is accepted). NUL bytes and invalid byte
sequences are refused at the first one.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高知名度

FAIL:
    # encoding: gbk
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高知名度
               ^ OKR010
"""

from okrcli.checks.base import ERROR, LOADER, Rule

# Found by the reader (yamlio.py).
RULE = Rule("OKR010", "encoding", ERROR, LOADER, __doc__ or "")
