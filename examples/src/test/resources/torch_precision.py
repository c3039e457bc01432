"""float32 values rounded to float16 and bfloat16 by PyTorch, for zerograd's BookProgramsTest.

Reads "x" (float32) from the input .npz; writes "float16" and "bfloat16": x rounded to each and
widened back to float32.
"""
import sys

import numpy as np
import torch

x = torch.from_numpy(np.load(sys.argv[1])["x"].astype(np.float32))
np.savez(
    sys.argv[2],
    float16=x.to(torch.float16).to(torch.float32).numpy(),
    bfloat16=x.to(torch.bfloat16).to(torch.float32).numpy(),
)
