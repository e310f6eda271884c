"""Delivery: how much we finish, how long it takes, and when the open work will be done."""
import streamlit as st

from analysis.forecast import DEFAULT_TRIALS, DEFAULT_WINDOW_DAYS
from analysis.velocity import COMMITMENT_SNAPSHOT_DAYS
from app import ui
from app.headline_view import show_headlines
from charts.delivery import (
    ageing_wip_figure, cfd_figure, cycle_histogram_figure, cycle_scatter_figure, forecast_fan_figure,
    throughput_figure, velocity_figure,
)

PERIOD_LABELS = {"week": "Week", "sprint": "Tracker sprint", "month": "Month"}

filters = ui.current_filters()
data = ui.workspace_data()
commitment = data.settings.commitment_status
st.title("Delivery")

controls = st.columns([1, 1, 1])
window_days = int(controls[0].number_input("Forecast from the last N days", min_value=7, max_value=730,
                                           value=DEFAULT_WINDOW_DAYS, step=7, key="delivery_window_days"))
unit = controls[1].segmented_control("Forecast", ["items", "points"], default="items", key="delivery_unit") or "items"
trials = int(controls[2].number_input("Monte Carlo trials", min_value=100, max_value=100_000, value=DEFAULT_TRIALS,
                                      step=1000, key="delivery_trials"))
forecast_options = dict(window_days=str(window_days), trials=str(trials))

with ui.user_errors():
    headlines = ui.metric_table("delivery-headlines", filters, **forecast_options)
    percentiles = ui.metric_table("cycle-time-percentiles", filters)
    when = ui.metric_table("forecast-when", filters, unit=unit, **forecast_options)
    weekly = ui.metric_table("throughput", filters, period="week")
show_headlines(headlines)

p = percentiles.set_index("percentile")
recent_weeks = weekly.groupby("period_start")["items"].sum().tail(window_days // 7)
finish = when.set_index("percentile")["finish_date"]
columns = st.columns(4)
columns[0].metric("Cycle time, median", "no data" if p.loc[50, "cycle_days"] != p.loc[50, "cycle_days"]
                  else f"{p.loc[50, 'cycle_days']:.0f} days", help=f"{int(p.loc[50, 'items']):,} finished items")
columns[1].metric("Cycle time, 85 %", "no data" if p.loc[85, "cycle_days"] != p.loc[85, "cycle_days"]
                  else f"{p.loc[85, 'cycle_days']:.0f} days")
columns[2].metric("Items done per week", f"{recent_weeks.mean():.1f}" if len(recent_weeks) else "no data",
                  help=f"average of the last {len(recent_weeks)} weeks")
columns[3].metric("Open work done by (85 %)", "not within 10 years" if finish.loc[85] != finish.loc[85]
                  else finish.loc[85].date().isoformat(), help=f"50 %: {finish.loc[50]}")
ui.show_table(headlines, "delivery_headlines.csv", label="Headlines as a table")
st.caption(
    f"From {filters.since.isoformat()} to {filters.until.isoformat()}. Cycle time runs from the commitment point "
    + (f"(the first move into status {commitment!r}" if commitment else "(the first move into an in-progress "
       "status") + "; an item that skips it starts at the next stage it enters) to done (the first move into a "
    "done status after which it stayed done: a reopened item counts from its last); lead time from created to done; "
    "calendar days. Weeks run Monday to Sunday. The commitment status is set in settings.toml `[workflow] "
    "commitment_status`."
)

# ---------------------------------------------------------------- 1. releases
st.subheader("Will the releases make their dates?")
with ui.user_errors():
    releases = ui.metric_table("release-forecast", filters, **forecast_options)
st.caption(f"Each unreleased fix version's remaining items, forecast from the last {window_days} days' throughput of "
           "the selection (all its teams together); on track = done by the release date at 85 %. Open blockers: "
           "open 'blocks' links onto its remaining items. Releases at risk first.")
ui.show_table(releases, "release_forecast.csv", label="Releases", expanded=True)

# ---------------------------------------------------------------- 2. forecast
st.subheader("When will the open work be done?")
by_date = st.date_input("How much by", value=None, key="delivery_by_date",
                        help=f"default: {DEFAULT_WINDOW_DAYS} days after the end of the range")
by_text = by_date.isoformat() if by_date else ""
with ui.user_errors():
    burnup = ui.metric_table("forecast-burnup", filters, unit=unit, by=by_text, **forecast_options)
    how_many = ui.metric_table("forecast-how-many", filters, unit=unit, by=by_text, **forecast_options)
st.caption(f"Monte Carlo: {trials:,} trials, each day's throughput drawn from the last {window_days} days (quiet "
           "days included). The fan shows the amount at least 50, 85 and 95 % of the trials reached.")
ui.chart(forecast_fan_figure, burnup, unit, key="delivery_fan_chart")
ui.show_table(when, "forecast_when.csv", label="When (finish date at 50 / 85 / 95 %)", expanded=True)
ui.show_table(how_many, "forecast_how_many.csv", label=f"How many {unit} by the date", expanded=True)
ui.show_table(burnup, "forecast_burnup.csv")

# ---------------------------------------------------------------- 3. velocity
st.subheader("How much do the teams finish per sprint?")
velocity = ui.metric_table("velocity", filters)
unknown = int((~velocity["committed_known"]).sum()) if len(velocity) else 0
if unknown:
    st.info(f"Committed scope is unknown for {unknown} of {len(velocity)} sprints: the exports hold no history of "
            "the Sprint field, and no import was taken at those sprints' start (up to "
            f"{COMMITMENT_SNAPSHOT_DAYS} days before). Committed, added and removed stay empty there rather than "
            "guessed; completed is exact.", icon=":material/info:")
st.caption("The tracker's own sprints (dates, per board). Completed = items listing the sprint done between its "
           "first and last day (its complete date if earlier); carried over = listed in a closed sprint and not "
           "completed in it.")
ui.chart(velocity_figure, velocity, key="delivery_velocity_chart")
ui.show_table(velocity, "velocity.csv")

period = st.segmented_control("Throughput per", list(PERIOD_LABELS), default="week", key="delivery_period",
                              format_func=PERIOD_LABELS.get) or "week"
throughput = ui.metric_table("throughput", filters, period=period)
ui.chart(throughput_figure, throughput, key="delivery_throughput_chart")
ui.show_table(throughput, "throughput.csv")

# ---------------------------------------------------------------- 4. cycle time
st.subheader("How long does an item take?")
cycles = ui.metric_table("cycle-time", filters)
by_category = ui.metric_table("cycle-time-by-category", filters)
ui.chart(cycle_scatter_figure, cycles, percentiles, key="delivery_cycle_chart")
ui.show_table(cycles, "cycle_time.csv")
ui.chart(cycle_histogram_figure, cycles, percentiles, key="delivery_cycle_histogram")
ui.show_table(percentiles, "cycle_time_percentiles.csv", label="Percentiles", expanded=True)
ui.show_table(by_category, "cycle_time_by_category.csv", label="Per category", expanded=True)

# ---------------------------------------------------------------- 5. flow and WIP
st.subheader("Where does work wait?")
cfd_by = st.segmented_control("Stages", ["status", "category"], default="status", key="delivery_cfd_by") or "status"
cfd = ui.metric_table("cfd", filters, by=cfd_by)
st.caption("Items in each stage at the end of each day, from the status history; items whose export has no "
           "history count as '(no status history)' until they were resolved.")
ui.chart(cfd_figure, cfd, key="delivery_cfd_chart")
ui.show_table(cfd, "cfd.csv")
wip = ui.metric_table("ageing-wip", filters)
st.caption("Items past the commitment point and not done, by days since then, against the cycle-time percentiles: "
           "an item above the 85 % line already takes longer than 85 % of finished items did.")
ui.chart(ageing_wip_figure, wip, percentiles, key="delivery_wip_chart")
ui.show_table(wip, "ageing_wip.csv")
