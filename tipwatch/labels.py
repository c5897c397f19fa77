"""Closed vocabularies of the facts contract, as StrEnum so the value is the contract string."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SUSPECT = "suspect"
    CLIENT = "client"
    VICTIM = "victim"
    OFFICIAL = "official"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"


class OrgKind(StrEnum):
    GOVERNMENT = "government"
    LAW_ENFORCEMENT = "law_enforcement"
    JUDICIARY = "judiciary"
    LEGISLATURE = "legislature"
    NGO = "ngo"
    INTERNATIONAL = "international"
    MEDIA = "media"
    CRIMINAL = "criminal"
    COMPANY = "company"
    OTHER = "other"


class Exploitation(StrEnum):
    SEX_TRAFFICKING = "sex_trafficking"
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation"
    CHILD_SEXUAL_ABUSE_MATERIAL = "child_sexual_abuse_material"
    FORCED_LABOR = "forced_labor"
    ILLEGAL_ADOPTION = "illegal_adoption"
    ORGAN_REMOVAL = "organ_removal"
    FORCED_CRIMINALITY = "forced_criminality"
    FORCED_MARRIAGE = "forced_marriage"
    BEGGING = "begging"
    MIGRANT_SMUGGLING = "migrant_smuggling"


class Indicator(StrEnum):
    OFFICIAL_COMPLICITY = "official_complicity"
    CORRUPTION = "corruption"
    ORGANIZED_CRIME = "organized_crime"
    ONLINE_DISTRIBUTION = "online_distribution"
    CROSS_BORDER = "cross_border"
    IMPUNITY = "impunity"
    DRUGGING = "drugging"
    DOCUMENT_FRAUD = "document_fraud"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class EventType(StrEnum):
    ARREST = "arrest"
    RESCUE = "rescue"
    CHARGE = "charge"
    CONVICTION = "conviction"
    RAID = "raid"
    INVESTIGATION = "investigation"
    DEPORTATION = "deportation"
    DISMANTLING = "dismantling"


class MoneyContext(StrEnum):
    PRICE = "price"
    PAYMENT_TO_VICTIM = "payment_to_victim"
    BUDGET = "budget"
    OTHER = "other"


class Format(StrEnum):
    """Input formats that ingest can read."""

    TEXT = "text"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    MARKDOWN = "markdown"
    CABLE = "cable"
