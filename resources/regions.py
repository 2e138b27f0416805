"""The regions a reader can choose for support lines. Chosen by the reader, never guessed from
their address: a wrong guess would show someone in crisis numbers that do not work for them.

A region is a country ("CA"), a US state ("US-IL", ISO 3166-2 style) or "INT", elsewhere,
which lists worldwide directories and general emergency advice.
"""

from dataclasses import dataclass

ELSEWHERE = "INT"

COUNTRIES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "AU": "Australia",
    ELSEWHERE: "Elsewhere",
}

US_STATES = {
    "US-AL": "Alabama", "US-AK": "Alaska", "US-AZ": "Arizona", "US-AR": "Arkansas",
    "US-CA": "California", "US-CO": "Colorado", "US-CT": "Connecticut", "US-DE": "Delaware",
    "US-DC": "District of Columbia", "US-FL": "Florida", "US-GA": "Georgia", "US-HI": "Hawaii",
    "US-ID": "Idaho", "US-IL": "Illinois", "US-IN": "Indiana", "US-IA": "Iowa",
    "US-KS": "Kansas", "US-KY": "Kentucky", "US-LA": "Louisiana", "US-ME": "Maine",
    "US-MD": "Maryland", "US-MA": "Massachusetts", "US-MI": "Michigan", "US-MN": "Minnesota",
    "US-MS": "Mississippi", "US-MO": "Missouri", "US-MT": "Montana", "US-NE": "Nebraska",
    "US-NV": "Nevada", "US-NH": "New Hampshire", "US-NJ": "New Jersey", "US-NM": "New Mexico",
    "US-NY": "New York", "US-NC": "North Carolina", "US-ND": "North Dakota", "US-OH": "Ohio",
    "US-OK": "Oklahoma", "US-OR": "Oregon", "US-PA": "Pennsylvania", "US-RI": "Rhode Island",
    "US-SC": "South Carolina", "US-SD": "South Dakota", "US-TN": "Tennessee", "US-TX": "Texas",
    "US-UT": "Utah", "US-VT": "Vermont", "US-VA": "Virginia", "US-WA": "Washington",
    "US-WV": "West Virginia", "US-WI": "Wisconsin", "US-WY": "Wyoming",
}  # fmt: skip


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    country: str
    subdivision: str = ""

    @property
    def label(self) -> str:
        """How a sentence names the region: "Illinois, United States", "Canada"."""
        if self.code == ELSEWHERE:
            return "other countries"
        if self.subdivision:
            return f"{self.name}, {COUNTRIES[self.country]}"
        return self.name


def _build() -> dict[str, Region]:
    regions = {code: Region(code, name, code) for code, name in COUNTRIES.items()}
    for code, name in US_STATES.items():
        regions[code] = Region(code, name, "US", code)
    return regions


REGIONS: dict[str, Region] = _build()


def find_region(code) -> Region | None:
    """The region with this code, or None for anything else (including junk from a cookie)."""
    if not isinstance(code, str):
        return None
    return REGIONS.get(code.strip().upper())


def region_options() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped (label, [(code, name), ...]) for the region <select>."""
    states = [("US", "United States (national lines only)")]
    states += sorted(US_STATES.items(), key=lambda item: item[1])
    others = [(code, COUNTRIES[code]) for code in ("AU", "CA", "IE", "GB")]
    return [
        ("United States", states),
        ("Other countries", others),
        ("Anywhere else", [(ELSEWHERE, "Elsewhere (worldwide directories)")]),
    ]
