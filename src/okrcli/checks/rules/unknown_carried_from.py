"""`carried_from` names no objective this one could have been carried from.

`okr carry REF --to CYCLE` writes an unfinished objective into its owner's file of a
later cycle and records where it came from: `carried_from: CYCLE/OWNER/OBJECTIVE`. The
复盘 and `okr history` follow that link back, so it must name a cycle in okr.yaml that
starts before the file's own, the file's own owner (an objective is carried by its
owner; another team's goal is aligned to, not carried), and an objective that owner's
file of that cycle has. Correct the link, or remove it for an objective that is new.

PASS:
    # file: okrs/sales-2026-q3.yaml
    owner: sales
    cycle: 2026-Q3
    objectives:
      - id: channels
        title: 打通线上分销渠道
        key_results:
          - id: dealers
            title: 签约经销商30家
            start: 0
            target: 30
            unit: 家
            checkins:
              - {date: 2026-09-25, value: 18}
        outcome: carried
    # file: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: channels
        title: 打通线上分销渠道
        aligns_to: company/customers
        carried_from: 2026-Q3/sales/channels
        key_results:
          - id: dealers
            title: 签约经销商30家
            start: 18
            target: 30
            unit: 家

FAIL:
    # file: okrs/sales-2026-q3.yaml
    owner: sales
    cycle: 2026-Q3
    objectives:
      - id: channels
        title: 打通线上分销渠道
        key_results:
          - id: dealers
            title: 签约经销商30家
            start: 0
            target: 30
            unit: 家
    # file: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: channels
        title: 打通线上分销渠道
        aligns_to: company/customers
        carried_from: 2026-Q3/sales/chanels
                      ^ OKR119
        key_results:
          - id: dealers
            title: 签约经销商30家
            start: 18
            target: 30
            unit: 家
      - id: stores
        title: 开通线上门店
        aligns_to: company/customers
        carried_from: 2026-Q3/marketing/stores
                      ^ OKR119
        key_results:
          - id: opened
            title: 开通线上门店20家
            start: 0
            target: 20
            unit: 家
      - id: service
        title: 提升线上客户的满意度
        aligns_to: company/customers
        carried_from: 2026-Q4/sales/service
                      ^ OKR119
        key_results:
          - id: nps
            title: 线上客户NPS达到40
            start: 20
            target: 40
      - id: partners
        title: 发展区域合作伙伴
        aligns_to: company/customers
        carried_from: 2026-Q2/sales/partners
                      ^ OKR119
        key_results:
          - id: signed
            title: 签约区域合作伙伴5家
            start: 0
            target: 5
            unit: 家
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule, Unchecked
from okrcli.i18n import _
from okrcli.refs import objective_ref

RULE = Rule("OKR119", "unknown-carried-from", ERROR, WORKSPACE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        mine = ctx.cycle(doc.cycle)
        for oi, objective in enumerate(doc.objectives):
            link = objective.carried_from
            if link is None:
                continue
            where = ("objectives", oi, "carried_from")
            cycle_id, owner, objective_id = link.split("/")
            source = ctx.cycle(cycle_id)
            if source is None:
                yield handle, RULE.at(_(
                    "carried_from {link} names cycle {cycle}, which is not in okr.yaml").format(
                        link=link, cycle=cycle_id), where)
            elif mine is not None and source.start >= mine.start:
                yield handle, RULE.at(_(
                    "carried_from {link} names cycle {cycle}, which does not start before "
                    "this file's cycle {mine}").format(link=link, cycle=cycle_id,
                                                        mine=doc.cycle), where)
            elif owner != doc.owner:
                yield handle, RULE.at(_(
                    "carried_from {link} names owner {owner}, not this file's owner {mine}: "
                    "an objective is carried over by its own owner").format(
                        link=link, owner=owner, mine=doc.owner), where)
            elif objective_ref(owner, objective_id) not in ctx.objectives(cycle_id):
                unread = ctx.unread_owner(owner, cycle_id)
                if unread is not None:  # it may be in the file that could not be read
                    yield handle, Unchecked(where, unread)
                elif ctx.whole or (owner, cycle_id) in ctx.first_files():
                    yield handle, RULE.at(_(
                        "carried_from {link}: {owner} has no objective {objective} in "
                        "cycle {cycle}").format(link=link, owner=owner,
                                                objective=repr(objective_id),
                                                cycle=cycle_id), where)
