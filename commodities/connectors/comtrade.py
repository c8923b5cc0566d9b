"""UN Comtrade: annual or monthly goods trade by reporter, partner, HS code and flow.

Without a key the public preview endpoint is used (at most 500 records a call); with
COMTRADE_API_KEY, the data endpoint, the key going in the Ocp-Apim-Subscription-Key header.
The API has no paging: a call that reaches its record cap is cut off. So a series is asked
for one year per call (the twelve months of a year for monthly data), the HS codes in
groups, and a response that reaches the cap fails the run rather than store a partial year.
"""

from collections.abc import Iterator

from django.conf import settings

from core.models import Economy

from .base import (
    Connector,
    FetchError,
    FieldReader,
    FlowRecord,
    Heartbeat,
    MalformedResponse,
    RefreshError,
    SeriesQuery,
    no_heartbeat,
)
from .http import HttpClient

PREVIEW_PATH = "/public/v1/preview/C/{frequency}/HS"
DATA_PATH = "/data/v1/get/C/{frequency}/HS"
# Comtrade's code for "all" in the breakdowns we do not use: second partner, customs
# procedure, mode of transport. Asking for them keeps one record per series point.
WORLD_PARTNER2 = 0
ALL_CUSTOMS = "C00"
ALL_TRANSPORT = 0
ANNUAL_REF_MONTH = 52


class ComtradeConnector(Connector):
    source = "comtrade"
    reporter_key = partner_key = "comtrade_code"

    def __init__(self, base_url, api_key="", max_records=500, codes_per_request=20):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.max_records = max_records
        self.codes_per_request = codes_per_request

    @classmethod
    def from_settings(cls):
        keyed = bool(settings.COMTRADE_API_KEY)
        return cls(
            base_url=settings.COMTRADE_BASE_URL,
            api_key=settings.COMTRADE_API_KEY,
            max_records=(
                settings.COMTRADE_MAX_RECORDS_KEYED if keyed else settings.COMTRADE_MAX_RECORDS
            ),
            codes_per_request=settings.COMTRADE_CODES_PER_REQUEST,
        )

    @property
    def endpoint(self):
        return "data" if self.api_key else "preview"

    def series(self, query: SeriesQuery) -> str:
        return f"comtrade:{query.reporter}:{query.partner}"

    def parameters(self, query: SeriesQuery) -> dict:
        return query.as_parameters() | {"endpoint": self.endpoint}

    def fetch(self, query: SeriesQuery, heartbeat: Heartbeat = no_heartbeat) -> Iterator:
        reporter = comtrade_code(query.reporter)
        partner = comtrade_code(query.partner)
        headers = {"Ocp-Apim-Subscription-Key": self.api_key} if self.api_key else {}
        with HttpClient.from_settings(
            "UN Comtrade", headers=headers, heartbeat=heartbeat
        ) as client:
            path = (DATA_PATH if self.api_key else PREVIEW_PATH).format(frequency=query.frequency)
            codes = sorted(set(query.codes))
            for year in sorted(set(query.years)):
                for start in range(0, len(codes), self.codes_per_request):
                    chunk = codes[start : start + self.codes_per_request]
                    params = {
                        "reporterCode": reporter,
                        "partnerCode": partner,
                        "partner2Code": WORLD_PARTNER2,
                        "cmdCode": ",".join(chunk),
                        "flowCode": ",".join(query.flows),
                        "period": periods(year, query.frequency),
                        "customsCode": ALL_CUSTOMS,
                        "motCode": ALL_TRANSPORT,
                        "maxRecords": self.max_records,
                        "includeDesc": "false",
                        "breakdownMode": "classic",
                    }
                    payload = client.get_json(self.base_url + path, params)
                    where = f"UN Comtrade response for {year}, codes {','.join(chunk)}"
                    yield from self.records(payload, where, query, reporter, partner, set(chunk))
                    heartbeat()

    def records(self, payload, where, query, reporter, partner, codes) -> Iterator[FlowRecord]:
        if payload is None:
            return
        if not isinstance(payload, dict):
            raise MalformedResponse(f"{where}: expected a JSON object")
        error = payload.get("error")
        if error:
            raise FetchError(f"UN Comtrade reported an error: {error}")
        if "data" not in payload:
            raise MalformedResponse(f"{where}: field 'data' is missing")
        data = payload["data"]
        if data is None:
            return
        if not isinstance(data, list):
            raise MalformedResponse(f"{where}: field 'data' should be a list")
        if len(data) >= self.max_records:
            raise RefreshError(
                f"{where}: {len(data)} records, the {self.endpoint} endpoint's cap, so the "
                "answer may be cut off; ask for fewer HS codes per call "
                "(COMTRADE_CODES_PER_REQUEST)"
            )
        for index, item in enumerate(data, start=1):
            record = parse_record(
                FieldReader(f"{where}, record {index}", item), query, reporter, partner, codes
            )
            if record is not None:
                yield record


def parse_record(read: FieldReader, query, reporter, partner, codes) -> FlowRecord | None:
    flow = read.text("flowCode")
    if flow not in query.flows:
        return None  # re-exports, re-imports: not flows we keep
    if not is_total(read):
        return None
    reporter_code = read.integer("reporterCode")
    partner_code = read.integer("partnerCode")
    if (reporter_code, partner_code) != (reporter, partner):
        raise MalformedResponse(
            f"{read.where}: reporter {reporter_code} and partner {partner_code} were not asked "
            f"for (expected {reporter} and {partner})"
        )
    code = read.text("cmdCode")
    if code not in codes:
        raise MalformedResponse(f"{read.where}: HS code {code!r} was not asked for")
    year, month = parse_period(read, query)
    value = read.number("primaryValue")
    quantity, unit = parse_quantity(read)
    return FlowRecord(
        reporter=str(reporter_code),
        partner=str(partner_code),
        hs_code=code,
        year=year,
        month=month,
        flow=flow,
        value_usd=value,
        quantity=quantity,
        quantity_unit=unit,
    )


def is_total(read: FieldReader) -> bool:
    """Whether the record is the total over the breakdowns we do not keep (when present)."""
    partner2 = read.record.get("partner2Code", WORLD_PARTNER2)
    customs = read.record.get("customsCode", ALL_CUSTOMS)
    transport = read.record.get("motCode", ALL_TRANSPORT)
    return (partner2, customs, transport) == (WORLD_PARTNER2, ALL_CUSTOMS, ALL_TRANSPORT)


def parse_period(read: FieldReader, query: SeriesQuery) -> tuple[int, int]:
    period = read.value("period")
    if isinstance(period, int) and not isinstance(period, bool):
        period = str(period)
    if not isinstance(period, str):
        raise read.wrong_type("period", "a string", period)
    length = 4 if query.frequency == "A" else 6
    if len(period) != length or not period.isdigit():
        raise MalformedResponse(
            f"{read.where}: period {period!r} is not a "
            f"{'year (YYYY)' if length == 4 else 'month (YYYYMM)'}"
        )
    year, month = int(period[:4]), int(period[4:] or 0)
    if year not in query.years or not (month == 0 if length == 4 else 1 <= month <= 12):
        raise MalformedResponse(f"{read.where}: period {period} was not asked for")
    return year, month


def parse_quantity(read: FieldReader):
    """The quantity in the commodity's own unit when Comtrade has one, else the net weight.

    Comtrade marks "no unit" with code -1 (abbreviation "N/A"); a net weight of 0 means
    "not reported" as often as "nothing", so it is not kept.
    """
    unit_code = read.record.get("qtyUnitCode")
    unit = read.text("qtyUnitAbbr", optional=True)
    quantity = read.number("qty", optional=True)
    if unit_code not in (None, -1) and unit and unit != "N/A" and quantity is not None:
        return quantity, unit
    weight = read.number("netWgt", optional=True)
    if weight:
        return weight, "kg"
    return None, ""


def periods(year: int, frequency: str) -> str:
    if frequency == "A":
        return str(year)
    return ",".join(f"{year}{month:02d}" for month in range(1, 13))


def comtrade_code(iso3: str) -> int:
    economy = Economy.objects.filter(iso3=iso3).first()
    if economy is None:
        raise RefreshError(f"no economy has the ISO code {iso3}")
    if economy.comtrade_code is None:
        raise RefreshError(f"{economy.name} has no UN Comtrade code")
    return economy.comtrade_code
