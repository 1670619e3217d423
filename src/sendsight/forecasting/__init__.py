"""Demand forecasting: EHC plan caseload per LA with intervals, backtest, breakdowns,
place sufficiency and scenarios. Pure functions on Polars frames; the one table (specialist
place capacity) is read and written only through ``forecasting.queries``."""

from sendsight.forecasting.backtest import BacktestResult, run_backtest
from sendsight.forecasting.breakdowns import breakdown_by_need, breakdown_by_placement
from sendsight.forecasting.capacity_files import parse_capacity_csv
from sendsight.forecasting.engine import METHODS, RECOMMENDED
from sendsight.forecasting.forecast import (
    ForecastError,
    forecast_caseload,
    split_to_current_las,
)
from sendsight.forecasting.scenario_files import (
    Scenario,
    parse_scenarios_csv,
    parse_scenarios_yaml,
)
from sendsight.forecasting.scenarios import (
    ScenarioError,
    apply_levers,
    apply_placement_lever,
    apply_scenario,
    goal_seek,
)
from sendsight.forecasting.sufficiency import sufficiency

__all__ = [
    "METHODS",
    "RECOMMENDED",
    "BacktestResult",
    "ForecastError",
    "Scenario",
    "ScenarioError",
    "apply_levers",
    "apply_placement_lever",
    "apply_scenario",
    "breakdown_by_need",
    "breakdown_by_placement",
    "forecast_caseload",
    "goal_seek",
    "parse_capacity_csv",
    "parse_scenarios_csv",
    "parse_scenarios_yaml",
    "run_backtest",
    "split_to_current_las",
    "sufficiency",
]
