"""Reference: the textbook's ch08 DeepConvNet on MNIST (train_deepnet.py), in PyTorch, with the
schedule of zerograd's train-deepconvnet.

conv3x3-16 - ReLU - conv3x3-16 - ReLU - pool 2x2 - conv3x3-32 - ReLU - conv3x3-32 (pad 2) - ReLU -
pool 2x2 - conv3x3-64 - ReLU - conv3x3-64 - ReLU - pool 2x2 - affine 50 - ReLU - dropout 0.5 -
affine 10 - dropout 0.5 (the book's form: no scaling in training, x / 2 in evaluation); He initialisation (std sqrt(2 / fan-in)), biases zero; Adam lr 0.001;
batch 100 sampled with replacement; 600 iterations per epoch; per-epoch accuracy on the first
1000 train and test images (as the book's Trainer); final accuracy on the full test set.
Usage: python3 torch_deep_convnet.py MNIST_DIR [float32|float64] [threads] [epochs]
Prints "epoch E train_acc A test_acc B" lines, then "load_s L train_s T final_test_acc A".
"""
import math, sys, time, numpy as np, torch

def idx(path, off):
    return np.fromfile(path, np.uint8)[off:]

d = sys.argv[1]
dtype = {"float32": torch.float32, "float64": torch.float64}[sys.argv[2] if len(sys.argv) > 2 else "float32"]
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 20
t0 = time.perf_counter()
xtr = torch.from_numpy(idx(f"{d}/train-images-idx3-ubyte", 16).reshape(-1, 1, 28, 28).astype(np.float64) / 255).to(dtype)
ytr = torch.from_numpy(idx(f"{d}/train-labels-idx1-ubyte", 8).astype(np.int64))
xte = torch.from_numpy(idx(f"{d}/t10k-images-idx3-ubyte", 16).reshape(-1, 1, 28, 28).astype(np.float64) / 255).to(dtype)
yte = torch.from_numpy(idx(f"{d}/t10k-labels-idx1-ubyte", 8).astype(np.int64))
torch.manual_seed(0)
nn = torch.nn


class BookDropout(nn.Module):
    """The book's dropout (common/layers.py): a 0/1 mask in training, x (1 - p) in evaluation."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if self.training:
            return x * (torch.rand_like(x) > self.p)
        return x * (1 - self.p)


net = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
    nn.Flatten(), nn.Linear(64 * 4 * 4, 50), nn.ReLU(), BookDropout(0.5), nn.Linear(50, 10), BookDropout(0.5)).to(dtype)
with torch.no_grad():  # the book's He initialisation: std sqrt(2 / fan-in), biases zero
    for m in net:
        if hasattr(m, "weight"):
            fan_in = m.weight[0].numel()
            m.weight.normal_(0, math.sqrt(2.0 / fan_in)); m.bias.zero_()
opt = torch.optim.Adam(net.parameters(), lr=0.001)
lossf = nn.CrossEntropyLoss()

def acc(x, y):
    net.eval()
    with torch.no_grad():
        a = (torch.cat([net(x[i:i + 1000]).argmax(1) for i in range(0, len(x), 1000)]) == y).double().mean().item()
    net.train()
    return a

t1 = time.perf_counter()
net.train()
for i in range(600 * epochs):
    b = torch.randint(0, 60000, (100,))
    loss = lossf(net(xtr[b]), ytr[b])
    opt.zero_grad(); loss.backward(); opt.step()
    if (i + 1) % 600 == 0:
        print(f"epoch {(i + 1) // 600} train_acc {acc(xtr[:1000], ytr[:1000]):.4f} test_acc {acc(xte[:1000], yte[:1000]):.4f}", flush=True)
te = acc(xte, yte)
t2 = time.perf_counter()
print(f"load_s {t1-t0:.2f} train_s {t2-t1:.2f} final_test_acc {te:.4f}")
