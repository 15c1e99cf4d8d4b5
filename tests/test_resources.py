"""The bundled resources are found the same way from a checkout, an editable install and a wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from nas_kg import resources

ROOT = Path(__file__).resolve().parent.parent


def test_source_checkout_finds_resources():
    assert resources.data_root() in (ROOT, ROOT / "nas_kg" / "_data")
    assert resources.core_ontology().is_file()
    assert resources.works_files()
    assert resources.shapes_files()
    assert resources.query_files()


def test_version_comes_from_package_metadata():
    from importlib.metadata import version

    import nas_kg

    assert nas_kg.__version__ == version("nas-kg")


def test_editable_install_runs_from_elsewhere(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "nas_kg.cli", "table", "automatic", "--format", "csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ref,work,cost,")


@pytest.mark.slow
def test_wheel_installed_into_a_fresh_venv_finds_its_resources(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("nas_kg-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # the dependencies come from the test environment; nas_kg itself only from the wheel
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "import nas_kg, nas_kg.resources as r; print(r.data_root()); print(len(nas_kg.load().method_index))"
    run = subprocess.run([str(python), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    root, count = run.stdout.split()
    assert Path(root).parts[-2:] == ("nas_kg", "_data")
    assert str(env_dir) in root
    assert int(count) >= 75
    cli = subprocess.run(
        [str(env_dir / "bin" / "nas-kg"), "table", "manual", "--format", "csv"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    assert "SqueezeNet" in cli.stdout
