"""Demo agency pages: the Responsible Authority and every duty-to-co-operate agency the seeds name,
each with its five key roles described in terms of what that agency actually does."""

from django.utils.text import capfirst

from wagtail.rich_text import RichText

from portal.core.demo.seeding import ensure_page
from portal.core.facts import fact as F

from .models import AgencyIndexPage, AgencyPage

RA = AgencyPage.RESPONSIBLE_AUTHORITY
DTC = AgencyPage.DUTY_TO_COOPERATE

ORIGINS = (
    f"<p>MAPPA began in {F('first_statute_in_force')} under the {F('first_statute')}; "
    f"{F('current_sections')} of the {F('current_statute')} are its basis today.</p>"
)

DTC_BASIS = (
    f"<p>{capfirst(F('dtc_section'))} of the {F('current_statute')} places a duty on this agency "
    "to co-operate with the Responsible Authority, as far as that is compatible with its own "
    "statutory functions. A memorandum of understanding sets out how it does so in this area.</p>"
)

AGENCIES = [
    {
        "slug": "police",
        "title": "Police",
        "short_name": "Police",
        "kind": RA,
        "intro": "The police are part of the Responsible Authority and lead on registered sexual offenders living in the community.",
        "statutory_basis": f"<p>{capfirst(F('current_sections'))} of the {F('current_statute')} make the chief officer of police, with probation and the prison service, the Responsible Authority for MAPPA in each area. MAPPA began in {F('first_statute_in_force')} under the {F('first_statute')}, which first required police and probation to work together.</p><p>The Sexual Offences Act 2003 gives the police the management of registered sexual offenders and the power to apply for civil orders such as Sexual Harm Prevention Orders.</p>",
        "role_point_of_contact": "The public protection unit (MOSOVO team) is the single route into the police for MAPPA business in the area, and every level 2 and 3 meeting has a named police attendee.",
        "role_risk_advice": "Offender managers assess registered sexual offenders with the ARMS tool, visit them at home and share intelligence on their current behaviour and associations.",
        "role_general_advice": "Explains notification requirements, civil orders, the Child Sex Offender Disclosure Scheme and what neighbourhood officers can do day to day.",
        "role_coordination": "Aligns police visits, intelligence work and enforcement with probation supervision so the offender is not managed twice or missed.",
        "role_information_sharing": "Records MAPPA information on ViSOR, shares intelligence relevant to risk, and considers disclosure to third parties when it is needed to protect them.",
    },
    {
        "slug": "probation",
        "title": "Probation Service",
        "short_name": "Probation",
        "kind": RA,
        "intro": "The Probation Service is part of the Responsible Authority and supervises offenders on licence and community sentences.",
        "statutory_basis": f"<p>The {F('current_statute')} names the provider of probation services as part of the Responsible Authority. HM Prison and Probation Service carries the duty for probation in England and Wales.</p>"
        + ORIGINS,
        "role_point_of_contact": "Each probation delivery unit names a MAPPA lead, and the case's probation practitioner is the day-to-day contact for every other agency.",
        "role_risk_advice": "Assesses risk of serious harm with OASys, writes the agency risk management plan and proposes licence conditions that address the risk.",
        "role_general_advice": "Explains licence conditions, recall, Approved Premises and the accredited programmes available to offenders.",
        "role_coordination": "Usually the lead agency: refers cases to MAPPA, calls level 2 and 3 meetings and makes sure the actions agreed are carried out.",
        "role_information_sharing": "Shares assessments and changes in circumstances promptly, and records what was shared, with whom and why.",
    },
    {
        "slug": "prison",
        "title": "Prison Service",
        "short_name": "Prison",
        "kind": RA,
        "intro": "The Prison Service is part of the Responsible Authority and prepares MAPPA offenders for a safe release.",
        "statutory_basis": f"<p>The {F('current_statute')} made the Prison Service part of the Responsible Authority from {F('prison_service_joined')}, extending the arrangements first set up in {F('first_statute_in_force')} under the {F('first_statute')}.</p>",
        "role_point_of_contact": "Every prison has a public protection lead or interdepartmental risk management team that answers MAPPA enquiries.",
        "role_risk_advice": "Reports on behaviour in custody, contacts and visits, and progress on offending behaviour programmes before a release is planned.",
        "role_general_advice": "Explains release dates, parole, home detention curfew and the monitoring of contact that can be put in place in custody.",
        "role_coordination": "Attends pre-release MAPPA meetings and plans release with probation so that accommodation and licence conditions are ready on the day.",
        "role_information_sharing": "Shares intelligence gathered in custody that bears on risk in the community.",
    },
    {
        "slug": "childrens-services",
        "title": "Children's services",
        "short_name": "Children's services",
        "kind": DTC,
        "intro": "Local authority children's social care protects children who may be at risk from MAPPA offenders.",
        "statutory_basis": DTC_BASIS
        + "<p>Their duties under the Children Acts 1989 and 2004 to safeguard children continue alongside MAPPA.</p>",
        "role_point_of_contact": "The children's services MAPPA representative takes referrals and attends level 2 and 3 meetings where children are at risk.",
        "role_risk_advice": "Says whether children in a household or network are known, and assesses the risk to particular children.",
        "role_general_advice": "Explains child protection procedures, thresholds and the support families can be offered.",
        "role_coordination": "Links MAPPA plans with child protection plans so that families receive one consistent set of actions.",
        "role_information_sharing": "Shares information about children's safety and receives disclosures needed to protect them.",
    },
    {
        "slug": "adult-social-care",
        "title": "Adult social care",
        "short_name": "Adult social care",
        "kind": DTC,
        "intro": "Adult social services safeguard adults at risk and support offenders with care and support needs.",
        "statutory_basis": DTC_BASIS
        + "<p>The Care Act 2014 sets their safeguarding duties towards adults with care and support needs.</p>",
        "role_point_of_contact": f"Adult social care names a representative who attends MAPPA meetings where adults with care and support needs may be at risk. To raise an adult safeguarding concern (these are adult safeguarding numbers, not MAPPA contacts), call {F('dorset_adult_safeguarding_phone')} in the Dorset Council area or {F('bcp_adult_safeguarding_phone')} in the Bournemouth, Christchurch and Poole (BCP) Council area.",
        "role_risk_advice": "Assesses the risk an offender may pose to adults with care and support needs, and the offender's own care needs.",
        "role_general_advice": "Explains safeguarding enquiries, care assessments and the services available to adults.",
        "role_coordination": "Joins up safeguarding adults plans and MAPPA risk management plans.",
        "role_information_sharing": "Shares information about adults at risk and about care placements relevant to risk.",
    },
    {
        "slug": "health",
        "title": "Health services (NHS)",
        "short_name": "Health",
        "kind": DTC,
        "intro": "NHS trusts and integrated care boards provide mental health, forensic and primary care for MAPPA offenders.",
        "statutory_basis": DTC_BASIS
        + "<p>Integrated care boards and NHS trusts are named among the duty-to-co-operate bodies.</p>",
        "role_point_of_contact": "Each trust names a MAPPA lead, often in forensic or mental health services, who can reach the right clinician.",
        "role_risk_advice": "Advises on how mental illness, personality disorder or substance misuse affects risk, and on treatment.",
        "role_general_advice": "Explains the Mental Health Act, hospital orders, and how to get an offender registered with a GP.",
        "role_coordination": "Coordinates care programme approach reviews and discharge plans with MAPPA meetings.",
        "role_information_sharing": "Shares clinical information where the public interest in protecting others outweighs confidentiality, and records the decision.",
    },
    {
        "slug": "youth-justice",
        "title": "Youth offending teams",
        "short_name": "Youth justice",
        "kind": DTC,
        "intro": "Youth offending teams (youth justice services) work with young people who are MAPPA-eligible.",
        "statutory_basis": DTC_BASIS
        + "<p>Youth offending teams are set up under the Crime and Disorder Act 1998.</p>",
        "role_point_of_contact": "The youth justice service manager or MAPPA lead is the contact for any young person in MAPPA.",
        "role_risk_advice": "Assesses young people with AssetPlus and advises on their risk, needs and maturity.",
        "role_general_advice": "Explains youth sentences, referral orders and the support available to young people.",
        "role_coordination": "Plans the transition of young people to adult probation when they turn 18.",
        "role_information_sharing": "Shares assessments while respecting the welfare of the young person as a primary consideration.",
    },
    {
        "slug": "housing",
        "title": "Local housing authorities",
        "short_name": "Housing",
        "kind": DTC,
        "intro": "District and unitary councils' housing services help find MAPPA offenders suitable places to live.",
        "statutory_basis": DTC_BASIS
        + "<p>Their homelessness duties under the Housing Act 1996 continue alongside MAPPA.</p>",
        "role_point_of_contact": "Each housing authority names a MAPPA housing lead who attends meetings where accommodation is an issue.",
        "role_risk_advice": "Advises whether a proposed address is suitable, for example how near it is to schools or to victims.",
        "role_general_advice": "Explains homelessness applications, allocation policies and temporary accommodation.",
        "role_coordination": "Plans housing with probation before release so no one leaves prison homeless.",
        "role_information_sharing": "Shares tenancy information relevant to risk and receives disclosures needed to place someone safely.",
    },
    {
        "slug": "registered-social-landlords",
        "title": "Registered social landlords",
        "short_name": "Social landlords",
        "kind": DTC,
        "intro": "Housing associations that accommodate MAPPA offenders help manage the risks their tenancies bring.",
        "statutory_basis": DTC_BASIS
        + "<p>Registered providers of social housing that accommodate MAPPA offenders are named among the duty-to-co-operate bodies.</p>",
        "role_point_of_contact": "A named tenancy or safeguarding manager is the contact for MAPPA.",
        "role_risk_advice": "Reports concerns about a tenant's behaviour and advises on the suitability of properties.",
        "role_general_advice": "Explains tenancy conditions and the action a landlord can take.",
        "role_coordination": "Agrees with probation and police how tenancy management supports the risk management plan.",
        "role_information_sharing": "Shares information about tenants and neighbours relevant to risk, within data protection law.",
    },
    {
        "slug": "jobcentre-plus",
        "title": "Jobcentre Plus (DWP)",
        "short_name": "DWP",
        "kind": DTC,
        "intro": "The Department for Work and Pensions, through Jobcentre Plus, helps MAPPA offenders into safe work.",
        "statutory_basis": DTC_BASIS
        + "<p>The Secretary of State for Work and Pensions is named among the duty-to-co-operate bodies.</p>",
        "role_point_of_contact": "A DWP MAPPA single point of contact in each district takes enquiries from the Responsible Authority.",
        "role_risk_advice": "Advises whether a job or training placement would bring an offender into contact with people at risk.",
        "role_general_advice": "Explains benefits, work search requirements and employment support.",
        "role_coordination": "Makes sure work coach appointments and placements fit the risk management plan.",
        "role_information_sharing": "Shares employment and benefit information relevant to risk, and acts on restrictions the Responsible Authority shares.",
    },
    {
        "slug": "electronic-monitoring",
        "title": "Electronic monitoring providers",
        "short_name": "Electronic monitoring",
        "kind": DTC,
        "intro": "The electronic monitoring service fits and monitors tags for curfews, exclusion zones and location monitoring.",
        "statutory_basis": DTC_BASIS
        + "<p>Providers of electronic monitoring services are named among the duty-to-co-operate bodies.</p>",
        "role_point_of_contact": "The provider names a contact for MAPPA enquiries from the Responsible Authority.",
        "role_risk_advice": "Reports violations of curfews and exclusion zones and what the data shows about an offender's movements.",
        "role_general_advice": "Explains what tags can and cannot monitor, and how quickly alerts reach probation and police.",
        "role_coordination": "Sets up monitoring for release day so the licence conditions apply from the first hour.",
        "role_information_sharing": "Shares monitoring data with the Responsible Authority when it bears on risk.",
    },
    {
        "slug": "education",
        "title": "Local education authorities",
        "short_name": "Education",
        "kind": DTC,
        "intro": "Education services keep pupils safe where a MAPPA offender has links to a school or college.",
        "statutory_basis": DTC_BASIS,
        "role_point_of_contact": "The designated safeguarding lead for education is the contact for MAPPA.",
        "role_risk_advice": "Advises on risk to pupils, for example when an offender is a parent at a school.",
        "role_general_advice": "Explains safeguarding arrangements in schools and colleges.",
        "role_coordination": "Agrees arrangements with schools, such as supervised contact on school premises.",
        "role_information_sharing": "Passes on disclosures to the schools that need them, and no further.",
    },
    {
        "slug": "immigration",
        "title": "UK Visas and Immigration",
        "short_name": "Immigration",
        "kind": DTC,
        "intro": "The Home Office's immigration services take part where a MAPPA offender is a foreign national.",
        "statutory_basis": DTC_BASIS,
        "role_point_of_contact": "Immigration Enforcement's criminal casework team is the contact for foreign national offenders.",
        "role_risk_advice": "Advises on immigration status and any deportation proceedings that affect planning.",
        "role_general_advice": "Explains immigration bail conditions and removal processes.",
        "role_coordination": "Coordinates immigration bail and detention decisions with the risk management plan.",
        "role_information_sharing": "Shares status and travel information relevant to risk.",
    },
]


def seed(context):
    home = context["home"]
    coordination = context["contacts"]["MAPPA co-ordination unit"]
    adult_safeguarding = context["contacts"]["Adult safeguarding: Dorset Council area"]
    index = ensure_page(
        home,
        AgencyIndexPage,
        "agencies",
        title="Agencies in MAPPA",
        intro="What each agency brings to MAPPA: its legal duty, its key roles and who to contact.",
        show_in_menus=True,
        search_description="The Responsible Authority (police, probation, prison) and the duty-to-co-operate agencies.",
    )
    context["agency_index"] = index
    context["agencies"] = {}
    for data in AGENCIES:
        fields = {k: v for k, v in data.items() if k != "slug"}
        fields["statutory_basis"] = fields["statutory_basis"]
        contact = adult_safeguarding if data["slug"] == "adult-social-care" else coordination
        related = [("link", {"page": context["about"], "url": "", "title": "How MAPPA works"})]
        context["agencies"][data["slug"]] = ensure_page(
            index, AgencyPage, data["slug"], contact=contact, related_links=related, **fields
        )
    return index


__all__ = ["seed", "AGENCIES", "RichText"]
