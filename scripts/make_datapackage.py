"""Write data/datapackage.json (run once when the schema changes; the JSON is committed)."""
import json
from pathlib import Path

COUNTRIES = ["Armenia", "Azerbaijan", "Belarus", "Belgium", "China", "France", "Georgia", "India",
             "Iran", "Kazakhstan", "Kyrgyzstan", "Moldova", "Netherlands", "Russia", "Switzerland",
             "Tajikistan", "Turkey", "Turkmenistan", "Ukraine", "United Kingdom", "United States",
             "Uzbekistan", "Czechia", "Spain", "Germany", "Lithuania", "Greece", "Austria", "Italy",
             "Finland", "Sweden", "Qatar", "United Arab Emirates", "Poland", "Denmark", "Albania", "Hungary"]
TAXONOMY = {
    "armed_clash": ["border_clash", "battle", "incursion"],
    "strike_or_shelling": ["shelling", "missile_strike", "drone_strike", "explosion", "mine_or_uxo"],
    "offensive": ["offensive", "counter_offensive"],
    "control_change": ["capture", "handover"],
    "ceasefire_or_agreement": ["ceasefire", "peace_agreement", "treaty", "protocol", "declaration"],
    "diplomatic": ["summit", "meeting", "statement", "appeal", "visit", "boycott"],
    "institutional": ["founding", "accession", "entry_into_force", "withdrawal", "suspension", "decision", "mission"],
    "deployment_or_withdrawal": ["deployment", "withdrawal", "exercise"],
    "blockade_or_humanitarian": ["blockade", "checkpoint", "aid"],
    "displacement": ["exodus", "refugee_flow", "return"],
    "legal": ["court_ruling", "warrant", "ratification", "legislation", "case"],
    "political": ["vote", "referendum", "declaration", "election", "protest", "dissolution", "resignation", "arrest"],
    "arms_transfer": ["deal", "delivery"],
}
KINDS = ["official statement", "news agency", "news outlet", "NGO or think tank", "academic", "encyclopedia", "dataset"]
LANGS = ["en", "ru", "hy", "az", "fr", "de", "es", "tr", "ar", "it", "pt", "ro", "pl", "el", "hi", "sv", "ja", "gu", "ka", "uk"]
MEASURES = ["killed", "killed_military", "killed_civilian", "killed_or_missing", "missing", "wounded", "displaced",
            "arrivals", "troops_deployed", "detained", "prisoners_returned", "returned", "killed_or_wounded",
            "contract_value_usd", "units_ordered", "units_delivered"]
EPISODES = ["1988-1994 war", "2016 April clashes", "2020 July Tovuz clashes", "2020 war",
            "2020 peacekeeping deployment", "2021 border clashes", "2022 September clashes",
            "2022 Kyrgyz-Tajik clashes", "2021 Kyrgyz-Tajik clashes",
            "2023 September offensive", "2023 fuel depot explosion", "2023 exodus",
            "2022 Kazakhstan deployment", "2010 Kyrgyzstan violence", "arms transfers",
            "2020-2023 post-war incidents", "return and demining since 2020", "other"]
QUALIFIERS = ["exact", "at least", "more than", "about", "up to"]
ACTIONS = ["signed", "ratified", "acceded", "entered_into_force", "left", "rejoined", "suspended",
           "froze_participation", "stopped_funding", "announced_intent_to_leave", "renewed", "other"]
OUTCOMES = ["collective force deployed", "monitoring or fact-finding only", "conditional pledge only",
            "no collective action", "declined", "no response reported"]
VERDICTS = ["accurate", "partly accurate", "misleading", "inaccurate", "cannot be verified"]
SRC = {"resource": "sources", "field": "source_id"}


def f(name, type_="string", desc="", required=False, **cons):
    field = {"name": name, "type": type_, "description": desc}
    c = dict(cons)
    if required:
        c["required"] = True
    if c:
        field["constraints"] = c
    return field


def resource_head(name, title, description):
    """The keys every tabular resource shares, in the descriptor's order."""
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "title": title,
            "description": description, "encoding": "utf-8", "format": "csv", "mediatype": "text/csv"}


def list_field(name, desc, required=False, references=None):
    """A string field holding a ';'-separated list, optionally of keys in another table."""
    fld = f(name, desc=desc, required=required)
    fld["briefing:listSeparator"] = ";"
    if references:
        fld["briefing:references"] = references
    return fld


def src_list(name="source_ids"):
    return list_field(name, "One or more source ids from sources.csv, separated by ';'.", True, SRC)


lat = lambda req=True: f("latitude", "number", "WGS84 latitude, decimal degrees.", req, minimum=-90, maximum=90)
lon = lambda req=True: f("longitude", "number", "WGS84 longitude, decimal degrees.", req, minimum=-180, maximum=180)
fat = lambda n, d: f(n, "integer", d + " Blank means not reported (never 0 for unknown).", minimum=0)

sub = f("sub_type", desc="Sub-type; must belong to the event type (see briefing:subtypes).", required=True,
        enum=sorted({s for v in TAXONOMY.values() for s in v}))
sub["briefing:subtypeOf"] = "event_type"
sub["briefing:subtypes"] = TAXONOMY

events = {
    **resource_head("events", "Events",
                    "One row per event, 1988 to the as-of date, coded in the style of UCDP GED / ACLED."),
    "schema": {
        "fields": [
            f("event_id", desc="Stable identifier, never reused.", required=True, pattern=r"E\d{4}"),
            f("date_start", "date", "First day of the event (ISO 8601).", True, minimum="1920-01-01"),
            f("date_end", "date", "Last day of the event (ISO 8601).", True, minimum="1920-01-01"),
            f("date_precision", "integer", "UCDP date_prec: 1 exact day, 2 two to six days, 3 a week, 4 a month, 5 a year or more.", True, minimum=1, maximum=5),
            f("place_id", desc="Place in places.csv, or blank when no named place applies."),
            lat(False), lon(False),
            f("geo_precision", "integer", "UCDP where_prec: 1 exact place, 2 within ~25 km, 3 district, 4 province, 5 larger area, 6 country, 7 international waters/airspace. Blank, with blank coordinates, when the event has no location (e.g. a decision taken by written procedure).", minimum=1, maximum=7),
            f("country", desc="De jure country of the location; blank when the event has no location.", enum=COUNTRIES),
            f("controlled_by", desc="De facto control of the location at that date, where it matters."),
            f("event_type", desc="Event type from the taxonomy.", required=True, enum=list(TAXONOMY)),
            sub,
            list_field("actors", "Actors involved, separated by ';'.", True),
            fat("fatalities_low", "Lowest reliable reported death toll."),
            fat("fatalities_best", "Most likely reported death toll."),
            fat("fatalities_high", "Highest reliable reported death toll."),
            f("summary", desc="One neutral sentence in the book's own words.", required=True, maxLength=500),
            src_list(),
        ],
        "primaryKey": "event_id",
        "foreignKeys": [{"fields": "place_id", "reference": {"resource": "places", "fields": "place_id"}}],
    },
    "briefing:ordered": [
        {"fields": ["fatalities_low", "fatalities_best", "fatalities_high"], "description": "low <= best <= high"},
        {"fields": ["date_start", "date_end"], "description": "date_start <= date_end"},
    ],
    "briefing:together": [["latitude", "longitude", "geo_precision", "country"]],
}
places = {
    **resource_head("places", "Places",
                    "Places named in events, with Armenian, Azerbaijani, Russian and English names."),
    "schema": {"fields": [
        f("place_id", desc="Identifier (lower case).", required=True, pattern=r"[a-z0-9_]+"),
        f("name_en", desc="Name used in this book; for contested places both usages joined by '/' (Armenian usage first).", required=True),
        f("name_hy", desc="Armenian-usage name (Latin transliteration)."),
        f("name_az", desc="Azerbaijani-usage name (Azerbaijani Latin script)."),
        f("name_ru", desc="Russian name (Cyrillic)."),
        lat(), lon(),
        f("country", desc="De jure country.", required=True, enum=COUNTRIES),
        f("geonames_id", "integer", "GeoNames id, where GeoNames has the place.", minimum=1),
        f("coord_source", desc="Where the coordinates come from.", required=True),
        f("contested_name", "boolean", "true where Armenian and Azerbaijani usage differ.", True),
    ], "primaryKey": "place_id"},
}
sources = {
    **resource_head("sources", "Sources",
                    "Every source cited by a data row or a chapter."),
    "schema": {"fields": [
        f("source_id", desc="Identifier.", required=True, pattern=r"[a-z0-9][a-z0-9-]*"),
        f("publisher", desc="Publisher or website.", required=True),
        f("title", desc="Title of the page or document.", required=True),
        f("date", "date", "Publication date where the page states one."),
        f("url", desc="Address of the page.", required=True, unique=True, pattern=r"https?://\S+"),
        f("language", desc="Language code.", required=True, enum=LANGS),
        f("kind", desc="Kind of source.", required=True, enum=KINDS),
        f("party", desc="Source label (rule on the Data and methods page): the government, party or alliance whose own text this is, or the state that owns or funds the outlet; blank for independent sources. The same publisher always has the same label."),
    ], "primaryKey": "source_id"},
}
estimates = {
    **resource_head("estimates", "Estimates",
                    "Contested and revised figures: one row per source, figure and as-of date. Never summed across sources."),
    "schema": {"fields": [
        f("estimate_id", desc="Identifier.", required=True, pattern=r"X\d{4}"),
        f("measure", desc="What is counted.", required=True, enum=MEASURES),
        f("episode", desc="Episode the figure belongs to.", required=True, enum=EPISODES),
        f("event_id", desc="The event in events.csv the figure is about, where it is about one event; blank for totals over many events (a whole war or episode)."),
        f("side", desc="Whose losses, or which population.", required=True),
        f("qualifier", desc="How the source states the single figure in value: 'exact' (a plain number), 'at least', 'more than', 'about' (also 'some', 'nearly', 'approximately') or 'up to' (also 'as many as'). Blank only when value is blank (a range).", enum=QUALIFIERS),
        f("value", "integer", "The single figure as stated, read with its qualifier.", minimum=0),
        f("low", "integer", "Lower end of a range ('between 20 and 100'); blank for a single figure.", minimum=0),
        f("high", "integer", "Upper end of a range; blank for a single figure.", minimum=0),
        f("as_of", "date", "Date the figure refers to or was published; blank only where the source gives no date (the note says so)."),
        f("source_id", desc="Source in sources.csv.", required=True),
        f("note", desc="Qualifications."),
    ], "primaryKey": "estimate_id",
        "foreignKeys": [
            {"fields": "event_id", "reference": {"resource": "events", "fields": "event_id"}},
            {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}]},
    "briefing:ordered": [{"fields": ["low", "value", "high"], "description": "low <= value <= high"}],
    "briefing:requireOneOf": [["value", "low", "high"]],
    "briefing:together": [["value", "qualifier"], ["low", "high"]],
}
membership = {
    **resource_head("csto_membership", "CST/CSTO membership actions",
                    "Each state's actions towards the Collective Security Treaty and the CSTO."),
    "schema": {"fields": [
        f("state", desc="State.", required=True, enum=COUNTRIES),
        f("action", desc="What the state did.", required=True, enum=ACTIONS),
        f("instrument", desc="What the action concerns: the 1992 treaty, the 1999 extension protocol, the 2002 Charter, or the organisation.", required=True, enum=["treaty", "extension protocol", "charter", "organisation"]),
        f("date", "date", "Date of the action.", True, minimum="1992-01-01"),
        f("date_precision", "integer", "UCDP date_prec code, as for events.", True, minimum=1, maximum=5),
        f("note", desc="Context."),
        src_list(),
    ], "primaryKey": ["state", "action", "instrument", "date"]},
}
requests = {
    **resource_head("assistance_requests", "Requests for assistance",
                    "Requests for help to the CSTO or to Russia, and what came back."),
    "schema": {"fields": [
        f("request_id", desc="Identifier.", required=True, pattern=r"R\d{2}"),
        f("requester", desc="Requesting state.", required=True, enum=COUNTRIES),
        f("requester_detail", desc="Who asked, as reported."),
        f("addressee", desc="Who was asked: the CSTO or Russia bilaterally.", required=True, enum=["CSTO", "Russia"]),
        f("addressee_detail", desc="Addressee as reported (other bodies asked at the same time)."),
        f("date", "date", "Date of the request.", True),
        f("legal_basis", desc="Legal basis invoked, as reported.", required=True),
        f("request", desc="What was asked (own words).", required=True),
        f("response", desc="What came back (own words).", required=True),
        f("response_date", "date", "Date of the main response."),
        f("outcome", desc="Outcome category.", required=True, enum=OUTCOMES),
        f("crisis_place_id", desc="A place in the area of the crisis that prompted the request (a reference point for maps, not an exact site); blank where the crisis had no single area."),
        src_list(),
    ], "primaryKey": "request_id",
       "foreignKeys": [{"fields": "crisis_place_id", "reference": {"resource": "places", "fields": "place_id"}}]},
    "briefing:ordered": [{"fields": ["date", "response_date"], "description": "a response cannot precede the request"}],
}
claims = {
    **resource_head("claims", "Op-ed claims checked",
                    "Every substantive claim in the two opinion pieces the book answers, paraphrased, with a verdict and the evidence that decides it."),
    "schema": {"fields": [
        f("claim_id", desc="Identifier.", required=True, pattern=r"C\d{2}"),
        f("oped", desc="The op-ed, as its source id in sources.csv.", required=True),
        f("claim", desc="The claim, paraphrased in the book's words (never quoted at length).", required=True),
        f("verdict", desc="Verdict.", required=True, enum=VERDICTS),
        f("explanation", desc="Why, in one or two sentences.", required=True),
        list_field("event_ids", "Events in events.csv that decide the claim, separated by ';'.",
                   references={"resource": "events", "field": "event_id"}),
        src_list(),
    ], "primaryKey": "claim_id",
       "foreignKeys": [{"fields": "oped", "reference": {"resource": "sources", "fields": "source_id"}}]},
    "briefing:requireOneOf": [["event_ids", "source_ids"]],
}
PERSPECTIVE_EPISODES = ["1988 petition and vote", "Khojaly, February 1992", "1993 offensives in the surrounding districts",
                        "1994 ceasefire", "April 2016 fighting", "2020 war", "September 2022 border fighting",
                        "Lachin corridor closure, 2022–2023", "September 2023 offensive and exodus", "2025 peace agreement"]
VOICES = ["Armenia", "Azerbaijan", "Russia", "Western governments and independent bodies"]
perspectives = {
    **resource_head("perspectives", "Perspectives, side by side",
                    "For each major episode, each government's or body's position in the book's own words, as its own supporters would recognise it, with sources."),
    "schema": {"fields": [
        f("perspective_id", desc="Identifier.", required=True, pattern=r"P\d{3}"),
        f("episode", desc="The episode, in the order the book tells them.", required=True, enum=PERSPECTIVE_EPISODES),
        f("voice", desc="Whose position this is.", required=True, enum=VOICES),
        f("position", desc="The position, paraphrased in the book's own words (loaded terms only in quotation marks).", required=True, maxLength=600),
        list_field("event_ids", "Events in events.csv the position is about, separated by ';'.",
                   references={"resource": "events", "field": "event_id"}),
        src_list(),
    ], "primaryKey": "perspective_id"},
    "briefing:unique": [["episode", "voice"]],
}
pending = {
    **resource_head("pending", "Pending developments",
                    "Scheduled or announced events whose outcome the data do not hold yet; shown in the box "
                    "'Since the data end' on the landing page and the chapter pages."),
    "schema": {"fields": [
        f("pending_id", desc="Identifier.", required=True, pattern=r"P\d{2}"),
        f("date", "date", "Scheduled or announced date (the start of the announced period when only a period is given).", True, minimum="2020-01-01"),
        f("date_precision", "integer", "UCDP date_prec code, as for events (5 for a half-year or a year).", True, minimum=1, maximum=5),
        f("status", desc="'scheduled' (set by a decision, decree or agreed calendar) or 'announced' (a stated plan or timetable).", required=True, enum=["scheduled", "announced"]),
        f("title", desc="Short neutral title.", required=True, maxLength=120),
        f("summary", desc="What is due and what the data do not yet hold, in the book's own words. Where the date has passed, say that the sources cited here do not report the outcome.", required=True, maxLength=500),
        src_list(),
    ], "primaryKey": "pending_id"},
}
doc = {
    "name": "csto-karabakh-briefing",
    "title": "CSTO, Nagorno-Karabakh and Armenia's realignment: event data",
    "description": "Curated, sourced, precision-coded tables behind the briefing. See the Data and methods page.",
    "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}],
    "profile": "tabular-data-package",
    "resources": [sources, places, events, estimates, membership, requests, claims, perspectives, pending],
}
out = Path(__file__).resolve().parents[1] / "data" / "datapackage.json"
out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print("wrote", out)
