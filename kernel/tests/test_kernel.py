"""The kernel against jupyter_kernel_test: the message protocol, completion,
inspection, errors and plots as display data."""

import jupyter_kernel_test


class BplabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "bplab"
    language_name = "bplab"
    file_extension = ".bpl"

    completion_samples = [
        {"text": "tra", "matches": {"train"}},
        {"text": "train 10 l", "matches": {"lr=", "l1=", "l2=", "live="}},
        {"text": "plot act", "matches": {"activation"}},
    ]
    complete_code_samples = ["data xor", "net 2 4:tanh 1:sigmoid; train 10"]
    code_inspect_sample = "train 100 lr=0.5"
    code_generate_error = "trian"
    code_display_data = [
        {"code": "plot activation tanh", "mime": "image/png"},
        {"code": "%plot svg\nplot activation sigmoid", "mime": "image/svg+xml"},
        {"code": "%plot png\nplot activation relu", "mime": "image/png"},
    ]
