import importlib
import subprocess
import sys

import wsoa_analysis.disclosure as disclosure


def test_the_public_api_is_exported_from_the_package():
    names = {
        "DEFAULT_FOOTNOTE",
        "DisclosurePolicy",
        "Protected",
        "footnote",
        "protect_counts",
        "protect_rate",
    }
    assert set(disclosure.__all__) == names
    for name in names:
        home = importlib.import_module(f"wsoa_analysis.disclosure.{disclosure._HOMES[name]}")
        assert getattr(disclosure, name) is getattr(home, name)


def test_reading_the_policy_does_not_load_pandas():
    code = (
        "import sys, wsoa_analysis.disclosure.policy as p; "
        "p.DisclosurePolicy(threshold=3); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
