"""The part of the HS nomenclature the demo needs."""

from commodities.models import Commodity

from .sync import sync

# HS codes the talks touch, with the HS 2022 descriptions (parents before children).
COMMODITIES = [
    ("02", "Meat and edible meat offal"),
    ("0201", "Meat of bovine animals; fresh or chilled"),
    ("020130", "Meat; of bovine animals, boneless cuts, fresh or chilled"),
    ("0202", "Meat of bovine animals; frozen"),
    ("020230", "Meat; of bovine animals, boneless cuts, frozen"),
    ("03", "Fish and crustaceans, molluscs and other aquatic invertebrates"),
    ("0303", "Fish; frozen, excluding fish fillets and other fish meat of heading 0304"),
    (
        "030389",
        "Fish; frozen, n.e.c. in heading 0303, excluding fillets, fish meat of 0304, and "
        "edible fish offal of subheadings 0303.91 to 0303.99",
    ),
    ("07", "Vegetables and certain roots and tubers; edible"),
    ("0701", "Potatoes; fresh or chilled"),
    ("070190", "Vegetables; potatoes (other than seed), fresh or chilled"),
    ("10", "Cereals"),
    ("1005", "Maize (corn)"),
    ("1006", "Rice"),
    ("100630", "Cereals; rice, semi-milled or wholly milled, whether or not polished or glazed"),
    (
        "12",
        "Oil seeds and oleaginous fruits; miscellaneous grains, seeds and fruit, industrial "
        "or medicinal plants; straw and fodder",
    ),
    ("1201", "Soya beans, whether or not broken"),
    ("120190", "Soya beans; other than seed, whether or not broken"),
    ("22", "Beverages, spirits and vinegar"),
    (
        "2207",
        "Ethyl alcohol, undenatured; of an alcoholic strength by volume of 80% vol. or higher; "
        "ethyl alcohol and other spirits, denatured, of any strength",
    ),
    (
        "27",
        "Mineral fuels, mineral oils and products of their distillation; bituminous "
        "substances; mineral waxes",
    ),
    (
        "2710",
        "Petroleum oils and oils from bituminous minerals, not crude; preparations n.e.c, "
        "containing by weight 70% or more of petroleum oils or oils from bituminous minerals; "
        "these being the basic constituents of the preparations; waste oils",
    ),
    # Kerosene-type jet fuel falls under 2710.19 (oils other than light oils).
    (
        "271019",
        "Petroleum oils and oils from bituminous minerals, not containing biodiesel, not "
        "crude, not waste oils; preparations n.e.c, containing by weight 70% or more of "
        "petroleum oils or oils from bituminous minerals; not light oils and preparations",
    ),
    ("30", "Pharmaceutical products"),
    ("31", "Fertilizers"),
    (
        "3004",
        "Medicaments; (not goods of heading no. 3002, 3005 or 3006) consisting of mixed or "
        "unmixed products for therapeutic or prophylactic use, put up in measured doses (incl. "
        "those in the form of transdermal admin. systems) or packed for retail sale",
    ),
    (
        "300490",
        "Medicaments; consisting of mixed or unmixed products n.e.c. in heading no. 3004, for "
        "therapeutic or prophylactic uses, packaged for retail sale",
    ),
    ("61", "Apparel and clothing accessories; knitted or crocheted"),
    ("6109", "T-shirts, singlets and other vests; knitted or crocheted"),
    ("610910", "T-shirts, singlets and other vests; of cotton, knitted or crocheted"),
    ("72", "Iron and steel"),
    (
        "7208",
        "Iron or non-alloy steel; flat-rolled products of a width of 600mm or more, "
        "hot-rolled, not clad, plated or coated",
    ),
    (
        "720851",
        "Iron or non-alloy steel; (not in coils), flat-rolled, of a width 600mm or more, "
        "hot-rolled, without patterns in relief, of a thickness exceeding 10mm",
    ),
    ("76", "Aluminium and articles thereof"),
    ("7601", "Aluminium; unwrought"),
    ("760110", "Aluminium; unwrought, (not alloyed)"),
    (
        "87",
        "Vehicles; other than railway or tramway rolling stock, and parts and accessories thereof",
    ),
    (
        "8703",
        "Motor cars and other motor vehicles; principally designed for the transport of "
        "persons (other than those of heading no. 8702), including station wagons and racing cars",
    ),
    (
        "870323",
        "Vehicles; with only spark-ignition internal combustion reciprocating piston "
        "engine, cylinder capacity over 1500 but not over 3000cc",
    ),
    (
        "870324",
        "Vehicles; with only spark-ignition internal combustion reciprocating piston "
        "engine, cylinder capacity over 3000cc",
    ),
    ("8708", "Motor vehicles; parts and accessories, of heading no. 8701 to 8705"),
    ("870840", "Vehicle parts; gear boxes and parts thereof"),
    ("870899", "Vehicle parts and accessories; n.e.c. in heading no. 8708"),
    ("88", "Aircraft, spacecraft, and parts thereof"),
    (
        "8802",
        "Aircraft n.e.c. in heading no. 8801, except unmanned aircraft of heading 8806, (e.g. "
        "helicopters, aeroplanes); spacecraft (including satellites) and suborbital and "
        "spacecraft launch vehicles",
    ),
    (
        "880240",
        "Aeroplanes and other aircraft, except unmanned; of an unladen weight exceeding 15,000kg",
    ),
]
SECTIONS = {
    "02": "I",
    "03": "I",
    "07": "II",
    "10": "II",
    "12": "II",
    "22": "IV",
    "27": "V",
    "30": "VI",
    "31": "VI",
    "61": "XI",
    "72": "XV",
    "76": "XV",
    "87": "XVII",
    "88": "XVII",
}


def load_commodities():
    for code, description in COMMODITIES:
        sync(
            Commodity,
            {"code": code},
            description=description,
            parent_id=code[:-2] or None,
            section=SECTIONS[code[:2]],
        )
