"""Technical debt: is it growing, where does it sit, how old is it, what does it cost."""
import streamlit as st

from analysis.debt import (
    AGE_BUCKETS, DEFAULT_PROJECTION_PERIODS, INTEREST_WINDOW_DAYS, OLDEST_COUNT, PERIODS,
)
from app import ui
from charts.debt import (
    debt_age_figure, debt_area_figure, debt_interest_figure, debt_investment_figure, debt_projection_figure,
    debt_recorded_figure, debt_trend_figure,
)

PERIOD_LABELS = {"week": "Week", "sprint": "Sprint (2 weeks)", "month": "Month"}

filters = ui.current_filters()
data = ui.workspace_data()
default_points = data.settings.default_points
st.title("Technical debt")
st.caption(
    f"From {filters.since.isoformat()} to {filters.until.isoformat()}. Debt = items in the category *debt*. "
    "An item is open on a day when it was created on or before that day and not yet resolved; a done item "
    "without a resolved date counts as resolved at its last status change or update. Open counts are taken on "
    "each period's last day; the history is rebuilt from created and resolved dates. Weeks run Monday to Sunday; "
    "sprints are two-week periods counted from the Monday on or before the start of the range (one grid for all "
    "teams, not the tracker's sprints); months are calendar months. Points are story points, an item without "
    f"points counts as {default_points:g}. Age = days since created. The category filter does not apply here: "
    "debt shares are of all open items."
)

controls = st.columns([2, 1, 1])
period = controls[0].segmented_control("Period", list(PERIODS), key="debt_period", default="month",
                                       format_func=PERIOD_LABELS.get) or "month"
last_periods = controls[1].number_input("Project from the last N periods", min_value=1, max_value=104,
                                        value=DEFAULT_PROJECTION_PERIODS, step=1, key="debt_projection_periods")
target = controls[2].number_input("Target open debt items", min_value=0, value=None, step=10,
                                  key="debt_target_items", placeholder="no target")

with ui.user_errors():
    summary = ui.metric_table("debt-summary", filters).set_index("metric")
    trend = ui.metric_table("debt-trend", filters, period=period)


def value(name):
    number = summary.loc[name, "value"]
    return None if number != number else number


def change(name, scale=1.0, unit="", digits=0):
    number = summary.loc[name, "change"]
    return None if number != number else f"{number * scale:+.{digits}f}{unit}"


st.caption(f"Changes compare with the start of the range ({filters.since.isoformat()}).")
columns = st.columns(4)
columns[0].metric("Open debt items", f"{int(value('open_debt_items')):,}", change("open_debt_items"),
                  delta_color="inverse", help=f"{value('open_debt_points'):,.0f} points")
columns[1].metric("Debt share of open items", ui.percent(value("debt_share")),
                  change("debt_share", 100, " pp", 1), delta_color="inverse")
columns[2].metric("Median age of open debt", "no debt" if value("median_age_days") is None
                  else f"{value('median_age_days'):.0f} days", change("median_age_days", 1, " days"),
                  delta_color="inverse", help="85th percentile: " + (
                      "–" if value("p85_age_days") is None else f"{value('p85_age_days'):.0f} days"))
columns[3].metric("Debt created / resolved", f"{int(value('debt_created'))} / {int(value('debt_resolved'))}",
                  f"{int(value('net_flow')):+d} net", delta_color="inverse")
ui.show_table(summary.reset_index(), "debt_summary.csv")

# ---------------------------------------------------------------- 1. trend
st.subheader("Is debt growing?")
ui.chart(debt_trend_figure, trend, key="debt_trend_chart")
ui.show_table(trend, "debt_trend.csv")
recorded = ui.metric_table("debt-recorded", filters)
if len(recorded) >= 2:
    st.caption("As recorded: open debt as each imported export stated it (status not done), for comparison.")
    ui.chart(debt_recorded_figure, recorded, trend, key="debt_recorded_chart")
    ui.show_table(recorded, "debt_recorded.csv")

# ---------------------------------------------------------------- 2. age
st.subheader("How old is it?")
buckets = ui.metric_table("debt-age-buckets", filters)
ages = ui.metric_table("debt-age", filters)
ui.chart(debt_age_figure, buckets, key="debt_age_chart")
st.caption(f"Buckets in days since created: {', '.join(AGE_BUCKETS)} (180-365 includes 365).")
ui.show_table(buckets, "debt_age_buckets.csv")
st.markdown(f"**The {OLDEST_COUNT} oldest open debt items**")
ui.show_table(ages.head(OLDEST_COUNT), "debt_oldest.csv", label="Oldest debt items", expanded=True)
ui.show_table(ages, "debt_age.csv", label=f"All {len(ages):,} open debt items")

# ---------------------------------------------------------------- 3. where
st.subheader("Where does it sit?")
for tab, area in zip(st.tabs(["Team", "Component", "Epic"]), ("team", "component", "epic")):
    with tab:
        by_area = ui.metric_table("debt-by-area", filters, area=area)
        ui.chart(debt_area_figure, by_area, f"Open debt per {area}", key=f"debt_area_chart_{area}")
        ui.show_table(by_area, f"debt_by_{area}.csv")
st.caption("An item with several components counts once in each.")

# ---------------------------------------------------------------- 4. interest
st.subheader("What does it cost?")
interest_area = st.segmented_control("Compare per", ["component", "team"], key="debt_interest_area",
                                     default="component") or "component"
interest = ui.metric_table("debt-interest", filters, area=interest_area)
correlation = ui.metric_table("debt-correlation", filters, area=interest_area).iloc[0]
st.caption(f"Open debt today beside the defects created in the last {INTEREST_WINDOW_DAYS} days, per "
           f"{interest_area}. How strongly they go together: Spearman rank correlation across {interest_area}s; "
           "we only say they do when p < 0.05, rho ≥ 0.3 and there are at least 5 areas.")
if correlation["verdict"] == "together":
    st.warning(correlation["message"], icon=":material/bug_report:")
else:
    st.info(correlation["message"], icon=":material/info:")
ui.chart(debt_interest_figure, interest, key="debt_interest_chart")
ui.show_table(interest, "debt_interest.csv")

# ---------------------------------------------------------------- 5. projection
st.subheader("Where is it heading?")
with ui.user_errors():
    projection = ui.metric_table("debt-projection", filters, period=period, periods=str(int(last_periods)),
                                 target="none" if target is None else str(target))
row = projection.iloc[0]
if row["status"] == "ok":
    st.markdown(row["message"])
else:
    st.warning(row["message"], icon=":material/warning:")
st.caption("A straight line through the net flow (created − resolved) of the last N periods; a rough "
           "guide, not a forecast.")
ui.chart(debt_projection_figure, trend, projection, key="debt_projection_chart")
ui.show_table(projection, "debt_projection.csv")

# ---------------------------------------------------------------- 6. investment
st.subheader("Are we investing enough?")
investment = ui.metric_table("debt-investment", filters, period=period)
st.caption("Share of the story points completed in each period that were debt, against the target for debt "
           "(targets.toml; for several teams, each team's target weighted by the points it completed).")
ui.chart(debt_investment_figure, investment, key="debt_investment_chart")
ui.show_table(investment, "debt_investment.csv")
