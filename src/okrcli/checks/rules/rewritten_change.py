"""A `changes:` entry or a `dropped:` record rewritten or removed since the base revision.

A dropped key result or objective restored (its record removed) counts too. These
records are the audit trail: a `changes:` entry says when and why a goalpost moved, a
`dropped:` record when and why a promise stopped counting. Editing one rewrites the
reason a reviewer accepted; removing one (un-dropping, say) makes a moved goalpost
silent or brings a dropped key result back into the scores of weeks already reported.
Add a new entry instead: a goalpost moved again gets its own `changes:` entry; a key
result dropped by mistake is a new key result. The finding is at the record in the new
file, or at its key result (or objective) when the record is gone.

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
            target: 120
            changes:
              - {date: 2026-10-20, field: target, old: 100, new: 120, reason: 新增华东渠道}
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
            target: 130
            changes:
              - {date: 2026-10-20, field: target, old: 100, new: 120, reason: 新增华东渠道}
              - {date: 2026-11-20, field: target, old: 120, new: 130, reason: 华南渠道提前上线}

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
            target: 120
            changes:
              - {date: 2026-10-20, field: target, old: 100, new: 120, reason: 新增华东渠道}
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
            changes:
              - {date: 2026-10-20, field: target, old: 100, new: 120, reason: 客户要求}
                ^ OKR124

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
          - id: agents
            title: 西南区域签约代理商5家
            start: 0
            target: 5
            dropped: {date: 2026-11-05, reason: 市场变化，资源集中到华东}
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
          - id: agents
            ^ OKR124
            title: 西南区域签约代理商5家
            start: 0
            target: 5
"""

from okrcli import okrdiff
from okrcli.checks.base import ERROR, HISTORY, Found, Rule
from okrcli.checks.history import History
from okrcli.i18n import _

RULE = Rule("OKR124", "rewritten-change", ERROR, HISTORY, __doc__ or "")


def check_history(ctx: History) -> Found:
    for delta in ctx.deltas:
        reading, where = ctx.place(delta)
        if delta.kind == okrdiff.RESTORED:
            message = _("{ref} was dropped at {base} ({date}: {reason}) and its dropped: "
                        "record is gone: a drop is history; to count it again, add it anew "
                        "under a new id").format(ref=delta.ref, base=ctx.base,
                                               date=delta.old["date"],
                                               reason=delta.old["reason"])
        elif delta.kind != okrdiff.REWRITTEN or delta.field not in ("changes", "dropped"):
            continue
        elif delta.field == "dropped":
            message = _("{ref}: its dropped: record committed at {base} was altered: a drop "
                        "is history, as written when it was made").format(
                            ref=delta.ref, base=ctx.base)
        elif delta.new is None:
            message = _("{ref}: the changes: entry of {date} ({field}: {old} -> {new}) "
                        "committed at {base} was removed: the record of a moved goalpost is "
                        "history; add a new entry instead").format(
                            ref=delta.ref, base=ctx.base, **_record(delta.old))
        else:
            message = _("{ref}: the changes: entry of {date} ({field}: {old} -> {new}) "
                        "committed at {base} was altered: the record of a moved goalpost is "
                        "history; add a new entry instead").format(
                            ref=delta.ref, base=ctx.base, **_record(delta.old))
        yield reading, RULE.at(message, where, at_key=delta.new is None and bool(where)
                               and isinstance(where[-1], str))


def _record(change: dict[str, object]) -> dict[str, object]:
    return {name: change[name] for name in ("date", "field", "old", "new")}
