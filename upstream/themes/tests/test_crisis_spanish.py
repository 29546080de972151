"""The Spanish floor of the crisis screen: plain first-person statements flag, talk about patients
and idioms do not. Rules only, so the outcome does not depend on a model score."""

from __future__ import annotations

import pytest

from upstream.themes.textmodel.crisis_rules_es import spanish_rule_matches

AT_RISK = [
    "Me quiero morir, ya no aguanto más los turnos de noche.",
    "He pensado en quitarme la vida después de la guardia.",
    "A veces pienso que sería mejor no despertar mañana.",
    "Estarían mejor sin mí, soy una carga para todos.",
    "Llevo semanas cortándome y nadie lo sabe; me estoy cortando otra vez.",
    "QUIERO DESAPARECER, no le veo sentido a seguir.",
    # A tester's misses (2026-12-04), caught since: said indirectly, the way the English rules read.
    "Estoy agotada después de cada turno. Ya no quiero despertar nunca más.",
    "No quiero despertar más.",
    "A veces pienso que sería mejor no estar aquí.",
    "Mis hijos estarían mejor si yo no estuviera.",
    "He estado guardando pastillas del trabajo.",
    # A second tester's misses the same day.
    "Ojalá tuviera un accidente camino al trabajo.",
    "Ojalá me atropellara un coche.",
    "Quisiera dormirme una noche y no despertar.",
    # bench/data/spanish.jsonl's misses, after the multilingual model was tried (docs/languages.md).
    "Esta semana casi me tiro del estacionamiento del hospital.",
    "Tengo guardadas las ampollas de morfina que sobraron; sé exactamente cuántas necesito.",
    # An email walk's miss (2026-12-07): the plainest wording of all.
    "Quiero morir, no puedo seguir así con estos turnos.",
]
NOT_AT_RISK = [
    "Tuvimos un paciente con intento de suicidio y nadie nos dio un debriefing.",
    "La evaluación de riesgo suicida en Epic tiene preguntas repetidas.",
    "Este papeleo me está matando, tres horas de notas después del turno.",
    "Me tiro del pelo cada vez que el sistema se cae en la entrega de turno.",
    "Estoy cansada de vivir en la unidad; llevo cinco turnos seguidos.",
    "La paciente dijo que se quería morir y activamos el protocolo.",
    # Work said with the same words as the rules added on 2026-12-04.
    "No quiero despertar a la paciente de la 12 para los signos vitales.",
    "Sería mejor no estar aquí cuando llegue la auditoría.",
    "Estoy harta de vivir en el hospital, doble turno otra vez.",
    "No me importaría morir de risa con este sistema.",
    "Quiero morir de la risa cada vez que el sistema pide la misma firma.",
    "Pienso en desaparecer de este trabajo.",
    "Estoy guardando pastillas vencidas para devolverlas a farmacia.",
    "Nadie quiere despertar al residente de guardia a las tres.",
    "Ojalá tuviera un accidente de trabajo registrado: así nos darían más personal.",
    "Me muero de cansancio después de cada doble turno.",
    "Me tiro del techo de la paciencia con tanto papeleo.",
    "Me tiro de la cama a las cinco para llegar al turno.",
    "Guardo las ampollas de morfina en la caja fuerte y cuento cuántas necesito para la noche.",
]


@pytest.mark.parametrize("text", AT_RISK)
def test_plain_spanish_statements_at_risk_are_flagged(text):
    assert spanish_rule_matches(text)


@pytest.mark.parametrize("text", NOT_AT_RISK)
def test_spanish_talk_about_patients_and_idioms_is_not_flagged(text):
    assert not spanish_rule_matches(text)
