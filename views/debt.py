"""Technical debt: is it growing, where does it sit, how old is it, what does it cost."""
import streamlit as st

from analysis.debt import (
    DEFAULT_PROJECTION_PERIODS, INTEREST_WINDOW_DAYS, MIN_AREAS_FOR_CORRELATION, MIN_RHO, OLDEST_COUNT, PERIODS,
    SIGNIFICANCE,
)
from analysis.headlines.change import change_basis
from analysis.headlines.debt import debt_headlines
from analysis.periods import PERIOD_LABELS, describe_age_buckets, describe_now, describe_periods
from app import ui
from app.tables import named_epics
from charts.debt import (
    debt_age_figure, debt_area_figure, debt_interest_figure, debt_investment_figure, debt_projection_figure,
    debt_recorded_figure, debt_trend_figure,
)

filters = ui.current_filters()
data = ui.workspace_data()
st.title("Technical debt")
answer = st.container()          # the page's answer, once its numbers are known

controls = st.columns([2, 1, 1])
period = ui.url_choice(controls[0].segmented_control, "Period", list(PERIODS), key="debt_period", default="month",
                       format_func=PERIOD_LABELS.get)
last_periods = controls[1].number_input("Project from the last N periods", min_value=1, max_value=104,
                                        value=DEFAULT_PROJECTION_PERIODS, step=1, key="debt_projection_periods")
target = controls[2].number_input("Target open debt items", min_value=0, value=None, step=10,
                                  key="debt_target_items", placeholder="no target")

with ui.user_errors():
    summary = ui.metric_table("debt-summary", filters)
    trend = ui.metric_table("debt-trend", filters, period=period)
    by_team = ui.metric_table("debt-by-area", filters, area="team")
with answer:
    ui.headline(debt_headlines(summary, by_team, filters.since, filters.until))
numbers = ui.headline_numbers(summary)
columns = st.columns(4)
columns[0].metric("Open debt items", numbers.value("open_debt_items"), numbers.change("open_debt_items"),
                  delta_color="inverse", help=f"{numbers.value('open_debt_points')} points")
columns[1].metric("Debt share of open items", numbers.value("debt_share"), numbers.change("debt_share"),
                  delta_color="inverse")
columns[2].metric("Median age of open debt", numbers.value("median_age_days").replace("no data", "no debt"),
                  numbers.change("median_age_days"), delta_color="inverse",
                  help="85th percentile: " + numbers.value("p85_age_days"))
columns[3].metric("Debt created / resolved", f"{numbers.value('debt_created')} / {numbers.value('debt_resolved')}",
                  f"{numbers.signed('net_flow')} net", delta_color="inverse")
st.caption(change_basis(filters.since, filters.until))
ui.definitions(
    "- Debt = items in the category *debt*. The category filter does not apply here: debt shares are of all "
    "open items.\n"
    "- An item is open on a day when it was created on or before that day and not yet resolved; a done item "
    "without a resolved date counts as resolved at its last status change or update. Open counts are taken on "
    "each period's last day; the history is rebuilt from created and resolved dates.\n"
    f"- {describe_now()}\n"
    f"- {describe_periods()}\n"
    f"- Points are story points; an item without points counts as {data.settings.default_points:g} "
    "(settings.toml, [points] default_points).\n"
    f"- {describe_age_buckets()}\n"
    f"- Debt and new defects go together when the Spearman rank correlation across areas has p < {SIGNIFICANCE:g}, "
    f"rho ≥ {MIN_RHO:g} and there are at least {MIN_AREAS_FOR_CORRELATION} areas; new defects = created in the "
    f"last {INTEREST_WINDOW_DAYS} days.\n"
    "- The projection is a straight line through the net flow (created − resolved) of the last N periods: a "
    "rough guide, not a forecast."
)
ui.show_table(summary, ui.file_name("debt_summary", filters))

# ---------------------------------------------------------------- 1. trend
st.subheader("Is debt growing?")
ui.chart(debt_trend_figure, trend, key="debt_trend_chart")
ui.show_table(trend, ui.file_name("debt_trend", filters, period))
recorded = ui.metric_table("debt-recorded", filters)
if len(recorded) >= 2:
    st.caption("As recorded: open debt as each imported export stated it (status not done), for comparison.")
    ui.chart(debt_recorded_figure, recorded, trend, key="debt_recorded_chart")
    ui.show_table(recorded, ui.file_name("debt_recorded", filters))

# ---------------------------------------------------------------- 2. age
st.subheader("How old is it?")
buckets = ui.metric_table("debt-age-buckets", filters)
ages = ui.metric_table("debt-age", filters)
ui.chart(debt_age_figure, buckets, key="debt_age_chart")
st.caption(describe_age_buckets())
ui.show_table(buckets, ui.file_name("debt_age_buckets", filters))
st.markdown(f"**The {OLDEST_COUNT} oldest open debt items**")
ui.show_table(ages.head(OLDEST_COUNT), ui.file_name("debt_oldest", filters), label="Oldest debt items", expanded=True)
ui.show_table(ages, ui.file_name("debt_age", filters), label=f"All {len(ages):,} open debt items")

# ---------------------------------------------------------------- 3. where
st.subheader("Where does it sit?")
area_label, area_tab = ui.chosen_tab(["Team", "Component", "Epic"], key="debt_area")
area = area_label.lower()
with area_tab:
    by_area = ui.metric_table("debt-by-area", filters, area=area)
    ui.chart(debt_area_figure, ui.derived(named_epics, by_area), f"Open debt per {area}", key=f"debt_area_chart_{area}")
    ui.show_table(by_area, ui.file_name("debt_by", filters, area))
st.caption("An item with several components counts once in each.")

# ---------------------------------------------------------------- 4. interest
st.subheader("What does it cost?")
interest_area = ui.url_choice(st.segmented_control, "Compare per", ["component", "team"], key="debt_interest_area",
                              default="component")
interest = ui.metric_table("debt-interest", filters, area=interest_area)
correlation = ui.metric_table("debt-correlation", filters, area=interest_area).iloc[0]
st.caption(f"Open debt today beside the defects created in the last {INTEREST_WINDOW_DAYS} days, per "
           f"{interest_area}.")
if correlation["verdict"] == "together":
    st.warning(correlation["message"], icon=":material/bug_report:")
else:
    st.info(correlation["message"], icon=":material/info:")
ui.chart(debt_interest_figure, interest, key="debt_interest_chart")
ui.show_table(interest, ui.file_name("debt_interest", filters, interest_area))

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
ui.chart(debt_projection_figure, trend, projection, key="debt_projection_chart")
ui.show_table(projection, ui.file_name("debt_projection", filters, period))

# ---------------------------------------------------------------- 6. investment
st.subheader("Are we investing enough?")
investment = ui.metric_table("debt-investment", filters, period=period)
st.caption("Share of the story points completed in each period that were debt, against the target for debt "
           "that applied at the period's end (for several teams, each team's target weighted by the points it "
           "completed).")
ui.chart(debt_investment_figure, investment, key="debt_investment_chart")
ui.show_table(investment, ui.file_name("debt_investment", filters, period))

# ---------------------------------------------------------------- 7. correct a category
st.subheader("Correct the category of an open item")
st.caption("An item that is not debt (or should be): the correction is kept in the workspace, applied on every "
           "load and listed on the Data quality page.")
ui.category_correction(ages, key="debt_fix", note="Technical debt page")
