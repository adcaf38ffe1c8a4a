"""The committees the GOs constitute, as data: kind, what each decides, who chairs, how often
it meets. Loaded by a data migration for every district; the admin edits them afterwards."""

DISTRICT_COMMITTEES = [
    {
        "kind": "dltfc",
        "schemes": ["MM"],
        "name_en": "District Level Task Force Committee",
        "name_hi": "जिला स्तरीय टास्क फोर्स समिति",
        "chair_en": "District Magistrate (or the Chief Development Officer nominated by the DM)",
        "chair_hi": "जिलाधिकारी (या जिलाधिकारी द्वारा नामित मुख्य विकास अधिकारी)",
        "go_reference": "GO-MM-2018 para 4(1), 5(2): meets once a month",
        "meeting_interval_months": 1,
    },
    {
        "kind": "dlc",
        "schemes": ["MDA", "CFC"],
        "name_en": "ODOP District Level Committee",
        "name_hi": "ओडीओपी जिला स्तरीय समिति",
        "chair_en": "District Magistrate",
        "chair_hi": "जिलाधिकारी",
        "go_reference": "GO-COMM-2018 (23-05-2018): meets every month; GO-MDA-2019 para 11; GO-CFC-2018 para 16",
        "meeting_interval_months": 1,
    },
    {
        "kind": "tsc",
        "schemes": ["TT"],
        "name_en": "Toolkit Selection Committee",
        "name_hi": "टूलकिट चयन समिति",
        "chair_en": "Deputy Commissioner Industries, DIEPC",
        "chair_hi": "उपायुक्त उद्योग, जिला उद्योग एवं उद्यम प्रोत्साहन केन्द्र",
        "go_reference": "GO-TT-2020 para 2 (meeting frequency not fixed by the GO: monthly by default)",
        "meeting_interval_months": 1,
    },
]

STATE_COMMITTEES = [
    {
        "kind": "slc",
        "schemes": ["CFC"],
        "name_en": "State Level Screening Committee",
        "name_hi": "प्रदेश स्तरीय स्क्रीनिंग कमेटी",
        "chair_en": "Commissioner and Director of Industries",
        "chair_hi": "आयुक्त एवं निदेशक, उद्योग",
        "go_reference": "GO-COMM-2018: meets every two months; GO-CFC-2018 paras 17-18, 24",
        "meeting_interval_months": 2,
    },
    {
        "kind": "hlc",
        "schemes": ["CFC"],
        "name_en": "High Level Committee",
        "name_hi": "उच्च स्तरीय समिति",
        "chair_en": "Infrastructure and Industrial Development Commissioner",
        "chair_hi": "अवस्थापना एवं औद्योगिक विकास आयुक्त",
        "go_reference": "GO-COMM-2018: meets as needed; GO-CFC-2018 paras 18, 24",
        "meeting_interval_months": 1,
    },
]


def load_committees(Committee, District, Scheme) -> None:
    """Create the committees that are missing (never touches existing ones, which admins edit)."""
    schemes = {s.code: s for s in Scheme.objects.all()}
    for district in District.objects.all():
        for spec in DISTRICT_COMMITTEES:
            _ensure(Committee, schemes, spec, district)
    for spec in STATE_COMMITTEES:
        _ensure(Committee, schemes, spec, None)


def _ensure(Committee, schemes, spec, district) -> None:
    fields = {k: v for k, v in spec.items() if k != "schemes"}
    committee, created = Committee.objects.get_or_create(
        kind=spec["kind"], district=district, defaults=fields
    )
    if created:
        committee.schemes.set([schemes[code] for code in spec["schemes"]])
