"""Only English is judged: other languages are refused with a message, English never is.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pytest

from coach.analysis import GoalTextError
from coach.analysis.language import detect_other_language
from coach.analysis.limits import NotEnglishError, check_goal_text

REFUSAL = "PIP Coach reads English goals only"

OTHER_LANGUAGES = [
    ("French", "Réduire le nombre de réclamations clients de 20 % d'ici la fin de l'année"),
    ("French", "Arriver à l'heure tous les jours pendant trois mois"),
    ("French", "Améliorer la communication avec son équipe"),
    ("French", "Répondre aux courriels des clients en moins de 24 heures"),
    # short, lower case, half its words also English ("temps", "sortie", "plats"): the accented
    # verb English does not write tips it
    ("French", "réduire le délai de service des desserts"),
    ("Spanish", "Reducir los errores de facturación en un 20 % antes de junio"),
    ("Spanish", "Llegar puntual a todas las reuniones del equipo"),
    ("Spanish", "Mejorar la atención al cliente durante el próximo trimestre"),
    ("Spanish", "Subir las ventas"),
    ("German", "Die Fehlerquote im Lager bis Ende Juni um 10 % senken"),
    ("German", "Jeden Tag pünktlich zur Arbeit erscheinen"),
    ("German", "Kundenanfragen innerhalb von 24 Stunden beantworten"),
    ("Italian", "Ridurre gli errori di fatturazione del 20% entro la fine dell'anno"),
    ("Italian", "Arrivare puntuale a tutte le riunioni del team"),
    ("Italian", "Rispondere alle email dei clienti entro un giorno"),
    ("Portuguese", "Reduzir os erros de faturação em 20% até ao fim do ano"),
    ("Portuguese", "Responder aos pedidos dos clientes em menos de um dia"),
    ("Portuguese", "Aumentar as vendas em 10%"),
    ("Dutch", "Het aantal klachten met 20% verminderen voor het einde van het jaar"),
    ("Dutch", "Elke dag op tijd op het werk komen"),
    ("Dutch", "De omzet met 5% verhogen"),
    # letter case that says nothing about names
    ("French", "Augmenter Les Ventes De 15 % Au Prochain Trimestre"),
    ("Spanish", "AUMENTAR LAS VENTAS EN UN 10%"),
    ("French", "1. Réduire les erreurs de 10 %\n2. Arriver à l'heure chaque matin"),
]

OTHER_SCRIPTS = [
    ("Cyrillic script", "Сократить количество ошибок на 20% к концу квартала"),
    ("Greek script", "Μείωση των λαθών κατά 20% μέχρι το τέλος του έτους"),
    ("Arabic script", "تقليل الأخطاء بنسبة 20% بحلول نهاية الربع"),
    ("Hebrew script", "להפחית את מספר השגיאות ב-20% עד סוף הרבעון"),
    ("Chinese characters", "在第三季度末之前将错误减少20%"),
    ("Japanese", "四半期末までにエラーを20%削減する"),
    ("Korean", "분기 말까지 오류를 20% 줄이기"),
    ("Devanagari script", "तिमाही के अंत तक त्रुटियों को 20% कम करें"),
    ("Thai script", "ลดข้อผิดพลาดลง 20% ภายในสิ้นไตรมาส"),
]

ENGLISH = [
    # a citation's Latin is English usage, not Catalan
    "Read Hartley et al. (2019) before the journal club on Friday.",
    # accented loanwords, with no foreign function word around them
    "Update my résumé and send it to the café owner by June.",
    # short, telegraphic, numbers only
    "Close 5 deals",
    "Be on time",
    "12345",
    "Conduct 1:1s weekly",
    # placeholders and acronyms
    "TBD",
    "[goal]",
    "XX%",
    "___",
    "Raise NPS from [X] to XX% by TBD",
    "Migrate the Kubernetes cluster to EKS by Q3",
    "Reduce p95 latency of the checkout API below 300 ms",
    # typos and jargon
    "Complet the quartely report befor the deadine",
    "Ship v2.1 of the Salesforce integration",
    "Review tickets, bugs, docs, etc.",
    # a few foreign words, names and loanwords
    "Learn the café's POS system",
    "Attend the fiesta planning meeting",
    "Visit the Los Angeles and San Diego stores monthly",
    "Los Angeles store visits",
    "De Beers audit",
    "Meet with Señor García's team about the Banco de la Nación account",
    "Coordinate with José, Zoë and Łukasz on the Q2 rollout",
    "Order the à la carte menu cards for the bistro",
    "Handle escalations vis-à-vis billing disputes within 48 hours",
    "Document the status quo, per se, before the ad hoc review",
    "Serve the amuse-bouche and the pièce de résistance on time",
    "Learn basic español phrases for the front desk",
    "Greet guests with bonjour and merci",
    "Send the 顧客満足度 survey to every customer by Friday",
    "Check the rota at https://intranet.example.com/sites/de/la/equipe every Monday",
    # English words that are function words elsewhere
    "Prepare the final sales report",
    "Increase solo travel bookings by 10%",
    "Reduce die changeover time on line 3 by 15 minutes",
    "Hit 100% pour accuracy at the bar",
    "Stop late arrivals",
    "Improve local SEO",
    # letter case that says nothing
    "Improve Customer Satisfaction Scores By 10% Before Year End",
    "REDUCE ERRORS BY 50% BY JUNE",
]


@pytest.mark.parametrize(("language", "text"), OTHER_LANGUAGES + OTHER_SCRIPTS)
def test_other_languages_are_refused_naming_the_language(language: str, text: str) -> None:
    with pytest.raises(NotEnglishError) as refused:
        check_goal_text(text)
    message = str(refused.value)
    assert message.startswith(REFUSAL)
    assert language in message


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_never_refused(text: str) -> None:
    assert check_goal_text(text) == text


def test_the_message_says_which_language_it_saw() -> None:
    with pytest.raises(NotEnglishError, match=r"this looks like French\.$"):
        check_goal_text("Augmenter le chiffre d'affaires de 5 % avant la fin du semestre")
    with pytest.raises(NotEnglishError, match=r"this is written in Cyrillic script\.$"):
        check_goal_text("Закрыть 10 заявок")


def test_a_refusal_is_a_goal_text_error_that_names_the_language() -> None:
    with pytest.raises(GoalTextError) as refused:
        check_goal_text("Llegar a tiempo a todas las reuniones")
    assert isinstance(refused.value, NotEnglishError)
    assert refused.value.language == "Spanish"


def test_related_languages_that_tie_are_both_named() -> None:
    # "le" and "del" are Spanish and Italian function words alike.
    assert detect_other_language("Aumentare le vendite del 10%") == "Spanish or Italian"


@pytest.mark.parametrize(
    "text",
    [
        "Améliorer",  # one word: too few to tell
        "aumentar ventas",  # no function word at all
        "Deliver the Casa de Campo project",  # a name, however Spanish
    ],
)
def test_too_little_evidence_is_judged_as_english(text: str) -> None:
    assert detect_other_language(text) is None


def test_mostly_other_script_is_refused_even_with_english_words_in_it() -> None:
    with pytest.raises(NotEnglishError, match="Cyrillic"):
        check_goal_text("Закрыть 10 заявок by Friday, 每周 完成 5 个 review, مراجعة")


def test_the_engine_refuses_other_languages_on_every_path(engine) -> None:
    french = "Répondre à tous les appels en moins de deux minutes"
    with pytest.raises(NotEnglishError):
        engine.analyze(french)
    first, refused, last = engine.analyze_many(["Close 5 deals by May", french, "Be on time"])
    assert isinstance(refused, NotEnglishError) and str(refused).startswith(REFUSAL)
    assert first.text == "Close 5 deals by May" and last.text == "Be on time"
