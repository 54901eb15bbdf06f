#!/usr/bin/python3
"""PyTorch side of the MLP throughput benchmark (bench/ActorTrain.Bench/Training/MlpThroughputBenchmark.cs).

Same model (784-512-256-10, ReLU, He init), loss (softmax cross-entropy), optimizer (SGD lr 0.05, momentum 0.9),
batch (128), data (Fashion-MNIST, standardized) and thread count as ours. Prints one JSON line:
{"threads": T, "samples": N, "seconds": S, "samples_per_second": R, "torch": version}.
Run with Debian's /usr/bin/python3 (python3-torch 1.13), not a pyenv python.
"""
import argparse, gzip, json, os, time
import numpy as np
import torch

def idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--samples", type=int, default=20480)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = idx(os.path.join(a.data, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255.0
    y = idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    x = (x - x.mean()) / x.std()
    x, y = torch.from_numpy(x[: a.samples].copy()), torch.from_numpy(y[: a.samples].copy())
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(m.weight)
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch():
        perm = torch.randperm(x.shape[0])
        for i in range(0, x.shape[0], a.batch):
            idx_ = perm[i: i + a.batch]
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(model(x[idx_]), y[idx_])
            loss.backward()
            opt.step()
            loss.item()  # the same per-step loss read-back as ours

    epoch()  # warm-up: allocator, thread pool
    start = time.perf_counter()
    epoch()
    seconds = time.perf_counter() - start
    print(json.dumps({"threads": a.threads, "samples": int(x.shape[0]), "seconds": seconds,
                      "samples_per_second": x.shape[0] / seconds, "torch": torch.__version__}))

if __name__ == "__main__":
    main()
