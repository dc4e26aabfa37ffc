"""Real setups, named: experiment presets, their specifications, and their predictions."""

from .experiment import Experiment, Prediction
from .registry import available, describe, get, load
from .schema import SCHEMA_VERSION, ExperimentSpec, from_dict, json_schema, to_dict

__all__ = ["Experiment", "Prediction", "available", "describe", "get", "load", "from_dict", "to_dict",
           "SCHEMA_VERSION", "ExperimentSpec", "json_schema"]
