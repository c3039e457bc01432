"""The book's DeepConvNet in PyTorch, for zerograd's DeepConvNetTest.

Reads the test's .npz: the images "x" (N, 1, 28, 28), the labels "t", and zerograd's weights under
its names ("layers.conv1.W" (out, in, 3, 3), "layers.affine1.W" (in, out), ...). In float64 and in
evaluation mode (dropout off) writes the scores "scores", the mean cross-entropy "loss", and its
gradients "grad.NAME" in zerograd's layout and "grad.x". The book's dropout multiplies by 1 - p = 0.5
in evaluation.
"""
import sys

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
a = np.load(sys.argv[1])
nn = torch.nn
convs = [(1, 16, 1), (16, 16, 1), (16, 32, 1), (32, 32, 2), (32, 64, 1), (64, 64, 1)]
layers, names = [], []
for k, (i, o, p) in enumerate(convs, 1):
    layers += [nn.Conv2d(i, o, 3, padding=p), nn.ReLU()]
    names.append((f"layers.conv{k}", layers[-2], False))
    if k % 2 == 0:
        layers.append(nn.MaxPool2d(2, 2))


class Half(nn.Module):  # the book's dropout in evaluation: x (1 - 0.5)
    def forward(self, x):
        return x * 0.5


layers += [nn.Flatten(), nn.Linear(1024, 50), nn.ReLU(), Half(), nn.Linear(50, 10), Half()]
names += [("layers.affine1", layers[-5], True), ("layers.affine2", layers[-2], True)]
net = nn.Sequential(*layers)
with torch.no_grad():
    for name, m, affine in names:
        w = torch.from_numpy(a[name + ".W"])
        m.weight.copy_(w.T if affine else w)
        m.bias.copy_(torch.from_numpy(a[name + ".b"]))
net.eval()
x = torch.from_numpy(a["x"]).requires_grad_(True)
t = torch.from_numpy(a["t"]).long()
scores = net(x)
loss = nn.functional.cross_entropy(scores, t)
loss.backward()
out = {"scores": scores.detach().numpy(), "loss": loss.detach().numpy(), "grad.x": x.grad.numpy()}
for name, m, affine in names:
    g = m.weight.grad
    out["grad." + name + ".W"] = (g.T if affine else g).numpy()
    out["grad." + name + ".b"] = m.bias.grad.numpy()
np.savez(sys.argv[2], **out)
