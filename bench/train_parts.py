"""Where a main-job training step spends its time, in fp32 (the AVX2 machine's precision), on this machine (not a test: it prints numbers).

    python bench/train_parts.py [--steps 24] [--rounds 2] [--out results/bench_train_parts.json]

The main job trains the upper 15 of the 30 blocks. On the same batches of the reference training split as bench/train_layers.py, each
step is timed in parts with forward hooks: the forward of the embeddings and the frozen lower blocks, the forward of the upper blocks, the
head and the loss, the backward, and the AdamW step. A second run freezes the upper blocks too but keeps the gradient flowing through
them (the hidden state leaving the lower blocks requires grad), so its backward computes the activations' gradients only: the difference
is what the weight gradients cost. From these, the largest speed-up each way of making room could give, counting nothing for what it adds:
the lower blocks' forward made free, the upper blocks' weight gradients and optimizer step dropped (low-rank adapters in place of full
training, whose own small cost is left out), and both. Alternating rounds spread a drift of the machine's speed over both runs."""
import argparse, json, os, statistics, time

def timed_parts(ex: list, batches: list, dx_only: bool, train_layers: int = 15) -> dict:
    "Mean seconds per step of each part (the first two steps untimed)."
    import torch
    from calextract.basemodel import load_base
    from calextract.trainer import freeze_layers
    from calextract.loss import Collator, answer_loss
    torch.manual_seed(0)
    model, tok = load_base("bundled")
    freeze_layers(model, train_layers)
    layers = model.model.layers
    last_frozen = layers[len(layers) - train_layers - 1]
    mark = {}
    def after_lower(mod, args, out):
        mark["lower"] = time.perf_counter()
        if not dx_only: return None
        h = out[0] if isinstance(out, tuple) else out
        h = h.detach().requires_grad_(True)   # the gradient flows back to here, through frozen upper blocks
        return (h, *out[1:]) if isinstance(out, tuple) else h
    hook = last_frozen.register_forward_hook(after_lower)
    if dx_only:
        for p in model.parameters(): p.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-5) if params else None
    col = Collator(tok.pad_token_id)
    model.train(); parts = {"lower forward": [], "upper forward, head and loss": [], "backward": [], "optimizer step": []}
    for i, b in enumerate(batches):
        batch = col([ex[j] for j in b])
        t0 = time.perf_counter()
        loss = answer_loss(model, batch)
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        if opt: opt.step(); opt.zero_grad()
        t4 = time.perf_counter()
        if i >= 2:
            for k, v in zip(parts, (mark["lower"] - t0, t2 - mark["lower"], t3 - t2, t4 - t3)): parts[k].append(v)
    hook.remove()
    return {k: statistics.mean(v) for k, v in parts.items()}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=24, help="steps per run (the first 2 untimed)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", default="results/bench_train_parts.json")
    args = ap.parse_args()
    import torch; torch.set_num_threads(os.cpu_count())
    from calextract.evaluation import code_version
    from calextract.io import write_atomic
    from train_layers import reference_batches   # the same batches as bench/train_layers.py (this folder is on the path when run as a script)
    _, ex, batches = reference_batches(args.steps)
    runs = {"main job": [], "activation gradients only": []}
    for r in range(args.rounds):
        for name in runs:
            runs[name].append(timed_parts(ex, batches, dx_only=name != "main job"))
            print(f"round {r + 1}, {name}: " + ", ".join(f"{k} {v:.3f} s" for k, v in runs[name][-1].items()), flush=True)
    mean = {name: {k: round(statistics.mean(p[k] for p in ps), 4) for k in ps[0]} for name, ps in runs.items()}
    a, b = mean["main job"], mean["activation gradients only"]
    step = sum(a.values())
    weight_grads = a["backward"] - b["backward"] + a["optimizer step"]
    shares = {"lower forward": a["lower forward"] / step, "weight gradients and optimizer step": weight_grads / step}
    bounds = {"lower forward free": step / (step - a["lower forward"]), "no weight gradients (adapters)": step / (step - weight_grads),
              "both": step / (step - a["lower forward"] - weight_grads)}
    res = {"precision": "fp32", "cores": os.cpu_count(), "commit": code_version(), "steps_timed_per_run": len(batches) - 2, "rounds": args.rounds,
           "seconds_per_step": mean, "share_of_main_job_step": {k: round(v, 3) for k, v in shares.items()},
           "largest_speedup": {k: round(v, 2) for k, v in bounds.items()}}
    print(f"main job step {step:.3f} s: lower forward {shares['lower forward']:.0%}, weight gradients and optimizer step {shares['weight gradients and optimizer step']:.0%}")
    print("largest speed-up: " + ", ".join(f"{k} {v:.2f}x" for k, v in bounds.items()))
    write_atomic(args.out, json.dumps(res, indent=1) + "\n")

if __name__ == "__main__": main()
