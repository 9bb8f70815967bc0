"""The file is larger than okr reads.

An OKR file is read up to 1 MiB and okr.yaml up to 8 MiB, and never further: a file (or
a link to an endless one) cannot make a check slow or run out of memory. One owner's
OKRs for a cycle are a few kilobytes; a file this large is a mistake or an attack. Split
it, or trim its check-ins.

In the examples, `# pad: BYTES` pads the file with a comment line to that many bytes.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives: []

FAIL:
    # pad: 1048577
    owner: marketing
    ^ OKR016
    cycle: 2026-Q4
    objectives: []
"""

from okrcli.checks.base import ERROR, LOADER, Rule

# Found by the store, which reads no further than the limit; the pipeline makes the finding.
RULE = Rule("OKR016", "file-too-large", ERROR, LOADER, __doc__ or "")
