"""torch.optim.Adam and AdamW on a fixed sequence of gradients, for zerograd's PyTorchAdamTest.

Reads "p0" (the initial parameter), "g" (steps x its shape: the gradient of each step) and
"settings" (lr, beta1, beta2, eps, weight_decay, decoupled) in float64; writes "adam", "adamw" and
"plain" (Adam without weight decay): the parameter after every step of each.
"""
import sys

import numpy as np
import torch

a = np.load(sys.argv[1])
lr, b1, b2, eps, wd, dwd = a["settings"].tolist()
out = {}
for name, make in [
    ("adam", lambda p: torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd)),
    ("adamw", lambda p: torch.optim.AdamW([p], lr=lr, betas=(b1, b2), eps=eps, weight_decay=dwd)),
    ("plain", lambda p: torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps)),
]:
    p = torch.tensor(a["p0"], dtype=torch.float64, requires_grad=True)
    opt = make(p)
    path = []
    for g in a["g"]:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        path.append(p.detach().numpy().copy())
    out[name] = np.stack(path)
np.savez(sys.argv[2], **out)
