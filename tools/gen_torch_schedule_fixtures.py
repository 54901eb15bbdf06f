"""Record torch.optim.lr_scheduler learning rates as fixtures for ActorTrain.Kernels.Schedules.

Run with the system interpreter (torch 1.13):
    /usr/bin/python3 tools/gen_torch_schedule_fixtures.py > tests/ActorTrain.Kernels.Tests/Fixtures/torch_schedules.txt

Output: a header line, then per case one '# ' line with the torch call and one line
'<case> <lr at step 0> <lr at step 1> ...', where the value at step n is the optimizer's lr after
n calls to scheduler.step() (the rate used for update n).
"""
import platform
import sys

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

STEPS = 60


def optimizer(lr):
    return SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


CASES = [
    ("step", 0.1, "StepLR(step_size=7, gamma=0.5)", lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    ("multi_step", 0.1, "MultiStepLR(milestones=[5, 12, 30], gamma=0.3)",
     lambda o: S.MultiStepLR(o, milestones=[5, 12, 30], gamma=0.3)),
    ("exponential", 0.1, "ExponentialLR(gamma=0.95)", lambda o: S.ExponentialLR(o, gamma=0.95)),
    ("cosine_restarts_t10", 0.1, "CosineAnnealingWarmRestarts(T_0=10, T_mult=1, eta_min=0.001)",
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=1, eta_min=0.001)),
    ("cosine_restarts_t3_mult2", 0.1, "CosineAnnealingWarmRestarts(T_0=3, T_mult=2, eta_min=0)",
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.0)),
    ("cyclic_triangular", 0.001, "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=4, mode='triangular')",
     lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=4, mode="triangular", cycle_momentum=False)),
    ("cyclic_triangular_asymmetric", 0.001,
     "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=3, step_size_down=7, mode='triangular')",
     lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=3, step_size_down=7, mode="triangular",
                          cycle_momentum=False)),
    ("cyclic_triangular2", 0.001, "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=5, mode='triangular2')",
     lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=5, mode="triangular2", cycle_momentum=False)),
    ("cyclic_exp_range", 0.001, "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=4, mode='exp_range', gamma=0.97)",
     lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=4, mode="exp_range", gamma=0.97,
                          cycle_momentum=False)),
    ("polynomial_power2", 0.1, "PolynomialLR(total_iters=30, power=2.0)",
     lambda o: S.PolynomialLR(o, total_iters=30, power=2.0)),
    ("polynomial_linear", 0.1, "PolynomialLR(total_iters=20, power=1.0)",
     lambda o: S.PolynomialLR(o, total_iters=20, power=1.0)),
    ("linear_warmup", 0.1, "LinearLR(start_factor=0.25, end_factor=1.0, total_iters=8)",
     lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=8)),
    ("warmup_then_step", 0.1,
     "SequentialLR([LinearLR(start_factor=0.1, total_iters=5), StepLR(step_size=10, gamma=0.5)], milestones=[5])",
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=5), S.StepLR(o, step_size=10, gamma=0.5)],
                              milestones=[5])),
]


def record(lr, make):
    opt = optimizer(lr)
    scheduler = make(opt)
    values = []
    for _ in range(STEPS):
        values.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return values


def main():
    out = sys.stdout
    out.write(f"# generator: tools/gen_torch_schedule_fixtures.py; torch {torch.__version__}; "
              f"python {platform.python_version()}; steps {STEPS}\n")
    for name, lr, call, make in CASES:
        out.write(f"# {name}: SGD(lr={lr}) + {call}\n")
        out.write(name + " " + " ".join(repr(float(v)) for v in record(lr, make)) + "\n")


if __name__ == "__main__":
    main()
