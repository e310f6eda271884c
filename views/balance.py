"""Roadmap balance: where capacity goes, per team and period or release, against the agreed allocation."""
from dataclasses import replace

import streamlit as st

from analysis import balance
from analysis.headlines.balance import balance_headlines
from analysis.headlines.change import NOTABLE_PP
from analysis.periods import PERIOD_LABELS, describe_age_buckets, describe_now, describe_periods
from app import ui
from app.safe_text import md
from charts.balance import (backlog_figure, drift_heatmap_figure, score_heatmap_figure, share_bars_figure,
                            team_shares_figure, technical_share_figure)

filters = ui.current_filters()
data = ui.workspace_data()
st.title("Roadmap balance")
answer = st.container()          # filled once the period and weighing below are known

left, right = st.columns(2)
period = ui.url_choice(left.radio, "Period", list(balance.PERIODS), key="balance_period", default="month",
                       horizontal=True, format_func=PERIOD_LABELS.get)
by = ui.url_choice(right.radio, "Weigh work by", list(balance.WEIGHTS), key="balance_by", default="points",
                   horizontal=True, format_func=lambda v: "story points" if v == "points" else "item count")

with ui.user_errors():
    delivered = ui.metric_table("balance", filters, period=period, by=by)
    per_team = ui.metric_table("balance-per-team", filters, period=period, by=by)
    scores = ui.metric_table("balance-score", filters, period=period, by=by)
    technical = ui.metric_table("balance-technical", filters, period=period, by=by)
    over_period = ui.metric_table("balance-technical-period", filters, period=period, by=by)
    planned = ui.metric_table("balance-planned", filters, by=by)
    planned_per_team = ui.metric_table("balance-planned-per-team", filters, by=by)
    planned_items = ui.metric_table("balance-planned-items", filters)
    backlog = ui.metric_table("balance-backlog", filters)
    items = ui.metric_table("balance-items", filters, period=period)
    without_points = balance.items_without_points(data.selected(filters), filters.since, filters.until)
with answer:
    ui.headline(balance_headlines(over_period, technical, by, period, filters.since, filters.until))
    shown_teams = over_period[over_period["team"] != balance.NO_TEAM]
    if len(shown_teams):
        cells = st.columns(min(len(shown_teams), 7))
        for cell, row in zip(cells, shown_teams.tail(7).iloc[::-1].itertuples()):
            cell.metric(md(row.team), ui.percent(row.technical_share, 0),
                        f"{row.gap_pp:+.1f} pp vs {ui.percent(row.technical_target, 0)}",
                        delta_color="off" if abs(row.gap_pp) < NOTABLE_PP else "normal",
                        help="Technical share (debt + enabler + architecture + devops) of the work delivered in the "
                             "period, against the target")
# Teams with delivered work in the selection; "(no team)" is no team to drill into.
teams = sorted(set(scores["team"]) - {balance.NO_TEAM})
ui.definitions(
    f"- Work delivered from {filters.since:%-d %b %Y} to {filters.until:%-d %b %Y}: items resolved in the period.\n"
    "- A share is a fraction of the team's own work in that period or release; the category filter only hides "
    "rows, it never changes a share.\n"
    "- Drift = share − target, in percentage points. Balance score = 100 × (1 − total variation distance), i.e. "
    "100 × (1 − half the sum over the six categories of |share − target|): 100 = exactly on target, 0 = no overlap.\n"
    "- Technical share = debt + enabler + architecture + devops. A team is flagged when it is below its technical "
    f"target {balance.RUN_LENGTH} periods in a row.\n"
    f"- {describe_periods()}\n"
    f"- {describe_now()}\n"
    "- A period in which a team resolved nothing has no shares and no score (no data). Teams without a target of "
    "their own use the default target."
)

# ---------------------------------------------------------------- 1. delivered
st.subheader("Delivered work per category")
points_note = (f"{without_points:,} of {len(items):,} delivered items have no story points and count as "
               f"{data.settings.default_points:g} {'point' if data.settings.default_points == 1 else 'points'} each "
               "(settings.toml, [points] default_points).")
st.caption(("Weighed by story points. " + points_note) if by == "points" else
           ("Weighed by item count: every item counts once. " + points_note))
ui.chart(team_shares_figure, per_team,
         f"Delivered work per category and team, {filters.since:%-d %b %Y} to {filters.until:%-d %b %Y}",
         key="chart_delivered")
ui.show_table(per_team, ui.file_name("balance_per_team", filters, by),
              label="Shares, targets and drift per team over the whole period")
ui.show_table(delivered, ui.file_name("balance", filters, period, by),
              label="Shares, targets and drift per team and period")

# ---------------------------------------------------------------- 2. one team
flagged = balance.flagged_teams(technical)
period_word = PERIOD_LABELS[period].split(" ")[0].lower()
if teams:
    st.subheader("One team over time")
    team = ui.url_choice(st.selectbox, "Team", teams, key="balance_team",
                         default=balance.team_to_watch(over_period, flagged) or teams[0],
                         help="Opens on the team below its technical target the longest, else the one furthest "
                              "below it over the period.")
    team_filters = replace(filters, teams=(team,))
    team_rows = ui.metric_table("balance", team_filters, period=period, by=by)
    view, view_tab = ui.chosen_tab(["Delivered work", "Technical share", "Drift from target"], key="balance_team_view")
    with view_tab:
        if view == "Delivered work":
            ui.chart(share_bars_figure, team_rows, title=f"Delivered work of {team} per category and {period_word}",
                     key="chart_team_delivered")
        elif view == "Technical share":
            ui.chart(technical_share_figure, technical, team, key="chart_technical")
        else:
            ui.chart(drift_heatmap_figure, team_rows, team, key="chart_drift")
    ui.show_table(team_rows, ui.file_name("balance_drift", team_filters, period, by),
                  label=f"Shares, targets and drift of {md(team)} per {period_word}")

# ---------------------------------------------------------------- 3. against the target
st.subheader("Against the target")
for team_row in flagged.itertuples():
    st.warning(f"**{md(team_row.team)}**: technical share (debt + enabler + architecture + devops) below its target "
               f"for {team_row.periods_below} {period_word}s in a row, the periods starting "
               f"{team_row.first_period:%-d %b %Y} to {team_row.last_period:%-d %b %Y}"
               + (", and still below in the latest one." if team_row.ongoing else "."),
               icon=":material/trending_down:")
if flagged.empty:
    st.caption(f"No team's technical share was below its target {balance.RUN_LENGTH} {period_word}s in a row.")
ui.show_table(over_period, ui.file_name("balance_technical_period", filters, by),
              label="Technical share over the whole period per team")
ui.show_table(technical, ui.file_name("balance_technical", filters, period, by),
              label="Technical share per team and period")
ui.chart(score_heatmap_figure, scores, technical, key="chart_scores")
ui.show_table(scores, ui.file_name("balance_score", filters, period, by), label="Balance score per team and period")

# ---------------------------------------------------------------- 4. targets
st.subheader("Target allocation")
st.caption("Shares in percent per category, saved to the workspace's config/targets.toml (scaled to add up "
           "to 100 %). A team without its own target uses the default.")
ui.target_editor(data, teams)

# ---------------------------------------------------------------- 5. planned
st.subheader("Planned work per release")
st.caption(
    f"Open items (as of {data.reference_date:%-d %b %Y}) in a future sprint or an unreleased fix version "
    "(not released, or released after that date). Release = the item's earliest unreleased fix version; items "
    "only in future sprints are grouped as 'next sprints'. Technical work that is only in the backlog shows "
    "up under Backlog composition instead."
)
if planned.empty:
    st.info("No open item is planned in a future sprint or an unreleased fix version: the roadmap holds no "
            "planned work to weigh (the export has no future sprints or unreleased versions).",
            icon=":material/event_busy:")
else:
    ui.chart(team_shares_figure, planned_per_team, "Planned work per category and team (every release together)",
             key="chart_planned")
ui.show_table(planned_per_team, ui.file_name("balance_planned_per_team", filters, by),
              label="Planned shares, targets and drift per team")
ui.show_table(planned, ui.file_name("balance_planned_shares", filters, by),
              label="Planned shares, targets and drift per release")
ui.show_table(planned_items, ui.file_name("balance_planned_items", filters),
              label=f"Planned items ({len(planned_items):,})")

# ---------------------------------------------------------------- 6. backlog composition
st.subheader("Backlog composition")
st.caption(f"Every open item as of {data.reference_date:%-d %b %Y} by category and age; unplanned = in no future "
           f"sprint and no unreleased fix version. {describe_age_buckets()}")
ui.chart(backlog_figure, backlog, list(balance.AGE_BUCKETS), key="chart_backlog")
ui.show_table(backlog, ui.file_name("balance_backlog", filters), label="Open backlog by category and age")

# ---------------------------------------------------------------- 7. drill-down and corrections
st.subheader("Delivered items and category corrections")
st.caption("The items behind the delivered shares. A wrong category can be corrected here: the correction is "
           "saved in the workspace, applied on every load, and listed on the Data quality page.")
ui.show_table(items, ui.file_name("balance_delivered_items", filters, period), label=f"Delivered items ({len(items):,})")
ui.category_correction(ui.stack(items, planned_items, columns=["key", "summary", "category"]), key="balance_fix",
                       note="Roadmap balance page")
