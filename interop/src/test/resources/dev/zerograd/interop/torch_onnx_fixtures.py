"""Writes the PyTorch-exported ONNX fixtures that OnnxImportTest reads, with their inputs and
PyTorch's outputs:

    python3 torch_onnx_fixtures.py OUT_DIR

mlp.onnx            Linear(20, 16) - ReLU - Linear(16, 10)
simpleconvnet.onnx  the book's SimpleConvNet: Conv2d(1, 30, 5) - ReLU - MaxPool2d(2, 2) - Flatten -
                    Linear(4320, 100) - ReLU - Linear(100, 10)
mixed.onnx          Conv2d(2, 4, 3, padding=1) - ReLU - BatchNorm2d - AvgPool2d(2, 2) - Dropout -
                    Flatten - Linear(64, 12) - BatchNorm1d - Sigmoid - Linear(12, 6) - Tanh -
                    Softmax (batch norm after a ReLU and after a Linear, so that the exporter
                    keeps it a BatchNormalization node instead of folding it into the Conv)
outputs.npz         <name>_input and <name>_output for each, float32, batch 3

Exported with opset 17 and a dynamic batch axis; seeded, so the files are the same on every run
of the same PyTorch. OnnxImportTest regenerates them when python3 with torch is present (CI
installs it) and reads the committed copies otherwise.
"""
import os, sys, numpy as np, torch

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
models = {
    "mlp": (torch.nn.Sequential(torch.nn.Linear(20, 16), torch.nn.ReLU(), torch.nn.Linear(16, 10)), (20,)),
    "simpleconvnet": (torch.nn.Sequential(
        torch.nn.Conv2d(1, 30, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2), torch.nn.Flatten(),
        torch.nn.Linear(30 * 12 * 12, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10)), (1, 28, 28)),
    "mixed": (torch.nn.Sequential(
        torch.nn.Conv2d(2, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.BatchNorm2d(4),
        torch.nn.AvgPool2d(2, 2), torch.nn.Dropout(0.3), torch.nn.Flatten(), torch.nn.Linear(64, 12),
        torch.nn.BatchNorm1d(12), torch.nn.Sigmoid(), torch.nn.Linear(12, 6), torch.nn.Tanh(),
        torch.nn.Softmax(dim=1)), (2, 8, 8)),
}
arrays = {}
for name, (net, sample) in models.items():
    if name == "mixed":  # running statistics that are not the initial 0 and 1
        net.train()
        with torch.no_grad():
            for _ in range(3):
                net(torch.randn(16, *sample) * 2 + 1)
    net.eval()
    x = torch.rand(3, *sample)
    with torch.no_grad():
        y = net(x)
    torch.onnx.export(net, x, f"{out}/{name}.onnx", opset_version=17, input_names=["input"],
                      output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    arrays[f"{name}_input"] = x.numpy()
    arrays[f"{name}_output"] = y.numpy()
np.savez(f"{out}/outputs.npz", **arrays)
print("wrote", ", ".join(f"{n}.onnx" for n in models), "and outputs.npz to", out)
