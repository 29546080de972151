"""The demo's words and numbers: real crisis lines, Riverbend's internal services, thanks and stories."""

from __future__ import annotations

from upstream.community.models import Category

SEED = 20261201


SYSTEM_CODE = "riverbend"

# (name, category, country, phone, sms number, sms word, url, hours, in distress, order, description)


# Resources written for readers of one language (the others are for every reader).
# The English entries of a service that also has a Spanish one are marked "en", so each reader sees
# one of the pair; a service with no entry here is for every reader.
LANGUAGE_OF = {
    "988 Suicide & Crisis Lifeline": "en",
    "988 Línea de Prevención del Suicidio y Crisis": "es",
    "Crisis Text Line": "en",
    "Crisis Text Line en español": "es",
    "Riverbend Employee Assistance Program": "en",
    "Programa de Asistencia al Empleado de Riverbend": "es",
    # A Spanish-reading nurse met English descriptions in the crisis box and the resource list
    # (found by a staff walk): Riverbend's own services are described in both languages, and the
    # Physician Support Line, which answers in English, says so in Spanish.
    "Physician Support Line": "en",
    "Physician Support Line (en inglés)": "es",
    "Riverbend Peer Support (Care for the Caregiver)": "en",
    "Apoyo entre colegas de Riverbend (Cuidar a quien cuida)": "es",
    "Clinician Wellness Counselling": "en",
    "Consejería de bienestar para profesionales clínicos": "es",
    "Backup child and elder care": "en",
    "Cuidado de respaldo para hijos y mayores": "es",
    "Financial counselling and hardship fund": "en",
    "Asesoría financiera y fondo de ayuda": "es",
    "Chaplaincy and spiritual care": "en",
    "Capellanía y apoyo espiritual": "es",
}

RESOURCES = [
    (
        "988 Suicide & Crisis Lifeline",
        Category.CRISIS,
        "US",
        "988",
        "988",
        "",
        "https://988lifeline.org",
        "24/7",
        True,
        1,
        "Call or text 988 to reach a trained crisis counselor, free and confidential, "
        "any time of day or night.",
    ),
    (
        "988 Línea de Prevención del Suicidio y Crisis",
        Category.CRISIS,
        "US",
        "988",
        "988",
        "AYUDA",
        "https://988lineadevida.org",
        "24/7",
        True,
        1,
        "Llame al 988 y oprima 2, o envíe AYUDA por mensaje de texto al 988, para hablar gratis y en "
        "confianza con un consejero de crisis en español, a cualquier hora.",
    ),
    (
        "Crisis Text Line",
        Category.CRISIS,
        "US",
        "",
        "741741",
        "HOME",
        "https://www.crisistextline.org",
        "24/7",
        True,
        2,
        "Text HOME to 741741 to reach a volunteer crisis counselor by text message.",
    ),
    (
        # Crisis Text Line's Spanish service (crisistextline.org, 15 October 2021): AYUDA to 741741,
        # or 442-AYUDAME on WhatsApp.
        "Crisis Text Line en español",
        Category.CRISIS,
        "US",
        "",
        "741741",
        "AYUDA",
        "https://www.crisistextline.org",
        "24/7",
        True,
        2,
        "Envíe AYUDA por mensaje de texto al 741741, o escriba por WhatsApp al 442-AYUDAME, para hablar "
        "con un consejero voluntario de crisis en español, gratis y a cualquier hora.",
    ),
    (
        "Physician Support Line",
        Category.PEER_SUPPORT,
        "US",
        "1-888-409-0141",
        "",
        "",
        "https://www.physiciansupportline.com",
        "Mon–Fri 8am–1am ET",
        True,
        3,
        "Free, confidential peer support from volunteer psychiatrists, for physicians and medical students. "
        "No appointment needed.",
    ),
    (
        "Riverbend Peer Support (Care for the Caregiver)",
        Category.PEER_SUPPORT,
        "",
        "412-555-0142",
        "",
        "",
        "",
        "A supporter calls back within a day",
        True,
        10,
        "Trained colleagues from outside your unit, for a confidential conversation after a hard shift, an "
        "adverse event or a loss. You can also ask through Upstream: Together > Peer support.",
    ),
    (
        "Riverbend Employee Assistance Program",
        Category.EMPLOYEE_ASSISTANCE,
        "",
        "1-800-555-0134",
        "",
        "",
        "",
        "24/7",
        True,
        11,
        "Up to eight free counselling sessions a year for you and your household, plus legal and "
        "financial consultations. Run by an outside provider: Riverbend never learns who called.",
    ),
    (
        "Programa de Asistencia al Empleado de Riverbend",
        Category.EMPLOYEE_ASSISTANCE,
        "",
        "1-800-555-0134",
        "",
        "",
        "",
        "24/7",
        True,
        11,
        "Hasta ocho sesiones gratuitas de consejería al año para usted y su hogar, además de consultas "
        "legales y financieras. Lo gestiona un proveedor externo: Riverbend nunca sabe quién llamó.",
    ),
    (
        "Clinician Wellness Counselling",
        Category.COUNSELLING,
        "",
        "412-555-0177",
        "",
        "",
        "",
        "Weekdays 7am–7pm, evenings by arrangement",
        False,
        20,
        "Confidential sessions with licensed therapists outside Riverbend's reporting lines. Nothing goes in "
        "your employee or credentialing file, no diagnosis is billed to insurance, and it is not the kind of "
        "treatment licensing applications ask about.",
    ),
    (
        "Backup child and elder care",
        Category.DEPENDENT_CARE,
        "",
        "412-555-0190",
        "",
        "",
        "",
        "Book by 9pm for the next day",
        False,
        30,
        "Up to ten days a year of subsidised backup care for children or older relatives "
        "when your usual care "
        "falls through, including night and weekend shifts.",
    ),
    (
        "Financial counselling and hardship fund",
        Category.FINANCIAL,
        "",
        "412-555-0165",
        "",
        "",
        "",
        "Weekdays",
        False,
        40,
        "Free one-to-one sessions on budgets, debt and student loans (including Public Service Loan "
        "Forgiveness), and grants of up to $1,000 for an emergency.",
    ),
    (
        "Chaplaincy and spiritual care",
        Category.OTHER,
        "",
        "412-555-0111",
        "",
        "",
        "",
        "24/7 on call",
        False,
        50,
        "Chaplains of many faiths and none, for staff as much as patients.",
    ),
    (
        "Physician Support Line (en inglés)",
        Category.PEER_SUPPORT,
        "US",
        "1-888-409-0141",
        "",
        "",
        "https://www.physiciansupportline.com",
        "lun–vie 8:00–1:00 (hora del este)",
        True,
        3,
        "Apoyo gratuito y confidencial de psiquiatras voluntarios para médicos y estudiantes de medicina, "
        "en inglés. No hace falta cita.",
    ),
    (
        "Apoyo entre colegas de Riverbend (Cuidar a quien cuida)",
        Category.PEER_SUPPORT,
        "",
        "412-555-0142",
        "",
        "",
        "",
        "Un colega le devuelve la llamada en un día",
        True,
        10,
        "Colegas formados, de fuera de su unidad, para una conversación confidencial después de un turno "
        "difícil, un evento adverso o una pérdida. También puede pedirlo en Upstream: Juntos > Apoyo entre "
        "compañeros.",
    ),
    (
        "Consejería de bienestar para profesionales clínicos",
        Category.COUNSELLING,
        "",
        "412-555-0177",
        "",
        "",
        "",
        "Días laborables 7:00–19:00; por la noche, con cita",
        False,
        20,
        "Sesiones confidenciales con terapeutas con licencia, fuera de la línea de mando de Riverbend. Nada "
        "pasa a su expediente laboral ni de acreditación, no se factura ningún diagnóstico al seguro y no "
        "es el tipo de tratamiento por el que preguntan las solicitudes de licencia.",
    ),
    (
        "Cuidado de respaldo para hijos y mayores",
        Category.DEPENDENT_CARE,
        "",
        "412-555-0190",
        "",
        "",
        "",
        "Reserve antes de las 21:00 para el día siguiente",
        False,
        30,
        "Hasta diez días al año de cuidado de respaldo subvencionado para hijos o familiares mayores cuando "
        "falla su cuidado habitual, también en turnos de noche y fines de semana.",
    ),
    (
        "Asesoría financiera y fondo de ayuda",
        Category.FINANCIAL,
        "",
        "412-555-0165",
        "",
        "",
        "",
        "Días laborables",
        False,
        40,
        "Sesiones individuales gratuitas sobre presupuesto, deudas y préstamos estudiantiles (incluido el "
        "programa Public Service Loan Forgiveness) y ayudas de hasta 1.000 $ para una emergencia.",
    ),
    (
        "Capellanía y apoyo espiritual",
        Category.OTHER,
        "",
        "412-555-0111",
        "",
        "",
        "",
        "De guardia las 24 horas",
        False,
        50,
        "Capellanes de muchas creencias y de ninguna, para el personal tanto como para los pacientes.",
    ),
]


THANKS = [
    "You stayed an hour past shift so I could get to my son's recital. I owe you.",
    "Thank you for walking me through my first code without making me feel stupid.",
    "The way you talked with Mr. R's family last night was a lesson to all of us.",
    "You noticed I hadn't eaten and brought me soup. Small thing, huge difference.",
    "Thanks for covering my patients while I sat with a family after a death.",
    "Your calm at 3am kept the whole unit steady.",
    "Thank you for teaching me the new pump at 2am without a sigh.",
    "Night crew: you handed over a tidy, safe unit after the worst night of the month. Thank you.",
    "Pharmacy: thank you for catching that dose before it reached the patient.",
    "EVS turned the room around in twenty minutes so our ED patient could come up. Thank you.",
]


INTERESTS = [
    "night shifts",
    "research",
    "parenting",
    "teaching",
    "quality improvement",
    "leadership",
    "palliative care",
    "career change",
    "writing",
    "wellbeing",
    "global health",
    "informatics",
]


STORIES = [
    (
        "Holding the door",
        True,
        "The night Mrs. K's daughter flew in from Denver, the whole unit held the door for her. "
        "Housekeeping found a recliner, the resident paused the labs, and we turned the lights down. She "
        "made it with twenty minutes to spare. I think about that night whenever the staffing sheet looks"
        " impossible.",
    ),
    (
        "What the tea trolley taught me",
        True,
        "Our unit clerk started bringing a tea trolley round at 3am. Nobody asked her to. It is the only "
        "time in a night shift that we all stop together, and it is when the new grads ask the questions "
        "they are scared to.",
    ),
    (
        "The patient who thanked the cleaner",
        False,
        "He was dying and lucid and he asked to thank the man who cleaned his room every morning by name."
        " I had never learned that name. I have learned everyone's since.",
    ),
]
