#!/usr/bin/python3
"""The five benchmark workloads of docs/benchmarks.md, written with PyTorch on the CPU.

It prints one line per workload in the format `dropoutlab-cli bench` uses, ending in
impl=torch-py, so bench/compare.sh can put the two side by side:

    bench/peers/torch_peer.py [--only W1,W3] [--threads N] [--steps N] [--warmup N]
    bench/peers/torch_peer.py --sanity       # untimed: losses must fall (exit 1 if not)
    bench/peers/torch_peer.py --data-check   # the data checksums (numpy only, no torch)

It is written the way a PyTorch user would write it: nn.Sequential models, nn.Dropout and
nn.Dropout2d, an nn.LSTMCell loop for W4 (a fused LSTM cannot keep one mask for all
timesteps), and for W5 a loop of forward passes in train mode under no_grad. Run it with
Debian's /usr/bin/python3 and python3-torch.
"""

import argparse
import math
import os
import platform
import sys
import time

IMPL = "torch-py"
NAMES = {1: "toy-mlp", 2: "mnist-mlp", 3: "cnn-spatial", 4: "lstm-variational", 5: "mc-predict"}
WARMUP = {1: 500, 2: 10, 3: 20, 4: 10, 5: 2}     # steps (W5: MC predictions)
TIMED = {1: 8000, 2: 150, 3: 250, 4: 200, 5: 10}
SANITY = {1: 3000, 2: 400, 3: 400, 4: 400, 5: 3}
MC_PASSES = 100


def fail(message, status=2):
    """One sentence on stderr, then exit."""
    print(f"torch_peer.py: {message}", file=sys.stderr, flush=True)
    sys.exit(status)


class Parser(argparse.ArgumentParser):
    def error(self, message):
        fail(f"{message} (see --help).")


def parse_workloads(text):
    if text is None:
        return list(NAMES)
    chosen = set()
    for token in text.split(","):
        token = token.strip()
        digit = token[1:] if token[:1] in ("W", "w") else token
        if digit not in ("1", "2", "3", "4", "5"):
            fail(f'--only: unknown workload "{token}"; expected W1 … W5 (or 1 … 5), comma-separated.')
        chosen.add(int(digit))
    return sorted(chosen)


def parse_args(argv):
    p = Parser(prog="torch_peer.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--only", help="workloads to run, e.g. W1,W3 or 1,3 (default: all)")
    p.add_argument("--threads", type=int, default=2, help="threads for torch and BLAS (default 2)")
    p.add_argument("--steps", type=int, help="timed steps (W5: predictions) of every workload")
    p.add_argument("--warmup", type=int, help="warm-up steps of every workload")
    p.add_argument("--sanity", action="store_true", help="untimed: check that the losses fall")
    p.add_argument("--data-check", action="store_true", help="print the data checksums and stop")
    a = p.parse_args(argv)
    if a.threads < 1:
        fail("--threads: expected a whole number ≥ 1.")
    if a.steps is not None and a.steps < 1:
        fail("--steps: expected a whole number ≥ 1.")
    if a.warmup is not None and a.warmup < 0:
        fail("--warmup: expected a whole number ≥ 0.")
    a.workloads = parse_workloads(a.only)
    return a


# ---- data: pure functions of the row index (docs/benchmarks.md, "Data") ------------------

def make_data_module():
    """The generators need numpy only; built lazily so --help works without it."""
    try:
        import numpy as np
    except ImportError:
        fail(f"{sys.executable} cannot import numpy; install Debian's python3-numpy "
             "(apt-get install python3-numpy) and run this with /usr/bin/python3.")

    u64 = np.uint64
    c_add, c_mul1, c_mul2 = u64(0x9E3779B97F4A7C15), u64(0xBF58476D1CE4E5B9), u64(0x94D049BB133111EB)
    s27, s30, s31, s32, s40 = u64(27), u64(30), u64(31), u64(32), u64(40)

    def splitmix64(z):
        # numpy wraps uint64 array arithmetic modulo 2^64, which is what SplitMix64 wants.
        z = z + c_add
        z = (z ^ (z >> s30)) * c_mul1
        z = (z ^ (z >> s27)) * c_mul2
        return z ^ (z >> s31)

    def u01(key, index):
        """Uniform doubles in [0, 1) with 24 bits, for an array of indices."""
        index = np.atleast_1d(np.asarray(index, dtype=u64))
        bits = splitmix64((u64(key) << s32) | index) >> s40
        return bits.astype(np.float64) / 16777216.0

    def gauss(key, i):
        """Box–Muller on u01(key, 2i) and u01(key, 2i + 1), with the C library's log and cos."""
        a, b = u01(key, [2 * i, 2 * i + 1])
        return math.sqrt(-2.0 * math.log(1.0 - a)) * math.cos(2.0 * math.pi * b)

    def spiral(n=1000):
        x = np.empty((n, 2), dtype=np.float32)
        y = np.empty(n, dtype=np.int64)
        for i in range(n):
            c = i % 2
            t = (i // 2) / 500.0
            theta = 2.0 * math.pi * t + math.pi * c + 0.2 * gauss(1, i)
            x[i] = (t * math.cos(theta), t * math.sin(theta))
            y[i] = c
        return x, y

    def pixels(n=8192):
        side, block, blocks_per_row = 28, 4, 7
        k = np.arange(side * side)
        block_of = blocks_per_row * ((k // side) // block) + (k % side) // block
        templates = (u01(5, np.arange(10 * 49)) < 0.5).astype(np.float64).reshape(10, 49)
        y = np.floor(10.0 * u01(3, np.arange(n))).astype(np.int64)
        x = np.empty((n, side * side), dtype=np.float32)
        rows = 512  # a chunk of rows at a time keeps the uint64 temporaries small
        for r0 in range(0, n, rows):
            r1 = min(n, r0 + rows)
            index = (np.arange(r0, r1, dtype=np.uint64)[:, None] * u64(side * side)
                     + k.astype(np.uint64)[None, :])
            noise = u01(2, index.ravel()).reshape(r1 - r0, side * side)
            x[r0:r1] = (0.5 * noise + 0.5 * templates[y[r0:r1]][:, block_of]).astype(np.float32)
        return x, y

    def sines(n=4096, length=50):
        u = u01(4, np.arange(2 * n))
        x = np.empty((n, length, 1), dtype=np.float32)
        y = np.empty((n, 1), dtype=np.float32)
        for i in range(n):
            f, phi = 0.02 + 0.08 * u[2 * i], 2.0 * math.pi * u[2 * i + 1]
            w = 2.0 * math.pi * f
            x[i, :, 0] = [math.sin(w * t + phi) for t in range(length)]
            y[i, 0] = math.sin(w * length + phi)
        return x, y

    def grid(n=1000):
        x = np.array([-3.0 + 6.0 * j / (n - 1) for j in range(n)], dtype=np.float64)
        x = x.astype(np.float32).reshape(n, 1)
        return x, x.copy()

    return np, {"spiral": spiral, "pixels": pixels, "sines": sines, "grid": grid}


def data_check():
    np, gen = make_data_module()

    def line(tag, x, y):
        fx, fy = x.reshape(-1), y.reshape(-1)
        print(f"DATA {tag} n={x.shape[0]} sum_x={fx.astype(np.float64).sum():.6f} "
              f"sum_y={fy.astype(np.float64).sum():.6f} x_first={float(fx[0]):.9g} "
              f"x_last={float(fx[-1]):.9g} y_first={float(fy[0]):.9g} y_last={float(fy[-1]):.9g}",
              flush=True)

    line("W1", *gen["spiral"]())
    x, y = gen["pixels"]()
    line("W2/W3", x, y)
    counts = np.bincount(y, minlength=10)
    print("DATA W2/W3 class_counts=" + ",".join(str(int(c)) for c in counts), flush=True)
    line("W4", *gen["sines"]())
    line("W5", *gen["grid"]())


# ---- the workloads --------------------------------------------------------------------------

def import_torch(threads):
    # BLAS and OpenMP read their thread counts when the library loads, so set them first.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))
    try:
        import torch
    except ImportError:
        fail(f"{sys.executable} cannot import torch; install Debian's python3-torch "
             "(apt-get install python3-torch) and run this with /usr/bin/python3.")
    torch.set_num_threads(threads)
    return torch


def loaded_blas():
    """The BLAS libraries mapped into this process, as 'folder/file'."""
    found = []
    try:
        with open("/proc/self/maps") as maps:
            for entry in maps:
                path = entry.split()[-1] if "/" in entry else ""
                name = os.path.basename(path)
                if ("blas" in name or "mkl" in name) and "cublas" not in name:
                    short = "/".join(path.split("/")[-2:])
                    if short not in found:
                        found.append(short)
    except OSError:
        pass
    return ",".join(found) or "unknown"


def print_configuration(torch, threads):
    a = torch.randn(64, 64)
    (a @ a).sum().item()  # loads the BLAS
    print(f"# peer={IMPL} torch={torch.__version__} python={platform.python_version()} "
          f"threads={threads} intra_op={torch.get_num_threads()} blas={loaded_blas()} "
          f"openblas_coretype={os.environ.get('OPENBLAS_CORETYPE', 'unset')} "
          f"mkl={int(torch.backends.mkl.is_available())} "
          f"mkldnn={int(torch.backends.mkldnn.is_available())}", flush=True)


def build_workload(torch, k, data):
    """(model, optimiser, loss function, x, y, batch) of training workload k, seeded with k."""
    nn = torch.nn
    torch.manual_seed(k)
    if k == 1:
        x, y = data("spiral")
        model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Dropout(0.5),
                              nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.5),
                              nn.Linear(64, 2))
        return model, torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9), \
            nn.CrossEntropyLoss(), x, y, 32
    if k == 2:
        x, y = data("pixels")
        model = nn.Sequential(nn.Dropout(0.2),
                              nn.Linear(784, 1024), nn.ReLU(), nn.Dropout(0.5),
                              nn.Linear(1024, 1024), nn.ReLU(), nn.Dropout(0.5),
                              nn.Linear(1024, 10))
        return model, torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9), \
            nn.CrossEntropyLoss(), x, y, 128
    if k == 3:
        x, y = data("pixels")
        model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Dropout2d(0.2),
                              nn.MaxPool2d(2),
                              nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.Dropout2d(0.2),
                              nn.MaxPool2d(2),
                              nn.Flatten(),
                              nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.5),
                              nn.Linear(128, 10))
        return model, torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9), \
            nn.CrossEntropyLoss(), x.view(-1, 1, 28, 28), y, 64
    if k == 4:
        x, y = data("sines")
        model = VariationalLstm(torch, hidden=64, rate=0.25)
        return model, torch.optim.Adam(model.parameters(), lr=1e-3), nn.MSELoss(), x, y, 32
    raise ValueError(k)


def VariationalLstm(torch, hidden, rate):
    """An LSTMCell run over the sequence with one input mask and one state mask per batch."""
    nn = torch.nn

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.cell = nn.LSTMCell(1, hidden)
            self.head = nn.Linear(hidden, 1)
            self.keep = 1.0 - rate

        def mask(self, rows, cols, like):
            if not self.training:
                return None
            return torch.bernoulli(like.new_full((rows, cols), self.keep)) / self.keep

        def forward(self, x):  # x: [batch, time, 1]
            batch, steps, features = x.shape
            z_x, z_h = self.mask(batch, features, x), self.mask(batch, hidden, x)
            if z_x is not None:
                x = x * z_x.unsqueeze(1)
            h = x.new_zeros(batch, hidden)
            c = x.new_zeros(batch, hidden)
            for t in range(steps):
                h_in = h * z_h if z_h is not None else h
                h, c = self.cell(x[:, t], (h_in, c))
            return self.head(h)

    return Model()


def run_training(torch, k, data, warmup, steps, keep_losses):
    model, opt, loss_fn, x, y, batch = build_workload(torch, k, data)
    model.train()
    batches = x.shape[0] // batch

    def step(s):
        r0 = (s % batches) * batch
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[r0:r0 + batch]), y[r0:r0 + batch])
        loss.backward()
        opt.step()
        return loss

    for s in range(warmup):
        step(s)
    losses = []
    t0 = time.perf_counter()
    for s in range(warmup, warmup + steps):
        last = step(s)
        if keep_losses:
            losses.append(last.item())
    secs = time.perf_counter() - t0
    last = last.item()
    finite = math.isfinite(last) and all(math.isfinite(v) for v in losses) and \
        all(bool(torch.isfinite(p).all()) for p in model.parameters())
    return {"steps": steps, "secs": secs, "last": last, "finite": finite, "losses": losses}


def run_monte_carlo(torch, data, warmup, reps):
    nn = torch.nn
    grid, _ = data("grid")
    torch.manual_seed(5)
    model = nn.Sequential(nn.Linear(1, 128), nn.ReLU(), nn.Dropout(0.1),
                          nn.Linear(128, 128), nn.ReLU(), nn.Dropout(0.1),
                          nn.Linear(128, 1))
    model.train()  # dropout stays on: every pass draws fresh masks

    def predict():
        with torch.no_grad():
            passes = torch.stack([model(grid) for _ in range(MC_PASSES)])
            return passes.mean(0), passes.std(0)

    for _ in range(warmup):
        predict()
    t0 = time.perf_counter()
    for _ in range(reps):
        mean, std = predict()
    secs = time.perf_counter() - t0
    finite = bool(torch.isfinite(mean).all()) and bool(torch.isfinite(std).all())
    return {"steps": reps, "secs": secs, "last": std.mean().item(), "finite": finite,
            "std_positive": bool((std > 0).all())}


def timed_line(k, r):
    name, fin = NAMES[k], int(r["finite"])
    if k == 5:
        return (f"W5 {name} ms={1e3 * r['secs'] / r['steps']:.3f} reps={r['steps']} "
                f"secs={r['secs']:.3f} mean_std={r['last']:.5f} finite={fin} impl={IMPL}")
    rate = r["steps"] / r["secs"]
    extra = f"samples_per_s={rate * 128:.1f} " if k == 2 else ""
    return (f"W{k} {name} steps_per_s={rate:.2f} {extra}steps={r['steps']} secs={r['secs']:.3f} "
            f"loss={r['last']:.5f} finite={fin} impl={IMPL}")


def sanity_line(k, r):
    """The line and whether the workload passed."""
    name = NAMES[k]
    if k == 5:
        ok = r["finite"] and r["std_positive"]
        return (f"SANITY W5 {name} mean_std={r['last']:.5f} finite={int(r['finite'])} "
                f"std_positive={int(r['std_positive'])} ok={int(ok)} impl={IMPL}"), ok
    losses = r["losses"]
    tenth = max(1, len(losses) // 10)
    first = sum(losses[:tenth]) / tenth
    last = sum(losses[-tenth:]) / tenth
    decreased = last < first
    ok = r["finite"] and decreased
    return (f"SANITY W{k} {name} steps={len(losses)} loss_first={first:.5f} "
            f"loss_last={last:.5f} finite={int(r['finite'])} decreased={int(decreased)} "
            f"ok={int(ok)} impl={IMPL}"), ok


def main(argv):
    args = parse_args(argv)
    if args.data_check:
        data_check()
        return 0
    torch = import_torch(args.threads)
    print_configuration(torch, args.threads)
    _, gen = make_data_module()
    cache = {}

    def data(kind):
        if kind not in cache:
            x, y = gen[kind]()
            cache[kind] = (torch.from_numpy(x), torch.from_numpy(y))
        return cache[kind]

    all_ok = True
    for k in args.workloads:
        if args.sanity:
            count = args.steps if args.steps is not None else SANITY[k]
            if k == 5:
                r = run_monte_carlo(torch, data, 0, count)
            else:
                r = run_training(torch, k, data, 0, count, True)
            text, ok = sanity_line(k, r)
        else:
            warmup = args.warmup if args.warmup is not None else WARMUP[k]
            count = args.steps if args.steps is not None else TIMED[k]
            if k == 5:
                r = run_monte_carlo(torch, data, warmup, count)
            else:
                r = run_training(torch, k, data, warmup, count, False)
            text, ok = timed_line(k, r), r["finite"]
        print(text, flush=True)
        all_ok = all_ok and ok
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
