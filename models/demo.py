"""The demo workspace: a fictional authority's preparation for its fourth monitoring visit.

Every person and place is invented. Dates are set relative to ``today`` so
the demo always shows a visit about two weeks away; the same ``today`` always
gives the same workspace.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from . import entities as e
from . import on_site
from .first_run import mark_demo
from .pack_control import DocumentControl, freeze, save_control
from .store import Workspace

AUTHORITY = "Wyvern Vale Council"

# Owners are roles with invented names, as on a real improvement plan.
DCS = "Ruth Halloway (DCS)"
HOS_FRONT_DOOR = "Marcus Penrose (Head of Service, Front Door)"
HOS_CIN_CP = "Amara Quayle (Head of Service, CIN/CP)"
HOS_CIC = "Joanna Fenwick (Head of Service, Children in Care)"
HOS_CL = "Dev Ashcombe (Head of Service, Care Leavers)"
QA_LEAD = "Siobhan Trelawney (QA Lead)"
IMPROVEMENT_LEAD = "Tom Harrowby (Improvement Lead)"
PERFORMANCE = "Lena Marchetti (Performance Analyst)"
EFH_MANAGER = "Craig Dunmore (Safe Futures Team Manager)"
PRINCIPAL_SW = "Hannah Wyke (Principal Social Worker)"

# (theme codes, type, title, source, owner, summary, direction, status, days before today as at)
EVIDENCE: list[tuple[str, str, str, str, str, str, str, str, int]] = [
    ("FD", "Performance data", "Front door monthly scorecard", "Performance team", PERFORMANCE,
     "97% of contacts had a decision within 24 hours in October, up from 71% at inspection.",
     "Strength", "Approved", 22),
    ("FD", "Audit summary", "MASH threshold audit, quarter 2", "QA service", QA_LEAD,
     "28 of 30 contacts audited had the right threshold decision; two stepped down too early.",
     "Strength", "Approved", 48),
    ("FD", "Minutes", "Strategy meeting timeliness review", "MASH", HOS_FRONT_DOOR,
     "Police attend 94% of strategy discussions; 89% held within one working day.",
     "Strength", "Verified", 35),
    ("FD", "Partner feedback", "Partner survey: contacting the front door", "Safeguarding partnership",
     HOS_FRONT_DOOR, "Schools and health visitors say advice is quicker; GPs still report delays in feedback.",
     "Mixed", "Approved", 60),
    ("FD EH", "Policy/procedure", "Multi-agency threshold document (revised)", "Safeguarding partnership",
     HOS_FRONT_DOOR, "Revised thresholds agreed by all three statutory partners.", "Strength", "Approved", 120),
    ("EH", "Performance data", "Early help waiting list tracker", "Early help service", HOS_FRONT_DOOR,
     "41 families waiting, longest 6 weeks; down from 112 families in March.", "Mixed", "Verified", 14),
    ("EH", "Child/family voice", "Early help family feedback digest", "Early help service", HOS_FRONT_DOOR,
     "Families describe workers as flexible and practical; some waited too long to be allocated.",
     "Mixed", "Approved", 70),
    ("AS", "Performance data", "Assessment timeliness report", "Performance team", PERFORMANCE,
     "86% of assessments completed within 45 working days (England 82%).", "Strength", "Approved", 22),
    ("AS", "Audit summary", "Assessment quality audit, quarter 2", "QA service", QA_LEAD,
     "44% of assessments graded good or better, up from 18%; analysis remains the weakest element.",
     "Mixed", "Approved", 55),
    ("AS LMQ", "Training data", "Assessment and analysis workshop attendance", "Workforce development",
     PRINCIPAL_SW, "112 of 131 social workers have completed the analysis workshop.", "Strength",
     "Verified", 40),
    ("CP", "Performance data", "Child protection dashboard", "Performance team", PERFORMANCE,
     "96% of review conferences on time; 88% of children seen within timescale.", "Strength",
     "Approved", 22),
    ("CP", "Audit summary", "Child protection plan quality audit", "QA service", QA_LEAD,
     "Plans are more specific but a third still use generic actions; child's voice is clearer.",
     "Mixed", "Approved", 62),
    ("CP", "Practice observation", "Observed core group meetings (six)", "Principal social worker",
     PRINCIPAL_SW, "Parents were involved in all six; two groups did not review the plan's actions.",
     "Mixed", "Verified", 45),
    ("CP PLO", "Performance data", "Repeat child protection plans", "Performance team", PERFORMANCE,
     "Repeat plans within two years at 21%, below the England average of 23% and falling "
     "for three quarters.", "Strength", "Draft", 22),
    ("PLO", "Minutes", "Legal gateway panel minutes", "Legal gateway panel", HOS_CIN_CP,
     "Pre-proceedings now tracked weekly; average time in PLO 19 weeks against a target of 16.",
     "Area for improvement", "Approved", 30),
    ("PLO", "Audit summary", "Letters before proceedings dip sample", "QA service", QA_LEAD,
     "Letters are clear and in plain English in 9 of 10 cases sampled.", "Strength", "Verified", 75),
    ("EFH", "Performance data", "Exploitation screening tool completion", "Safe Futures team",
     EFH_MANAGER, "Screening completed for 93% of children open to the Safe Futures team.",
     "Strength", "Approved", 25),
    ("EFH", "Minutes", "Multi-agency child exploitation panel minutes", "Safeguarding partnership",
     EFH_MANAGER, "Panel meets fortnightly; disruption plans in place for 14 of 17 children discussed.",
     "Strength", "Approved", 18),
    ("EFH", "Partner feedback", "Police disruption activity summary", "Police partnership team",
     EFH_MANAGER, "Two exploitation hotspots disrupted; intelligence now shared within 48 hours.",
     "Strength", "Verified", 40),
    ("EFH CIC", "Case file audit", "Themed audit: teenagers at risk of exploitation in care",
     "QA service", QA_LEAD, "Placement moves increased risk for 5 of 12 teenagers audited.",
     "Area for improvement", "Approved", 52),
    ("MIS", "Performance data", "Return home interview report", "Performance team", PERFORMANCE,
     "RHIs offered within 72 hours in 95% of episodes; 61% of children accepted.", "Mixed",
     "Approved", 20),
    ("MIS", "Child/family voice", "Why children decline return home interviews", "Participation team",
     EFH_MANAGER, "Young people want a known adult, not a stranger, and a choice of place.",
     "Area for improvement", "Verified", 65),
    ("DC", "Performance data", "Disabled children's team assessment timeliness", "Performance team",
     PERFORMANCE, "79% of assessments within 45 working days; short breaks offers reviewed.", "Mixed",
     "Draft", 30),
    ("CIC", "Performance data", "Children in care scorecard", "Performance team", PERFORMANCE,
     "11% of children had three or more placement moves in the year (England 10%).",
     "Area for improvement", "Approved", 21),
    ("CIC", "Audit summary", "Children in care audit summary, quarter 2", "QA service", QA_LEAD,
     "Care plans are up to date in 91% of cases; life-story work is inconsistent.", "Mixed",
     "Approved", 50),
    ("CIC", "Improvement-plan report", "Placement stability review of 20 teenagers",
     "Children in care service", HOS_CIC,
     "Senior-led review of 20 unstable placements: 6 now stable, 3 reunified home with support.",
     "Mixed", "Approved", 28),
    ("CIC", "Performance data", "Health and dental checks for children in care", "Health partnership",
     PERFORMANCE, "Health assessments 89% on time; dental checks 78%, recovering after a backlog.",
     "Mixed", "Verified", 35),
    ("CIC", "Child/family voice", "Children in care council: what we told leaders",
     "Children in care council", HOS_CIC,
     "Children want fewer changes of social worker and to be asked before moves.",
     "Area for improvement", "Approved", 44),
    ("CIC", "Minutes", "Corporate parenting board minutes", "Corporate parenting board", DCS,
     "Members challenged placement sufficiency for teenagers and agreed a new residential offer.",
     "Mixed", "Verified", 38),
    ("CIC", "Other", "IRO annual report", "Independent reviewing service", HOS_CIC,
     "IROs raised 42 practice alerts, mostly about drift in permanence planning.",
     "Area for improvement", "Draft", 90),
    ("CIC LMQ", "Staff survey", "Children in care social worker survey", "Workforce development",
     PRINCIPAL_SW, "82% feel supported by their manager; 40% say caseloads are too high.", "Mixed",
     "Verified", 58),
    ("CL", "Performance data", "Care leavers scorecard", "Performance team", PERFORMANCE,
     "93% in touch; 88% in suitable accommodation; 52% in education, employment or training.",
     "Mixed", "Approved", 21),
    ("CL", "Audit summary", "Pathway plan quality audit", "QA service", QA_LEAD,
     "Pathway plans are timely but a third are not written with the young person.",
     "Area for improvement", "Verified", 47),
    ("CL", "Policy/procedure", "Local offer for care leavers (refreshed)", "Care leavers service",
     HOS_CL, "Council tax exemption extended to 25; new apprenticeship guarantee.", "Strength",
     "Approved", 100),
    ("CL", "Child/family voice", "Care leavers' forum feedback", "Participation team", HOS_CL,
     "Young people value their personal advisers; housing at 18 is the biggest worry.", "Mixed",
     "Draft", 33),
    ("CL", "Partner feedback", "Housing partnership protocol review", "Housing", HOS_CL,
     "Joint housing protocol in place; no care leaver placed in bed and breakfast this year.",
     "Strength", "Verified", 66),
    ("LMQ", "Audit summary", "Quality assurance framework and audit programme", "QA service", QA_LEAD,
     "Monthly audit programme with moderation; 312 audits completed this year.", "Strength",
     "Approved", 80),
    ("LMQ", "Performance data", "Workforce dashboard", "Human resources", IMPROVEMENT_LEAD,
     "Agency social workers down from 38% to 24%; average caseload 19.", "Strength", "Approved", 25),
    ("LMQ", "Audit summary", "Supervision audit", "QA service", QA_LEAD,
     "Supervision is regular (92% in timescale) but does not always drive the child's plan forward.",
     "Area for improvement", "Approved", 56),
    ("LMQ", "Improvement-plan report", "Improvement board progress report", "Improvement board",
     IMPROVEMENT_LEAD, "31 of 48 plan actions complete; 5 off track, all with recovery plans.",
     "Mixed", "Approved", 26),
    ("LMQ", "Minutes", "Improvement board minutes", "Improvement board", IMPROVEMENT_LEAD,
     "Board challenged pace in assessment and agreed independent practice review.", "Mixed",
     "Verified", 26),
    ("LMQ", "Other", "Self-evaluation (SEF) summary", "Directorate leadership team", DCS,
     "What we know, how we know it and what we are doing, theme by theme.", "Mixed", "Draft", 15),
    ("LMQ", "Training data", "Frontline manager development programme", "Workforce development",
     PRINCIPAL_SW, "All 24 team managers enrolled; 14 completed.", "Strength", "Verified", 42),
]

FINDINGS: list[tuple[str, str, str, str, str, str]] = [
    # (source, kind, judgement short, themes, latest view, text)
    ("inspection", "Area for priority action", "help", "FD",
     "Improved", "The timeliness and quality of strategy meetings when children are at risk of significant harm."),
    ("inspection", "Area for priority action", "leaders", "LMQ",
     "Insufficient progress", "The quality and impact of management oversight and supervision on the progress of children's plans."),
    ("inspection", "Area for improvement", "help", "AS",
     "Insufficient progress", "The quality of assessments, including analysis of risk and the child's lived experience."),
    ("inspection", "Area for improvement", "care", "CIC",
     "Not yet reviewed", "Placement stability for older children in care, and sufficiency of homes for teenagers."),
    ("inspection", "Area for improvement", "leavers", "CL",
     "Not yet reviewed", "The quality of pathway plans and how well they are written with young people."),
    ("MV1", "Strength", "help", "FD",
     "Improved", "Protective responses through the MASH have improved: most children's needs are now promptly identified and responded to."),
    ("MV1", "Area for improvement", "help", "EH",
     "Improved", "A small number of families wait too long to be allocated an early help worker."),
    ("MV2", "Area for improvement", "help", "CP",
     "Insufficient progress", "Some child protection plans are formulaic rather than tailored to the individual child's needs."),
    ("MV2", "Area for improvement", "help", "CP PLO",
     "Not yet reviewed", "Parents and young people are not always involved early enough in risk assessment meetings."),
    ("MV3", "Area for improvement", "care", "EFH CIC",
     "Not yet reviewed", "Some teenagers in care experience multiple placement moves, which increases their risk of exploitation."),
    ("MV3", "Area for improvement", "leaders", "LMQ EFH",
     "Not yet reviewed", "Supervision is regular but does not always drive case progression; there is drift for some high-risk adolescents."),
    ("MV3", "Area for improvement", "help", "MIS",
     "Not yet reviewed", "Return home interviews are timely, but only around 60% of children offered one take it up."),
    ("MV3", "Strength", "help", "EFH",
     "Improved", "The Safe Futures team is an effective multi-agency hub that identifies and disrupts exploitation."),
]

# (finding indexes, description, owner, months from start to due, status, progress, indicator, baseline, target, current)
ACTIONS: list[tuple[tuple[int, ...], str, str, int, str, str, str, str, str, str]] = [
    ((0,), "Daily strategy meeting slots with police and health in the MASH", HOS_FRONT_DOOR, -6,
     "Complete", "Slots run every weekday; police attend 94%.", "Strategy meetings within 1 working day", "52%", "90%", "89%"),
    ((0, 5), "Monthly multi-agency audit of strategy discussions", QA_LEAD, 2, "In progress",
     "Five audits completed; findings reported to the partnership.", "Strategy discussions graded good", "30%", "75%", "68%"),
    ((1,), "Supervision standard relaunched with a case-progression template", PRINCIPAL_SW, -3,
     "Complete", "Template in the case system since June.", "Supervision in timescale", "61%", "90%", "92%"),
    ((1, 10), "Three-month supervision summary in every review report", HOS_CIN_CP, -1, "In progress",
     "Added to templates; audit shows use in 58% of reports.", "Reports with supervision summary", "0%", "95%", "58%"),
    ((1,), "Frontline manager development programme for all team managers", PRINCIPAL_SW, 3,
     "In progress", "14 of 24 managers completed.", "Managers completed programme", "0", "24", "14"),
    ((2,), "Team improvement programme in the four assessment teams", HOS_CIN_CP, -2, "In progress",
     "Two teams complete; two delayed by vacancies.", "Assessments graded good or better", "18%", "60%", "44%"),
    ((2,), "Assessment and analysis workshop for all social workers", PRINCIPAL_SW, -4, "Complete",
     "112 of 131 social workers trained; new starters booked.", "Social workers trained", "0", "131", "112"),
    ((3, 9), "Senior-led review of the 20 least stable placements for teenagers", HOS_CIC, -1,
     "Complete", "Review done; 6 placements now stable, 3 children home with support.", "Teenagers with 3+ moves", "16%", "10%", "11%"),
    ((3,), "Open a four-bed local children's home for teenagers", DCS, 5, "In progress",
     "Property bought; registration application submitted.", "Teenagers placed over 20 miles away", "34%", "20%", "31%"),
    ((3,), "Placement sufficiency strategy refreshed with foster carer recruitment drive", HOS_CIC, 1,
     "In progress", "11 new fostering households approved this year.", "New fostering households", "4", "15", "11"),
    ((4,), "Pathway plans rewritten with young people using the new 'My Plan' format", HOS_CL, 2,
     "In progress", "62% of plans now in the new format.", "Plans in 'My Plan' format", "0%", "100%", "62%"),
    ((4,), "Personal adviser caseloads capped at 20", HOS_CL, -2, "On hold",
     "Two PA vacancies; cap not yet achieved.", "Average PA caseload", "27", "20", "23"),
    ((6,), "Early help waiting list triage and weekly allocation meeting", HOS_FRONT_DOOR, -5, "Complete",
     "Waiting list down from 112 to 41 families.", "Families waiting over 4 weeks", "64", "10", "12"),
    ((7,), "Child protection plan template rewritten with child-centred language", HOS_CIN_CP, -1,
     "Complete", "New template live; training for all CP social workers.", "Plans graded specific and child-focused", "35%", "80%", "63%"),
    ((7,), "Dip sample ten child protection plans a month for specificity", QA_LEAD, 3, "In progress",
     "Monthly dip samples reported to the performance clinic.", "Plans graded specific", "35%", "80%", "63%"),
    ((8,), "Invite parents to strategy and initial meetings by default, with advocacy offer", HOS_CIN_CP,
     -1, "In progress", "Protocol agreed with police; consent recorded in 71% of cases.", "Parents involved in initial meetings", "40%", "85%", "71%"),
    ((8,), "Family group conferences offered before every PLO meeting", HOS_CIN_CP, 2, "In progress",
     "FGC service expanded by two coordinators.", "PLO families offered an FGC", "22%", "90%", "58%"),
    ((9,), "Exploitation risk considered in every placement move for a child over 12", HOS_CIC, -2,
     "In progress", "Checklist in place; audit pending.", "Moves with exploitation risk recorded", "—", "100%", "74%"),
    ((10,), "High-risk adolescents reviewed monthly at the Safe Futures panel", EFH_MANAGER, -3,
     "Complete", "All 17 children reviewed monthly since August.", "High-risk adolescents reviewed monthly", "40%", "100%", "100%"),
    ((11,), "RHIs offered by a worker the child already knows, where possible", EFH_MANAGER, 1,
     "In progress", "Pilot in two teams; acceptance up to 68% there.", "RHI acceptance rate", "60%", "75%", "61%"),
    ((11,), "Three follow-up attempts before an RHI is recorded as declined", EFH_MANAGER, -2, "Complete",
     "Standard in place and monitored weekly.", "Declined RHIs with three attempts", "—", "100%", "92%"),
    ((1, 2), "Practice week: leaders audit alongside social workers every quarter", DCS, 1, "In progress",
     "Two practice weeks held; third booked.", "Audits with worker present", "0%", "50%", "38%"),
    ((3,), "Health assessments recovery plan with the designated nurse", HOS_CIC, -1, "In progress",
     "Backlog reduced from 38 to 12 children.", "Health assessments on time", "71%", "95%", "89%"),
    ((4,), "Care leavers' housing pathway with district councils", HOS_CL, 4, "Not started",
     "Draft protocol with districts for sign-off.", "Care leavers in suitable accommodation", "84%", "95%", "88%"),
    ((1,), "Workforce strategy: convert agency posts to permanent", IMPROVEMENT_LEAD, 6, "In progress",
     "Agency rate down from 38% to 24%.", "Agency social workers", "38%", "15%", "24%"),
]

# (theme, measure, value, unit, target, England, statistical neighbours, lower is better)
INDICATORS: list[tuple[str, str, float, str, float, float | None, float | None, bool]] = [
    ("FD", "Contacts with a decision within 24 hours", 97, "%", 95, None, None, False),
    ("FD", "Re-referrals within 12 months", 19.8, "%", 20, 22.4, 21.1, True),
    ("FD", "Strategy meetings within 1 working day", 89, "%", 90, None, None, False),
    ("AS", "Assessments within 45 working days", 86, "%", 85, 82.1, 80.6, False),
    ("CP", "Review conferences on time", 96, "%", 95, 93.3, 92.0, False),
    ("CP", "Children on a plan seen within timescale", 88, "%", 95, None, None, False),
    ("CP", "Repeat child protection plans (within 2 years)", 21, "%", 20, 23.3, 24.0, True),
    ("PLO", "Average weeks in pre-proceedings", 19, "weeks", 16, None, None, True),
    ("EFH", "Exploitation screenings completed", 93, "%", 95, None, None, False),
    ("MIS", "RHIs offered within 72 hours", 95, "%", 95, None, None, False),
    ("MIS", "RHI acceptance rate", 61, "%", 75, None, None, False),
    ("CIC", "Children with 3+ placement moves in the year", 11, "%", 10, 10.0, 10.4, True),
    ("CIC", "Health assessments on time", 89, "%", 95, 89.0, 90.2, False),
    ("CIC", "Dental checks on time", 78, "%", 90, 76.0, 79.5, False),
    ("CIC", "Visits within timescale", 92, "%", 95, None, None, False),
    ("CL", "Care leavers in touch (19-21)", 93, "%", 95, 91.0, 92.3, False),
    ("CL", "Care leavers in suitable accommodation", 88, "%", 95, 88.0, 89.1, False),
    ("CL", "Care leavers in education, employment or training", 52, "%", 60, 55.0, 53.2, False),
    ("LMQ", "Supervision within timescale", 92, "%", 90, None, None, False),
    ("LMQ", "Agency social workers", 24, "%", 15, 17.6, 19.0, True),
    ("LMQ", "Average social worker caseload", 19, "cases", 18, 16.3, 17.0, True),
]

COHORT_BY_THEME = {
    "CIC": ["Child in care", "Child in care", "UASC"],
    "CL": ["Care leaver"],
    "LMQ": ["Child in care", "Child protection", "Child in need"],
    "EFH": ["Missing/exploitation", "Child in care"],
    "MIS": ["Missing/exploitation"],
}
AGE_BY_COHORT = {"Care leaver": ["18-21", "22-25"], "UASC": ["16-17"],
                 "Missing/exploitation": ["10-15", "16-17"]}
TEAMS = {"CIC": "Children in Care Team 2", "CL": "Leaving Care Team", "LMQ": "Children in Care Team 1",
         "EFH": "Safe Futures Team", "MIS": "Safe Futures Team"}

STRENGTHS = [
    "Child's wishes are clearly recorded and have shaped the plan.",
    "Regular, purposeful visits; the worker knows the young person well.",
    "Strong multi-agency work with school and health.",
    "Life-story work started and valued by the child.",
    "Personal adviser has helped secure a college place and stable accommodation.",
    "Management oversight is recorded and sets clear actions with timescales.",
]
AREAS = [
    "Plan actions are generic and do not say who does what by when.",
    "Supervision records lack reflection on the impact of the plan.",
    "Placement move not planned with the young person; exploitation risk not reassessed.",
    "Pathway plan not written with the young person.",
    "Recording is not up to date; last two visits not written up.",
    "Health assessment overdue.",
]
SCALE = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
# An authority part-way through improvement: mostly RI and good, a few at either end.
GRADE_WEIGHTS = [1, 6, 7, 1]


def _area_grades(rng: random.Random, overall: str | None) -> dict[str, str | None]:
    """Per-area grades that sit around the overall grade, as an auditor's would."""
    if overall is None:
        return dict.fromkeys(e.AREA_GRADE_FIELDS)
    at = SCALE.index(overall)
    return {f: SCALE[min(3, max(0, at + rng.choice([-1, 0, 0, 0, 1])))] for f in e.AREA_GRADE_FIELDS}


def build_demo(path: Path | str, *, today: dt.date | None = None, who: str = "demo") -> Workspace:
    """Write the demo workspace to ``path`` and return it open.

    Args:
        path: Where to create it; must not exist.
        today: The day the demo is built around (default: the real today).
        who: Name recorded in the change log.
    """
    today = today or dt.date.today()
    rng = random.Random(20230329)
    ws = Workspace.create(path, who=who, authority=AUTHORITY)
    mark_demo(ws)
    themes = {t.code: t for t in ws.themes()}

    def ids(codes: str) -> list[int]:
        return [themes[c].id for c in codes.split()]

    authority = ws.authority()
    inspection_start = today - dt.timedelta(days=497)
    ws.update(e.AuthorityProfile, authority.id, authority.version,
              last_inspection_date=inspection_start,
              grade_leaders="Inadequate", grade_help_and_protection="Inadequate",
              grade_children_in_care="Requires improvement to be good",
              grade_care_leavers="Requires improvement to be good", grade_overall="Inadequate")

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    visits = {
        "inspection": ws.add_visit(
            seed_checklist=False, number=0, visit_type="ILACS inspection", status="Letter published",
            start_date=inspection_start, end_date=inspection_start + dt.timedelta(days=11),
            lead_inspector="Helen Cartwright HMI",
            inspection_team="Helen Cartwright HMI; Daniel Okafor HMI; Priti Lal HMI; Gareth Moyle HMI",
            headline_findings="Overall effectiveness inadequate. Serious weaknesses in the multi-agency "
            "response to risk at the front door and in management oversight.",
            themes=ids("FD AS CP CIC CL LMQ")),
        "MV1": ws.add_visit(
            seed_checklist=False, number=1, visit_type="Monitoring visit", status="Letter published",
            notice_date=day(-336), start_date=day(-330), end_date=day(-329),
            lead_inspector="Helen Cartwright HMI", inspection_team="Helen Cartwright HMI; Daniel Okafor HMI",
            verbal_feedback="Marked improvement at the front door; early help interface strengthened.",
            headline_findings="Protective responses through the MASH have improved. Pace of change "
            "overall is not yet sufficient.", themes=ids("FD EH MIS")),
        "MV2": ws.add_visit(
            seed_checklist=False, number=2, visit_type="Monitoring visit", status="Letter published",
            notice_date=day(-227), start_date=day(-220), end_date=day(-219),
            lead_inspector="Helen Cartwright HMI", inspection_team="Helen Cartwright HMI; Daniel Okafor HMI",
            verbal_feedback="Assessments variable; plans too often formulaic.",
            headline_findings="Progress for children in need of help and protection is too slow.",
            themes=ids("CP PLO AS")),
        "MV3": ws.add_visit(
            seed_checklist=False, number=3, visit_type="Monitoring visit", status="Letter published",
            notice_date=day(-117), start_date=day(-110), end_date=day(-109),
            lead_inspector="Daniel Okafor HMI", inspection_team="Daniel Okafor HMI; Priti Lal HMI",
            verbal_feedback="Safe Futures team praised; placement stability for teenagers a concern.",
            headline_findings="Children at risk from outside the home are better protected.",
            themes=ids("EFH MIS")),
    }
    visits["MV4"] = ws.add_visit(
        number=4, visit_type="Monitoring visit", status="Planned",
        start_date=day(16), end_date=day(17),
        lead_inspector="Daniel Okafor HMI", inspection_team="Daniel Okafor HMI; Priti Lal HMI",
        themes=ids("CIC CL LMQ"))

    for codes, kind, title, source, owner, summary, direction, status, age in EVIDENCE:
        as_at = day(-age)
        ws.add(e.EvidenceItem, title=title, evidence_type=kind, source=source, as_at=as_at,
               period="Quarter 2" if "quarter 2" in title.lower() else "",
               owner=owner, location=f"Improvement SharePoint/Evidence/{title}.pdf",
               summary=summary, direction=direction, status=status,
               review_date=as_at + dt.timedelta(days=120 if kind != "Policy/procedure" else 365),
               themes=ids(codes))
    # Monthly performance packs make up the rest of a real evidence library.
    months = ["Performance clinic pack"] * 8 + ["Practice learning review"] * 9
    for n, name in enumerate(months):
        code = ["FD", "CP", "CIC", "CL", "LMQ", "EFH", "AS", "MIS"][n % 8]
        as_at = day(-(n // 8 + 1) * 30 - 5)
        ws.add(e.EvidenceItem, title=f"{name}: {themes[code].name}, {as_at:%B %Y}",
               evidence_type="Performance data" if name.startswith("Performance") else "Audit summary",
               source="Performance clinic" if name.startswith("Performance") else "QA service",
               owner=PERFORMANCE if name.startswith("Performance") else QA_LEAD, as_at=as_at,
               period=f"{as_at:%B %Y}",
               summary="Monthly measures and exceptions discussed with team managers."
               if name.startswith("Performance") else "Learning from a multi-agency practice review.",
               direction="Mixed", status="Approved" if n % 3 else "Verified",
               review_date=as_at + dt.timedelta(days=90), themes=ids(code))
    # One evidence item holds a child's personal data: flagged, and kept out of exports.
    ws.add(e.EvidenceItem, title="Case chronology extract for inspectors", evidence_type="Case file audit",
           source="Children in care service", owner=HOS_CIC, as_at=day(-9),
           summary="Chronology prepared for a case inspectors may ask about.", direction="Mixed",
           status="Verified", contains_personal_data=True, include_in_pack=False,
           themes=ids("CIC"))

    source_visit = {k: v.id for k, v in visits.items()}
    judgement = {"help": "The experiences and progress of children who need help and protection",
                 "leaders": "The impact of leaders on social work practice with children and families",
                 "care": "The experiences and progress of children in care",
                 "leavers": "The experiences and progress of care leavers"}
    findings = [
        ws.add(e.Finding, text=text, source_visit_id=source_visit[src], kind=kind,
               judgement=judgement[j], latest_view=view, themes=ids(codes))
        for src, kind, j, codes, view, text in FINDINGS
    ]

    evidence = ws.all(e.EvidenceItem)
    for n, (fidx, desc, owner, due_months, status, progress, ind, base, aim, cur) in enumerate(ACTIONS):
        action_due = day(due_months * 30 + (n % 3) * 7 - 10)
        start = min(inspection_start + dt.timedelta(days=90 + n * 5), action_due)
        overdue = status != "Complete" and action_due < today
        rag = "Green" if status == "Complete" else ("Red" if overdue else
                                                    ("Amber" if status == "On hold" else "Green"))
        linked_themes = {t.id for i in fidx for t in findings[i].themes}
        proof = [x.id for x in evidence if {t.id for t in x.themes} & linked_themes][:2]
        ws.add(e.Action, description=desc, owner=owner, start_date=start, due_date=action_due, status=status,
               rag=rag, progress=progress, indicator=ind, baseline=base, target=aim,
               current_value=cur, impact_evidence=progress if status == "Complete" else "",
               governance_forum="Improvement board", last_reviewed=day(-26),
               closure_criteria=f"{ind} at {aim} for three consecutive months.",
               findings=[findings[i].id for i in fidx], evidence=proof)

    for code, measure, value, unit, target, england, sn, lower in INDICATORS:
        ws.add(e.IndicatorSnapshot, theme_id=themes[code].id, measure=measure, value=value, unit=unit,
               as_at=day(-22), target=target, england=england, statistical_neighbours=sn,
               direction_of_good="Lower is better" if lower else "Higher is better")

    plan = [("MV4", "CIC", 8), ("MV4", "CL", 6), ("MV4", "LMQ", 4),
            ("MV3", "EFH", 7), ("MV3", "MIS", 5)]
    for visit_key, code, count in plan:
        visit = visits[visit_key]
        for n in range(1, count + 1):
            cohort = rng.choice(COHORT_BY_THEME[code])
            audited = not (visit_key == "MV4" and code == "CL" and n > 4)
            grade = rng.choices(SCALE, GRADE_WEIGHTS)[0] if audited else None
            if visit_key == "MV4" and code == "CIC" and n == 3:
                grade = "Inadequate"
            areas = _area_grades(rng, grade)
            sample = ws.add(
                e.CaseSample, sample_ref=f"{visit_key}-{code}-{n:02d}",
                local_case_id=f"LCS-{rng.randint(100000, 999999)}", visit_id=visit.id,
                cohort=cohort, age_band=rng.choice(AGE_BY_COHORT.get(cohort, ["10-15", "5-9", "16-17"])),
                team=TEAMS[code], worker_role=rng.choice(["Social worker", "Senior practitioner",
                                                           "Personal adviser" if code == "CL" else "Social worker"]),
                selected_by="Inspector" if n == count and visit_key == "MV3" else "Authority",
                audit_type=rng.choice(["Full", "Themed", "Moderated"]),
                audit_date=day(-rng.randint(5, 40)) if audited else None,
                auditor=rng.choice([QA_LEAD, PRINCIPAL_SW, "Independent auditor"]),
                overall_grade=grade, **areas,
                strengths=rng.choice(STRENGTHS) if audited else "",
                areas_to_develop=rng.choice(AREAS) if audited else "",
                escalated=grade == "Inadequate",
                seen_by_inspectors=visit_key == "MV3" and n <= 3,
                referred_back_by_inspectors=visit_key == "MV3" and n == 1,
                themes=ids(code))
            if grade == "Inadequate" and not (code == "CIC" and n == 3):
                ws.add_case_action(sample.id, "Manager to review plan and placement within 5 days",
                                   day(5))

    # Work the MV4 checklist as a team would two weeks out: some done, some slipping.
    statuses = ["Done", "Done", "In progress", "Done", "Not started", "In progress", "Done", "Blocked"]
    owners = [PERFORMANCE, QA_LEAD, IMPROVEMENT_LEAD, HOS_CIC, HOS_CL, DCS]
    for n, item in enumerate(ws.page(e.ChecklistItem)):
        status = statuses[n % len(statuses)]
        due: dt.date | None = item.due_date
        if n in (4, 7):
            due = day(-2)  # slipped
        # A slipped item's new date was agreed by hand: a fixed date, no longer an offset.
        offset = {"days_before_visit": None} if due != item.due_date else {}
        ws.update(e.ChecklistItem, item.id, item.version, status=status, owner=owners[n % len(owners)],
                  due_date=due, notes="Waiting on the case system supplier." if status == "Blocked" else "",
                  **offset)

    _indicator_history(ws, day)
    # The pack the improvement board approved a fortnight ago, frozen as presented.
    freeze(ws, visits["MV4"].id, DocumentControl(
        status="Final", version="0.9", author=IMPROVEMENT_LEAD, approved_by=DCS,
        approved_on=day(-14), audience="Leaders", distribution=("Improvement board",)),
        {"visit_id": visits["MV4"].id}, None)
    _write_self_evaluation(ws, themes)
    _prepare_the_pack(ws, visits, themes, day)
    _remember_past_readiness(ws, today)
    return ws


# (measure, baseline at the inspection) where the seeds give one; otherwise derived.
BASELINES = {"Agency social workers": 38.0, "Contacts with a decision within 24 hours": 71.0,
             "Children with 3+ placement moves in the year": 16.0,
             "Supervision within timescale": 61.0}
TOPICS = {"Agency social workers": "Workforce", "Average social worker caseload": "Workforce",
          "Supervision within timescale": "Workforce",
          "Strategy meetings within 1 working day": "Partners",
          "Health assessments on time": "Partners", "RHI acceptance rate": "Children's and families' voice",
          "Care leavers in touch (19-21)": "Children's and families' voice"}


def _indicator_history(ws: Workspace, day: Callable[[int], dt.date]) -> None:
    """Each measure at the inspection and at the last visit, so the pack can show its trend."""
    for current in ws.all(e.IndicatorSnapshot):
        lower = current.direction_of_good == "Lower is better"
        value = current.value or 0.0
        base = BASELINES.get(current.measure, round(value * (1.3 if lower else 0.85), 1))
        topic = TOPICS.get(current.measure)
        for when, share in ((-497, 0.0), (-110, 0.6)):
            ws.add(e.IndicatorSnapshot, theme_id=current.theme_id, measure=current.measure,
                   value=round(base + (value - base) * share, 1), unit=current.unit,
                   as_at=day(when), target=current.target, england=current.england,
                   statistical_neighbours=current.statistical_neighbours,
                   direction_of_good=current.direction_of_good, topic=topic)
        if topic:
            ws.update(e.IndicatorSnapshot, current.id, current.version, topic=topic)


def _prepare_the_pack(ws: Workspace, visits: dict[str, e.Visit], themes: dict[str, e.Theme],
                      day: Callable[[int], dt.date]) -> None:
    """Work done since the last final pack: lines to take, the days on site, a closed item."""
    mv4 = ws.get(e.Visit, visits["MV4"].id)
    ws.update(e.Visit, mv4.id, mv4.version, lines_to_take=(
        "We know where practice is not yet good enough, and our own audits told us first.\n"
        "Teenagers in care move less often than a year ago, but not yet as rarely as we want.\n"
        "Agency use is down from 38% to 24%, so children keep their social worker for longer.\n"
        "Every finding from the inspection and the three letters has an owner and a date."))
    in_progress = next(i for i in ws.page(e.ChecklistItem) if i.status == "In progress")
    ws.update(e.ChecklistItem, in_progress.id, in_progress.version, status="Done")
    survey = next(x for x in ws.all(e.EvidenceItem) if x.evidence_type == "Staff survey")
    ws.update(e.EvidenceItem, survey.id, survey.version, status="Approved")
    ws.add(e.Finding, text="Information from return home interviews is not always used to "
           "update children's risk assessments.", source_visit_id=visits["MV3"].id,
           kind="Area for improvement",
           judgement="The experiences and progress of children who need help and protection",
           latest_view="Not yet reviewed", themes=[themes["MIS"].id])
    first, second = mv4.start_date or day(16), mv4.end_date or day(17)
    for when, start, end, kind, activity, people, place in (
        (first, "09:00", "09:30", "Meeting with inspectors", "Set-up meeting with the lead "
         "inspector", f"{DCS}; {IMPROVEMENT_LEAD}", "Room 2.14, County Hall"),
        (first, "10:00", "12:30", "Case holders available", "Children in Care Team 2 case "
         "holders free for case discussions", HOS_CIC, "Team base, Riverside House"),
        (first, "13:30", "14:30", "Meeting with inspectors", "Care leavers: head of service and "
         "personal advisers", HOS_CL, "Room 2.14, County Hall"),
        (first, "16:30", "17:00", "Daily catch-up", "Catch-up with inspectors: cases and "
         "requests so far", f"{DCS}; {QA_LEAD}", "Room 2.14, County Hall"),
        (second, "09:00", "10:00", "Meeting with inspectors", "Quality assurance and "
         "performance", f"{QA_LEAD}; {PERFORMANCE}", "Room 2.14, County Hall"),
        (second, "10:00", "15:00", "Case holders available", "Leaving Care Team personal "
         "advisers free for case discussions", HOS_CL, "Leaving Care Team base"),
        (second, "11:00", "12:00", "Meeting with inspectors", "Supervision and management "
         "oversight: team managers", PRINCIPAL_SW, "Room 2.14, County Hall"),
        (second, "16:00", "16:45", "Daily catch-up", "Verbal feedback to the director and "
         "lead member", f"{DCS}; lead member for children", "Room 2.14, County Hall"),
    ):
        on_site.add_slot(ws, mv4.id, day=when, start_time=start, end_time=end, kind=kind,
                         activity=activity, people=people, place=place)
    outcomes = ["Inspectors agreed with our grade: requires improvement to be good.",
                "Inspectors agreed with our audit; they noted the child's voice was clear.",
                "Inspectors graded it lower than our audit: planning drifted after a move."]
    seen = [s for s in ws.all(e.CaseSample) if s.seen_by_inspectors]
    for sample, outcome in zip(seen, outcomes, strict=False):
        ws.update(e.CaseSample, sample.id, sample.version, inspector_outcome=outcome)
    ws_control = DocumentControl(version="1.0", author=IMPROVEMENT_LEAD, audience="Leaders",
                                 distribution=("Director of children's services",
                                               "Lead member for children",
                                               "Heads of service", "Improvement board"))
    save_control(ws, mv4.id, ws_control)


def _remember_past_readiness(ws: Workspace, today: dt.date) -> None:
    """Four weeks of the current visit's readiness per working day, climbing towards today's."""
    from .history import remember
    from .readiness import band
    from .readiness_sql import assess_visit

    visit = ws.latest_visit()
    if visit is None:
        return
    now = assess_visit(ws, visit.id, today)
    start = max(now.score - 0.22, 0.3)
    for back in range(28, 0, -1):
        day = today - dt.timedelta(days=back)
        if day.weekday() >= 5:
            continue
        score = start + (now.score - start) * (28 - back) / 28
        remember(ws, replace(now, today=day, score=score, rag=band(score)))


def _write_self_evaluation(ws: Workspace, themes: dict[str, e.Theme]) -> None:
    sef = {
        "CIC": (HOS_CIC,
                "Most children in care live in stable homes and are visited regularly. Teenagers "
                "with complex needs move too often, and some moves raise their risk of exploitation.",
                "Monthly scorecard, quarterly audits, the placement stability review of 20 teenagers, "
                "and what the children in care council tells us.",
                "A new local children's home for teenagers, a fostering recruitment drive, and "
                "exploitation risk checked before every move for a child over 12.",
                "Stability is improving but not yet where we want it for teenagers.\n"
                "Children tell us they want fewer changes of worker; agency use is falling."),
        "CL": (HOS_CL,
               "Care leavers stay in touch with us and most live in suitable homes. Pathway plans are "
               "on time but too few are written with the young person.",
               "Care leavers scorecard, pathway plan audit, care leavers' forum.",
               "'My Plan' pathway plan format, PA caseload cap, housing pathway with districts.",
               "Strong relationships with personal advisers.\nEET below target; housing at 18 is the "
               "biggest worry for young people."),
        "LMQ": (DCS,
                "Leaders know their service well. Supervision is now regular, but does not yet always "
                "move children's plans forward.",
                "Audit programme, supervision audit, practice weeks, workforce dashboard.",
                "Case-progression supervision template, manager development, permanent recruitment.",
                "Agency rate down from 38% to 24%.\nSupervision quality is the next step."),
    }
    for code, (owner, know, how, doing, messages) in sef.items():
        theme = themes[code]
        current = ws.get(e.Theme, theme.id)
        ws.update(e.Theme, theme.id, current.version, owner=owner, what_we_know=know,
                  how_we_know=how, what_we_are_doing=doing, key_messages=messages)
