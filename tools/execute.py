"""Run notebooks and save their outputs in place, the way `nbdev_test` runs them: cells flagged with a test flag of
settings.ini (`tst_flags`, e.g. `slow`) or `#| eval: false` are skipped and keep the outputs they have. The docs site and
README render saved outputs (tools/build_docs.py), so run this after changing what a notebook prints.

    python tools/execute.py nbs/00c_dates.ipynb [nbs/index.ipynb ...]
"""
import configparser, os, re, sys
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parent.parent
cfg = configparser.ConfigParser(); cfg.read(ROOT/"settings.ini")
FLAGS = set(cfg["DEFAULT"].get("tst_flags", "").split())

def skipped(cell) -> bool:
    "Cells nbdev_test skips: markdown, `#| eval: false`, or a test flag."
    if cell.cell_type != "code": return True
    dirs = [l[3:].strip() for l in cell.source.splitlines() if l.startswith("#|")]
    return any(d.replace(" ", "").lower() == "eval:false" for d in dirs) or any(set(d.split()) & FLAGS for d in dirs)

def execute(path: Path):
    nb = read_nb(path)
    keep = {i: c.get("outputs", []) for i, c in enumerate(nb.cells) if c.cell_type == "code" and skipped(c)}
    os.environ["IN_TEST"] = "1"
    cwd = os.getcwd(); os.chdir(path.parent)
    try: CaptureShell(path).run_all(nb, exc_stop=True, preproc=skipped)
    finally: os.chdir(cwd)
    for i, outs in keep.items(): nb.cells[i]["outputs"] = outs   # skipped cells keep their saved outputs
    write_nb(nb, path)
    print(f"executed {path}")

if __name__ == "__main__":
    for p in sys.argv[1:]: execute(Path(p).resolve())
