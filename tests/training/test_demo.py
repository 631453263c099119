"""The demo's three training modules: published with a version, banks of 8 to 12 questions with
explanations (some with several right answers), agencies, and lessons citing the MAPPA Guidance."""

import pytest

from guidance.models import GuidancePage
from training.models import ModulePage, ModuleVersion

pytestmark = pytest.mark.django_db

SLUGS = ["mappa-essentials", "duty-to-co-operate", "information-sharing-and-disclosure"]


def test_the_demo_modules_are_published_with_their_versions():
    modules = {m.slug: m for m in ModulePage.objects.live()}
    assert set(SLUGS) <= set(modules)
    guidance = GuidancePage.objects.get(slug="mappa-guidance")
    anchors = {anchor for anchor, _ in guidance.contents}
    for slug in SLUGS:
        module = modules[slug]
        assert module.live_revision is not None
        versions = ModuleVersion.objects.filter(module_key=module.pk)
        # The duty module's second edition was a major change: earlier passes need a refresher.
        expected = [(1, "major"), (2, "major")] if slug == "duty-to-co-operate" else [(1, "major")]
        assert [(v.number, v.change_type) for v in versions] == expected
        assert all(v.cited_guidance == {str(guidance.pk): 8} for v in versions)
        bank = [child.value for child in module.questions]
        assert 8 <= len(bank) <= 12
        assert module.questions_per_attempt <= len(bank)
        assert all(q["explanation"].strip() for q in bank)
        assert any(sum(o["correct"] for o in q["options"]) > 1 for q in bank)
        assert module.audiences.filter(requirement="required").exists()
        assert module.audiences.filter(requirement="recommended").exists()
        cited = [c for lesson in module.lesson_list for c in lesson.value["cites"]]
        assert cited and all(c["section"] in anchors for c in cited)
