"""An objective or key result deleted after its cycle started, instead of dropped.

One present at the base revision and gone now. Deleted, it vanishes from every score,
report and grade of the cycle as if it had never been promised; dropped, it stays in the
file with the day and the reason, out of the scores from that day on. Put it back and
drop it: `okr kr drop REF --reason TEXT` (or `okr objective drop`). "After its cycle
started": today is on or after the first day of its cycle, as for a moved goalpost;
before that a plan may still lose a line.

Where it is reported: a key result at its objective's `key_results` in the new file; an
objective at the file's `objectives`; when the whole file was deleted, at the
objective's line in the file as it was at the base revision (the path of the deleted
file). An objective moved to another file is not deleted (it is matched by reference),
nor is a file renamed. A key result deleted with its objective is reported once, with
the objective.

PASS:
    # base: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: revenue
        title: 扩大核心客户的销售规模
        aligns_to: company/customers
        key_results:
          - id: gmv
            title: 季度成交额达到120万元
            start: 0
            target: 100
          - id: churn
            title: 客户流失率降至5%
            start: 8
            target: 5
    # file: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: revenue
        title: 扩大核心客户的销售规模
        aligns_to: company/customers
        key_results:
          - id: gmv
            title: 季度成交额达到120万元
            start: 0
            target: 100
          - id: churn
            title: 客户流失率降至5%
            start: 8
            target: 5
            dropped: {date: 2026-11-06, reason: 并入客服部的目标}

FAIL:
    # base: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: revenue
        title: 扩大核心客户的销售规模
        aligns_to: company/customers
        key_results:
          - id: gmv
            title: 季度成交额达到120万元
            start: 0
            target: 100
          - id: churn
            title: 客户流失率降至5%
            start: 8
            target: 5
    # file: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: revenue
        title: 扩大核心客户的销售规模
        aligns_to: company/customers
        key_results:
        ^ OKR122
          - id: gmv
            title: 季度成交额达到120万元
            start: 0
            target: 100

FAIL:
    # base: okrs/service.yaml
    owner: service
    cycle: 2026-Q4
    objectives:
      - id: support
        ^ OKR122
        title: 提升客户服务满意度
        aligns_to: company/customers
"""

from okrcli import okrdiff
from okrcli.checks.base import ERROR, HISTORY, Found, Rule
from okrcli.checks.history import History
from okrcli.i18n import _

RULE = Rule("OKR122", "deleted-not-dropped", ERROR, HISTORY, __doc__ or "")


def check_history(ctx: History) -> Found:
    deleted = [d for d in ctx.deltas if d.kind == okrdiff.DELETED and ctx.started(d)]
    objectives = {d.ref for d in deleted if d.ref.count("/") == 1}
    for delta in deleted:
        is_objective = delta.ref.count("/") == 1
        if not is_objective and delta.ref.rsplit("/", 1)[0] in objectives:
            continue  # said once, with its objective
        reading, where = ctx.place(delta)
        cycle = delta.file.doc.cycle
        message = (_("objective {ref} was deleted after cycle {cycle} started: put it back "
                     "and drop it (okr objective drop {ref} --reason TEXT), so that the "
                     "promise and its history stay in the file") if is_objective else
                   _("key result {ref} was deleted after cycle {cycle} started: put it back "
                     "and drop it (okr kr drop {ref} --reason TEXT), so that the promise "
                     "and its history stay in the file"))
        # at the key of the list it was in (`key_results:`, `objectives:`), not its first item
        yield reading, RULE.at(message.format(ref=delta.ref, cycle=cycle), where,
                               at_key=_at_list(where))


def _at_list(where: tuple[object, ...]) -> bool:
    return bool(where) and where[-1] in ("key_results", "objectives")
