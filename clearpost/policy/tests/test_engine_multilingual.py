"""Rules-only verdicts for Spanish, French, Portuguese, German and Italian posts and comments, and for the core
vocabulary of other languages (its made-up probe texts, below).

The texts are written for this test (not copied from the probe sets): risky posts of each category in those
languages, and the harmless posts that share their words (scam warnings, negations, plain definitions,
holiday greetings, opinions), which must stay approved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clearpost.policy.engine import Engine
from clearpost.policy.engine.evaluation import load_corpus
from clearpost.policy.tests.engines import rules_only


@pytest.fixture(scope="module")
def engine() -> Engine:
    return rules_only()


RISKY = [
    # (direction, text, verdict, a category that must be present)
    ("outgoing", "Con nuestra cartera no hay forma de perder: su capital solo puede crecer.", "reject", "guarantee"),
    ("outgoing", "Nous garantissons 8 % par an sur votre épargne.", "reject", "promissory"),
    ("outgoing", "Risco zero e lucro certo: seu dinheiro só pode subir.", "reject", "guarantee"),
    ("outgoing", "Mit unserem Depot ist Ihr Geld bombensicher, ohne Verlustrisiko.", "reject", "guarantee"),
    ("outgoing", "Ti prometto che raddoppierai il tuo capitale in cinque anni.", "reject", "promissory"),
    ("outgoing", "En mi opinión, los tipos de interés bajarán antes del verano.", "review", "forecast"),
    ("outgoing", "À mon avis, le huard pourrait monter d'ici Noël.", "review", "forecast"),
    ("outgoing", "Ich rechne damit, dass die Immobilienpreise 2026 weiter fallen.", "review", "forecast"),
    ("outgoing", "Nuestra cartera equilibrada rindió un 14% el año pasado.", "review", "performance_claim"),
    ("outgoing", "Merci à la famille Gagnon pour ses beaux mots après notre rencontre.", "review", "testimonial"),
    ("outgoing", "Cotisez à votre REER cette semaine pour réduire votre impôt.", "review", "tax_advice"),
    ("outgoing", "Vale a pena ouvir este podcast sobre aposentadoria.", "review", "third_party_content"),
    ("outgoing", "Los bonos del Tesoro a dos años me parecen atractivos ahora.", "review", "specific_security"),
    ("outgoing", "Mande-moi un texto sur mon cell ce soir.", "reject", "off_channel"),
    ("inbound", "Hicieron una venta sin mi autorización y nadie me da explicaciones.", "complaint", "complaint"),
    ("inbound", "Ich habe dieser Transaktion nie zugestimmt, warum wurde verkauft?", "complaint", "complaint"),
    ("inbound", "Vocês garantem que eu não vou perder dinheiro?", "flag", "guarantee"),
]

HARMLESS = [
    ("outgoing", "Cuidado con quien te prometa ganancias garantizadas: es estafa."),
    ("outgoing", "Méfiez-vous des faux conseillers qui promettent un rendement assuré."),
    ("outgoing", "Se alguém prometer lucro garantido pelo WhatsApp, é golpe."),
    ("outgoing", "Vorsicht vor Betrügern, die garantierte Gewinne versprechen."),
    ("outgoing", "Non fidatevi di chi vi garantisce guadagni senza rischio."),
    ("outgoing", "Nadie de nuestra firma te pedirá dinero por WhatsApp."),
    ("outgoing", "Qu'est-ce qu'une obligation? Un prêt consenti à un émetteur, expliqué simplement."),
    ("outgoing", "Creo que el mercado de los sábados tiene el mejor pan de la ciudad."),
    ("outgoing", "Frohe Weihnachten von unserem ganzen Team!"),
    ("inbound", "Gracias por la charla, muy clara y útil."),
    ("inbound", "Acho as criptomoedas muito arriscadas, mas obrigado pelo conteúdo."),
]


@pytest.mark.parametrize(("direction", "text", "verdict", "category"), RISKY)
def test_multilingual_risky(engine: Engine, direction: str, text: str, verdict: str, category: str) -> None:
    res = engine.screen(text, "linkedin", direction)
    assert res.verdict == verdict, (text, res.findings)
    assert category in res.categories, (text, res.categories)


@pytest.mark.parametrize(("direction", "text"), HARMLESS)
def test_multilingual_harmless(engine: Engine, direction: str, text: str) -> None:
    res = engine.screen(text, "linkedin", direction)
    expected = "approve" if direction == "outgoing" else "ok"
    assert res.verdict == expected, (text, res.findings)
    assert res.categories == ["none"]


def _core_probes() -> list[tuple[str, str, str, str]]:
    """The made-up texts the core vocabulary rules (``<category>.core_<language>``) were written against, one file
    per batch of languages: risky posts and their harmless look-alikes, a dozen or more per language; each must keep
    its label's verdict."""
    bench = Path(__file__).resolve().parents[3] / "bench"
    return [
        (r.id, r.direction, r.text, r.verdict)
        for path in sorted(bench.glob("rules_probe_core*.jsonl"))
        for r in load_corpus(path)
    ]


@pytest.mark.parametrize(("rid", "direction", "text", "verdict"), _core_probes())
def test_core_vocabulary_probes(engine: Engine, rid: str, direction: str, text: str, verdict: str) -> None:
    res = engine.screen(text, "linkedin", direction)
    assert res.verdict == verdict, (rid, [(f.rule, f.excerpt) for f in res.findings])
