"""A goalpost moved since the base revision with no reason recorded.

Once a cycle has started, a key result's `start`, `target`, `due`, `above` or `below` is
a promise: moving it changes every score measured against it, so the file keeps why, in
a `changes:` entry of that field with the new value (`okr kr edit REF --target N
--reason TEXT` writes it). "Once the cycle has started" is read as `okr kr edit` reads
it: today is on or after the cycle's first day (a plan still being written before the
cycle may move freely). The finding is at the new value. Add the missing entry (date,
field, old, new, reason), or move the goalpost back.

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
            unit: 万元
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
            target: 120
            unit: 万元
            changes:
              - {date: 2026-10-20, field: target, old: 100, new: 120, reason: 新增华东渠道}

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
            unit: 万元
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
            target: 120
                    ^ OKR120
            unit: 万元
"""

from okrcli import okrdiff
from okrcli.checks.base import ERROR, HISTORY, Found, Rule
from okrcli.checks.history import History
from okrcli.i18n import _

RULE = Rule("OKR120", "silent-goalpost", ERROR, HISTORY, __doc__ or "")


def check_history(ctx: History) -> Found:
    for delta in ctx.deltas:
        if delta.kind != okrdiff.MOVED or delta.reason is not None or not ctx.started(delta):
            continue
        reading, where = ctx.place(delta)
        yield reading, RULE.at(_(
            "{ref}: {field} moved from {old} to {new} since {base} with no reason recorded: "
            "add a changes: entry for {field} with the new value and a reason (okr kr edit "
            "{ref} --{field} VALUE --reason TEXT writes one)").format(
                ref=delta.ref, field=delta.field, old=_shown(delta.old),
                new=_shown(delta.new), base=ctx.base), where)


def _shown(value: object) -> str:
    # TRANSLATORS: a goalpost that had no value (an unset start, say)
    return _("nothing") if value is None else str(value)
