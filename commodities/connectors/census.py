"""US Census Bureau international trade API: U.S. imports and exports by HS code and country.

The answer is a JSON array of rows whose first row is the header; every value is a string,
and the query's predicates come back as extra columns. A query that matches nothing is
answered 204 No Content. There is no paging, so a series is asked for one HS code and one
flow per call: monthly values over the years asked (GEN_VAL_MO for general imports, ALL_VAL_MO
for total exports), or for annual figures the year-to-date value of each December
(GEN_VAL_YR, ALL_VAL_YR), stored as month 0.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from core.models import Economy

from .base import (
    Connector,
    FlowRecord,
    Heartbeat,
    MalformedResponse,
    RefreshError,
    SeriesQuery,
    decimal_from_text,
    describe_value,
    no_heartbeat,
)
from .http import HttpClient


@dataclass(frozen=True)
class Endpoint:
    path: str
    commodity: str
    monthly_value: str
    annual_value: str


ENDPOINTS = {
    "M": Endpoint("/imports/hs", "I_COMMODITY", "GEN_VAL_MO", "GEN_VAL_YR"),
    "X": Endpoint("/exports/hs", "E_COMMODITY", "ALL_VAL_MO", "ALL_VAL_YR"),
}


class CensusConnector(Connector):
    source = "census"
    reporter_key = "iso3"
    partner_key = "census_code"

    def __init__(self, base_url, api_key="", reporter="USA"):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.reporter = reporter

    @classmethod
    def from_settings(cls):
        return cls(
            base_url=settings.CENSUS_BASE_URL,
            api_key=settings.CENSUS_API_KEY,
            reporter=settings.CENSUS_REPORTER,
        )

    def series(self, query: SeriesQuery) -> str:
        return f"census:{query.reporter}:{query.partner}"

    def fetch(self, query: SeriesQuery, heartbeat: Heartbeat = no_heartbeat) -> Iterator:
        if query.reporter != self.reporter:
            raise RefreshError(
                f"the US Census Bureau reports the trade of {self.reporter} only, "
                f"not of {query.reporter}"
            )
        partner = census_code(query.partner)
        with HttpClient.from_settings("US Census Bureau", heartbeat=heartbeat) as client:
            years = sorted(set(query.years))
            for flow in query.flows:
                endpoint = ENDPOINTS[flow]
                value_column = (
                    endpoint.annual_value if query.frequency == "A" else endpoint.monthly_value
                )
                for code in sorted(set(query.codes)):
                    for time in self.times(years, query.frequency):
                        params = {
                            "get": f"CTY_CODE,CTY_NAME,{endpoint.commodity},{value_column}",
                            "time": time,
                            "COMM_LVL": f"HS{len(code)}",
                            endpoint.commodity: code,
                            "CTY_CODE": partner,
                        }
                        if self.api_key:
                            params["key"] = self.api_key
                        payload = client.get_json(self.base_url + endpoint.path, params)
                        where = f"US Census response for {flow} {code} {time}"
                        yield from self.records(
                            payload, where, query, flow, code, partner, endpoint, value_column
                        )
                        heartbeat()

    @staticmethod
    def times(years, frequency):
        if frequency == "A":
            # December's year-to-date value is the year's total.
            return [f"{year}-12" for year in years]
        return [f"from {years[0]}-01 to {years[-1]}-12"]

    def records(self, payload, where, query, flow, code, partner, endpoint, value_column):
        if payload is None:
            return
        if not isinstance(payload, list) or not payload:
            raise MalformedResponse(f"{where}: expected an array of rows with a header row")
        header = payload[0]
        if not isinstance(header, list) or not all(isinstance(name, str) for name in header):
            raise MalformedResponse(f"{where}: the first row should be the column names")
        # A predicate that is also asked for comes back twice; the first is the value.
        columns = {}
        for position, name in enumerate(header):
            columns.setdefault(name, position)
        wanted = ("CTY_CODE", endpoint.commodity, value_column, "time")
        missing = [name for name in wanted if name not in columns]
        if missing:
            raise MalformedResponse(f"{where}: column(s) {', '.join(missing)} missing")
        for number, row in enumerate(payload[1:], start=1):
            row_where = f"{where}, row {number}"
            if not isinstance(row, list) or len(row) != len(header):
                raise MalformedResponse(f"{row_where}: expected {len(header)} values")
            values = {name: row[position] for name, position in columns.items()}
            for name in wanted:
                if values[name] is not None and not isinstance(values[name], str):
                    raise MalformedResponse(
                        f"{row_where}: field '{name}' should be a string, "
                        f"got {describe_value(values[name])}"
                    )
            if values["CTY_CODE"] != partner or values[endpoint.commodity] != code:
                raise MalformedResponse(
                    f"{row_where}: country {values['CTY_CODE']} and code "
                    f"{values[endpoint.commodity]} were not asked for"
                )
            if values[value_column] is None:
                continue  # suppressed or not available: no figure to keep
            year, month = parse_time(values["time"], row_where, query)
            if year not in query.years:
                continue
            yield FlowRecord(
                reporter=self.reporter,
                partner=partner,
                hs_code=code,
                year=year,
                month=month,
                flow=flow,
                value_usd=decimal_from_text(values[value_column], row_where, value_column),
            )


def parse_time(text, where, query) -> tuple[int, int]:
    if not isinstance(text, str) or len(text) != 7 or text[4] != "-":
        raise MalformedResponse(f"{where}: time {text!r} is not a month (YYYY-MM)")
    year, month = text[:4], text[5:]
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        raise MalformedResponse(f"{where}: time {text!r} is not a month (YYYY-MM)")
    if query.frequency == "A":
        if int(month) != 12:
            raise MalformedResponse(f"{where}: time {text} was not asked for")
        return int(year), 0
    return int(year), int(month)


def census_code(iso3: str) -> str:
    economy = Economy.objects.filter(iso3=iso3).first()
    if economy is None:
        raise RefreshError(f"no economy has the ISO code {iso3}")
    if not economy.census_code:
        raise RefreshError(f"{economy.name} has no US Census country code")
    return economy.census_code
