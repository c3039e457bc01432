"""One cell of bench/sweep.sh, PyTorch side: the textbook's training step (784-H-10, ReLU,
softmax cross-entropy, SGD lr 0.1, float32, batch B sampled with replacement from 60000 random
images), timed as zerograd's SweepStep: after a warm-up, the median of 5 runs of STEPS steps.
Usage: python3 torch_sweep.py HIDDEN BATCH STEPS THREADS   -> prints "us_per_step X"
"""
import statistics, sys, time, torch

hidden, batch, steps, threads = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads)
torch.manual_seed(0)
x = torch.rand(60000, 784)
y = torch.randint(0, 10, (60000,))
net = torch.nn.Sequential(torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
with torch.no_grad():
    for m in (net[0], net[2]):
        m.weight.normal_(0, 0.01); m.bias.zero_()
opt = torch.optim.SGD(net.parameters(), lr=0.1)
lossf = torch.nn.CrossEntropyLoss()

def run(n):
    for _ in range(n):
        b = torch.randint(0, 60000, (batch,))
        loss = lossf(net(x[b]), y[b])
        opt.zero_grad(); loss.backward(); opt.step()

run(max(steps, 50))
times = []
for _ in range(5):
    t0 = time.perf_counter(); run(steps); times.append((time.perf_counter() - t0) / steps * 1e6)
print(f"us_per_step {statistics.median(times):.1f}")
