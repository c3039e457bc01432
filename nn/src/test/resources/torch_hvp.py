"""Hessian-vector products with PyTorch, for zerograd's PyTorchHvpTest.

Reads an .npz of cases written by the test: case k is named "cNN_OP" after its op, with inputs
"k.in0".., directions "k.v0".., and projection weights "k.r", "k.q". For each case computes, with torch.autograd.functional.hvp in float64, the Hessian-vector
product of L = sum(r * f(x)) + sum(q * f(x)**2) / 2 and writes "k.hv0".. to the output .npz.
The two-layer net's case has op "net" and its own keys.
"""
import sys

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

ROWS = [2, 0, 2, 1]
TAKE = torch.tensor([2, 0, 1, 1, 0, 0])


def scatter_rows(x):
    out = torch.zeros((4, x.shape[1]), dtype=x.dtype)
    return out.index_add(0, torch.tensor([2, 0, 2]), x)


OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "neg": lambda a: -a,
    "exp": torch.exp,
    "log": torch.log,
    "pow": lambda a, b: a ** b,
    "sqrt": torch.sqrt,
    "abs": torch.abs,
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "sum": lambda a: a.sum(dim=(0, -1), keepdim=True),
    "matmul": torch.matmul,
    "transpose": lambda a: a.permute(2, 0, 1),
    "reshape": lambda a: a.reshape(-1, 2),
    "gatherRows": lambda a: a[ROWS],
    "softmax": lambda a: torch.softmax(a, 1),
    "logSoftmax": lambda a: torch.log_softmax(a, -1),
    "broadcastTo": lambda a: a.expand(2, 3, 4),
    "copy": lambda a: a.clone(),
    "scatterRows": scatter_rows,
    "affine": lambda x, w, b: x @ w + b,
    "softmaxCrossEntropy": lambda x: torch.nn.functional.cross_entropy(x, torch.tensor([2, 0, 3])),
    "softmaxCrossEntropyTargets": lambda x, t: -(t * torch.log_softmax(x, 1)).sum() / x.shape[0],
    "where": lambda m, a, b: torch.where(m != 0, a, b),
    "conv2d": lambda x, w: torch.nn.functional.conv2d(x, w, stride=2, padding=1),
    "conv2dWeightGrad": lambda x, dy: torch.nn.grad.conv2d_weight(
        x, (3, 2, 2, 3), dy, stride=1, padding=1),
    "conv2dInputGrad": lambda w, dy: torch.nn.grad.conv2d_input(
        (2, 2, 5, 6), w, dy, stride=2, padding=1),
    "conv2dGeneral": lambda x, w: torch.nn.functional.conv2d(
        x, w, stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2),
    "conv2dWeightGradGeneral": lambda x, dy: torch.nn.grad.conv2d_weight(
        x, (6, 2, 3, 2), dy, stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2),
    "conv2dInputGradGeneral": lambda w, dy: torch.nn.grad.conv2d_input(
        (2, 4, 7, 5), w, dy, stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2),
    "unfold2d": lambda x: torch.nn.functional.unfold(x, (3, 2), stride=2, padding=1),
    "maxPool2d": lambda x: torch.nn.functional.max_pool2d(x, 2, 2),
    "maxPool2dPadCeil": lambda x: torch.nn.functional.max_pool2d(
        x, 3, 2, padding=1, ceil_mode=True),
    "avgPool2d": lambda x: torch.nn.functional.avg_pool2d(x, 3, 2),
    "avgPool2dPadCeil": lambda x: torch.nn.functional.avg_pool2d(
        x, 3, 2, padding=1, ceil_mode=True, count_include_pad=True),
    "avgPool2dPadCeilExcludePad": lambda x: torch.nn.functional.avg_pool2d(
        x, 3, 2, padding=1, ceil_mode=True, count_include_pad=False),
    "fold2d": lambda c: torch.nn.functional.fold(c, (4, 3), (2, 2), stride=1),
    "takeAlongAxis": lambda a: torch.gather(a, 1, TAKE.reshape(3, 2)),
    "scatterAlongAxis": lambda a: torch.zeros(3, 4).scatter_add(1, TAKE.reshape(3, 2), a),
    "maxAlongAxis": lambda a: a.amax(1),
    "slice": lambda a: a[:, 1:5:2],
    "sliceScatter": lambda a: torch.zeros(2, 6).index_put((torch.arange(2).reshape(2, 1), torch.tensor([[1, 3]])), a),
    "concat": lambda a, b: torch.cat((a, b, a), 1),
    "reluGrad": lambda dy, y: dy * (y > 0),
}


def load(path):
    with np.load(path) as d:
        return {k: d[k] for k in d.files}


def main(src, dst):
    d = load(src)
    out = {}
    cases = sorted({k.split(".")[0] for k in d})
    for c in cases:
        name = c.split("_", 1)[1]
        n = sum(1 for k in d if k.startswith(c + ".in"))
        xs = tuple(torch.tensor(d["%s.in%d" % (c, i)]) for i in range(n))
        vs = tuple(torch.tensor(d["%s.v%d" % (c, i)]) for i in range(n))
        if name == "net":
            t = torch.tensor(d[c + ".t"]).long()

            def f(x, w1, b1, w2, b2):
                scores = torch.relu(x @ w1 + b1) @ w2 + b2
                return torch.nn.functional.cross_entropy(scores, t)

            # x is input 0 and a constant: differentiate with respect to the parameters only
            x0 = xs[0]
            _, hv = torch.autograd.functional.hvp(lambda *p: f(x0, *p), xs[1:], vs[1:])
            hv = (torch.zeros_like(x0),) + tuple(hv)
        else:
            op = OPS[name]
            r = torch.tensor(d[c + ".r"])
            q = torch.tensor(d[c + ".q"])

            def loss(*args):
                y = op(*args)
                return (r * y).sum() + (q * y * y).sum() / 2

            _, hv = torch.autograd.functional.hvp(loss, xs, vs)
        for i, h in enumerate(hv):
            out["%s.hv%d" % (c, i)] = h.detach().numpy()
    np.savez(dst, **out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
