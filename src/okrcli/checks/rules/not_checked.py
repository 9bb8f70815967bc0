"""A check that could not be made because another file could not be read.

When a file cannot be read (a YAML error, or a schema error that leaves no model), the
findings in other files that would only follow from that (an `aligns_to` naming one of
its objectives, an objective whose aligned objectives are in it) are not reported:
each file gets one line naming the file that could not be read instead. Fix that file
and check again. When okr.yaml itself cannot be read, every OKR file is checked for
what needs no okr.yaml, with this line.

PASS:
    # file: okrs/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: growth, title: 扩大华东市场的客户群, aligns_to: marketing/awareness}
    # file: okrs/marketing.yaml
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - {id: awareness, title: 提高市场知名度, aligns_to: company/customers}

FAIL:
    # file: okrs/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: growth, title: 扩大华东市场的客户群, aligns_to: marketing/awareness}
                                                             ^ OKR114
    # file: okrs/marketing.yaml
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - {id: awareness, title: 提高市场知名度, aligns_to: company/customers
"""

from okrcli.checks.base import INFO, WORKSPACE, Rule
from okrcli.diagnostics import Finding, YPath
from okrcli.i18n import _

# Made by the pipeline (pipeline.py) from the Unchecked markers the rules yield.
RULE = Rule("OKR114", "not-checked", INFO, WORKSPACE, __doc__ or "")


def finding(ypath: YPath, unread: str, at_key: bool = False,
            subject: YPath | None = None) -> Finding:
    return RULE.at(_("not checked: {file} could not be read; fix it and check again").format(
        file=unread), ypath, at_key=at_key, subject=subject)
