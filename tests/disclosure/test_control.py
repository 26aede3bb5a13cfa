import subprocess
import sys

import wsoa_analysis.disclosure as disclosure
from wsoa_analysis.disclosure import control


def test_the_public_api_is_exported_from_the_package_and_control():
    names = {
        "DEFAULT_FOOTNOTE",
        "DisclosurePolicy",
        "Protected",
        "footnote",
        "policy_from_dict",
        "protect_counts",
        "protect_rate",
    }
    assert set(disclosure.__all__) == set(control.__all__) == names
    for name in names:
        assert getattr(disclosure, name) is getattr(control, name)


def test_reading_the_policy_does_not_load_pandas():
    code = (
        "import sys, wsoa_analysis.disclosure.policy as p; "
        "p.DisclosurePolicy(threshold=3); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
