"""The uniform average of the weights of two or more trained models of one architecture (a "model soup"), saved as a model folder
that `calextract evaluate --model` reads: python tools/average_weights.py OUT MODEL MODEL [MODEL ...]

Every file of the first model's folder but its weights is copied; `model.safetensors` is the element-wise mean of the models' weights (in
fp32, stored in the first model's dtypes); the folder is built beside OUT and renamed into place (`calextract.io.atomic_dir`). Used in 03_trainer (*A fourth real-world set*) to
average the default's two seeds: a diagnostic, since it needs two training runs."""
import shutil, sys
from pathlib import Path

def main(out: str, *models: str) -> int:
    from safetensors.torch import load_file, save_file
    from calextract.io import atomic_dir
    if len(models) < 2: sys.exit(__doc__)
    dirs = [Path(m) for m in models]
    for d in dirs:
        if not (d/"model.safetensors").is_file(): sys.exit(f"error: {d}: no model.safetensors")
    ws = [load_file(d/"model.safetensors") for d in dirs]
    if any(w.keys() != ws[0].keys() or any(w[k].shape != ws[0][k].shape for k in w) for w in ws[1:]):
        sys.exit("error: the models' weights differ in names or shapes")
    avg = {k: (sum(w[k].float() for w in ws) / len(ws)).to(ws[0][k].dtype) for k in ws[0]}
    with atomic_dir(out) as o:   # the folder appears whole or not at all (calextract.io)
        for f in dirs[0].iterdir():
            if f.is_file() and f.name != "model.safetensors": shutil.copy(f, o/f.name)
        save_file(avg, str(o/"model.safetensors"), metadata={"format": "pt"})
    print(f"{out}: the mean of {len(ws)} models' {len(avg)} tensors ({sum(not all(bool((w[k] == ws[0][k]).all()) for w in ws[1:]) for k in avg)} differ between them)")
    return 0

if __name__ == "__main__": sys.exit(main(*sys.argv[1:]))
