"""Roadmap balance: where capacity goes, per team and period or release, against the agreed allocation."""
from dataclasses import replace

import streamlit as st

import config
from analysis import balance
from app import actions, ui
from app.safe_text import md
from charts.balance import (backlog_figure, drift_heatmap_figure, score_heatmap_figure, share_bars_figure,
                            technical_share_figure)

filters = ui.current_filters()
data = ui.workspace_data()
st.title("Roadmap balance")
st.caption(
    f"Work delivered from {filters.since.isoformat()} to {filters.until.isoformat()} (items resolved in the period) "
    "and work planned on the roadmap, per team and category, against the target allocation. A share is a "
    "fraction of the team's own work in that period or release (the category filter only hides rows). Drift = "
    "share − target, in percentage points. Balance score = 100 × (1 − total variation distance), i.e. 100 × (1 − "
    "half the sum over the six categories of |share − target|): 100 = exactly on target, 0 = no overlap. "
    "Sprints are two-week periods starting on the Monday on or before the 'From' date (the same for every "
    "team, not the teams' own sprint dates). A period in which a team resolved nothing has no shares and no "
    "score (no data). Teams without a target of their own use the default target."
)

left, right = st.columns(2)
period = left.radio("Period", balance.PERIODS, index=1, horizontal=True, key="balance_period")
by = right.radio("Weigh work by", balance.WEIGHTS, horizontal=True, key="balance_by",
                 format_func=lambda v: "story points" if v == "points" else "item count")

with ui.user_errors():
    delivered = ui.metric_table("balance", filters, period=period, by=by)
    scores = ui.metric_table("balance-score", filters, period=period, by=by)
    technical = ui.metric_table("balance-technical", filters, period=period, by=by)
    planned = ui.metric_table("balance-planned", filters, by=by)
    planned_items = ui.metric_table("balance-planned-items", filters)
    backlog = ui.metric_table("balance-backlog", filters)
    items = ui.metric_table("balance-items", filters, period=period)
    without_points = balance.items_without_points(data.selected(filters), filters.since, filters.until)
# Teams with delivered work in the selection; "(no team)" is no team to drill into.
teams = sorted(set(scores["team"]) - {balance.NO_TEAM})

# ---------------------------------------------------------------- 1. delivered
st.subheader("Delivered work per category")
points_note = (f"{without_points:,} of {len(items):,} delivered items have no story points and count as "
               f"{data.settings.default_points:g} point(s) each (settings.toml, [points] default_points).")
st.caption(("Weighed by story points. " + points_note) if by == "points" else
           ("Weighed by item count: every item counts once. " + points_note))
ui.chart(share_bars_figure, delivered, key="chart_delivered")
ui.show_table(delivered, f"balance_{period}_{by}.csv", label="Shares, targets and drift per team and period")

# ---------------------------------------------------------------- 2. against target
st.subheader("Against the target")
flagged = balance.flagged_teams(technical)
for team_row in flagged.itertuples():
    st.warning(f"**{md(team_row.team)}**: technical share (debt + enabler + architecture + devops) below its target "
               f"for {team_row.periods_below} {period}s in a row, the periods starting {team_row.first_period:%Y-%m-%d} "
               f"to {team_row.last_period:%Y-%m-%d}" + (", and still below in the latest one." if team_row.ongoing else "."),
               icon=":material/trending_down:")
if flagged.empty:
    st.caption(f"No team's technical share was below its target three {period}s in a row.")
ui.chart(score_heatmap_figure, scores, technical, key="chart_scores")
ui.show_table(scores, f"balance_score_{period}_{by}.csv", label="Balance score per team and period")
ui.chart(technical_share_figure, technical, key="chart_technical")
ui.show_table(technical, f"balance_technical_{period}_{by}.csv", label="Technical share per team and period")

if teams:
    drift_team = st.selectbox("Drift of team", teams, key="balance_drift_team")
    team_rows = ui.metric_table("balance", replace(filters, teams=(drift_team,)), period=period, by=by)
    ui.chart(drift_heatmap_figure, team_rows, drift_team, key="chart_drift")
    ui.show_table(team_rows, f"balance_drift_{drift_team}_{period}_{by}.csv", label=f"Drift of {md(drift_team)}")

# ---------------------------------------------------------------- 3. targets
st.subheader("Target allocation")
st.caption("Shares in percent per category. Saved to the workspace's config/targets.toml (scaled to add up "
           "to 100 %); every chart on this page uses them at once. A team without its own target uses the default.")
owners = ["default"] + sorted(set(data.teams()) | set(teams) | (set(data.targets) - {"default"}))
owner = st.selectbox("Target of", owners, key="balance_target_owner",
                     format_func=lambda o: "default (every team without its own)" if o == "default" else o)
has_own = owner in data.targets
current = data.targets[owner] if has_own else data.targets["default"]
if not has_own:
    st.caption(f"{md(owner)} has no target of its own yet: it uses the default shown below.")
columns = st.columns(len(config.CATEGORIES))
entered = {category: columns[i].number_input(category, min_value=0.0, max_value=100.0, step=1.0,
                                            value=round(current.get(category, 0.0) * 100, 1),
                                            key=f"target_{owner}_{category}")
           for i, category in enumerate(config.CATEGORIES)}
total = sum(entered.values())
st.caption(f"Total {total:g} %" + ("" if abs(total - 100) < 0.05 else " — saved shares are scaled to add up to 100 %."))
save, reset = st.columns([1, 3])
if save.button("Save targets", key="balance_save_targets", icon=":material/save:", type="primary"):
    if total <= 0:
        st.error("The shares add up to 0 %: give at least one category a share.")
    else:
        with ui.user_errors():
            actions.save_target(ui.current_workspace().config_dir, data.targets, owner, entered)
        st.rerun()
if owner != "default" and has_own and reset.button(f"Use the default target for {owner}", key="balance_drop_target"):
    with ui.user_errors():
        actions.drop_target(ui.current_workspace().config_dir, data.targets, owner)
    for category in config.CATEGORIES:      # show the default's values again
        st.session_state.pop(f"target_{owner}_{category}", None)
    st.rerun()

# ---------------------------------------------------------------- 4. planned
st.subheader("Planned work per release")
st.caption(
    f"Open items (as of {data.reference_date.isoformat()}) in a future sprint or an unreleased fix version "
    "(not released, or released after that date). Release = the item's earliest unreleased fix version; items "
    "only in future sprints are grouped as 'next sprints'. Technical work that is only in the backlog shows "
    "up under Backlog composition instead."
)
if planned.empty:
    st.info("No open item is planned in a future sprint or an unreleased fix version: the roadmap holds no "
            "planned work to weigh (the export has no future sprints or unreleased versions).",
            icon=":material/event_busy:")
else:
    ui.chart(share_bars_figure, planned, x="release", title="Planned work per category", x_title="release",
             key="chart_planned")
ui.show_table(planned, f"balance_planned_shares_{by}.csv", label="Planned shares, targets and drift per release")
ui.show_table(planned_items, "balance_planned_items.csv", label=f"Planned items ({len(planned_items):,})")

# ---------------------------------------------------------------- 5. backlog composition
st.subheader("Backlog composition")
st.caption(f"Every open item as of {data.reference_date.isoformat()} by category and age (days since created); "
           "unplanned = in no future sprint and no unreleased fix version.")
ui.chart(backlog_figure, backlog, list(balance.AGE_BUCKETS), key="chart_backlog")
ui.show_table(backlog, "balance_backlog.csv", label="Open backlog by category and age")

# ---------------------------------------------------------------- 6. drill-down and corrections
st.subheader("Delivered items and category corrections")
st.caption("The items behind the delivered shares. A wrong category can be corrected here: the correction is "
           "saved in the workspace, applied on every load, and listed on the Data quality page.")
ui.show_table(items, f"balance_delivered_items_{period}.csv", label=f"Delivered items ({len(items):,})")
keys = list(dict.fromkeys(items["key"].tolist() + planned_items["key"].tolist()))
category_of = {**dict(zip(planned_items["key"], planned_items["category"])), **dict(zip(items["key"], items["category"]))}
corrected = set(data.overrides["key"])
pick, choose, act = st.columns([2, 2, 1])
key = pick.selectbox("Item", keys, index=None, key="balance_fix_key", placeholder="Choose a delivered or planned item",
                     format_func=lambda k: f"{k} ({category_of.get(k, '?')}{', corrected' if k in corrected else ''})")
category = choose.selectbox("Correct category to", config.CATEGORIES, key="balance_fix_category")
if act.button("Save correction", key="balance_fix_save", disabled=key is None):
    with ui.user_errors():
        actions.correct_category(ui.current_workspace(), key, category_of.get(key), category,
                                 note="Roadmap balance page")
    st.rerun()
if key in corrected and act.button("Remove correction", key="balance_fix_clear"):
    with ui.user_errors():
        actions.remove_correction(ui.current_workspace(), key)
    st.rerun()
