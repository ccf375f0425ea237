"""The ids in flows and content that the code relies on by name.

``validate`` checks that the content has every one of them (``loading.check_required``),
so content that validates cannot make a page fail by renaming one. Code that needs such
an id takes it from here.
"""

from __future__ import annotations

CONTACT_ALARM = "alarmnummer"  # contacts.yaml: 112
CONTACT_VEILIG_THUIS = "veilig_thuis"  # contacts.yaml: 0800-2000

FLOW_QUICK = "afwegingskader"  # Snelle check, and step 5 of the stappenplan
FLOW_STEPS = "meldcode"  # Stappenplan
FLOW_STAFF = "medewerker"  # Vermoeden tegen een medewerker
FLOW_CHILDREN = "kinderen_onderling"  # Kinderen onderling
FLOWS = (FLOW_QUICK, FLOW_STEPS, FLOW_STAFF, FLOW_CHILDREN)

OUTCOME_ACUTE = "acuut_gevaar"  # where every step's option ACUTE leads (meldcode)
OPTION_ACUTE = "acuut"  # the "Acuut gevaar" button answers the current step with it
OPTION_SKIPPED = "overgeslagen"  # a step the professional may skip (stap 3: the conversation)
STEP_NUMBERS = (1, 2, 3, 4, 5)  # "Stap 3 van 5": the stappenplan has these steps

REQUIRED_CONTENT = ("contacts.yaml", "regions.yaml", "sectors.yaml", "glossary.yaml", "signals.yaml")

# The acute banner's built-in numbers, shown even when the content cannot be loaded
# (content/contacts.yaml has them with their sources: 112 for direct danger; Veilig Thuis
# 0800-2000, free, day and night).
EMERGENCY_PHONE = "112"
VEILIG_THUIS_NAME = "Veilig Thuis"
VEILIG_THUIS_PHONE = "0800-2000"
