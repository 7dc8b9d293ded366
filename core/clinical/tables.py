"""Small clinical tables the rules need (reference §5). Safety-critical lists live here, in
code, so a vocabulary edit can never silence them; the drug dictionary itself (INN <-> ATC)
comes from ``core.model.vocab``."""

from __future__ import annotations

# §5.8: the intrathecal whitelist; any other drug given IT/IVENT is an error (V42).
IT_WHITELIST = frozenset({"methotrexate", "cytarabine", "cytarabine liposomal",
                          "liposomal cytarabine", "hydrocortisone", "dexamethasone"})
# Intrathecal vinca alkaloids and bortezomib are fatal: no override (V42).
NEVER_INTRATHECAL = frozenset({"vincristine", "vinblastine", "vinorelbine", "vindesine",
                               "vinflunine", "vincristine liposomal", "bortezomib"})
NEVER_INTRATHECAL_ATC_PREFIXES = ("L01CA", "L01XG01")
INTRATHECAL_ROUTES = frozenset({"IT", "IVENT"})

# V43: adult intrathecal maximum single doses, mg.
IT_MAX_DOSE_MG = {"methotrexate": 15.0, "cytarabine": 100.0, "cytarabine liposomal": 50.0,
                  "liposomal cytarabine": 50.0, "hydrocortisone": 50.0, "dexamethasone": 10.0}

# §7.7: label caps of an absolute dose (never applied silently; a warning is shown).
LABEL_CAPS = {"vincristine": (2.0, "mg"), "tocilizumab": (800.0, "mg"),
              "blinatumomab": (28.0, "ug/d")}
BLINATUMOMAB_MAX_UG_PER_DAY = 28.0
BLINATUMOMAB_WEEK1_CAP_UG_PER_DAY = 9.0

ORAL_TKIS = frozenset({"imatinib", "dasatinib", "nilotinib", "bosutinib", "ponatinib",
                       "asciminib"})
CD19_DIRECTED = frozenset({"blinatumomab", "tisagenlecleucel", "brexucabtagene autoleucel",
                           "axicabtagene ciloleucel", "lisocabtagene maraleucel",
                           "obecabtagene autoleucel"})
CD19_TARGETS = frozenset({"CD19", "CD19/CD22"})

CRS_TERMS = frozenset({"cytokine release syndrome", "crs"})
ICANS_TERMS = frozenset({"immune effector cell-associated neurotoxicity syndrome",
                         "immune effector cell associated neurotoxicity syndrome", "icans"})

# §5.6: ABL1 kinase-domain mutations -> TKIs with reduced sensitivity (V15, warnings only).
_IMA_NILO_DASA = frozenset({"imatinib", "nilotinib", "dasatinib"})
TKI_RESISTANCE = {
    "T315I": frozenset({"imatinib", "dasatinib", "nilotinib", "bosutinib"}),
    "V299L": frozenset({"dasatinib", "bosutinib"}),
    **{f"F317{aa}": frozenset({"dasatinib"}) for aa in "LVIC"},
    "Y253H": _IMA_NILO_DASA, "E255K": _IMA_NILO_DASA, "E255V": _IMA_NILO_DASA,
    "F359V": _IMA_NILO_DASA, "F359C": _IMA_NILO_DASA,
    "F359I": frozenset({"imatinib", "nilotinib"}),
    **{m: frozenset({"imatinib"}) for m in ("G250E", "Q252H", "M351T", "E459K")},
}

# §5.2: entity -> (ICD-10 WHO code, ICD-10-CM stem, accepted ICD-O-3 morphologies) (V08).
_BALL_MORPHOLOGY = frozenset(f"98{n}/3" for n in range(11, 20))
ICD_BY_ENTITY = {
    "B-ALL": ("C91.0", "C91.0", _BALL_MORPHOLOGY),
    "T-ALL": ("C91.0", "C91.0", frozenset({"9837/3"})),
    "CML": ("C92.1", "C92.1", frozenset({"9875/3"})),
}
LEUKEMIA_ENTITIES = frozenset({"B-ALL", "T-ALL", "CML", "MPAL"})
PH_POSITIVE_BALL_MORPHOLOGY = "9812/3"
ICD10CM_STATUS_DIGIT = {"active_not_in_remission": "0", "in_remission": "1", "in_relapse": "2"}

P210_TRANSCRIPTS = frozenset({"e13a2", "e14a2", "e13a2+e14a2"})
TRANSCRIPT_PROTEIN = {"e1a2": "p190", "e13a2": "p210", "e14a2": "p210", "e13a2+e14a2": "p210",
                      "e19a2": "p230", "atypical": "atypical"}

REMISSION_CATEGORIES = frozenset({"CR", "CRh", "CRi"})

AMINO_ACIDS = {"Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q",
               "Glu": "E", "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K",
               "Met": "M", "Phe": "F", "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W",
               "Tyr": "Y", "Val": "V", "Ter": "*"}


def drug_key(name: str | None) -> str:
    """A drug name for table lookups: lower case, single spaces."""
    return " ".join((name or "").casefold().split())
