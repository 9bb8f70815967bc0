"""The file is not UTF-8 text.

OKR files are UTF-8 (a byte-order mark is accepted). NUL bytes and invalid byte
sequences are refused at the first one.

PASS:
    title: 提高知名度   (saved as UTF-8)

FAIL:
    title: 提高知名度   (saved as GBK)
"""

from okrcli.checks.base import ERROR, Rule

# Found by the loader (yamlio.py).
RULE = Rule("OKR010", "encoding", ERROR, __doc__)
