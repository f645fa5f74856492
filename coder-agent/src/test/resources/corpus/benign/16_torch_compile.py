import torch

model = torch.nn.Linear(4, 2)
fast_model = torch.compile(model)
