"""Not a regular file of the workspace.

okr reads only the workspace's own regular files, so that a file in a pull request can
make it read nothing else: a symbolic link that leads out of the workspace (from the
file, or from a folder on its way), a link to a folder, a device, a FIFO or a socket is
reported here and never opened. A link to a file inside the workspace is read as that
file. okr.yaml is held to the same rule, and so is `settings.okr_dir`, which must lead
to a folder inside the workspace: otherwise the finding is at okr_dir in okr.yaml and no
OKR file is read. Nothing is written through a linked folder either.

In the examples, `# link: TARGET` makes the file a symbolic link to TARGET (relative to
the file's folder), with the lines that follow written at TARGET.

PASS:
    # file: okrs/marketing.yaml
    # link: ../shared/marketing.yaml
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        aligns_to: company/customers
        key_results:
          - {id: followers, title: 社交媒体粉丝增长50%, start: 10000, target: 15000,
             unit: 粉丝, checkins: [{date: 2026-11-20, value: 12000}]}

FAIL:
    # file: okrs/marketing.yaml
    # link: ../../outside/marketing.yaml
    owner: marketing
    ^ OKR015
    cycle: 2026-Q4
    objectives: []
"""

from okrcli.checks.base import ERROR, LOADER, Rule

# Found by the store, which will not read the file; the pipeline makes the finding.
RULE = Rule("OKR015", "not-a-file", ERROR, LOADER, __doc__ or "")
