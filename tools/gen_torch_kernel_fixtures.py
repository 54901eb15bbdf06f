"""Record PyTorch losses, optimizer trajectories and a small MLP's gradients as fixtures for ActorTrain.Kernels.

Run with the system interpreter (torch 1.13):
    /usr/bin/python3 tools/gen_torch_kernel_fixtures.py > tests/ActorTrain.Kernels.Tests/Fixtures/torch_kernels.txt

Output: a header line, then '# ' comment lines describing each case and lines '<key> v0 v1 ...'. Every float32 is
written with 9 significant digits, so it reads back bit for bit. Parameters of the MLPs are written in ActorTrain's
flat layout: per dense layer weight (out, in) row-major then bias; per batch norm gamma then beta.
"""
import platform
import sys

import torch
from torch import nn

torch.manual_seed(20261122)
torch.set_default_dtype(torch.float32)


def emit(key, values):
    flat = torch.as_tensor(values).detach().reshape(-1).tolist()
    print(key + " " + " ".join("%.9g" % v for v in flat))


def comment(text):
    print("# " + text)


# ---- (1) losses -------------------------------------------------------------------------------------------------
def losses():
    logits = torch.randn(4, 5) * 3
    logits[2] += 40.0  # large logits: a naive softmax overflows
    labels = torch.tensor([1, 0, 4, 2])
    x = logits.clone().requires_grad_(True)
    loss = nn.functional.cross_entropy(x, labels)
    loss.backward()
    comment("softmax_ce: F.cross_entropy(logits (4,5), labels, reduction='mean')")
    emit("softmax_ce.logits", logits)
    emit("softmax_ce.labels", labels.float())
    emit("softmax_ce.loss", loss)
    emit("softmax_ce.dlogits", x.grad)

    prediction, target = torch.randn(3, 4), torch.randn(3, 4)
    x = prediction.clone().requires_grad_(True)
    loss = nn.functional.mse_loss(x, target)
    loss.backward()
    comment("mse: F.mse_loss(prediction (3,4), target, reduction='mean')")
    emit("mse.prediction", prediction)
    emit("mse.target", target)
    emit("mse.loss", loss)
    emit("mse.dprediction", x.grad)

    logits, target = torch.randn(3, 4) * 4, torch.rand(3, 4)
    x = logits.clone().requires_grad_(True)
    loss = nn.functional.binary_cross_entropy_with_logits(x, target)
    loss.backward()
    comment("bce: F.binary_cross_entropy_with_logits(logits (3,4), target in [0,1), reduction='mean')")
    emit("bce.logits", logits)
    emit("bce.target", target)
    emit("bce.loss", loss)
    emit("bce.dlogits", x.grad)


# ---- (2) optimizer trajectories -----------------------------------------------------------------------------------
# (case, description, optimizer factory, clip) with clip = ("norm", max) | ("value", max) | None.
OPTIMIZERS = [
    ("sgd", "SGD(lr=0.1, weight_decay=0.01)", lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.01), None),
    ("momentum", "SGD(lr=0.1, momentum=0.9) + clip_grad_norm_(1.0)",
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), ("norm", 1.0)),
    ("nesterov", "SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05) + clip_grad_value_(0.5)",
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05), ("value", 0.5)),
    ("adagrad", "Adagrad(lr=0.1, eps=1e-8, weight_decay=0.01)",
     lambda p: torch.optim.Adagrad(p, lr=0.1, eps=1e-8, weight_decay=0.01), None),
    ("rmsprop", "RMSprop(lr=0.01, alpha=0.99, eps=1e-8) + clip_grad_norm_(0.8)",
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8), ("norm", 0.8)),
    ("adam", "Adam(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)",
     lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.01), None),
    ("adamw", "AdamW(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1) + clip_grad_value_(0.3)",
     lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1), ("value", 0.3)),
]
STATE_NAMES = {
    "sgd": [], "momentum": ["momentum_buffer"], "nesterov": ["momentum_buffer"], "adagrad": ["sum"],
    "rmsprop": ["square_avg"], "adam": ["exp_avg", "exp_avg_sq"], "adamw": ["exp_avg", "exp_avg_sq"],
}
OPTIMIZER_STEPS = 5
OPTIMIZER_LENGTH = 19  # two 8-wide vectors and a tail of 3, so vectorized devices run both paths


def optimizers():
    comment("opt.<case>: p0 initial parameters; g<k> raw gradient of step k (1-based); p<k>, s1_<k>, s2_<k> "
            "parameters and state after step k (momentum buffer | sum | square_avg | exp_avg, exp_avg_sq)")
    for case, description, make, clip in OPTIMIZERS:
        comment(f"opt.{case}: {description}")
        param = nn.Parameter(torch.randn(OPTIMIZER_LENGTH))
        opt = make([param])
        emit(f"opt.{case}.p0", param)
        for k in range(1, OPTIMIZER_STEPS + 1):
            grad = torch.randn(OPTIMIZER_LENGTH) * (0.5 * k)
            emit(f"opt.{case}.g{k}", grad)
            param.grad = grad.clone()
            if clip is not None and clip[0] == "norm":
                nn.utils.clip_grad_norm_([param], clip[1])
            elif clip is not None:
                nn.utils.clip_grad_value_([param], clip[1])
            opt.step()
            emit(f"opt.{case}.p{k}", param)
            for i, name in enumerate(STATE_NAMES[case]):
                emit(f"opt.{case}.s{i + 1}_{k}", opt.state[param][name])


# ---- (3, 4) a small MLP ---------------------------------------------------------------------------------------------
def describe(model):
    """One line per model, e.g. 'Linear(5, 6) ReLU Linear(6, 3)' (torch's repr spans lines)."""
    return " ".join(f"{type(m).__name__}({m.in_features}, {m.out_features})" if isinstance(m, nn.Linear)
                    else f"BatchNorm1d({m.num_features})" if isinstance(m, nn.BatchNorm1d)
                    else type(m).__name__ for m in model)


def flat_parameters(model):
    parts = []
    for layer in model:
        if isinstance(layer, nn.Linear):
            parts += [layer.weight, layer.bias]
        elif isinstance(layer, nn.BatchNorm1d):
            parts += [layer.weight, layer.bias]
    return parts


def flatten(tensors):
    return torch.cat([t.detach().reshape(-1) for t in tensors])


def mlp(case, model, x, labels):
    comment(f"{case}: {describe(model)}; training mode; F.cross_entropy mean; params and grads in ActorTrain's flat layout;"
            " with batch norm: running mean then var after that pass (state), and the eval-mode output (eval_out)")
    model.train()
    emit(f"{case}.x", x)
    emit(f"{case}.labels", labels.float())
    emit(f"{case}.params", flatten(flat_parameters(model)))
    out = model(x)
    loss = nn.functional.cross_entropy(out, labels)
    loss.backward()
    emit(f"{case}.out", out)
    emit(f"{case}.loss", loss)
    emit(f"{case}.grads", flatten(p.grad for p in flat_parameters(model)))
    bn = [m for m in model if isinstance(m, nn.BatchNorm1d)]
    if bn:
        emit(f"{case}.state", torch.cat([bn[0].running_mean, bn[0].running_var]))
        model.eval()
        with torch.no_grad():
            emit(f"{case}.eval_out", model(x))


def training(case, model, x, labels, steps=10):
    comment(f"{case}: {describe(model)}; SGD(lr=0.1, momentum=0.9), {steps} steps on one batch; losses[k] before update k+1")
    model.train()
    emit(f"{case}.params", flatten(flat_parameters(model)))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    recorded = []
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()
        recorded.append(loss.item())
    emit(f"{case}.losses", recorded)
    emit(f"{case}.final", flatten(flat_parameters(model)))


def mlps():
    x = torch.randn(8, 5)
    labels = torch.tensor([0, 2, 1, 1, 0, 2, 2, 1])
    mlp("mlp", nn.Sequential(nn.Linear(5, 6), nn.ReLU(), nn.Linear(6, 3)), x, labels)
    mlp("mlp_bn", nn.Sequential(nn.Linear(5, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3)), x, labels)
    training("train", nn.Sequential(nn.Linear(5, 6), nn.ReLU(), nn.Linear(6, 3)), x, labels)


def main():
    print(f"# generator: tools/gen_torch_kernel_fixtures.py; torch {torch.__version__}; "
          f"python {platform.python_version()}; seed 20261122")
    losses()
    optimizers()
    mlps()


if __name__ == "__main__":
    sys.exit(main())
