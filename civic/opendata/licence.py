"""The licence under which the city publishes its open data (configurable, see config.py)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class DataLicence:
    name: str
    url: str


def data_licence() -> DataLicence:
    return DataLicence(
        current_app.config["OPEN_DATA_LICENSE_NAME"], current_app.config["OPEN_DATA_LICENSE_URL"]
    )
