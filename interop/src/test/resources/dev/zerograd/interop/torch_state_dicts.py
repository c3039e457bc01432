"""PyTorch's side of StateDictsTest: the PyTorch models equivalent to zerograd's, by module name.

    python3 torch_state_dicts.py load DIR   for each ARCH: DIR/ARCH.npz is a state dict zerograd
                                            wrote in the PyTorch layout; load it with
                                            load_state_dict(strict=True), run DIR/ARCH_input.npy,
                                            write DIR/ARCH_torch.npy
    python3 torch_state_dicts.py save DIR   for each ARCH: a seeded PyTorch model's state dict as
                                            DIR/ARCH_pt.npz and DIR/ARCH_pt.safetensors (written
                                            from the format's specification), its output on
                                            DIR/ARCH_input.npy as DIR/ARCH_pt_out.npy
ARCH: simpleconvnet (zerograd's SimpleConvNet), twolayer (TwoLayerNet 784-50-10), bnnet (a
Sequential: conv1 bn1 relu1 pool1 flatten fc1 bn2 relu2 fc2).
"""
import json, os, struct, sys
from collections import OrderedDict
import numpy as np, torch

class SimpleConvNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.Sequential(OrderedDict(
            conv1=torch.nn.Conv2d(1, 30, 5), pool1=torch.nn.MaxPool2d(2, 2), relu1=torch.nn.ReLU(),
            flatten=torch.nn.Flatten(), affine1=torch.nn.Linear(30 * 12 * 12, 100),
            relu2=torch.nn.ReLU(), affine2=torch.nn.Linear(100, 10)))

    def forward(self, x):
        return self.layers(x.reshape(-1, 1, 28, 28))

class TwoLayerNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.Affine1 = torch.nn.Linear(784, 50)
        self.Relu1 = torch.nn.ReLU()
        self.Affine2 = torch.nn.Linear(50, 10)

    def forward(self, x):
        return self.Affine2(self.Relu1(self.Affine1(x)))

def bnnet():
    return torch.nn.Sequential(OrderedDict(
        conv1=torch.nn.Conv2d(1, 4, 3, padding=1), bn1=torch.nn.BatchNorm2d(4), relu1=torch.nn.ReLU(),
        pool1=torch.nn.MaxPool2d(2, 2), flatten=torch.nn.Flatten(), fc1=torch.nn.Linear(64, 6),
        bn2=torch.nn.BatchNorm1d(6), relu2=torch.nn.ReLU(), fc2=torch.nn.Linear(6, 3)))

ARCHS = {"simpleconvnet": SimpleConvNet, "twolayer": TwoLayerNet, "bnnet": bnnet}

def write_safetensors(path, arrays):
    names = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i8"): "I64"}
    header, blobs, at = {}, [], 0
    for name, a in arrays.items():
        a = np.asarray(a, order="C")  # ascontiguousarray would make a 0-d array 1-d
        b = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names[a.dtype.newbyteorder("<")], "shape": list(a.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h))); f.write(h); f.write(b"".join(blobs))

mode, d = sys.argv[1], sys.argv[2]
for arch, make in ARCHS.items():
    x = torch.from_numpy(np.load(f"{d}/{arch}_input.npy"))
    if mode == "load":
        net = make().to(x.dtype)
        state = {k: torch.from_numpy(v) for k, v in np.load(f"{d}/{arch}.npz").items()}
        net.load_state_dict(state, strict=True)
        net.eval()
        with torch.no_grad():
            np.save(f"{d}/{arch}_torch.npy", net(x).numpy())
    else:
        torch.manual_seed(3)
        net = make().to(x.dtype)
        net.train()
        with torch.no_grad():  # batch statistics and counts that are not the initial ones
            for _ in range(2):
                net(torch.rand_like(x) * 2)
        net.eval()
        with torch.no_grad():
            np.save(f"{d}/{arch}_pt_out.npy", net(x).numpy())
        state = {k: v.numpy() for k, v in net.state_dict().items()}
        np.savez(f"{d}/{arch}_pt.npz", **state)
        write_safetensors(f"{d}/{arch}_pt.safetensors", state)
print(mode, "done")
