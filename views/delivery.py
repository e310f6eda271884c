"""Delivery: how much we finish, how long it takes, and when the open work will be done."""
import streamlit as st

from analysis.forecast import DEFAULT_TRIALS, DEFAULT_WINDOW_DAYS
from analysis.headlines.base import date_text
from analysis.periods import NOT_DELIVERED_RESOLUTIONS
from analysis.velocity import COMMITMENT_SNAPSHOT_DAYS
from app import ui
from charts.delivery import (
    ageing_wip_figure, cfd_figure, cycle_histogram_figure, cycle_scatter_figure, forecast_fan_figure,
    throughput_figure, velocity_figure,
)

PERIOD_LABELS = {"week": "Week", "sprint": "Tracker sprint", "month": "Month"}

filters = ui.current_filters()
data = ui.workspace_data()
commitment = data.settings.commitment_status
st.title("Delivery")

# The forecast controls sit in the forecast section below; their current values are read
# here (widget state) because the answer at the top depends on them.
window_days = int(st.session_state.get("delivery_window_days", DEFAULT_WINDOW_DAYS))
unit = st.session_state.get("delivery_unit") or "items"
trials = int(st.session_state.get("delivery_trials", DEFAULT_TRIALS))
forecast_options = dict(window_days=str(window_days), trials=str(trials))

with ui.user_errors():
    headlines = ui.metric_table("delivery-headlines", filters, **forecast_options)
    percentiles = ui.metric_table("cycle-time-percentiles", filters)
    when = ui.metric_table("forecast-when", filters, unit=unit, **forecast_options)
    summary_table = ui.metric_table("delivery-summary", filters, unit=unit, **forecast_options)
summary = summary_table.set_index("metric")["value"]
dates = summary_table.set_index("metric")["date"]
ui.headline(headlines)


def days(value) -> str:
    return "no data" if value != value else f"{value:.0f} days"


def finish_text(day: str) -> str:
    return date_text(day) if day else "not within 10 years"


columns = st.columns(4)
columns[0].metric("Cycle time, median", days(summary["median_cycle_days"]),
                  help=f"{int(summary['finished_items']):,} items finished in the range")
columns[1].metric("Cycle time, 85 %", days(summary["p85_cycle_days"]))
per_week = summary[f"{unit}_per_week"]
columns[2].metric(f"{unit.capitalize()} done per week", "no data" if per_week != per_week else f"{per_week:.1f}",
                  help=f"average over the last {window_days} days (from {date_text(dates['window_start'])})")
columns[3].metric("Open work done by (85 %)", finish_text(dates["finish_85"]),
                  help=f"{summary['open_work']:,.0f} {unit}; 50 %: {finish_text(dates['finish_50'])}")
ui.show_table(summary_table, "delivery_summary.csv", label="Key numbers as a table")
st.caption(
    f"From {date_text(filters.since)} to {date_text(filters.until)}. Cycle time runs from the commitment point "
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
controls = st.columns([1, 1, 1, 1])
controls[0].number_input("Forecast from the last N days", min_value=7, max_value=730, value=DEFAULT_WINDOW_DAYS,
                         step=7, key="delivery_window_days")
controls[1].segmented_control("Forecast", ["items", "points"], default="items", key="delivery_unit")
controls[2].number_input("Monte Carlo trials", min_value=100, max_value=100_000, value=DEFAULT_TRIALS, step=1000,
                         key="delivery_trials")
by_date = controls[3].date_input("How much by", value=None, key="delivery_by_date",
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
ui.show_table(ui.metric_table("forecast-when-by-team", filters, unit=unit, **forecast_options),
              "forecast_when_by_team.csv", label="When, per team (each at its own pace)")
ui.show_table(burnup, "forecast_burnup.csv")

# ---------------------------------------------------------------- 3. velocity
st.subheader("How much do the teams finish per sprint?")
velocity = ui.metric_table("velocity", filters)
unknown = int((~velocity["committed_known"]).sum()) if len(velocity) else 0
if unknown:
    st.info(f"Committed scope is unknown for {unknown} of {len(velocity)} sprints: no imported history of the "
            "Sprint field mentions them (a Jira REST export with its changelog brings it), and no import was taken "
            f"at their start (up to {COMMITMENT_SNAPSHOT_DAYS} days before). Committed, added and removed stay "
            "empty there rather than guessed; completed is exact.", icon=":material/info:")
st.caption("The tracker's own sprints (dates, per board). Committed = in the sprint at its start, from the Sprint "
           "field's history (else an import taken at its start); added = in it at its end but not committed; "
           "removed = committed but taken out before it ended. Completed = items listing the sprint done between "
           "its first and last day (its complete date if earlier), except those closed as "
           f"{' / '.join(NOT_DELIVERED_RESOLUTIONS)}; carried over = listed in a closed sprint and not finished "
           "in it.")
finish_view, finish_tab = ui.chosen_tab(["Velocity per sprint", "Throughput"], key="delivery_finish_view")
with finish_tab:
    if finish_view == "Velocity per sprint":
        ui.chart(velocity_figure, velocity, key="delivery_velocity_chart")
        ui.show_table(velocity, "velocity.csv")
    else:
        period = st.segmented_control("Throughput per", list(PERIOD_LABELS), default="week", key="delivery_period",
                                      format_func=PERIOD_LABELS.get) or "week"
        throughput = ui.metric_table("throughput", filters, period=period)
        ui.chart(throughput_figure, throughput, key="delivery_throughput_chart")
        ui.show_table(throughput, "throughput.csv")

# ---------------------------------------------------------------- 4. cycle time
st.subheader("How long does an item take?")
cycles = ui.metric_table("cycle-time", filters)
by_category = ui.metric_table("cycle-time-by-category", filters)
cycle_view, cycle_tab = ui.chosen_tab(["Each item", "Distribution"], key="delivery_cycle_view")
with cycle_tab:
    if cycle_view == "Each item":
        ui.chart(cycle_scatter_figure, cycles, percentiles, key="delivery_cycle_chart")
        ui.show_table(cycles, "cycle_time.csv")
    else:
        ui.chart(cycle_histogram_figure, cycles, percentiles, key="delivery_cycle_histogram")
ui.show_table(percentiles, "cycle_time_percentiles.csv", label="Percentiles", expanded=True)
ui.show_table(by_category, "cycle_time_by_category.csv", label="Per category", expanded=True)

# ---------------------------------------------------------------- 5. flow and WIP
st.subheader("Where does work wait?")
flow_view, flow_tab = ui.chosen_tab(["Cumulative flow", "Ageing work in progress"], key="delivery_flow_view")
with flow_tab:
    if flow_view == "Cumulative flow":
        cfd_by = st.segmented_control("Stages", ["status", "category"], default="status",
                                      key="delivery_cfd_by") or "status"
        cfd = ui.metric_table("cfd", filters, by=cfd_by)
        st.caption("Items in each stage at the end of each day, from the status history; items whose export has no "
                   "history count as '(no status history)' until they were resolved.")
        ui.chart(cfd_figure, cfd, key="delivery_cfd_chart")
        ui.show_table(cfd, "cfd.csv")
    else:
        wip = ui.metric_table("ageing-wip", filters)
        st.caption("Items past the commitment point and not done, by days since then, against the cycle-time "
                   "percentiles: an item above the 85 % line already takes longer than 85 % of finished items did.")
        ui.chart(ageing_wip_figure, wip, percentiles, key="delivery_wip_chart")
        ui.show_table(wip, "ageing_wip.csv")
