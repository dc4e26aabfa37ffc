"""Every `cevns` command with generated command lines: exit status 0 with parseable JSON (no NaN), or one line
`cevns: error: ...` with status 1. Never a traceback, never another status."""

import contextlib
import io
import json
import os
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from cevns.cli import main
from cevns.sources import available

ENERGIES = ["30MeV", "1 GeV", "0.5keV", "100GeV", "30 m", "nan MeV", "-1MeV", "0MeV", "1e400MeV", "inf MeV", "abc",
            "", "30", "5 kg", "1e-300 MeV"]
valid_energy = st.sampled_from(["30MeV", "10 MeV", "1GeV", "2.5 MeV", "0.1 GeV", "52.8MeV"])
energy_text = st.one_of(valid_energy, valid_energy, valid_energy, st.sampled_from(ENERGIES),
                        st.builds(lambda x, u: f"{x!r}{u}", st.floats(allow_nan=True),
                                  st.sampled_from(["MeV", "keV", " GeV", "m", "", "furlong"])),
                        st.text(max_size=6))
valid_target = st.sampled_from(["Ar40", "CsI", "Xe", "Ge", "xe131", "CSI", "H1", "NaI"])
targets = st.one_of(valid_target, valid_target, valid_target,
                    st.sampled_from(["Xe313", "", "Ar 40"]), st.text(max_size=5))
junk = st.text(max_size=6)
counts = st.one_of(st.integers(-3, 300), st.sampled_from(["10000000000", "2.5", "many", "-0", "1e3"]))


def examples(n):
    """``n`` examples in the default profile, scaled with the profile's max_examples (thorough: ~17 n)."""
    return max(1, n * settings.default.max_examples // 60)


def _reject_constant(name):
    raise ValueError(f"JSON with {name}")


def run(argv, tried=None):
    """Run the CLI in-process; check the contract; return (status, stdout)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in argv])
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
    stdout, stderr = out.getvalue(), err.getvalue()
    assert "Traceback" not in stdout + stderr
    assert code in (0, 1), (argv, code, stderr)
    if code == 1:
        assert stderr.startswith("cevns: error: ") and stderr.count("\n") == 1, (argv, stderr)
    elif "--json" in argv and not {"--help", "-h", "--version"} & set(argv):
        json.loads(stdout, parse_constant=_reject_constant)
    if tried is not None:
        tried.note(f"cli exit status {code}")
    return code, stdout


def flag(name):
    return st.sampled_from([[], [name]])


def option(name, values):
    return st.one_of(st.just([]), st.just([]), values.map(lambda v: [name, v]))


@settings(max_examples=examples(40))
@given(target=targets, energies=st.lists(energy_text, max_size=2), form_factor=option("--form-factor", st.one_of(
    st.sampled_from(["helm", "klein-nystrand", "symmetrized-fermi", "HELM"]), junk)),
    couplings=option("--couplings", st.sampled_from(["tree", "pdg2024", "loop"])), as_json=flag("--json"))
def test_nucleus(tried, target, energies, form_factor, couplings, as_json):
    tried.add("cli nucleus")
    energy_args = [a for e in energies for a in ("--energy", e)]
    run(["nucleus", target, *energy_args, *form_factor, *couplings, *as_json], tried)


@settings(max_examples=examples(40))
@given(target=targets, energy=energy_text, flavor=option("--flavor", st.one_of(
    st.sampled_from(["nu_e", "NUBAR_MU", "vebar", "nu_x"]), junk)),
    sin2=option("--sin2-theta-w", st.sampled_from(["0.23", "nan", "inf", "-1", "2", "0", "x"])),
    points=option("--points", counts.map(str)), as_json=flag("--json"), output=st.booleans())
def test_xsec(tried, target, energy, flavor, sin2, points, as_json, output):
    tried.add("cli xsec")
    with tempfile.TemporaryDirectory() as folder:
        out = ["--output", os.path.join(folder, "x.csv")] if output else []
        run(["xsec", "--target", target, "--energy", energy, *flavor, *sin2, *points, *as_json, *out], tried)


@settings(max_examples=examples(40))
@given(source=st.one_of(st.none(), st.sampled_from(available() + ["SNS-COHERENT", "reactor-leibstad"]), junk),
       list_=flag("--list"), all_=flag("--all"), as_json=flag("--json"),
       output=st.sampled_from([None, "x.csv", "missing/x.csv"]), plot=st.sampled_from([None, None, None, "f.png",
                                                                                        "f.xyz"]))
def test_flux(tried, source, list_, all_, as_json, output, plot):
    tried.add("cli flux")
    if all_ and plot:  # the all-sources figure takes seconds; it has its own tests
        plot = None
    with tempfile.TemporaryDirectory() as folder:
        files = []
        if output:
            files += ["--output", os.path.join(folder, output)]
        if plot:
            files += ["--plot", os.path.join(folder, plot)]
        run(["flux", *([source] if source is not None else []), *list_, *all_, *as_json, *files], tried)


@settings(max_examples=examples(40))
@given(source=option("--source", st.one_of(st.sampled_from(["solar-8B", "solar-pp", "supernova", "SOLAR-7BE",
                                                            "solar-9B"]), junk)),
       density=option("--density", st.sampled_from(["2.8g/cm3", "2.8", "-1g/cm3", "1e20g/cm3", "nan g/cm3",
                                                    "3 kg/m3"])),
       baseline=option("--baseline", st.sampled_from(["1300km", "0km", "1e5km", "-1 km", "3 MeV", "1e30 km"])),
       energy=option("--energy", energy_text), ye=option("--ye", st.sampled_from(["0.5", "1.5", "nan", "x"])),
       method=option("--method", st.sampled_from(["adiabatic", "numerical", "Numerical", "magic"])),
       points=option("--points", counts.map(str)),
       emin=option("--emin", energy_text), ordering=option("--ordering", st.sampled_from(
           ["normal", "inverted", "IO", "upside"])), antineutrino=flag("--antineutrino"), as_json=flag("--json"))
def test_msw(tried, source, density, baseline, energy, ye, method, points, emin, ordering, antineutrino, as_json):
    tried.add("cli msw")
    if method and method[1].lower() == "numerical" and points and points[1].isdigit() and int(points[1]) > 20:
        points = ["--points", "5"]  # the numerical solar integration is slow; its size is tested elsewhere
    run(["msw", *source, *density, *baseline, *energy, *ye, *method, *points, *emin, *ordering, *antineutrino,
         *as_json], tried)


@settings(max_examples=examples(12))
@given(what=st.sampled_from(["xsec", "form-factors", "counts", "bogus"]),
       targets=st.lists(st.sampled_from(["Ar40", "Xe131", "CsI", "Xe313"]), max_size=2),
       experiment=option("--experiment", st.sampled_from(["coherent-csi-2071"])),
       suffix=st.sampled_from([".png", ".svg", ".pdf", ".docx", ""]), as_json=flag("--json"))
def test_plot(tried, what, targets, experiment, suffix, as_json):
    tried.add("cli plot")
    with tempfile.TemporaryDirectory() as folder:
        target_args = [a for t in targets for a in ("--target", t)]
        run(["plot", what, *target_args, *experiment, "-o", os.path.join(folder, "f" + suffix), *as_json], tried)


@settings(max_examples=examples(20))
@given(name=st.one_of(st.sampled_from(["coherent-csi-2071", "COHERENT-CSI", "missing.toml", ""]), junk),
       as_json=flag("--json"), command=st.sampled_from(["predict", "experiments"]))
def test_predict_and_experiments(tried, name, as_json, command):
    tried.add("cli predict/experiments")
    argv = [command, *([name] if command == "predict" else []), *as_json]
    code, _ = run(argv, tried)
    if command == "experiments":
        assert code == 0


@settings(max_examples=examples(30))
@given(argv=st.lists(st.one_of(st.sampled_from(["nucleus", "xsec", "flux", "msw", "plot", "predict", "--json",
                                                "--help", "-h", "--version", "--target", "--energy", "30MeV"]),
                               junk), max_size=4))
def test_any_command_line(tried, argv):
    tried.add("cli any argv")
    if argv and argv[0] == "predict" and not any(a.startswith("-") for a in argv[1:2]) and len(argv) == 1:
        argv = argv + ["no-such-experiment"]  # the default preset takes seconds; tested elsewhere
    run(argv, tried)
