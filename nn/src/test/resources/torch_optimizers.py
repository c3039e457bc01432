"""torch.optim's SGD, RMSprop, Adagrad, Adam and AdamW on a fixed sequence of gradients, for
zerograd's PyTorchOptimizersTest and PyTorchAdamTest.

Reads "p0" (the initial parameter), "g" (steps x its shape: the gradient of each step) and
"settings" (lr, weight_decay, momentum, dampening, beta1, beta2, eps) in float64; writes the
parameter after every step under each configuration, by name.
"""
import sys

import numpy as np
import torch

a = np.load(sys.argv[1])
lr, wd, m, damp, b1, b2, eps = a["settings"].tolist()
configs = {
    "sgd": lambda p: torch.optim.SGD([p], lr=lr),
    "sgd_wd": lambda p: torch.optim.SGD([p], lr=lr, weight_decay=wd),
    "momentum": lambda p: torch.optim.SGD([p], lr=lr, momentum=m),
    "dampened": lambda p: torch.optim.SGD([p], lr=lr, momentum=m, dampening=damp, weight_decay=wd),
    "nesterov": lambda p: torch.optim.SGD([p], lr=lr, momentum=m, nesterov=True),
    "rmsprop": lambda p: torch.optim.RMSprop([p], lr=lr),
    "rmsprop_wd": lambda p: torch.optim.RMSprop([p], lr=lr, alpha=0.9, weight_decay=wd),
    "rmsprop_centered": lambda p: torch.optim.RMSprop([p], lr=lr, centered=True),
    "rmsprop_momentum": lambda p: torch.optim.RMSprop(
        [p], lr=lr, momentum=m, centered=True, weight_decay=wd),
    "adagrad": lambda p: torch.optim.Adagrad([p], lr=lr),
    "adagrad_decay": lambda p: torch.optim.Adagrad([p], lr=lr, lr_decay=0.05),
    "adagrad_wd": lambda p: torch.optim.Adagrad([p], lr=lr, weight_decay=wd),
    "adam": lambda p: torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd),
    "adamw": lambda p: torch.optim.AdamW([p], lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd),
    "plain": lambda p: torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps),
}
out = {}
for name, make in configs.items():
    p = torch.tensor(a["p0"], dtype=torch.float64, requires_grad=True)
    opt = make(p)
    path = []
    for g in a["g"]:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        path.append(p.detach().numpy().copy())
    out[name] = np.stack(path)
np.savez(sys.argv[2], **out)
