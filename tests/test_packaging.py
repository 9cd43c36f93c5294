"""ontology/ and queries/ reach a built (non-editable) wheel, and kg finds them there."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("kg-*.whl"))


@pytest.mark.slow
def test_wheel_carries_ontology_queries_and_lexicons(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"kg/_data/ontology/kg.ttl", "kg/_data/ontology/shapes.ttl", "kg/_data/queries/who-acted-against-whom.rq",
            "kg/data/actions.yaml", "kg/data/entities.yaml"} <= names
    # the view page's assets and the JavaScript libraries it inlines, with their licences and versions
    assert {"kg/data/view.yaml", "kg/view/assets/page.html", "kg/view/assets/view.js", "kg/view/assets/view.css",
            "kg/view/vendor/vendor.yaml", "kg/view/vendor/cytoscape.min.js", "kg/view/vendor/vis-timeline-graph2d.min.js",
            "kg/view/vendor/vis-timeline-graph2d.min.css", "kg/view/vendor/licenses/cytoscape-MIT.txt",
            "kg/view/vendor/licenses/vis-timeline-Apache-2.0.txt"} <= names


@pytest.mark.slow
def test_installed_wheel_finds_its_data_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import kg.resources as r, kg.queries as q, kg.ontology as o; "
            "print(r.path('queries')); print(len(q.load_queries())); print(len(o.load_ontology()) > 100)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    folder, count, parsed = done.stdout.split()
    assert folder.startswith(str(site)) and int(count) >= 5 and parsed == "True"
