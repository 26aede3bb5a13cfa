"""Ids make safe, unique and stable names: the example's stay as they are, any other id is
folded to ASCII with a digest of the id, so that ids sharing a folded form never collide."""

import pytest

from wsoa_analysis.domain.slugs import ascii_fold, page_slug, slug


@pytest.mark.parametrize("identifier", ["1", "P1-01", "ws_3", "A-1"])
def test_a_safe_id_is_its_own_slug(identifier):
    assert slug(identifier) == identifier


def test_ids_with_the_same_folded_form_get_different_slugs():
    greek = [slug(x) for x in ("Δ", "α", "Δ–α", "/")]  # each folds to nothing
    assert len(set(greek)) == len(greek)
    assert slug("Area 5") != slug("Area-5") and slug("Area 5") != "Area-5"
    assert slug("Comms & engagement").startswith("Comms-engagement-")


def test_a_slug_depends_only_on_its_id():
    assert slug("Comms & engagement") == slug("Comms & engagement") == "Comms-engagement-699933"
    assert page_slug("Δ–α") == "priority-area-571e12"


def test_folding_keeps_letters_drops_accents_and_joins_the_rest():
    assert ascii_fold("Réseau – santé / écoles") == "Reseau-sante-ecoles"
