"""The bundled resources are found the same way from a checkout, an editable install and a wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

from nas_kg import resources
from nas_kg.records import TEMPLATE

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


@dataclass(frozen=True)
class WheelInstall:
    """nas-kg installed from its wheel into a fresh venv whose other packages come from the test environment."""

    env_dir: Path
    purelib: Path

    @property
    def python(self) -> Path:
        return self.env_dir / "bin" / "python"

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        return subprocess.run([*args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def wheel_install(tmp_path_factory: pytest.TempPathFactory) -> WheelInstall:
    """Build the wheel and install it once for the tests below (each only reads the install, or is refused)."""
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("nas_kg-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)  # the test environment's pip installs into it (--python)
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
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    return WheelInstall(env_dir, Path(purelib))


@pytest.mark.slow
def test_wheel_installed_into_a_fresh_venv_finds_its_resources(wheel_install: WheelInstall, tmp_path: Path) -> None:
    code = "import nas_kg, nas_kg.resources as r; print(r.data_root()); print(len(nas_kg.load().method_index))"
    run = wheel_install.run(str(wheel_install.python), "-c", code, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    root, count = run.stdout.split()
    assert Path(root).parts[-2:] == ("nas_kg", "_data")
    assert str(wheel_install.env_dir) in root
    assert int(count) >= 75
    nas_kg_cli = str(wheel_install.env_dir / "bin" / "nas-kg")
    cli = wheel_install.run(nas_kg_cli, "table", "manual", "--format", "csv", cwd=tmp_path)
    assert cli.returncode == 0, cli.stderr
    assert "SqueezeNet" in cli.stdout


@pytest.mark.slow
def test_bundled_file_is_refused_from_a_wheel_install(wheel_install: WheelInstall, tmp_path: Path) -> None:
    """A non-editable install: `add --into` its own curated.ttl, by path and from inside its folder."""
    works = wheel_install.purelib / "nas_kg" / "_data" / "ontology" / "works"
    curated = works / "curated.ttl"
    before = curated.read_bytes()
    src = tmp_path / "in.yaml"
    src.write_text(TEMPLATE)
    for cwd, into in ((tmp_path, str(curated)), (works, "curated.ttl")):
        run = wheel_install.run(str(wheel_install.env_dir / "bin" / "nas-kg"), "add", str(src), "--into", into, cwd=cwd)
        assert run.returncode == 2, run.stderr
        assert "refusing to write into the bundled nas-kg files" in run.stderr
        assert curated.read_bytes() == before
